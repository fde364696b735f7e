"""The geoevents HTTP server, assembled here and only here: the JSON API (`geoevents.api`, under /api/), the
dashboard (`geoevents.web`: HTML pages and static files) and the store access both use (`geoevents.serving`).
The API and the dashboard do not import each other; this module imports both.

`create_app(settings)` builds the app; `serve(settings, host, port, token)` runs it with uvicorn. The store is
opened once per app. Writes (POST /api/articles) need a bearer token whenever the server listens beyond
loopback; without one it refuses to start.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from geoevents import __version__
from geoevents.api.handlers import install_error_handlers
from geoevents.api.middleware import MAX_BODY_BYTES, BodyLimitMiddleware, SecurityMiddleware, is_loopback
from geoevents.api.routes import router as api_router
from geoevents.errors import ConfigError
from geoevents.serving.service import EventService
from geoevents.settings import Settings
from geoevents.web.pages import install_pages, render_error

TOKEN_ENV = "GEOEVENTS_TOKEN"


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
    install_pages(app)
    install_error_handlers(app, html_page=render_error)
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


__all__ = ["TOKEN_ENV", "create_app", "serve"]
