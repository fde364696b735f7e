"""A real uvicorn server in a background thread, on a free localhost port, for API and browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from geoevents.server import create_app
from geoevents.settings import Settings


@contextmanager
def running_server(settings: Settings, host: str = "127.0.0.1", token: str | None = None) -> Iterator[str]:
    """Serve `create_app(settings, host, token)`; yields the base URL. The socket is always bound to 127.0.0.1:
    `host` only sets the app's policy (a non-loopback host makes the token mandatory)."""
    app = create_app(settings, host=host, token=token)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", server_header=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def raw_get(base_url: str, path: str, host: str | None = None) -> tuple[int, str]:
    """GET `path` exactly as written (no client-side normalisation of '..'); returns status and body."""
    address = base_url.removeprefix("http://")
    name, port = address.split(":")
    with socket.create_connection((name, int(port)), timeout=10) as conn:
        request = f"GET {path} HTTP/1.1\r\nHost: {host or address}\r\nConnection: close\r\n\r\n"
        conn.sendall(request.encode("latin-1"))
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, body.decode("utf-8", "replace")
