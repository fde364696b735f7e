"""Aggregates over the stored events: the summary, dyad time series, the timeline, top actors and the network.

Each takes the `EventFilter` of the query API (the timeline always covers the whole store) and returns plain data.
"""

from __future__ import annotations

from typing import Any

from geoevents.errors import QueryError
from geoevents.query import EventFilter
from geoevents.store.connection import Db
from geoevents.store.reads import count

INTERVALS = ("day", "week", "month", "year")


def _check_interval(interval: str) -> None:
    if interval not in INTERVALS:
        raise QueryError(f"interval: expected one of {', '.join(INTERVALS)}, got {interval!r}")


def _dyads_cte(flt: EventFilter) -> tuple[str, list[Any]]:
    """`WITH d AS (...)`: one row per matching event and (actor code, recipient code) pair."""
    where, params = flt.where("r")
    return (
        "WITH d AS (SELECT DISTINCT r.event_key, x.code AS source, y.code AS target FROM reports r, "
        f"unnest(r.actor_codes) x(code), unnest(r.recipient_codes) y(code) WHERE {where})",
        params,
    )


def summary(db: Db, flt: EventFilter) -> dict[str, Any]:
    """Counts of articles, sentences, events and reports; events by category, quad and factuality; top dyads."""
    where, params = flt.where("r")
    base = f"FROM events e WHERE e.event_key IN (SELECT r.event_key FROM reports r WHERE {where})"

    def by(column: str) -> dict[str, int]:
        rows = db.con.execute(
            f"SELECT e.{column}, count(*) {base} GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST", params
        ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    cte, cte_params = _dyads_cte(flt)
    dyads = db.rows(
        f"{cte} SELECT source AS actor, target AS recipient, count(*) AS events FROM d GROUP BY 1, 2 "
        "ORDER BY 3 DESC, 1, 2 LIMIT 20",
        cte_params,
    )
    return {
        "articles": int(db.scalar("SELECT count(*) FROM articles")),
        "sentences": int(db.scalar("SELECT count(*) FROM sentences")),
        "events": count(db, flt),
        "reports": count(db, flt, reports=True),
        "by_category": by("event"),
        "by_quad": by("quad_code"),
        "by_factuality": by("factuality"),
        "top_dyads": dyads,
    }


def dyad_series(db: Db, a: str, b: str, interval: str, flt: EventFilter) -> list[dict[str, Any]]:
    """Events and mean intensity per period and quad class between codes `a` and `b`, in both directions."""
    _check_interval(interval)
    cte, params = _dyads_cte(flt)
    rows = db.rows(
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


def timeline(db: Db, interval: str) -> dict[str, Any]:
    """Events per period and quad class over the whole store: {"periods": [{period, q1..q4, other, total}],
    "events", "undated"}; an event counts at its first date (date_trunc: weeks start on Monday)."""
    _check_interval(interval)
    rows = db.rows(
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


def top_actors(db: Db, n: int, flt: EventFilter) -> list[dict[str, Any]]:
    """Entity codes by the number of events they take part in (as actor or recipient)."""
    where, params = flt.where("r")
    return db.rows(
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


def network(db: Db, min_events: int, flt: EventFilter) -> dict[str, Any]:
    """The actor network: nodes are entity codes, edges actor→recipient weighted by cooperation and conflict."""
    cte, params = _dyads_cte(flt)
    edges = db.rows(
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
