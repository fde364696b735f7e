"""Errors as HTTP responses: a JSON body {"detail": "<one readable line>"} with a status that says whose fault it
is (422 bad request values, 503 store or model unavailable, 500 configuration), or, for a browser page, the page
that `html_page` renders (the app factory passes the dashboard's error page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from geoevents.errors import ConfigError, GeoeventsError, InputError, ModelNotFoundError, QueryError, StoreError

# request, status, message, headers -> the response a browser gets
HtmlPage = Callable[[Request, int, str, dict[str, str] | None], Response]


def wants_html(request: Request) -> bool:
    """Whether the request is for a dashboard page (anything but the API, its schema and the static files)."""
    path = request.url.path
    return not (path.startswith("/api/") or path == "/api" or path == "/openapi.json" or path.startswith("/static/"))


def readable(errors: Any) -> str:
    """'limit: Input should be less than or equal to 500' from pydantic's error list."""
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "header")]
        parts.append(f"{'.'.join(loc) or 'request'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts)


def status_of(exc: GeoeventsError) -> int:
    """The HTTP status of one of geoevents' own errors."""
    if isinstance(exc, QueryError | InputError):
        return 422
    if isinstance(exc, StoreError | ModelNotFoundError):
        return 503
    if isinstance(exc, ConfigError):
        return 500
    return 400


def install_error_handlers(app: FastAPI, html_page: HtmlPage | None = None) -> None:
    """Answer every error with a readable message: as `html_page` for dashboard pages (when given), else JSON."""

    def respond(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        if html_page is not None and wants_html(request):
            return html_page(request, status, message, headers)
        return JSONResponse({"detail": message}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        message = readable(exc.errors())
        if html_page is not None and wants_html(request):
            return html_page(request, 422, message, None)
        return JSONResponse({"detail": message, "errors": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        return respond(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(GeoeventsError)
    async def on_geoevents(request: Request, exc: GeoeventsError) -> Response:
        return respond(request, status_of(exc), str(exc))


__all__ = ["HtmlPage", "install_error_handlers", "readable", "status_of", "wants_html"]
