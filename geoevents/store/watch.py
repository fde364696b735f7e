"""What `geoevents watch` keeps in the store (schema version 2): each source's polling state, the items each source
has shown, fired alerts and their deliveries, and named marks. The articles and events themselves go through
`Store.add_articles` like every other article; this module only adds the bookkeeping around them.

Reached through `Store.watch` (a `WatchTables` over the store's connection). Times are naive UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pyarrow as pa

from geoevents.store.connection import Db

# How items a source has shown end: coded and stored, already stored (same id, url or text), or left aside.
OUTCOMES = ("stored", "known", "duplicate", "no-text")
DELIVERY_STATES = ("pending", "delivered", "failed")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class SourceState:
    """One source's polling state: what the next conditional request sends, when it is due, how it went."""

    name: str
    kind: str = "feed"  # "feed" or "folder"
    location: str = ""
    every: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    last_poll: dt.datetime | None = None
    next_poll: dt.datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    errors: int = 0  # consecutive failed polls: the backoff grows with them
    error_total: int = 0
    polls: int = 0
    not_modified: int = 0
    articles: int = 0  # articles taken: coded and stored
    duplicates: int = 0  # items already stored when this source showed them (same id, url or text)
    problems: int = 0  # items or files that could not be read
    last_article: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_STATE_COLUMNS = [f.name for f in fields(SourceState)]


@dataclass
class Firing:
    """One fired alert: the rule, the window (and dyad) it fired for, the value against its baseline, and the
    events that caused it (report ids, which `Store.event` resolves to their merged event, and a short record of
    each)."""

    id: str
    rule: str
    trigger: str
    window_start: str
    window_end: str
    value: float
    actor: str | None = None
    recipient: str | None = None
    baseline: float | None = None
    score: float | None = None
    threshold: float | None = None
    event_ids: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)
    fired_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fired_at"] = self.fired_at.isoformat(timespec="seconds") + "Z" if self.fired_at else None
        return data


_FIRING_COLUMNS = [f.name for f in fields(Firing)]


@dataclass(frozen=True)
class SeenItem:
    """An item a source showed and what became of it (the article it is, or duplicates)."""

    source: str
    item: str
    article_id: str | None
    outcome: str
    url: str | None = None


class WatchTables:
    """The watch's tables of one open store."""

    def __init__(self, db: Db) -> None:
        self._db = db

    # -- sources ---------------------------------------------------------------------------------------------------

    def sources(self) -> list[SourceState]:
        rows = self._db.rows(f"SELECT {', '.join(_STATE_COLUMNS)} FROM watch_sources ORDER BY name")
        return [SourceState(**_zero_counts(row)) for row in rows]

    def source(self, name: str) -> SourceState | None:
        rows = self._db.rows(f"SELECT {', '.join(_STATE_COLUMNS)} FROM watch_sources WHERE name = ?", [name])
        return SourceState(**_zero_counts(rows[0])) if rows else None

    def save_source(self, state: SourceState) -> None:
        """Insert or update one source's state."""
        self._db.writable()
        values = [getattr(state, c) for c in _STATE_COLUMNS]
        updates = ", ".join(f"{c} = excluded.{c}" for c in _STATE_COLUMNS if c != "name")
        self._db.con.execute(
            f"INSERT INTO watch_sources ({', '.join(_STATE_COLUMNS)}) VALUES ({', '.join('?' * len(values))}) "
            f"ON CONFLICT (name) DO UPDATE SET {updates}",
            values,
        )

    # -- items seen ------------------------------------------------------------------------------------------------

    def seen(self, source: str, items: Iterable[str]) -> set[str]:
        """Which of `items` the source has shown before (whatever became of them)."""
        with self._db.ids_table("q_items", items):
            rows = self._db.con.execute(
                "SELECT s.item FROM watch_seen s JOIN q_items q ON q.id = s.item WHERE s.source = ?", [source]
            ).fetchall()
        return {r[0] for r in rows}

    def mark_seen(self, items: Iterable[SeenItem]) -> None:
        """Record items as seen (an item seen again keeps its first outcome and first time)."""
        self._db.writable()
        rows = list({(i.source, i.item): i for i in items}.values())
        if not rows:
            return
        now = utcnow()
        table = pa.table(
            {
                "source": pa.array([r.source for r in rows], pa.string()),
                "item": pa.array([r.item for r in rows], pa.string()),
                "article_id": pa.array([r.article_id for r in rows], pa.string()),
                "outcome": pa.array([r.outcome for r in rows], pa.string()),
                "url": pa.array([r.url for r in rows], pa.string()),
                "first_seen": pa.array([now] * len(rows), pa.timestamp("us")),
                "last_seen": pa.array([now] * len(rows), pa.timestamp("us")),
            }
        )
        with self._db.registered("q_seen", table):
            self._db.con.execute(
                "INSERT INTO watch_seen BY NAME SELECT * FROM q_seen "
                "ON CONFLICT (source, item) DO UPDATE SET last_seen = excluded.last_seen"
            )

    def prune_seen(self, before: dt.datetime) -> int:
        """Forget items first seen before `before`: should one come back, its article is still known by id."""
        self._db.writable()
        count = int(self._db.scalar("SELECT count(*) FROM watch_seen WHERE first_seen < ?", [before]) or 0)
        if count:
            self._db.con.execute("DELETE FROM watch_seen WHERE first_seen < ?", [before])
        return count

    def sightings(self, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Per article, the sources that showed it (one story from two feeds: stored once, seen twice)."""
        with self._db.ids_table("q_articles", article_ids):
            rows = self._db.rows(
                "SELECT s.article_id, s.source, s.item, s.outcome, s.url, s.first_seen FROM watch_seen s "
                "JOIN q_articles q ON q.id = s.article_id ORDER BY s.first_seen, s.source"
            )
        found: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            found.setdefault(row.pop("article_id"), []).append(row)
        return found

    def known_articles(
        self, ids: Iterable[str], urls: Iterable[str], hashes: Iterable[str]
    ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """Stored articles among the given ids, urls and text hashes: (id -> text hash, url -> id, hash -> id)."""
        by_id: dict[str, str] = {}
        by_url: dict[str, str] = {}
        by_hash: dict[str, str] = {}
        with self._db.ids_table("q_ids", ids), self._db.ids_table("q_urls", urls), \
                self._db.ids_table("q_hashes", hashes):  # fmt: skip
            rows = self._db.con.execute(
                "SELECT a.id, a.url, a.text_hash FROM articles a WHERE a.id IN (SELECT id FROM q_ids) "
                "OR a.url IN (SELECT id FROM q_urls) OR a.text_hash IN (SELECT id FROM q_hashes) ORDER BY a.id"
            ).fetchall()
        for article_id, url, text_hash in rows:
            by_id[article_id] = text_hash
            if url:
                by_url.setdefault(url, article_id)
            if text_hash:
                by_hash.setdefault(text_hash, article_id)
        return by_id, by_url, by_hash

    # -- what arrived since a mark ---------------------------------------------------------------------------------

    def report_dates_since(self, since: dt.datetime | None) -> tuple[list[str], dt.datetime | None]:
        """The distinct dates of the reports of articles stored after `since` (all, when None), and the latest
        storing time among them (None when there are none): the next mark. One writer stores batch after batch,
        so storing times only grow."""
        where, params = ("a.coded_at > ?", [since]) if since is not None else ("TRUE", [])
        dates = [
            r[0]
            for r in self._db.con.execute(
                f"SELECT DISTINCT r.date FROM reports r JOIN articles a ON a.id = r.article_id WHERE {where} "
                "AND r.date IS NOT NULL ORDER BY 1",
                params,
            ).fetchall()
        ]
        latest = self._db.scalar(f"SELECT max(a.coded_at) FROM articles a WHERE {where}", params)
        return dates, latest

    # -- marks -----------------------------------------------------------------------------------------------------

    def mark(self, key: str) -> str | None:
        return self._db.scalar("SELECT value FROM watch_marks WHERE key = ?", [key])  # type: ignore[no-any-return]

    def mark_updated(self, key: str) -> dt.datetime | None:
        return self._db.scalar("SELECT updated FROM watch_marks WHERE key = ?", [key])  # type: ignore[no-any-return]

    def set_mark(self, key: str, value: str) -> None:
        self._db.writable()
        self._db.con.execute(
            "INSERT INTO watch_marks VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated = excluded.updated",
            [key, value, utcnow()],
        )

    def stamp(self) -> str:
        """A value that changes whenever articles, reports, alerts or source states change (cheap to ask)."""
        row = self._db.con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT max(coded_at) FROM articles), "
            "(SELECT count(*) FROM reports), (SELECT count(*) FROM alert_firings), "
            "(SELECT max(last_poll) FROM watch_sources)"
        ).fetchall()[0]
        return ".".join("" if v is None else str(v) for v in row)

    # -- alerts ----------------------------------------------------------------------------------------------------

    def fired(self, ids: Iterable[str]) -> set[str]:
        """Which of the firing ids are stored: an alert fires once per rule, dyad and window."""
        with self._db.ids_table("q_firings", ids):
            rows = self._db.con.execute("SELECT f.id FROM alert_firings f JOIN q_firings q USING (id)").fetchall()
        return {r[0] for r in rows}

    def add_firings(self, firings: list[Firing], outputs: dict[str, list[str]]) -> list[Firing]:
        """Store new firings with a pending delivery per output (`outputs`: firing id -> output names), in one
        transaction; firings stored before are skipped. Returns the ones stored now."""
        self._db.writable()
        with self._db.transaction():
            fresh = [f for f in firings if f.id not in self.fired(f.id for f in firings)]
            now = utcnow()
            for firing in fresh:
                firing.fired_at = firing.fired_at or now
                values = [_firing_value(firing, c) for c in _FIRING_COLUMNS]
                self._db.con.execute(
                    f"INSERT INTO alert_firings ({', '.join(_FIRING_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(values))})",
                    values,
                )
                for output in outputs.get(firing.id, []):
                    self._db.con.execute(
                        "INSERT INTO alert_deliveries VALUES (?, ?, 'pending', 0, NULL, ?, NULL)",
                        [firing.id, output, now],
                    )
        return fresh

    def firings(self, rule: str | None = None, limit: int = 50, offset: int = 0) -> list[Firing]:
        """Fired alerts, latest first."""
        where, params = ("rule = ?", [rule]) if rule else ("TRUE", [])
        rows = self._db.rows(
            f"SELECT {', '.join(_FIRING_COLUMNS)} FROM alert_firings WHERE {where} "
            "ORDER BY fired_at DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_firing(row) for row in rows]

    def firing(self, firing_id: str) -> Firing | None:
        rows = self._db.rows(f"SELECT {', '.join(_FIRING_COLUMNS)} FROM alert_firings WHERE id = ?", [firing_id])
        return _firing(rows[0]) if rows else None

    def alert_records(self, rule: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Fired alerts as JSON-ready records, latest first, each with its deliveries."""
        firings = self.firings(rule=rule, limit=limit, offset=offset)
        deliveries = self.deliveries([f.id for f in firings])
        return [_alert_record(f, deliveries) for f in firings]

    def alert_record(self, firing_id: str) -> dict[str, Any] | None:
        firing = self.firing(firing_id)
        return _alert_record(firing, self.deliveries([firing_id])) if firing else None

    def status(self, active_within: float = 30.0) -> dict[str, Any]:
        """Whether a watch is running (its heartbeat is younger than `active_within` seconds), each source's
        state, and the stamp (see `stamp`)."""
        beat, beat_at = self.mark("watch"), self.mark_updated("watch")
        heartbeat = json.loads(beat) if beat else {}
        fresh = beat_at is not None and (utcnow() - beat_at).total_seconds() < active_within
        return {
            "watching": heartbeat.get("state") == "running" and fresh,
            "heartbeat": {**heartbeat, "at": beat_at},
            "stamp": self.stamp(),
            "sources": [s.to_dict() for s in self.sources()],
        }

    def count_firings(self, rule: str | None = None) -> int:
        where, params = ("rule = ?", [rule]) if rule else ("TRUE", [])
        return int(self._db.scalar(f"SELECT count(*) FROM alert_firings WHERE {where}", params) or 0)

    def deliveries(self, firing_ids: Iterable[str] | None = None, status: str | None = None) -> list[dict[str, Any]]:
        """Delivery rows (of the given firings, or all), optionally only those in one state."""
        clauses, params = [], []
        if status:
            clauses.append("d.status = ?")
            params.append(status)
        ids = None if firing_ids is None else list(firing_ids)
        if ids is not None:
            clauses.append("d.firing_id IN (SELECT id FROM q_del)")
        where = " AND ".join(clauses) or "TRUE"
        sql = f"SELECT d.* FROM alert_deliveries d WHERE {where} ORDER BY d.next_attempt, d.firing_id, d.output"
        if ids is None:
            return self._db.rows(sql, params)
        with self._db.ids_table("q_del", ids):
            return self._db.rows(sql, params)

    def update_delivery(
        self, firing_id: str, output: str, status: str, attempts: int, error: str | None,
        next_attempt: dt.datetime | None,
    ) -> None:  # fmt: skip
        self._db.writable()
        delivered = utcnow() if status == "delivered" else None
        self._db.con.execute(
            "UPDATE alert_deliveries SET status = ?, attempts = ?, last_error = ?, next_attempt = ?, "
            "delivered_at = ? WHERE firing_id = ? AND output = ?",
            [status, attempts, error, next_attempt, delivered, firing_id, output],
        )


def _alert_record(firing: Firing, deliveries: list[dict[str, Any]]) -> dict[str, Any]:
    keep = ("output", "status", "attempts", "last_error", "delivered_at")
    record = firing.to_dict()
    record["deliveries"] = [{k: d[k] for k in keep} for d in deliveries if d["firing_id"] == firing.id]
    return record


def _zero_counts(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (0 if v is None and isinstance(getattr(SourceState, k, None), int) else v) for k, v in row.items()}


def _firing_value(firing: Firing, column: str) -> Any:
    value = getattr(firing, column)
    if column in ("events", "detail"):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


def _firing(row: dict[str, Any]) -> Firing:
    for column in ("events", "detail"):
        row[column] = json.loads(row[column]) if row[column] else ([] if column == "events" else {})
    row["event_ids"] = list(row["event_ids"] or [])
    return Firing(**row)


__all__ = ["DELIVERY_STATES", "OUTCOMES", "Firing", "SeenItem", "SourceState", "WatchTables", "utcnow"]
