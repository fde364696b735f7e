"""The JSON API under /api/. Each endpoint returns what `geoevents.serving.data` builds; the dashboard's HTML page
of the same name renders the very same data, so a page and its JSON twin never disagree.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request

from geoevents.serving import data
from geoevents.serving.deps import Code, FiltersDep, Id, IntervalQ, PageDep, ReportsDep, Service, TextQ
from geoevents.serving.params import MAX_LIMIT, ArticleIn, ArticlesIn, known_query_params

router = APIRouter(prefix="/api", dependencies=[Depends(known_query_params)])


# -- endpoints ----------------------------------------------------------------------------------------------------


@router.get("/overview", summary="Counts, quad classes, a timeline and the top actors (twin of /)")
def get_overview(svc: Service, interval: IntervalQ = "week") -> dict[str, Any]:
    return data.overview_data(svc, interval)


@router.get("/summary", summary="Counts by category, quad class and factuality; top dyads")
def get_summary(svc: Service, filters: FiltersDep) -> dict[str, Any]:
    return svc.summary(filters.flt)


@router.get("/timeline", summary="Events per day/week/month and quad class")
def get_timeline(svc: Service, interval: IntervalQ = "week") -> dict[str, Any]:
    return svc.timeline(interval)


@router.get("/events", summary="Merged events (or, with reports=true, single reports) matching the filters, one "
            "page at a time (twin of /events)")
def get_events(svc: Service, filters: FiltersDep, page: PageDep, reports: ReportsDep) -> dict[str, Any]:
    return data.events_data(svc, filters, page, reports)


@router.get("/events/{event_id}", summary="One event with its evidence: every report, sentence and span")
def get_event(svc: Service, event_id: Id) -> dict[str, Any]:
    return data.event_data(svc, event_id)


@router.get("/articles", summary="Stored articles (twin of /articles)")
def get_articles(svc: Service, page: PageDep, text: TextQ = None) -> dict[str, Any]:
    return data.articles_data(svc, page, text)


@router.get("/articles/{article_id:path}", summary="One article with its sentences and event reports")
def get_article(svc: Service, article_id: Id) -> dict[str, Any]:
    return data.article_data(svc, article_id)


@router.get("/entities", summary="Coded entities, most frequent first (twin of /entities)")
def get_entities(svc: Service, page: PageDep) -> dict[str, Any]:
    return data.entities_data(svc, page)


@router.get("/dyads", summary="The most frequent actor -> recipient pairs (twin of /dyads)")
def get_dyads(svc: Service, filters: FiltersDep) -> dict[str, Any]:
    return data.dyads_data(svc, filters)


@router.get("/dyads/{a}/{b}", summary="Events between A and B per period, both directions, with mean intensity")
def get_dyad(svc: Service, a: Code, b: Code, filters: FiltersDep, interval: IntervalQ = "week") -> dict[str, Any]:
    return data.dyad_data(svc, a, b, interval, filters)


@router.get("/network", summary="Actor network: nodes are entity codes, edges actor -> recipient (twin of /network)")
def get_network(
    svc: Service,
    filters: FiltersDep,
    min_events: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hide edges with fewer events.")] = 1,
) -> dict[str, Any]:
    return data.network_data(svc, min_events, filters)


@router.get("/alerts", summary="Alerts fired by `geoevents watch`, latest first, with their events (twin of /alerts)")
def get_alerts(svc: Service, page: PageDep, rule: TextQ = None) -> dict[str, Any]:
    return data.alerts_data(svc, page, rule.strip() if rule and rule.strip() else None)


@router.get("/alerts/{alert_id}", summary="One fired alert: rule, window, value, baseline, events, deliveries")
def get_alert(svc: Service, alert_id: Id) -> dict[str, Any]:
    return data.alert_data(svc, alert_id)


@router.get("/sources", summary="Watched sources: last and next poll, articles taken, errors (twin of /sources)")
def get_sources(svc: Service) -> dict[str, Any]:
    return data.sources_data(svc)


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
