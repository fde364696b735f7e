"""The geoevents HTTP server, assembled here and only here: the JSON API (`geoevents.api`, under /api/), the
dashboard (`geoevents.web`: HTML pages and static files) and the store access both use (`geoevents.serving`).
The API and the dashboard do not import each other; this module imports both.

`create_app(settings)` builds the app; `serve(settings, host, port, token)` runs it with uvicorn. The store is
shared with other processes while the server runs (`geoevents.serving.service`). Writes (POST /api/articles) need
a bearer token whenever the server listens beyond loopback; without one it refuses to start.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from geoevents import __version__
from geoevents.api.cache import ResponseCacheMiddleware
from geoevents.api.handlers import install_error_handlers
from geoevents.api.middleware import MAX_BODY_BYTES, BodyLimitMiddleware, SecurityMiddleware, is_loopback
from geoevents.api.routes import router as api_router
from geoevents.errors import ConfigError
from geoevents.serving.service import EventService
from geoevents.settings import Settings
from geoevents.web.pages import install_pages, render_error

TOKEN_ENV = "GEOEVENTS_TOKEN"


def create_app(
    settings: Settings, host: str = "127.0.0.1", token: str | None = None, service: EventService | None = None
) -> FastAPI:
    """The app for the store at settings.db (or for `service`, e.g. one sharing `geoevents watch`'s open store).
    Raises ConfigError when `host` is not loopback and no token is set."""
    token = token or None
    if token is None and not is_loopback(host):
        raise ConfigError(
            f"refusing to listen on {host}: beyond loopback, POST /api/articles needs a token. Set {TOKEN_ENV} "
            "(or pass token=...) or listen on 127.0.0.1"
        )
    svc = service or EventService(settings)

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
    if settings.cached_answers > 0:  # answers kept until the store changes
        app.add_middleware(ResponseCacheMiddleware, version=lambda: svc.version, entries=settings.cached_answers)
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES)
    app.add_middleware(SecurityMiddleware, check_host=is_loopback(host))  # added last = outermost
    return app


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    on_listening: Callable[[str], None] | None = None,
) -> None:
    """Run the server until interrupted. The token defaults to the GEOEVENTS_TOKEN environment variable.

    The store must exist (a mistyped --db is refused, not served empty) and the port must be free: both fail here
    with a ConfigError or StoreError before anything listens. `on_listening(url)` is called once the server
    accepts connections."""
    import uvicorn

    token = token or os.environ.get(TOKEN_ENV) or None
    app = create_app(settings, host=host, token=token)
    svc: EventService = app.state.service
    svc.open()  # fail here, with a clear StoreError, rather than inside uvicorn's startup
    try:
        sock = listen(host, port)
        url = f"http://{host if ':' not in host else f'[{host}]'}:{sock.getsockname()[1]}/"
        config = uvicorn.Config(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
        with sock:
            _uvicorn_server(config, lambda: on_listening(url) if on_listening else None).run(sockets=[sock])
    finally:
        svc.close()


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or the ConfigError that says why there is none (e.g. the port is taken)."""
    try:
        return _tcp_server_socket(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"{host}:{port} is in use by another program; stop it, or choose another port with --port"
            ) from exc
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def _tcp_server_socket(host: str, port: int) -> socket.socket:
    """Like socket.create_server, but made with the protocol number IPPROTO_TCP: asyncio sets TCP_NODELAY only on
    connections whose socket says so, and without it every small answer (headers and body written separately)
    waited ~40 ms for the client's delayed ACK on a keep-alive connection (Nagle's algorithm)."""
    family, _, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if os.name == "posix":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and hasattr(socket, "IPV6_V6ONLY"):
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _uvicorn_server(config: Any, listening: Callable[[], None]) -> Any:
    """uvicorn's server, calling `listening()` once it accepts connections."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started and not self.should_exit:
                listening()

    return Server(config)


__all__ = ["TOKEN_ENV", "create_app", "listen", "serve"]
