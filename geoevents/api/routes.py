"""The JSON API under /api/. Each `*_data` function builds what one endpoint returns; the HTML page of the same
name renders the very same data, so a page and its JSON twin never disagree.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query, Request

from geoevents.api.params import (
    CODE_PATTERN,
    MAX_LIMIT,
    ArticleIn,
    ArticlesIn,
    Filters,
    Interval,
    Page,
    filter_params,
    page_params,
)
from geoevents.api.service import EventService

router = APIRouter(prefix="/api")


def service(request: Request) -> EventService:
    return request.app.state.service  # type: ignore[no-any-return]


Service = Annotated[EventService, Depends(service)]
FiltersDep = Annotated[Filters, Depends(filter_params)]
PageDep = Annotated[Page, Depends(page_params)]
IntervalQ = Annotated[Interval, Query(description="Bucket size of the time series.")]
Code = Annotated[str, Path(pattern=CODE_PATTERN, description="Entity code, e.g. RUS")]
Id = Annotated[str, Path(min_length=1, max_length=200)]


# -- data builders (shared with the HTML pages) -------------------------------------------------------------------


def overview_data(svc: EventService, interval: str) -> dict[str, Any]:
    return {
        "summary": svc.summary({}),
        "timeline": svc.timeline(interval),
        "top_actors": svc.top_actors(10, {}),
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


def article_data(svc: EventService, article_id: str) -> dict[str, Any]:
    article = svc.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article


def dyads_data(svc: EventService, filters: Filters) -> dict[str, Any]:
    return {"filters": filters.raw, "dyads": svc.summary(filters.raw)["top_dyads"], "names": svc.names()}


def dyad_data(svc: EventService, a: str, b: str, interval: str, filters: Filters) -> dict[str, Any]:
    a, b = a.upper(), b.upper()
    rows = svc.dyad_series(a, b, interval, filters.raw)
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
    graph = svc.network(min_events, filters.raw)
    names = svc.names()
    for node in graph["nodes"]:
        node["name"] = names.get(node["code"], node["code"])
    return {"min_events": min_events, "filters": filters.raw, **graph}


# -- endpoints ----------------------------------------------------------------------------------------------------


@router.get("/overview", summary="Counts, quad classes, a timeline and the top actors (twin of /)")
def get_overview(svc: Service, interval: IntervalQ = "week") -> dict[str, Any]:
    return overview_data(svc, interval)


@router.get("/summary", summary="Counts by category, quad class and factuality; top dyads")
def get_summary(svc: Service, filters: FiltersDep) -> dict[str, Any]:
    return svc.summary(filters.raw)


@router.get("/timeline", summary="Events per day/week/month and quad class")
def get_timeline(svc: Service, interval: IntervalQ = "week") -> dict[str, Any]:
    return svc.timeline(interval)


@router.get("/events", summary="Merged events matching the filters, one page at a time (twin of /events)")
def get_events(svc: Service, filters: FiltersDep, page: PageDep) -> dict[str, Any]:
    return events_data(svc, filters, page)


@router.get("/events/{event_id}", summary="One event with its evidence: every report, sentence and span")
def get_event(svc: Service, event_id: Id) -> dict[str, Any]:
    return event_data(svc, event_id)


@router.get("/articles", summary="Stored articles (twin of /articles)")
def get_articles(
    svc: Service, page: PageDep, text: Annotated[str | None, Query(max_length=200)] = None
) -> dict[str, Any]:
    rows = svc.articles(page.limit, page.offset, text.strip() if text and text.strip() else None)
    return {"limit": page.limit, "offset": page.offset, "text": text, "articles": rows}


@router.get("/articles/{article_id:path}", summary="One article with its sentences and event reports")
def get_article(svc: Service, article_id: Id) -> dict[str, Any]:
    return article_data(svc, article_id)


@router.get("/entities", summary="Coded entities, most frequent first (twin of /entities)")
def get_entities(svc: Service, page: PageDep) -> dict[str, Any]:
    return {"limit": page.limit, "offset": page.offset, "entities": svc.entities(page.limit, page.offset)}


@router.get("/dyads", summary="The most frequent actor -> recipient pairs (twin of /dyads)")
def get_dyads(svc: Service, filters: FiltersDep) -> dict[str, Any]:
    return dyads_data(svc, filters)


@router.get("/dyads/{a}/{b}", summary="Events between A and B per period, both directions, with mean intensity")
def get_dyad(svc: Service, a: Code, b: Code, filters: FiltersDep, interval: IntervalQ = "week") -> dict[str, Any]:
    return dyad_data(svc, a, b, interval, filters)


@router.get("/network", summary="Actor network: nodes are entity codes, edges actor -> recipient (twin of /network)")
def get_network(
    svc: Service,
    filters: FiltersDep,
    min_events: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hide edges with fewer events.")] = 1,
) -> dict[str, Any]:
    return network_data(svc, min_events, filters)


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Bearer-token check for writes; the app requires a token whenever it listens beyond loopback."""
    token: str | None = request.app.state.token
    if token is None:
        return
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(
            401,
            "this server needs a token to store articles: send the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


@router.post(
    "/articles",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Code new articles with the NLP pipeline and store them",
)
def post_articles(svc: Service, body: Annotated[ArticleIn | ArticlesIn, Body()]) -> dict[str, Any]:
    items = body if isinstance(body, list) else [body]
    return svc.code_and_store([item.to_article() for item in items])


__all__ = ["router"]
