"""Answers of the JSON API kept until the store changes: a GET of the same path and query gets the same bytes
back, without a query or a serialisation, as long as the store's data version (`EventService.version`) has not
moved. Every write through the service, every reopening or hand-over of the store and every `changed()` call
(geoevents watch --serve) moves it, so nothing kept outlives the data it was built from.

Why it is safe: the version is read *before* the endpoint runs, and the version only moves *after* a write has
committed. A kept answer was therefore built from a store at least as new as its version says, and it is only
given while that version is still the current one; a POST returns after the version has moved, so a read that
follows it builds a new answer. Requests for the same path and query that arrive while one is being built wait
for it (one query for a crowd after each write), and only 200 answers are kept. The cache holds at most
`entries` answers and `max_bytes` bytes, the least recently used going first.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geoevents.api.middleware import _HttpMiddleware

# The endpoints whose answers depend on the store's data only (not on the clock or a watch's polling state).
CACHED_PREFIXES = (
    "/api/events",
    "/api/dyads",
    "/api/network",
    "/api/summary",
    "/api/timeline",
    "/api/overview",
    "/api/entities",
    "/api/articles",
)
CACHE_HEADER = b"x-geoevents-cache"


@dataclass(frozen=True)
class Answer:
    """One kept response: the data version it was built at, its start message and its body."""

    version: int
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCacheMiddleware(_HttpMiddleware):
    """Keeps 200 answers of GET requests under CACHED_PREFIXES, keyed by path and query, until `version()` moves.

    Runs on the server's event loop only (ASGI middleware), so its dictionaries need no lock."""

    def __init__(
        self, app: ASGIApp, version: Callable[[], int], entries: int = 512, max_bytes: int = 64 * 1024 * 1024
    ) -> None:
        super().__init__(app)
        self.version = version
        self.entries = entries
        self.max_bytes = max_bytes
        self._kept: OrderedDict[bytes, Answer] = OrderedDict()
        self._bytes = 0
        self._building: dict[bytes, tuple[int, asyncio.Future[Answer | None]]] = {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if scope["method"] != "GET" or not path.startswith(CACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        key = (scope.get("raw_path") or path.encode()) + b"?" + (scope.get("query_string") or b"")
        version = self.version()
        kept = self._kept.get(key)
        if kept is not None and kept.version == version:
            self._kept.move_to_end(key)
            await _replay(kept, send, b"hit")
            return
        building = self._building.get(key)
        if building is not None and building[0] == version:
            answer = await asyncio.shield(building[1])
            if answer is not None:
                await _replay(answer, send, b"hit")
                return
        await self._build(key, version, scope, receive, send)

    async def _build(self, key: bytes, version: int, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the endpoint, pass its answer on as it comes, and keep it if it is a 200 of the current version."""
        future: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._building[key] = (version, future)
        start: Message | None = None
        chunks: list[bytes] = []
        complete = False

        async def recording(message: Message) -> None:
            nonlocal start, complete
            if message["type"] == "http.response.start":
                start = message
                message = {**message, "headers": [*message.get("headers", []), (CACHE_HEADER, b"miss")]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        answer = None
        try:
            await self.app(scope, receive, recording)
            if start is not None and start["status"] == 200 and complete:
                answer = Answer(version, 200, list(start.get("headers", [])), b"".join(chunks))
        finally:
            building = self._building.get(key)
            if building is not None and building[1] is future:
                del self._building[key]
            future.set_result(answer)
        if answer is not None and self.version() == version:
            self._keep(key, answer)

    def _keep(self, key: bytes, answer: Answer) -> None:
        if len(answer.body) > self.max_bytes // 8:
            return  # one huge page would push out everything else
        old = self._kept.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._kept[key] = answer
        self._bytes += len(answer.body)
        while len(self._kept) > self.entries or self._bytes > self.max_bytes:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= len(dropped.body)


async def _replay(answer: Answer, send: Send, how: bytes) -> None:
    headers = [*answer.headers, (CACHE_HEADER, how)]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body, "more_body": False})


__all__ = ["CACHED_PREFIXES", "ResponseCacheMiddleware"]
