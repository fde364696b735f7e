"""Writing coded articles, and merging on write.

`add_articles` turns a whole batch into Arrow tables and inserts each with one statement, inside one transaction
that also re-merges the affected events, so an article is stored with all its events or not at all. Which reports
form one event is decided by `merge.cluster`; this module only finds the stored reports a batch can affect and
writes the keys and the `events` rows back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from geoevents.models import Article, Event
from geoevents.store.connection import Db
from geoevents.store.merge import TRUTH_ORDER, MergeItem, cluster
from geoevents.store.rows import Batch, events_hash, text_hash

Item = tuple[Article, list[Event], list[tuple[int, int]]]
# A merged event takes these fields from its representative report: the strongest truth (merge.TRUTH_ORDER), then
# the earliest date, then the smallest id (merge.representative_key). Fixed column names and values only.
_TRUTH_RANK = (
    "coalesce(list_position(["
    + ", ".join(f"'{value}'" for value in TRUTH_ORDER)
    + "], coalesce(factuality, 'asserted')), 99)"
)
_REPRESENTATIVE = ", ".join(
    f"first({c} ORDER BY {_TRUTH_RANK}, date NULLS LAST, id) AS {c}"
    for c in ("event", "mode", "quad_code", "intensity", "date", "date_precision", "factuality", "fact_class")
)
# Bumped when what `_rebuild_events` derives changes: a store written by an older rule is brought up to date when it
# is next opened for writing (`refresh_events`).
EVENTS_RULE = "2"
_MERGE_COLUMNS = "id, event, fact_class, date, date_precision, location_country, actor_keys, recipient_keys"


@dataclass
class AddResult:
    """What one `add_articles` call did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    reports: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged, "reports": self.reports}


def add_articles(db: Db, items: Iterable[Item], window: int, run_id: str | None = None) -> AddResult:
    """Store a batch of coded articles in one transaction; re-merges the events they touch."""
    db.writable()
    latest: dict[str, Item] = {}
    for item in items:
        latest[item[0].id] = item  # the same article twice in a batch: the last one wins
    result = AddResult()
    if not latest:
        return result
    hashes = {aid: (text_hash(a.text), events_hash(ev, sp)) for aid, (a, ev, sp) in latest.items()}
    with db.transaction():
        stored = _stored_hashes(db, latest)
        changed = [aid for aid in latest if stored.get(aid) != hashes[aid]]
        result.unchanged = len(latest) - len(changed)
        replaced = [aid for aid in changed if aid in stored]
        result.replaced, result.added = len(replaced), len(changed) - len(replaced)
        if not changed:
            return result
        removed_blocks, removed_keys = _delete_articles(db, replaced)
        batch = _build_batch([latest[a] for a in changed], hashes, run_id)
        result.reports = len(batch.reports)
        _write_batch(db, batch, window, removed_blocks, removed_keys)
    return result


def remerge(db: Db, window: int) -> int:
    """Recompute every merge from scratch (e.g. after changing the window); returns the number of events."""
    db.writable()
    with db.transaction():
        rows = db.con.execute(f"SELECT {_MERGE_COLUMNS} FROM reports").fetchall()
        keys = cluster((_merge_item(r) for r in rows), window)
        _update_keys(db, keys)
        db.con.execute("DELETE FROM events")
        _rebuild_events(db, {k for _, k in keys.values()})
    return int(db.scalar("SELECT count(*) FROM events"))


def refresh_events(db: Db) -> bool:
    """Rebuild every `events` row when the store's rows were derived by an older rule (meta `events_rule`); returns
    whether it did. Only the derived table changes: reports, keys and merges stay as they are."""
    if db.read_only or db.scalar("SELECT value FROM meta WHERE key = 'events_rule'") == EVENTS_RULE:
        return False
    with db.transaction():
        keys = {r[0] for r in db.con.execute("SELECT DISTINCT event_key FROM reports").fetchall()}
        _rebuild_events(db, keys)
        db.con.execute("INSERT OR REPLACE INTO meta VALUES ('events_rule', ?)", [EVENTS_RULE])
    return True


def _merge_item(row: tuple[Any, ...]) -> MergeItem:
    """A MergeItem from a row of the `_MERGE_COLUMNS` columns."""
    return MergeItem(row[0], row[1], row[2], row[3], row[4], row[5], tuple(row[6] or ()), tuple(row[7] or ()))


def _stored_hashes(db: Db, latest: dict[str, Item]) -> dict[str, tuple[str, str]]:
    with db.ids_table("q_ids", latest):
        rows = db.con.execute(
            "SELECT a.id, a.text_hash, a.events_hash FROM articles a JOIN q_ids USING (id)"
        ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def _delete_articles(db: Db, article_ids: list[str]) -> tuple[set[str], set[str]]:
    """Remove articles with their sentences and reports; returns the chains and event keys they were part of."""
    if not article_ids:
        return set(), set()
    with db.ids_table("q_articles", article_ids):
        touched = db.con.execute(
            "SELECT DISTINCT r.chain_key, r.event_key FROM reports r JOIN q_articles q ON q.id = r.article_id"
        ).fetchall()
        sub = "(SELECT r.id FROM reports r JOIN q_articles q ON q.id = r.article_id)"
        db.con.execute(f"DELETE FROM event_actors WHERE report_id IN {sub}")
        db.con.execute(f"DELETE FROM merge_blocks WHERE report_id IN {sub}")
        db.con.execute("DELETE FROM reports WHERE article_id IN (SELECT id FROM q_articles)")
        db.con.execute("DELETE FROM sentences WHERE article_id IN (SELECT id FROM q_articles)")
        db.con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM q_articles)")
    return {t[0] for t in touched}, {t[1] for t in touched}


def _build_batch(items: list[Item], hashes: dict[str, tuple[str, str]], run_id: str | None) -> Batch:
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


def _write_batch(db: Db, batch: Batch, window: int, removed_chains: set[str], removed_keys: set[str]) -> None:
    existing, old = _affected(db, batch.items, window, removed_chains)
    keys = cluster([*existing, *batch.items], window)
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
            with db.registered("q_batch", columns.table()):
                db.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM q_batch")
    _update_keys(db, {item.id: keys[item.id] for item in existing if old[item.id] != keys[item.id]})
    _rebuild_events(db, removed_keys | {k for _, k in old.values()} | {k for _, k in keys.values()})


def _update_keys(db: Db, changes: dict[str, tuple[str, str]]) -> None:
    if not changes:
        return
    table = pa.table(
        {"id": list(changes), "chain": [c for c, _ in changes.values()], "key": [k for _, k in changes.values()]}
    )
    with db.registered("q_changes", table):
        db.con.execute(
            "UPDATE reports SET chain_key = q_changes.chain, event_key = q_changes.key FROM q_changes "
            "WHERE reports.id = q_changes.id"
        )


def _affected(
    db: Db, items: list[MergeItem], window: int, removed_chains: set[str]
) -> tuple[list[MergeItem], dict[str, tuple[str, str]]]:
    """Stored reports whose event may change: whole chains of every stored report compatible with a new one
    (same block, date in range; coarse-dated ones always), and what is left of the chains of removed reports."""
    cand: dict[str, tuple[int, int]] = {}
    for item in items:
        # Undated items only match undated reports, which are always loaded: an empty range (1, 0) suffices.
        span = item.day_range(window)
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
    with db.registered("q_cand", table):
        chains = {
            r[0]
            for r in db.con.execute(
                "SELECT DISTINCT r.chain_key FROM q_cand c JOIN merge_blocks b ON b.block = c.block "
                "JOIN reports r ON r.id = b.report_id WHERE r.day IS NULL OR r.day BETWEEN c.lo AND c.hi"
            ).fetchall()
        }
    chains |= removed_chains
    with db.ids_table("q_chains", chains):
        rows = db.con.execute(
            f"SELECT {_MERGE_COLUMNS}, chain_key, event_key FROM reports WHERE chain_key IN (SELECT id FROM q_chains)"
        ).fetchall()
    return [_merge_item(r) for r in rows], {r[0]: (r[8], r[9]) for r in rows}


def _rebuild_events(db: Db, keys: set[str]) -> None:
    with db.ids_table("q_keys", keys):
        db.con.execute("DELETE FROM events WHERE event_key IN (SELECT id FROM q_keys)")
        db.con.execute(
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
