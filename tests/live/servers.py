"""A feed server and a webhook receiver: real HTTP servers (http.server, one thread per request) on free ports.

FeedServer serves RSS feeds at /feeds/NAME whose items the test adds between polls; each feed answers conditional
requests (ETag, Last-Modified) with 304 when nothing changed. Misbehaving paths, on purpose:
  /bad/500        always HTTP 500            /bad/slow        answers after `slow_seconds`
  /bad/notxml     not a feed at all          /bad/truncated   XML cut off in the middle (one item recoverable)
  /bad/bomb       a billion-laughs XML bomb  /bad/huge        a 50 MB body, chunked, no Content-Length
  /bad/huge-declared  Content-Length 50 MB   /bad/loop        redirects to itself
  /bad/drip       a valid feed sent one byte every 50 ms (never finishes within a short timeout)
  /bad/rotate     each request misbehaves in the next of these ways (500, slow, notxml, bomb, huge, loop, drip)
  /repeat/NAME    a feed repeating the same old items with a new ETag each time (no 304)
  /pages/ID       an HTML article page (for fetch_full_text)
Every request is logged (path, headers) in `requests`, with its time in `times`.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HUGE_BYTES = 50 * 1024 * 1024
ROTATION = ("500", "slow", "notxml", "bomb", "huge", "loop", "drip")

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>bomb</title>
<item><guid>bomb-1</guid><title>Laughs</title><description>Russia attacked Ukraine. &lol9;</description></item>
</channel></rss>"""
TRUNCATED = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>cut</title><item><guid>cut-1</guid>"
             b"<title>Cut</title><description>Chinese troops fired on Indian soldiers near the border.</description>"
             b"</item><item><guid>cut-2</guid><title>Half</title><descr")  # fmt: skip


@dataclass
class Entry:
    guid: str
    title: str
    text: str
    link: str | None = None
    date: str | None = None  # RFC 2822 or ISO; None: no date in the feed


@dataclass
class Feed:
    title: str
    entries: list[Entry] = field(default_factory=list)
    changed: float = field(default_factory=time.time)

    def xml(self) -> bytes:
        items = []
        for e in reversed(self.entries):  # newest first, as feeds do
            date = f"<pubDate>{escape(e.date)}</pubDate>" if e.date else ""
            link = f"<link>{escape(e.link)}</link>" if e.link else ""
            items.append(f"<item><guid isPermaLink=\"false\">{escape(e.guid)}</guid><title>{escape(e.title)}</title>"
                         f"{link}{date}<description>{escape(e.text)}</description></item>")  # fmt: skip
        body = (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(self.title)}'
                f"</title><link>http://example.org/</link><description>test feed</description>{''.join(items)}"
                "</channel></rss>\n")  # fmt: skip
        return body.encode("utf-8")


def rfc2822(epoch: float) -> str:
    return email.utils.formatdate(epoch, usegmt=True)


class FeedServer:
    """The feeds, pages and misbehaving paths described above."""

    def __init__(self, slow_seconds: float = 5.0) -> None:
        self.feeds: dict[str, Feed] = {}
        self.repeats: dict[str, Feed] = {}
        self.pages: dict[str, tuple[str, str]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.times: list[tuple[str, float]] = []  # (path, time.monotonic()) of every request
        self.slow_seconds = slow_seconds
        self.lock = threading.Lock()
        self._repeat_serial = 0
        self._rotation = 0
        self.base = ""

    # -- content ---------------------------------------------------------------------------------------------------

    def add(self, feed: str, entry: Entry, title: str | None = None, keep: int | None = None) -> None:
        """Add an entry to a feed; with `keep`, the feed shows only its latest `keep` entries (as real feeds do)."""
        with self.lock:
            target = self.feeds.setdefault(feed, Feed(title or feed))
            target.entries.append(entry)
            if keep is not None:
                del target.entries[:-keep]
            target.changed = time.time()

    def repeat(self, feed: str, entries: list[Entry]) -> None:
        with self.lock:
            self.repeats[feed] = Feed(feed, list(entries))

    def page(self, page_id: str, title: str, text: str) -> str:
        with self.lock:
            self.pages[page_id] = (title, text)
        return f"{self.base}/pages/{page_id}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for p, headers in self.requests if p == path]

    # -- serving ---------------------------------------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        with self.lock:
            self.requests.append((path, {k.lower(): v for k, v in handler.headers.items()}))
            self.times.append((path, time.monotonic()))
        if path.startswith("/feeds/"):
            self._feed(handler, path.removeprefix("/feeds/"))
        elif path.startswith("/repeat/"):
            self._repeat(handler, path.removeprefix("/repeat/"))
        elif path.startswith("/pages/"):
            self._page(handler, path.removeprefix("/pages/"))
        elif path.startswith("/bad/"):
            self._bad(handler, path.removeprefix("/bad/"))
        else:
            _send(handler, 404, b"not found", "text/plain")

    def _feed(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        with self.lock:
            feed = self.feeds.get(name)
            body = feed.xml() if feed else None
            changed = feed.changed if feed else 0.0
        if body is None:
            _send(handler, 404, b"no such feed", "text/plain")
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = rfc2822(changed)
        given = handler.headers.get("If-None-Match")
        since = handler.headers.get("If-Modified-Since")
        unchanged = given == etag if given else bool(since) and _not_after(changed, since)
        if unchanged:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        _send(handler, 200, body, "application/rss+xml", {"ETag": etag, "Last-Modified": modified})

    def _repeat(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        with self.lock:
            feed = self.repeats.get(name)
            self._repeat_serial += 1
            serial = self._repeat_serial
        if feed is None:
            _send(handler, 404, b"no such feed", "text/plain")
            return
        _send(handler, 200, feed.xml(), "application/rss+xml", {"ETag": f'"r{serial}"'})

    def _page(self, handler: BaseHTTPRequestHandler, page_id: str) -> None:
        with self.lock:
            found = self.pages.get(page_id)
        if found is None:
            _send(handler, 404, b"no such page", "text/plain")
            return
        title, text = found
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
        html = (f"<!doctype html><html><head><title>{escape(title)}</title></head><body><header><nav><ul>"
                '<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a>'
                f"</li></ul></nav></header><main><article><h1>{escape(title)}</h1>{paragraphs}</article></main>"
                '<footer><p>Copyright Test News. <a href="/about">About us</a></p></footer></body></html>')  # fmt: skip
        _send(handler, 200, html.encode("utf-8"), "text/html; charset=utf-8")

    def _bad(self, handler: BaseHTTPRequestHandler, kind: str) -> None:
        if kind == "rotate":
            with self.lock:
                kind = ROTATION[self._rotation % len(ROTATION)]
                self._rotation += 1
        if kind == "500":
            _send(handler, 500, b"internal error", "text/plain")
        elif kind == "slow":
            time.sleep(self.slow_seconds)
            _send(handler, 200, Feed("slow", [Entry("slow-1", "Slow", "Russia attacked Ukraine.")]).xml(),
                  "application/rss+xml")  # fmt: skip
        elif kind == "notxml":
            _send(handler, 200, b"this is not xml at all {", "application/rss+xml")
        elif kind == "truncated":
            _send(handler, 200, TRUNCATED, "application/rss+xml")
        elif kind == "bomb":
            _send(handler, 200, BOMB, "application/rss+xml")
        elif kind == "huge":
            _stream(handler, HUGE_BYTES, declared=False)
        elif kind == "huge-declared":
            _stream(handler, HUGE_BYTES, declared=True)
        elif kind == "loop":
            handler.send_response(302)
            handler.send_header("Location", "/bad/loop")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        elif kind == "drip":
            _drip(handler, Feed("drip", [Entry("drip-1", "Drip", "Russia attacked Ukraine.")]).xml())
        else:
            _send(handler, 404, b"no such misbehaviour", "text/plain")


def _not_after(changed: float, since: str) -> bool:
    try:
        return int(changed) <= email.utils.parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError):
        return False


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
          headers: dict[str, str] | None = None) -> None:  # fmt: skip
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    try:
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _stream(handler: BaseHTTPRequestHandler, size: int, declared: bool) -> None:
    """`size` bytes of an endless feed, in chunks; the client is expected to hang up early."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    if declared:
        handler.send_header("Content-Length", str(size))
    else:
        handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<item><title>filler</title><description>" + b"x" * 65000 + b"</description></item>"
    sent = 0
    try:
        while sent < size:
            piece = chunk[: size - sent]
            handler.wfile.write(piece if declared else b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        if not declared:
            handler.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass


def _drip(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    try:
        for byte in body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)
    except (BrokenPipeError, ConnectionResetError):
        pass


@dataclass
class Delivery:
    at: float
    body: dict[str, Any]
    status: int


class WebhookReceiver:
    """Records every POST; answers 500 to the first `fail_first` of them, then 200."""

    def __init__(self, fail_first: int = 2) -> None:
        self.fail_first = fail_first
        self.attempts: list[Delivery] = []
        self.lock = threading.Lock()
        self.base = ""

    @property
    def url(self) -> str:
        return f"{self.base}/hook"

    def delivered(self) -> list[Delivery]:
        with self.lock:
            return [d for d in self.attempts if d.status == 200]

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = {"raw": raw.decode("utf-8", "replace")}
        with self.lock:
            status = 500 if len(self.attempts) < self.fail_first else 200
            self.attempts.append(Delivery(time.time(), body, status))
        _send(handler, status, b'{"ok": %s}' % (b"true" if status == 200 else b"false"), "application/json")


def _handler_for(target: Any) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            target.handle(self)

        def do_POST(self) -> None:  # noqa: N802
            target.handle(self)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

    return Handler


@contextmanager
def serving(target: FeedServer | WebhookReceiver) -> Iterator[str]:
    """Serve `target` on a free localhost port in a background thread; yields (and sets) its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(target))
    server.daemon_threads = True
    target.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield target.base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
