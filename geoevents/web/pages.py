"""The dashboard's HTML pages. Each page renders the data of its JSON twin (the same builder in
geoevents.serving.data) and links to it: /X <-> /api/X, / <-> /api/overview and /docs <-> /openapi.json.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from geoevents import __version__
from geoevents.ontology import load_ontology
from geoevents.serving import data as build
from geoevents.serving.deps import Code, FiltersDep, Id, IntervalQ, PageDep, ReportsDep, Service, TextQ
from geoevents.serving.params import CODE_PATTERN, MAX_LIMIT, Page, filter_params
from geoevents.web.charts import dyad_charts, timeline_chart
from geoevents.web.present import did_it_happen, entity_label, evidence_spans, load_labels, segments

CodeQ = Annotated[str, Query(pattern=CODE_PATTERN)]
HERE = FsPath(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))


def sentence_segments(event: dict[str, Any]) -> list[Any]:
    """The event's sentence with its trigger, actor and recipient marked (for lists)."""
    return segments(event.get("sentence") or "", evidence_spans(event, int(event.get("sentence_start") or 0)))


def web_url(url: str | None) -> str | None:
    """Only http(s) links reach an href: an article's url comes from its input and could say javascript:..."""
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") else None


TEMPLATES.env.globals.update(entity_label=entity_label, sentence_segments=sentence_segments, version=__version__)
def when(value: Any) -> str:
    """A stored time (UTC) to the second, for display."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value).replace("T", " ").removesuffix("Z") if value else ""


TEMPLATES.env.filters["web_url"] = web_url
TEMPLATES.env.filters["when"] = when
NAV = (("/", "Overview"), ("/network", "Network"), ("/dyads", "Dyads"), ("/events", "Events"),
       ("/articles", "Articles"), ("/entities", "Actors"), ("/alerts", "Alerts"), ("/sources", "Sources"),
       ("/docs", "API"))  # fmt: skip
REFRESH_SECONDS = 5  # how often a live page asks whether the store changed (static/refresh.js)


def twin_url(request: Request) -> str:
    """The JSON twin of an HTML page: the same path under /api/ (the overview's twin is /api/overview)."""
    path = request.url.path
    twin = {"/": "/api/overview", "/docs": "/openapi.json"}.get(path, f"/api{path}")
    return f"{twin}?{request.url.query}" if request.url.query else twin


def render(
    request: Request, name: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    labels = load_labels()
    base = {
        "nav": NAV,
        "path": request.url.path,
        "json_url": twin_url(request),
        "labels": labels,
        "quads": labels.quads,
        "categories": [c.name for c in load_ontology().categories],
    }
    return TEMPLATES.TemplateResponse(request, name, {**base, **context}, status_code=status, headers=headers)


def render_error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    titles = {404: "Not found", 422: "Invalid request", 401: "Token required", 413: "Too large", 503: "Unavailable"}
    return render(request, "error.html", status=status, headers=headers, status_code=status,
                  title=titles.get(status, "Error"), message=message)  # fmt: skip


def live(svc: Any, status: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a page that refreshes itself while a watch runs needs: whether one runs, and the store's stamp."""
    status = status or svc.sources()
    return {"live": status["watching"], "stamp": status["stamp"], "refresh": REFRESH_SECONDS}


def _pages_links(total: int, page: Page, query: Any) -> dict[str, Any]:
    prev_offset = max(0, page.offset - page.limit) if page.offset > 0 else None
    next_offset = page.offset + page.limit if page.offset + page.limit < total else None
    return {
        "first": page.offset + 1 if total else 0,
        "last": min(total, page.offset + page.limit),
        "prev": f"?{query(limit=page.limit, offset=prev_offset)}" if prev_offset is not None else None,
        "next": f"?{query(limit=page.limit, offset=next_offset)}" if next_offset is not None else None,
    }


def _event_view(event: dict[str, Any], selected: str | None) -> dict[str, Any]:
    """The selected report's article with highlights, and every report's sentence with highlights."""
    evidence = event.get("evidence") or []
    main = next((e for e in evidence if e.get("event_id") == selected), evidence[0] if evidence else None)
    article_segments: list[Any] = []
    if main and main.get("article"):
        text = main["article"].get("text") or ""
        spans = evidence_spans(main)
        spans.append((main.get("sentence_start"), main.get("sentence_end"), "sentence"))
        condition = main.get("condition")  # the shown report's own condition, in its own article
        if condition:
            at = text.find(condition, main.get("sentence_start") or 0)
            if at >= 0:
                spans.append((at, at + len(condition), "condition"))
        article_segments = segments(text, spans)
    reports = [
        {**e, "segments": segments(e.get("sentence") or "", evidence_spans(e, int(e.get("sentence_start") or 0))),
         "truth": did_it_happen(e.get("factuality"), e.get("condition"))}
        for e in evidence
    ]  # fmt: skip
    answer, explanation = did_it_happen(event.get("factuality"), event.get("condition"))
    return {"main": main, "article_segments": article_segments, "reports": reports,
            "answer": answer, "explanation": explanation}  # fmt: skip


def install_pages(app: FastAPI) -> None:
    """Register the HTML pages and /static on `app`."""
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    html: dict[str, Any] = {"response_class": HTMLResponse, "include_in_schema": False}

    @app.get("/", **html)
    def overview(request: Request, svc: Service, interval: IntervalQ = "week") -> Response:
        data = build.overview_data(svc, interval)
        return render(request, "overview.html", data=data, interval=interval,
                      chart=timeline_chart(data["timeline"]["periods"], interval), **live(svc))  # fmt: skip

    @app.get("/events", **html)
    def events(request: Request, svc: Service, filters: FiltersDep, page: PageDep, reports: ReportsDep) -> Response:
        data = build.events_data(svc, filters, page, reports)
        return render(request, "events.html", data=data, filters=filters.raw,
                      pages=_pages_links(data["total"], page, filters.query))  # fmt: skip

    @app.get("/events/{event_id}", **html)
    def event(
        request: Request, svc: Service, event_id: Id, report: Annotated[str | None, Query(max_length=200)] = None
    ) -> Response:
        data = build.event_data(svc, event_id)
        return render(request, "event.html", event=data, view=_event_view(data, report))

    @app.get("/network", **html)
    def network(
        request: Request,
        svc: Service,
        filters: FiltersDep,
        min_events: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 1,
    ) -> Response:
        data = build.network_data(svc, min_events, filters)
        return render(request, "network.html", data=data, filters=filters.raw, min_events=min_events)

    @app.get("/dyads", **html)
    def dyads(request: Request, svc: Service, filters: FiltersDep) -> Response:
        return render(request, "dyads.html", data=build.dyads_data(svc, filters), filters=filters.raw)

    @app.get("/dyads/go", include_in_schema=False)
    def dyad_form(a: CodeQ, b: CodeQ) -> Response:
        # The dyad form's target: the two codes become the dyad page's path.
        return RedirectResponse(f"/dyads/{quote(a.upper())}/{quote(b.upper())}", status_code=303)

    @app.get("/dyads/{a}/{b}", **html)
    def dyad(request: Request, svc: Service, a: Code, b: Code, filters: FiltersDep,
             interval: IntervalQ = "week") -> Response:  # fmt: skip
        data = build.dyad_data(svc, a, b, interval, filters)
        _, forward = svc.events(filter_params(actor=data["a"], recipient=data["b"]).flt, 20, 0)
        _, backward = svc.events(filter_params(actor=data["b"], recipient=data["a"]).flt, 20, 0)
        return render(request, "dyad.html", data=data, interval=interval, charts=dyad_charts(data["series"], data["a"],
                      data["b"], interval), forward=forward, backward=backward)  # fmt: skip

    @app.get("/articles", **html)
    def articles(request: Request, svc: Service, page: PageDep, text: TextQ = None) -> Response:
        data = build.articles_data(svc, page, text)
        return render(request, "articles.html", data=data, text=text or "")

    @app.get("/articles/{article_id:path}", **html)
    def article(request: Request, svc: Service, article_id: Id) -> Response:
        data = build.article_data(svc, article_id)
        spans: list[Any] = []
        for report in data.get("reports") or []:
            spans += evidence_spans(report)
        return render(request, "article.html", article=data, text_segments=segments(data.get("text") or "", spans))

    @app.get("/docs", **html)
    def api_docs(request: Request) -> Response:
        # An offline stand-in for Swagger UI (which loads from a CDN): the OpenAPI schema as a page.
        return render(request, "api_docs.html", schema=app.openapi())

    @app.get("/alerts", **html)
    def alerts(request: Request, svc: Service, page: PageDep, rule: TextQ = None) -> Response:
        data = build.alerts_data(svc, page, rule.strip() if rule and rule.strip() else None)
        query = lambda **extra: urlencode({k: v for k, v in {"rule": data["rule"], **extra}.items() if v})  # noqa: E731
        return render(request, "alerts.html", data=data, pages=_pages_links(data["total"], page, query), **live(svc))

    @app.get("/alerts/{alert_id}", **html)
    def alert(request: Request, svc: Service, alert_id: Id) -> Response:
        return render(request, "alert.html", alert=build.alert_data(svc, alert_id))

    @app.get("/sources", **html)
    def sources(request: Request, svc: Service) -> Response:
        data = build.sources_data(svc)
        return render(request, "sources.html", data=data, **live(svc, data))

    @app.get("/entities", **html)
    def entities(request: Request, svc: Service, page: PageDep) -> Response:
        data = build.entities_data(svc, page)
        return render(request, "entities.html", data=data)


__all__ = ["install_pages", "render", "render_error", "twin_url"]
