"""The geoevents HTTP server: the JSON API (/api/...), the dashboard (HTML pages) and its static files.

`create_app(settings)` builds the app; `serve(settings, host, port, token)` runs it with uvicorn. The store is
opened once per app. Writes (POST /api/articles) need a bearer token whenever the server listens beyond
loopback; without one it refuses to start.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geoevents import __version__
from geoevents.api.routes import router as api_router
from geoevents.api.service import EventService
from geoevents.errors import (
    ConfigError,
    GeoeventsError,
    InputError,
    ModelNotFoundError,
    QueryError,
    StoreError,
)
from geoevents.settings import Settings

TOKEN_ENV = "GEOEVENTS_TOKEN"
MAX_BODY_BYTES = 2 * 1024 * 1024  # POST bodies above this get 413 before they are read
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


def is_loopback(host: str) -> bool:
    """Whether `host` (a bind address or host name) only accepts connections from this machine."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class SecurityMiddleware:
    """Adds security headers to every response; on a loopback server, rejects foreign Host headers.

    The Host check stops DNS rebinding: a web page on evil.example resolving to 127.0.0.1 could otherwise read
    the API from the analyst's browser.
    """

    def __init__(self, app: ASGIApp, check_host: bool) -> None:
        self.app = app
        self.check_host = check_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if self.check_host and not _host_allowed(scope):
            response = JSONResponse({"detail": "unknown Host header: this server only answers on localhost"}, 400)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _host_allowed(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1")
    try:
        name = urlsplit(f"//{host}").hostname or ""
    except ValueError:
        return False
    return is_loopback(name)


class BodyLimitMiddleware:
    """Refuses request bodies over `limit` bytes with 413, by Content-Length or while the body streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # An HTTPException passes through FastAPI's body parsing and becomes the 413 response.
                    raise StarletteHTTPException(413, self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"request body too large: the limit is {self.limit} bytes; send fewer or shorter articles per request"

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await JSONResponse({"detail": self._message()}, status_code=413)(scope, receive, send)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path == "/api" or path == "/openapi.json" or path.startswith("/static/"))


def _readable(errors: Any) -> str:
    """'limit: Input should be less than or equal to 500' from pydantic's error list."""
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "header")]
        parts.append(f"{'.'.join(loc) or 'request'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts)


def _error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        from geoevents.web.pages import render_error

        return render_error(request, status, message, headers)
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        message = _readable(exc.errors())
        if _wants_html(request):
            return _error_response(request, 422, message)
        return JSONResponse({"detail": message, "errors": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_response(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(GeoeventsError)
    async def on_geoevents(request: Request, exc: GeoeventsError) -> Response:
        status = 400
        if isinstance(exc, QueryError | InputError):
            status = 422
        elif isinstance(exc, StoreError | ModelNotFoundError):
            status = 503
        elif isinstance(exc, ConfigError):
            status = 500
        return _error_response(request, status, str(exc))


def create_app(settings: Settings, host: str = "127.0.0.1", token: str | None = None) -> FastAPI:
    """The app for the store at settings.db. Raises ConfigError when `host` is not loopback and no token is set."""
    token = token or None
    if token is None and not is_loopback(host):
        raise ConfigError(
            f"refusing to listen on {host}: beyond loopback, POST /api/articles needs a token. Set {TOKEN_ENV} "
            "(or pass token=...) or listen on 127.0.0.1"
        )
    svc = EventService(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        svc.open()
        try:
            yield
        finally:
            svc.close()

    app = FastAPI(
        title="geoevents",
        version=__version__,
        description="PLOVER political events coded from news: JSON API and dashboard. HTML pages at /, /network, "
        "/dyads, /events, /articles, /entities each have a JSON twin under /api/.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the dashboard works offline, so they are off
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = svc
    app.state.token = token
    app.state.host = host
    app.include_router(api_router)

    from geoevents.web.pages import install_pages

    install_pages(app)
    _install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES)
    app.add_middleware(SecurityMiddleware, check_host=is_loopback(host))  # added last = outermost
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the server until interrupted. The token defaults to the GEOEVENTS_TOKEN environment variable."""
    import uvicorn

    token = token or os.environ.get(TOKEN_ENV) or None
    app = create_app(settings, host=host, token=token)
    svc: EventService = app.state.service
    svc.open()  # fail here, with a clear StoreError, rather than inside uvicorn's startup
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
    finally:
        svc.close()


__all__ = ["MAX_BODY_BYTES", "TOKEN_ENV", "create_app", "is_loopback", "serve"]
