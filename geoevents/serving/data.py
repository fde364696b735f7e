"""What each endpoint returns, built once: the JSON API returns these records and the HTML page of the same name
renders the very same data, so a page and its JSON twin never disagree.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException

from geoevents.serving.params import Filters, Page
from geoevents.serving.service import EventService


def overview_data(svc: EventService, interval: str) -> dict[str, Any]:
    return {
        "summary": svc.summary(),
        "timeline": svc.timeline(interval),
        "top_actors": svc.top_actors(10),
        "names": svc.names(),
    }


def events_data(svc: EventService, filters: Filters, page: Page, reports: bool = False) -> dict[str, Any]:
    """One page of merged events, or with `reports` of single reports (each with its `event_key`)."""
    total, events = svc.events(filters.flt, page.limit, page.offset, reports=reports)
    following = page.offset + page.limit
    more = {"reports": "true"} if reports else {}
    return {
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "filters": filters.raw,
        "reports": reports,
        "next": f"?{filters.query(**more, limit=page.limit, offset=following)}" if following < total else None,
        "events": events,
    }


def event_data(svc: EventService, event_id: str) -> dict[str, Any]:
    event = svc.event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return event


def articles_data(svc: EventService, page: Page, text: str | None) -> dict[str, Any]:
    rows = svc.articles(page.limit, page.offset, text.strip() if text and text.strip() else None)
    return {"limit": page.limit, "offset": page.offset, "text": text, "articles": rows}


def article_data(svc: EventService, article_id: str) -> dict[str, Any]:
    article = svc.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article


def entities_data(svc: EventService, page: Page) -> dict[str, Any]:
    return {"limit": page.limit, "offset": page.offset, "entities": svc.entities(page.limit, page.offset)}


def dyads_data(svc: EventService, filters: Filters) -> dict[str, Any]:
    return {"filters": filters.raw, "dyads": svc.summary(filters.flt)["top_dyads"], "names": svc.names()}


def dyad_data(svc: EventService, a: str, b: str, interval: str, filters: Filters) -> dict[str, Any]:
    a, b = a.upper(), b.upper()
    rows = svc.dyad_series(a, b, interval, filters.flt)
    return {
        "a": a,
        "b": b,
        "interval": interval,
        "names": {k: v for k, v in svc.names().items() if k in (a, b)},
        "series": rows,
        "a_to_b": [r for r in rows if r["source"].upper() == a],
        "b_to_a": [r for r in rows if r["source"].upper() == b] if a != b else [],
    }


def network_data(svc: EventService, min_events: int, filters: Filters) -> dict[str, Any]:
    graph = svc.network(min_events, filters.flt)
    names = svc.names()
    for node in graph["nodes"]:
        node["name"] = names.get(node["code"], node["code"])
    return {"min_events": min_events, "filters": filters.raw, **graph}


def alerts_data(svc: EventService, page: Page, rule: str | None) -> dict[str, Any]:
    total, alerts = svc.alerts(rule, page.limit, page.offset)
    following = page.offset + page.limit
    query = urlencode({k: v for k, v in (("rule", rule), ("limit", page.limit), ("offset", following)) if v})
    return {"total": total, "limit": page.limit, "offset": page.offset, "rule": rule,
            "next": f"?{query}" if following < total else None, "alerts": alerts}  # fmt: skip


def alert_data(svc: EventService, alert_id: str) -> dict[str, Any]:
    alert = svc.alert(alert_id)
    if alert is None:
        raise HTTPException(404, f"no alert with id {alert_id!r}")
    return alert


def sources_data(svc: EventService) -> dict[str, Any]:
    return svc.sources()


__all__ = [
    "alert_data",
    "alerts_data",
    "article_data",
    "articles_data",
    "dyad_data",
    "dyads_data",
    "entities_data",
    "event_data",
    "events_data",
    "network_data",
    "overview_data",
    "sources_data",
]
