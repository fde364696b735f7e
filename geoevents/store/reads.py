"""Reading the store: the one query API. Events (merged, or single reports) and their count take an `EventFilter`
(`geoevents.query`), the same one the CLI, the HTTP API, the dashboard and the exports build; articles, entities
and single events are looked up by id or listed page by page.
"""

from __future__ import annotations

from typing import Any

from geoevents.errors import QueryError
from geoevents.models import Event
from geoevents.query import EventFilter
from geoevents.store.connection import Db
from geoevents.store.records import merged_record, report_record
from geoevents.store.rows import event_from_row

# The order of reports everywhere: by date, then where they stand in their article.
_REPORT_ORDER = "r.date NULLS LAST, r.article_id, r.sentence_index, r.event_start, r.id"


def events(
    db: Db, flt: EventFilter, limit: int | None = 100, offset: int = 0, reports: bool = False
) -> list[dict[str, Any]]:
    """Merged events (default) or single reports matching `flt`, one page; `limit=None` for all.

    A merged event matches when any of its reports matches; merged events come in order of their first date."""
    if limit is not None and limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    where, params = flt.where("r", reports=reports)
    page = " LIMIT ? OFFSET ?" if limit is not None else " OFFSET ?"
    page_params = [limit, offset] if limit is not None else [offset]
    if reports:
        ids = [
            r[0]
            for r in db.con.execute(
                f"SELECT r.id FROM reports r WHERE {where} ORDER BY {_REPORT_ORDER}{page}", params + page_params
            ).fetchall()
        ]
        with db.ids_table("q_page", ids):
            loaded = _load_reports(db, "r.id IN (SELECT id FROM q_page)", [])
        counts = _mention_counts(db, {k for _, k in loaded})
        return [report_record(e, k, counts.get(k, 1)) for e, k in loaded]
    keys = [
        r[0]
        for r in db.con.execute(
            f"SELECT e.event_key FROM events e WHERE e.event_key IN (SELECT r.event_key FROM reports r WHERE "
            f"{where}) ORDER BY e.first_date NULLS LAST, e.event_key{page}",
            params + page_params,
        ).fetchall()
    ]
    return _merged(db, keys)


def count(db: Db, flt: EventFilter, reports: bool = False) -> int:
    """How many merged events (or reports) match `flt`."""
    where, params = flt.where("r", reports=reports)
    what = "count(*)" if reports else "count(DISTINCT r.event_key)"
    return int(db.scalar(f"SELECT {what} FROM reports r WHERE {where}", params))


def event(db: Db, event_id: str) -> dict[str, Any] | None:
    """One merged event (by its key, or by the id of any of its reports) with full evidence."""
    key = db.scalar("SELECT event_key FROM events WHERE event_key = ?", [event_id])
    if key is None:
        key = db.scalar("SELECT event_key FROM reports WHERE id = ?", [event_id])
    if key is None:
        return None
    found = _merged(db, [key], detail=True)
    return found[0] if found else None


def articles(db: Db, limit: int = 100, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
    """Stored articles (without their text) by date, with their counts of sentences and reports."""
    where, params = ("contains(lower(a.text), lower(?)) OR contains(lower(coalesce(a.title, '')), lower(?))",
                     [text, text]) if text else ("TRUE", [])  # fmt: skip
    return db.rows(
        f"""SELECT a.id, a.title, a.date, a.url, a.source, a.origin, a.text_hash, a.coded_at, a.run_id,
            (SELECT count(*) FROM sentences s WHERE s.article_id = a.id) AS sentences,
            (SELECT count(*) FROM reports r WHERE r.article_id = a.id) AS reports
        FROM articles a WHERE {where} ORDER BY a.date NULLS LAST, a.id LIMIT ? OFFSET ?""",
        params + [limit, offset],
    )


def article(db: Db, article_id: str) -> dict[str, Any] | None:
    """One article with its text, sentences and reports."""
    rows = db.rows("SELECT * FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    record = rows[0]
    record["sentences"] = db.rows(
        'SELECT sentence_index, start, "end", text FROM sentences WHERE article_id = ? ORDER BY sentence_index',
        [article_id],
    )
    record["reports"] = [report_record(e, k, 0) for e, k in _load_reports(db, "r.article_id = ?", [article_id])]
    return record


def article_urls(db: Db, ids: set[str]) -> dict[str, str | None]:
    with db.ids_table("q_art", ids):
        rows = db.con.execute("SELECT a.id, a.url FROM articles a JOIN q_art q USING (id)").fetchall()
    return {r[0]: r[1] for r in rows}


def entities(db: Db, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Coded entities (code + sector) with how often they appear, most frequent first."""
    return db.rows(
        """SELECT a.code, a.sector, mode(a.name) AS name, count(*) AS mentions,
            count(DISTINCT r.event_key) AS events,
            count(DISTINCT r.event_key) FILTER (WHERE a.role = 'actor') AS as_actor,
            count(DISTINCT r.event_key) FILTER (WHERE a.role = 'recipient') AS as_recipient
        FROM event_actors a JOIN reports r ON r.id = a.report_id WHERE a.code IS NOT NULL
        GROUP BY a.code, a.sector ORDER BY events DESC, a.code, a.sector NULLS FIRST LIMIT ? OFFSET ?""",
        [limit, offset],
    )


def _load_reports(db: Db, sql_where: str, params: list[Any]) -> list[tuple[Event, str]]:
    """Reports (as Events, with their event key) matching a condition on `reports r`."""
    rows = db.rows(f"SELECT r.* FROM reports r WHERE {sql_where} ORDER BY {_REPORT_ORDER}", params)
    if not rows:
        return []
    with db.ids_table("q_reports", (r["id"] for r in rows)):
        actor_rows = db.rows("SELECT a.* FROM event_actors a JOIN q_reports q ON q.id = a.report_id")
    actors: dict[str, list[dict[str, Any]]] = {}
    for a in actor_rows:
        actors.setdefault(a["report_id"], []).append(a)
    return [(event_from_row(r, actors.get(r["id"], [])), r["event_key"]) for r in rows]


def _mention_counts(db: Db, keys: set[str]) -> dict[str, int]:
    with db.ids_table("q_keys", keys):
        rows = db.con.execute(
            "SELECT e.event_key, e.mention_count FROM events e JOIN q_keys q ON q.id = e.event_key"
        ).fetchall()
    return {r[0]: r[1] for r in rows}


def _merged(db: Db, keys: list[str], detail: bool = False) -> list[dict[str, Any]]:
    if not keys:
        return []
    with db.ids_table("q_events", keys):
        meta = {r["event_key"]: r for r in db.rows("SELECT e.* FROM events e JOIN q_events q ON q.id = e.event_key")}
        reports = _load_reports(db, "r.event_key IN (SELECT id FROM q_events)", [])
    groups: dict[str, list[Event]] = {}
    for found, key in reports:
        groups.setdefault(key, []).append(found)
    details = _article_meta(db, {e.article_id for e, _ in reports}) if detail else {}
    return [merged_record(key, meta[key], groups.get(key, []), details) for key in keys if key in meta]


def _article_meta(db: Db, ids: set[str]) -> dict[str, dict[str, Any]]:
    with db.ids_table("q_art", ids):
        rows = db.rows("SELECT a.id, a.title, a.date, a.url, a.source, a.text FROM articles a JOIN q_art q USING (id)")
    return {r["id"]: r for r in rows}
