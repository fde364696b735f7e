"""The event store: one DuckDB file holding articles, sentences, event reports, merged events and runs.

Writes are batched: `add_articles` turns a whole batch into Arrow tables and inserts each with one statement, inside
one transaction that also re-merges the affected events, so an article is stored with all its events or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from geoevents.errors import QueryError, StoreCorruptError, StoreError, StoreLockedError
from geoevents.models import Article, Event
from geoevents.query import EventFilter
from geoevents.store import schema
from geoevents.store.merge import DEFAULT_WINDOW_DAYS, MergeItem, cluster
from geoevents.store.rows import Batch, event_from_row, events_hash, text_hash

Item = tuple[Article, list[Event], list[tuple[int, int]]]
INTERVALS = ("day", "week", "month", "year")
_RECODE_CHUNK = 500
# A merged event takes these fields from its earliest report (by date, then id). Fixed column names only.
_REPRESENTATIVE = ", ".join(
    f"first({c} ORDER BY date NULLS LAST, id) AS {c}"
    for c in ("event", "mode", "quad_code", "intensity", "date", "date_precision", "factuality", "fact_class")
)


@dataclass
class AddResult:
    """What one `add_articles` call did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    reports: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged, "reports": self.reports}


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a store file")
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store (code some articles into it first)")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(
                f"{path}: the store is in use by another geoevents process (DuckDB allows one writer, or many "
                "readers when nobody writes). Wait for it to finish, or use another --db file."
            ) from exc
        raise StoreCorruptError(f"{path}: not a DuckDB database or damaged ({exc})") from exc
    except duckdb.Error as exc:
        raise StoreCorruptError(f"{path}: cannot be opened as a DuckDB database ({exc})") from exc


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class Store:
    """A geoevents event store. Open with `Store.open(path)`; use as a context manager or call `close()`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool, window: int) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        self.window = window

    # -- opening -------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, read_only: bool = False, window: int = DEFAULT_WINDOW_DAYS) -> Store:
        """Open (and create or migrate, unless read-only) the store at `path` (default: Settings.db)."""
        if path is None:
            from geoevents.settings import Settings

            path = Settings.load().db
        p = Path(path)
        con = _connect(p, read_only)
        try:
            if read_only:
                version = schema.current_version(con, str(p))
                if version != schema.SCHEMA_VERSION:
                    raise StoreCorruptError(
                        f"{p}: schema version {version}, expected {schema.SCHEMA_VERSION}; open it once read-write "
                        "to migrate"
                    )
            else:
                schema.migrate(con, str(p))
        except duckdb.Error as exc:
            con.close()
            raise StoreCorruptError(f"{p}: damaged store ({exc})") from exc
        except StoreError:
            con.close()
            raise
        return cls(con, p, read_only, window)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for read queries the API does not offer. Keep SQL parameterised."""
        return self._con

    # -- helpers -------------------------------------------------------------------------------------------------

    def _q(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return _rows(self._con.execute(sql, params or []))

    def _scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        rows = self._con.execute(sql, params or []).fetchall()  # fetch all: DuckDB 2 refuses unfinished results
        return rows[0][0] if rows else None

    @contextmanager
    def _registered(self, name: str, table: pa.Table) -> Iterator[None]:
        self._con.register(name, table)
        try:
            yield
        finally:
            self._con.unregister(name)

    def _ids_table(self, name: str, ids: Iterable[str]) -> Any:
        return self._registered(name, pa.table({"id": pa.array(sorted(set(ids)), pa.string())}))

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; cannot write")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._con.execute("BEGIN TRANSACTION")
        done = False
        try:
            yield
            self._con.execute("COMMIT")
            done = True
        finally:
            if not done:
                self._con.execute("ROLLBACK")

    # -- runs ----------------------------------------------------------------------------------------------------

    def start_run(self, version: str, settings: dict[str, Any]) -> str:
        """Record that a coding run started; returns its id (stored with every article it codes)."""
        self._writable()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        run_id = f"run-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self._con.execute(
            "INSERT INTO runs (id, version, started, settings) VALUES (?, ?, ?, ?)",
            [run_id, version, now, json.dumps(settings, sort_keys=True, default=str)],
        )
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        self._writable()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self._con.execute(
            "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
            [now, json.dumps(counts, sort_keys=True, default=str), run_id],
        )

    def runs(self) -> list[dict[str, Any]]:
        rows = self._q("SELECT * FROM runs ORDER BY started, id")
        for row in rows:
            row["settings"] = json.loads(row["settings"]) if row["settings"] else {}
            row["counts"] = json.loads(row["counts"]) if row["counts"] else None
        return rows

    # -- writing -------------------------------------------------------------------------------------------------

    def has_article(self, article_id: str, text_hash: str | None = None) -> bool:
        """Whether the article is stored (with this text, when `text_hash` is given; see `rows.text_hash`)."""
        stored = self._con.execute("SELECT text_hash FROM articles WHERE id = ?", [article_id]).fetchall()
        if not stored:
            return False
        return text_hash is None or stored[0][0] == text_hash

    def stored_text_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The stored text hash of each of `article_ids` that is stored: one query for a whole chunk of articles,
        which is what lets `geoevents code` skip stored articles without a query per article."""
        with self._ids_table("q_known", article_ids):
            rows = self._con.execute("SELECT a.id, a.text_hash FROM articles a JOIN q_known USING (id)").fetchall()
        return {r[0]: r[1] for r in rows}

    def add_articles(self, items: Iterable[Item], run_id: str | None = None) -> AddResult:
        """Store a batch of coded articles in one transaction; re-merges the events they touch."""
        self._writable()
        latest: dict[str, Item] = {}
        for item in items:
            latest[item[0].id] = item  # the same article twice in a batch: the last one wins
        result = AddResult()
        if not latest:
            return result
        hashes = {aid: (text_hash(a.text), events_hash(ev, sp)) for aid, (a, ev, sp) in latest.items()}
        with self._transaction():
            stored = self._stored_hashes(latest)
            changed = [aid for aid in latest if stored.get(aid) != hashes[aid]]
            result.unchanged = len(latest) - len(changed)
            replaced = [aid for aid in changed if aid in stored]
            result.replaced, result.added = len(replaced), len(changed) - len(replaced)
            if not changed:
                return result
            removed_blocks, removed_keys = self._delete_articles(replaced)
            batch = self._build_batch([latest[a] for a in changed], hashes, run_id)
            result.reports = len(batch.reports)
            self._write_batch(batch, removed_blocks, removed_keys)
        return result

    def _stored_hashes(self, latest: dict[str, Item]) -> dict[str, tuple[str, str]]:
        with self._ids_table("q_ids", latest):
            rows = self._con.execute(
                "SELECT a.id, a.text_hash, a.events_hash FROM articles a JOIN q_ids USING (id)"
            ).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def _delete_articles(self, article_ids: list[str]) -> tuple[set[str], set[str]]:
        """Remove articles with their sentences and reports; returns the chains and event keys they were part of."""
        if not article_ids:
            return set(), set()
        with self._ids_table("q_articles", article_ids):
            touched = self._con.execute(
                "SELECT DISTINCT r.chain_key, r.event_key FROM reports r JOIN q_articles q ON q.id = r.article_id"
            ).fetchall()
            sub = "(SELECT r.id FROM reports r JOIN q_articles q ON q.id = r.article_id)"
            self._con.execute(f"DELETE FROM event_actors WHERE report_id IN {sub}")
            self._con.execute(f"DELETE FROM merge_blocks WHERE report_id IN {sub}")
            self._con.execute("DELETE FROM reports WHERE article_id IN (SELECT id FROM q_articles)")
            self._con.execute("DELETE FROM sentences WHERE article_id IN (SELECT id FROM q_articles)")
            self._con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM q_articles)")
        return {t[0] for t in touched}, {t[1] for t in touched}

    def _build_batch(self, items: list[Item], hashes: dict[str, tuple[str, str]], run_id: str | None) -> Batch:
        batch = Batch()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for article, events, spans in items:
            batch.add_article(article, *hashes[article.id], run_id, now)
            batch.add_sentences(article, spans)
            seen: set[str] = set()
            for event in events:
                if event.id in seen:  # a coder emitting the same mention twice must not double it
                    continue
                seen.add(event.id)
                batch.add_event(event)
        return batch

    def _write_batch(self, batch: Batch, removed_chains: set[str], removed_keys: set[str]) -> None:
        existing, old = self._affected(batch.items, removed_chains)
        keys = cluster([*existing, *batch.items], self.window)
        batch.reports.data["chain_key"] = [keys[rid][0] for rid in batch.reports.data["id"]]
        batch.reports.data["event_key"] = [keys[rid][1] for rid in batch.reports.data["id"]]
        for name, columns in (
            ("articles", batch.articles),
            ("sentences", batch.sentences),
            ("reports", batch.reports),
            ("event_actors", batch.actors),
            ("merge_blocks", batch.blocks),
        ):
            if len(columns):
                with self._registered("q_batch", columns.table()):
                    self._con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM q_batch")
        self._update_keys({item.id: keys[item.id] for item in existing if old[item.id] != keys[item.id]})
        self._rebuild_events(removed_keys | {k for _, k in old.values()} | {k for _, k in keys.values()})

    def _update_keys(self, changes: dict[str, tuple[str, str]]) -> None:
        if not changes:
            return
        table = pa.table(
            {"id": list(changes), "chain": [c for c, _ in changes.values()], "key": [k for _, k in changes.values()]}
        )
        with self._registered("q_changes", table):
            self._con.execute(
                "UPDATE reports SET chain_key = q_changes.chain, event_key = q_changes.key FROM q_changes "
                "WHERE reports.id = q_changes.id"
            )

    def _affected(
        self, items: list[MergeItem], removed_chains: set[str]
    ) -> tuple[list[MergeItem], dict[str, tuple[str, str]]]:
        """Stored reports whose event may change: whole chains of every stored report compatible with a new one
        (same block, date in range; coarse-dated ones always), and what is left of the chains of removed reports."""
        cand: dict[str, tuple[int, int]] = {}
        for item in items:
            # Undated items only match undated reports, which are always loaded: an empty range (1, 0) suffices.
            span = item.day_range(self.window)
            for block in item.blocks():
                lo, hi = cand.get(block, (1, 0))
                cand[block] = (min(lo, span[0]), max(hi, span[1])) if lo <= hi and span else (span or (lo, hi))
        table = pa.table(
            {
                "block": pa.array(list(cand), pa.string()),
                "lo": pa.array([v[0] for v in cand.values()], pa.int32()),
                "hi": pa.array([v[1] for v in cand.values()], pa.int32()),
            }
        )
        with self._registered("q_cand", table):
            chains = {
                r[0]
                for r in self._con.execute(
                    "SELECT DISTINCT r.chain_key FROM q_cand c JOIN merge_blocks b ON b.block = c.block "
                    "JOIN reports r ON r.id = b.report_id WHERE r.day IS NULL OR r.day BETWEEN c.lo AND c.hi"
                ).fetchall()
            }
        chains |= removed_chains
        with self._ids_table("q_chains", chains):
            rows = self._con.execute(
                "SELECT id, event, fact_class, date, date_precision, location_country, actor_keys, recipient_keys, "
                "chain_key, event_key FROM reports WHERE chain_key IN (SELECT id FROM q_chains)"
            ).fetchall()
        found = [MergeItem(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6] or ()), tuple(r[7] or ())) for r in rows]
        return found, {r[0]: (r[8], r[9]) for r in rows}

    def _rebuild_events(self, keys: set[str]) -> None:
        with self._ids_table("q_keys", keys):
            self._con.execute("DELETE FROM events WHERE event_key IN (SELECT id FROM q_keys)")
            self._con.execute(
                f"""INSERT INTO events BY NAME
                SELECT event_key, min(id) AS first_report_id, {_REPRESENTATIVE},
                    min(date) AS first_date, max(date) AS last_date,
                    first(location_country ORDER BY date NULLS LAST, id) FILTER (WHERE location_country IS NOT NULL)
                        AS location_country,
                    first(location_name ORDER BY date NULLS LAST, id) FILTER (WHERE location_name IS NOT NULL)
                        AS location_name,
                    count(*) AS mention_count, count(DISTINCT article_id) AS article_count
                FROM reports WHERE event_key IN (SELECT id FROM q_keys) GROUP BY event_key"""
            )

    def remerge(self) -> int:
        """Recompute every merge from scratch (e.g. after changing the window); returns the number of events."""
        self._writable()
        with self._transaction():
            rows = self._con.execute(
                "SELECT id, event, fact_class, date, date_precision, location_country, actor_keys, recipient_keys "
                "FROM reports"
            ).fetchall()
            keys = cluster(
                (MergeItem(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6] or ()), tuple(r[7] or ())) for r in rows),
                self.window,
            )
            self._update_keys(keys)
            self._con.execute("DELETE FROM events")
            self._rebuild_events({k for _, k in keys.values()})
        return int(self._scalar("SELECT count(*) FROM events"))

    def recode_articles(self) -> Iterator[Article]:
        """Every stored article, in id order, read in chunks so the caller may write to the store meanwhile."""
        last = ""
        while True:
            rows = self._q(
                "SELECT id, text, title, date, url, source, origin FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                [last, _RECODE_CHUNK],
            )
            if not rows:
                return
            for row in rows:
                yield Article(**row)
            last = rows[-1]["id"]

    # -- reading -------------------------------------------------------------------------------------------------

    def _load_reports(self, sql_where: str, params: list[Any]) -> list[tuple[Event, str]]:
        """Reports (as Events, with their event key) matching a condition on `reports r`."""
        rows = self._q(
            f"SELECT r.* FROM reports r WHERE {sql_where} "
            "ORDER BY r.date NULLS LAST, r.article_id, r.sentence_index, r.event_start, r.id",
            params,
        )
        if not rows:
            return []
        with self._ids_table("q_reports", (r["id"] for r in rows)):
            actor_rows = self._q("SELECT a.* FROM event_actors a JOIN q_reports q ON q.id = a.report_id")
        actors: dict[str, list[dict[str, Any]]] = {}
        for a in actor_rows:
            actors.setdefault(a["report_id"], []).append(a)
        return [(event_from_row(r, actors.get(r["id"], [])), r["event_key"]) for r in rows]

    def _merged(self, keys: list[str], detail: bool = False) -> list[dict[str, Any]]:
        if not keys:
            return []
        with self._ids_table("q_events", keys):
            meta = {
                r["event_key"]: r for r in self._q("SELECT e.* FROM events e JOIN q_events q ON q.id = e.event_key")
            }
            reports = self._load_reports("r.event_key IN (SELECT id FROM q_events)", [])
        groups: dict[str, list[Event]] = {}
        for event, key in reports:
            groups.setdefault(key, []).append(event)
        articles = self._article_meta({e.article_id for e, _ in reports}) if detail else {}
        return [_merge_record(key, meta[key], groups.get(key, []), articles) for key in keys if key in meta]

    def _article_meta(self, ids: set[str]) -> dict[str, dict[str, Any]]:
        with self._ids_table("q_art", ids):
            rows = self._q(
                "SELECT a.id, a.title, a.date, a.url, a.source, a.text FROM articles a JOIN q_art q USING (id)"
            )
        return {r["id"]: r for r in rows}

    def article_urls(self, ids: set[str]) -> dict[str, str | None]:
        with self._ids_table("q_art", ids):
            rows = self._con.execute("SELECT a.id, a.url FROM articles a JOIN q_art q USING (id)").fetchall()
        return {r[0]: r[1] for r in rows}

    def events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        event: str | Iterable[str] | None = None,
        quad: int | Iterable[int] | None = None,
        factuality: str | Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        article_id: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        reports: bool = False,
        as_frame: bool = False,
    ) -> Any:
        """Merged events (default) or single reports matching the filters; records or a pandas DataFrame."""
        flt = EventFilter.make(
            actor=actor, recipient=recipient, event=event, quad=quad, factuality=factuality, since=since,
            until=until, text=text, article_id=article_id,
        )  # fmt: skip
        records = self.select(flt, limit=limit, offset=offset, reports=reports)
        if as_frame:
            import pandas as pd

            return pd.DataFrame.from_records(records)
        return records

    def select(
        self, flt: EventFilter, limit: int | None = 100, offset: int = 0, reports: bool = False
    ) -> list[dict[str, Any]]:
        """`events` with a prepared filter (what the CLI, API and exports call)."""
        if limit is not None and limit < 0 or offset < 0:
            raise QueryError("limit and offset must not be negative")
        where, params = flt.where("r")
        page = " LIMIT ? OFFSET ?" if limit is not None else " OFFSET ?"
        page_params = [limit, offset] if limit is not None else [offset]
        if reports:
            ids = [
                r[0]
                for r in self._con.execute(
                    f"SELECT r.id FROM reports r WHERE {where} ORDER BY r.date NULLS LAST, r.article_id, "
                    f"r.sentence_index, r.event_start, r.id{page}",
                    params + page_params,
                ).fetchall()
            ]
            with self._ids_table("q_page", ids):
                loaded = self._load_reports("r.id IN (SELECT id FROM q_page)", [])
            counts = self._mention_counts({k for _, k in loaded})
            return [_report_record(e, k, counts.get(k, 1)) for e, k in loaded]
        keys = [
            r[0]
            for r in self._con.execute(
                f"SELECT e.event_key FROM events e WHERE e.event_key IN (SELECT r.event_key FROM reports r WHERE "
                f"{where}) ORDER BY e.first_date NULLS LAST, e.event_key{page}",
                params + page_params,
            ).fetchall()
        ]
        return self._merged(keys)

    def count_events(self, reports: bool = False, **filters: Any) -> int:
        """How many events (or reports) match the filters of `events`."""
        return self.count(EventFilter.make(**filters), reports=reports)

    def count(self, flt: EventFilter | None = None, reports: bool = False) -> int:
        where, params = (flt or EventFilter()).where("r")
        what = "count(*)" if reports else "count(DISTINCT r.event_key)"
        return int(self._scalar(f"SELECT {what} FROM reports r WHERE {where}", params))

    def _mention_counts(self, keys: set[str]) -> dict[str, int]:
        with self._ids_table("q_keys", keys):
            rows = self._con.execute(
                "SELECT e.event_key, e.mention_count FROM events e JOIN q_keys q ON q.id = e.event_key"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One merged event (by its key, or by the id of any of its reports) with full evidence."""
        key = self._scalar("SELECT event_key FROM events WHERE event_key = ?", [event_id])
        if key is None:
            key = self._scalar("SELECT event_key FROM reports WHERE id = ?", [event_id])
        if key is None:
            return None
        records = self._merged([key], detail=True)
        return records[0] if records else None

    def articles(self, limit: int = 100, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
        where, params = ("contains(lower(a.text), lower(?)) OR contains(lower(coalesce(a.title, '')), lower(?))",
                         [text, text]) if text else ("TRUE", [])  # fmt: skip
        return self._q(
            f"""SELECT a.id, a.title, a.date, a.url, a.source, a.origin, a.text_hash, a.coded_at, a.run_id,
                (SELECT count(*) FROM sentences s WHERE s.article_id = a.id) AS sentences,
                (SELECT count(*) FROM reports r WHERE r.article_id = a.id) AS reports
            FROM articles a WHERE {where} ORDER BY a.date NULLS LAST, a.id LIMIT ? OFFSET ?""",
            params + [limit, offset],
        )

    def article(self, article_id: str) -> dict[str, Any] | None:
        rows = self._q("SELECT * FROM articles WHERE id = ?", [article_id])
        if not rows:
            return None
        record = rows[0]
        record["sentences"] = self._q(
            'SELECT sentence_index, start, "end", text FROM sentences WHERE article_id = ? ORDER BY sentence_index',
            [article_id],
        )
        record["reports"] = [_report_record(e, k, 0) for e, k in self._load_reports("r.article_id = ?", [article_id])]
        return record

    def entities(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Coded entities (code + sector) with how often they appear, most frequent first."""
        return self._q(
            """SELECT a.code, a.sector, mode(a.name) AS name, count(*) AS mentions,
                count(DISTINCT r.event_key) AS events,
                count(DISTINCT r.event_key) FILTER (WHERE a.role = 'actor') AS as_actor,
                count(DISTINCT r.event_key) FILTER (WHERE a.role = 'recipient') AS as_recipient
            FROM event_actors a JOIN reports r ON r.id = a.report_id WHERE a.code IS NOT NULL
            GROUP BY a.code, a.sector ORDER BY events DESC, a.code, a.sector NULLS FIRST LIMIT ? OFFSET ?""",
            [limit, offset],
        )

    # -- aggregates ----------------------------------------------------------------------------------------------

    def _dyads_cte(self, flt: EventFilter) -> tuple[str, list[Any]]:
        where, params = flt.where("r")
        return (
            "WITH d AS (SELECT DISTINCT r.event_key, x.code AS source, y.code AS target FROM reports r, "
            f"unnest(r.actor_codes) x(code), unnest(r.recipient_codes) y(code) WHERE {where})",
            params,
        )

    def summary(self, **filters: Any) -> dict[str, Any]:
        """Counts of articles, sentences, events and reports; events by category, quad and factuality; top dyads."""
        flt = EventFilter.make(**filters)
        where, params = flt.where("r")
        base = f"FROM events e WHERE e.event_key IN (SELECT r.event_key FROM reports r WHERE {where})"

        def by(column: str) -> dict[str, int]:
            rows = self._con.execute(
                f"SELECT e.{column}, count(*) {base} GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST", params
            ).fetchall()
            return {str(r[0]): int(r[1]) for r in rows}

        cte, cte_params = self._dyads_cte(flt)
        dyads = self._q(
            f"{cte} SELECT source AS actor, target AS recipient, count(*) AS events FROM d GROUP BY 1, 2 "
            "ORDER BY 3 DESC, 1, 2 LIMIT 20",
            cte_params,
        )
        return {
            "articles": int(self._scalar("SELECT count(*) FROM articles")),
            "sentences": int(self._scalar("SELECT count(*) FROM sentences")),
            "events": self.count(flt),
            "reports": self.count(flt, reports=True),
            "by_category": by("event"),
            "by_quad": by("quad_code"),
            "by_factuality": by("factuality"),
            "top_dyads": dyads,
        }

    def dyad_series(self, a: str, b: str, interval: str = "day", **filters: Any) -> list[dict[str, Any]]:
        """Events and mean intensity per period and quad class between codes `a` and `b`, in both directions."""
        if interval not in INTERVALS:
            raise QueryError(f"interval: expected one of {', '.join(INTERVALS)}, got {interval!r}")
        cte, params = self._dyads_cte(EventFilter.make(**filters))
        rows = self._q(
            f"""{cte} SELECT CAST(date_trunc(?, try_cast(substr(e.date, 1, 10) AS DATE)) AS DATE) AS period,
                d.source, d.target, e.quad_code, count(*) AS events, avg(e.intensity) AS mean_intensity
            FROM d JOIN events e USING (event_key)
            WHERE ((upper(d.source) = upper(?) AND upper(d.target) = upper(?))
                OR (upper(d.source) = upper(?) AND upper(d.target) = upper(?)))
            GROUP BY ALL ORDER BY period NULLS LAST, d.source, d.target, e.quad_code""",
            params + [interval, a, b, b, a],
        )
        for row in rows:
            row["period"] = row["period"].isoformat() if row["period"] else None
        return rows

    def timeline(self, interval: str = "month") -> dict[str, Any]:
        """Events per period and quad class over the whole store: {"periods": [{period, q1..q4, other, total}],
        "events", "undated"}; an event counts at its first date (date_trunc: weeks start on Monday)."""
        if interval not in INTERVALS:
            raise QueryError(f"interval: expected one of {', '.join(INTERVALS)}, got {interval!r}")
        rows = self._q(
            """WITH e AS (SELECT quad_code, CAST(date_trunc(?, try_cast(substr(coalesce(first_date, date), 1, 10)
                    AS DATE)) AS DATE) AS period FROM events)
            SELECT period, count(*) FILTER (WHERE quad_code = 1) AS q1, count(*) FILTER (WHERE quad_code = 2) AS q2,
                count(*) FILTER (WHERE quad_code = 3) AS q3, count(*) FILTER (WHERE quad_code = 4) AS q4,
                count(*) FILTER (WHERE quad_code IS NULL OR quad_code NOT IN (1, 2, 3, 4)) AS other,
                count(*) AS total
            FROM e GROUP BY period ORDER BY period NULLS LAST""",
            [interval],
        )
        periods = [{**row, "period": row["period"].isoformat()} for row in rows if row["period"] is not None]
        undated = sum(row["total"] for row in rows if row["period"] is None)
        return {"periods": periods, "events": undated + sum(row["total"] for row in periods), "undated": undated}

    def top_actors(self, n: int = 20, **filters: Any) -> list[dict[str, Any]]:
        """Entity codes by the number of events they take part in (as actor or recipient)."""
        where, params = EventFilter.make(**filters).where("r")
        return self._q(
            f"""WITH p AS (
                SELECT DISTINCT r.event_key, x.code, 'actor' AS role FROM reports r, unnest(r.actor_codes) x(code)
                    WHERE {where}
                UNION SELECT DISTINCT r.event_key, x.code, 'recipient' FROM reports r,
                    unnest(r.recipient_codes) x(code) WHERE {where})
            SELECT code, count(DISTINCT event_key) AS events,
                count(DISTINCT event_key) FILTER (WHERE role = 'actor') AS as_actor,
                count(DISTINCT event_key) FILTER (WHERE role = 'recipient') AS as_recipient
            FROM p GROUP BY code ORDER BY events DESC, code LIMIT ?""",
            params + params + [n],
        )

    def network(
        self, min_events: int = 1, since: str | None = None, until: str | None = None, **filters: Any
    ) -> dict[str, Any]:
        """The actor network: nodes are entity codes, edges actor→recipient weighted by cooperation and conflict."""
        cte, params = self._dyads_cte(EventFilter.make(since=since, until=until, **filters))
        edges = self._q(
            f"""{cte} SELECT d.source, d.target, count(*) AS events,
                count(*) FILTER (WHERE e.quad_code IN (1, 2)) AS cooperation,
                count(*) FILTER (WHERE e.quad_code IN (3, 4)) AS conflict,
                avg(e.intensity) AS mean_intensity
            FROM d JOIN events e USING (event_key) WHERE d.source <> d.target
            GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY events DESC, 1, 2""",
            params + [min_events],
        )
        counts: dict[str, int] = {}
        for edge in edges:
            for code in (edge["source"], edge["target"]):
                counts[code] = counts.get(code, 0) + int(edge["events"])
        nodes = [{"code": c, "count": n} for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        return {"nodes": nodes, "edges": edges}

    # -- export --------------------------------------------------------------------------------------------------

    def export(self, path_or_stream: str | Path | IO[Any], format: str = "plover-jsonl", **filters: Any) -> int:
        """Write events in one of `export.FORMATS`; returns the number of records (rows, or edges for graphs)."""
        from geoevents.store.export import export

        return export(self, path_or_stream, format, **filters)


def _report_record(event: Event, key: str, mention_count: int) -> dict[str, Any]:
    record = event.to_dict()
    record["event_key"] = key
    record["mention_count"] = mention_count
    return record


def _evidence(event: Event, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "article_id": event.article_id, "sentence_index": event.sentence_index, "sentence": event.sentence,
        "event_start": event.event_start, "event_end": event.event_end, "event_id": event.id,
    }  # fmt: skip
    if articles:
        item.update(
            event_text=event.event_text, factuality=event.factuality, date=event.date,
            sentence_start=event.sentence_start, sentence_end=event.sentence_end,
            actor=[e.to_dict() for e in event.actor], recipient=[e.to_dict() for e in event.recipient],
            article=articles.get(event.article_id),
        )  # fmt: skip
    return item


def _merge_record(
    key: str, meta: dict[str, Any], group: list[Event], articles: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One merged event in the Event JSONL shape: the earliest report's fields, entities united by code."""
    # The representative is the earliest report (by date, then id); the key still derives from the smallest id.
    group = sorted(group, key=lambda e: (e.date is None, e.date or "", e.id))
    record = group[0].to_dict() if group else {}
    record["id"] = key
    for role in ("actor", "recipient"):
        seen = {(e["code"] or e["text"]) for e in record.get(role, [])}
        for other in group[1:]:
            for entity in getattr(other, role):
                if entity.code and entity.code not in seen:
                    seen.add(entity.code)
                    record[role].append(entity.to_dict())
    if record.get("location") is None and meta.get("location_country"):
        record["location"] = {"text": meta.get("location_name") or meta["location_country"],
                              "name": meta.get("location_name"), "country": meta["location_country"],
                              "lat": None, "lon": None, "start": None, "end": None}  # fmt: skip
    record["mention_count"] = int(meta["mention_count"])
    record["article_count"] = int(meta["article_count"])
    record["first_date"], record["last_date"] = meta["first_date"], meta["last_date"]
    ordered = sorted(group, key=lambda e: (e.date or "", e.article_id, e.sentence_index, e.event_start))
    record["evidence"] = [_evidence(e, articles) for e in ordered]
    return record
