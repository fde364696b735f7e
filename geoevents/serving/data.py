"""What each endpoint returns, built once: the JSON API returns these records and the HTML page of the same name
renders the very same data, so a page and its JSON twin never disagree.
"""

from __future__ import annotations

from typing import Any

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


def events_data(svc: EventService, filters: Filters, page: Page) -> dict[str, Any]:
    total, events = svc.events(filters.flt, page.limit, page.offset)
    following = page.offset + page.limit
    return {
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "filters": filters.raw,
        "next": f"?{filters.query(limit=page.limit, offset=following)}" if following < total else None,
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


__all__ = [
    "article_data",
    "articles_data",
    "dyad_data",
    "dyads_data",
    "entities_data",
    "event_data",
    "events_data",
    "network_data",
    "overview_data",
]
