"""The API's response cache (geoevents/api/cache.py): answers kept until the store's data version moves, on a
small ASGI app of our own (to count the calls that reach it) and on the real server over a store that another
process writes into."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from web.sample import build_sample_store
from web.server import running_server

from geoevents.api.cache import CACHE_HEADER, ResponseCacheMiddleware
from geoevents.server import create_app
from geoevents.settings import Settings

HEADER = CACHE_HEADER.decode()


class Counted:
    """A tiny API whose answers say how often the endpoint ran; `version` is the data version the cache reads."""

    def __init__(self, entries: int = 512, max_bytes: int = 1 << 20, pause: float = 0.0) -> None:
        self.version = 0
        self.calls = 0
        self.pause = pause

        async def answer(request: Request) -> Response:
            self.calls += 1
            if self.pause:
                await asyncio.sleep(self.pause)
            status = int(request.query_params.get("status", "200"))
            size = int(request.query_params.get("size", "0"))
            return JSONResponse({"call": self.calls, "pad": "x" * size}, status_code=status)

        routes = [Route(f"/api/{name}", answer, methods=["GET", "POST"]) for name in ("events", "summary", "sources")]
        self.app = ResponseCacheMiddleware(Starlette(routes=routes), lambda: self.version, entries, max_bytes)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://test")


def run(test: Callable[[httpx.AsyncClient], object], api: Counted) -> None:
    async def main() -> None:
        async with api.client() as client:
            await test(client)  # type: ignore[misc]

    asyncio.run(main())


def test_the_same_get_is_answered_once_until_the_version_moves() -> None:
    api = Counted()

    async def check(client: httpx.AsyncClient) -> None:
        first, second = await client.get("/api/events?limit=5"), await client.get("/api/events?limit=5")
        assert (first.headers[HEADER], second.headers[HEADER]) == ("miss", "hit")
        assert first.content == second.content and api.calls == 1
        assert (await client.get("/api/events?limit=6")).json()["call"] == 2  # another query, another answer
        api.version += 1  # a write
        after = await client.get("/api/events?limit=5")
        assert after.headers[HEADER] == "miss" and after.json()["call"] == 3

    run(check, api)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/events?status=404"), ("GET", "/api/events?status=503"), ("POST", "/api/events"),
     ("GET", "/api/sources")],
)  # fmt: skip
def test_errors_writes_and_uncached_endpoints_always_reach_the_app(method: str, path: str) -> None:
    api = Counted()

    async def check(client: httpx.AsyncClient) -> None:
        for _ in range(3):
            await client.request(method, path)
        assert api.calls == 3

    run(check, api)


def test_a_crowd_asking_at_once_gets_one_build() -> None:
    api = Counted(pause=0.05)

    async def check(client: httpx.AsyncClient) -> None:
        answers = await asyncio.gather(*(client.get("/api/summary") for _ in range(10)))
        assert api.calls == 1 and {a.json()["call"] for a in answers} == {1}

    run(check, api)


def test_an_answer_built_across_a_write_is_not_kept() -> None:
    api = Counted(pause=0.05)

    async def check(client: httpx.AsyncClient) -> None:
        async def write_meanwhile() -> None:
            await asyncio.sleep(0.01)
            api.version += 1

        await asyncio.gather(client.get("/api/summary"), write_meanwhile())
        assert (await client.get("/api/summary")).headers[HEADER] == "miss" and api.calls == 2

    run(check, api)


def test_the_cache_is_bounded_least_recently_used_first() -> None:
    api = Counted(entries=2, max_bytes=8_000)

    async def check(client: httpx.AsyncClient) -> None:
        for query in ("a=1", "a=2", "a=1", "a=3"):  # a=2 is the least recently used when a=3 comes
            await client.get(f"/api/events?{query}")
        assert api.calls == 3
        assert (await client.get("/api/events?a=1")).headers[HEADER] == "hit"
        assert (await client.get("/api/events?a=2")).headers[HEADER] == "miss"
        await client.get("/api/events?size=1500")  # over an eighth of the bytes: answered, not kept
        assert (await client.get("/api/events?size=1500")).headers[HEADER] == "miss"

    run(check, api)


# -- the real server ------------------------------------------------------------------------------------------------

WRITE_FROM_ANOTHER_PROCESS = """
import sys
from geoevents.models import Article
from geoevents.store import Store
with Store.open(sys.argv[1], wait=60) as store:
    store.add_articles([(Article(id="late-1", text="A late article."), [], [])])
"""


def test_a_read_after_another_process_wrote_sees_the_write(tmp_path: Path) -> None:
    """The server holds the store; another process asks for it and writes; the next read is not an old answer."""
    db = build_sample_store(tmp_path / "shared.duckdb")
    with running_server(Settings(db=str(db), wait=60)) as url, httpx.Client(base_url=url, timeout=60) as http:
        before = http.get("/api/summary")
        assert http.get("/api/summary").headers[HEADER] == "hit"
        assert http.get("/api/articles/late-1").status_code == 404
        subprocess.run([sys.executable, "-c", WRITE_FROM_ANOTHER_PROCESS, str(db)], check=True, timeout=120)
        after = http.get("/api/summary")
        assert after.headers[HEADER] == "miss"
        assert after.json()["articles"] == before.json()["articles"] + 1
        assert http.get("/api/articles/late-1").status_code == 200


def test_the_service_version_moves_on_changed_and_on_closing(tmp_path: Path) -> None:
    """geoevents watch --serve calls changed() after each write; closing the store lets other processes write."""
    svc = create_app(Settings(db=str(build_sample_store(tmp_path / "watched.duckdb")))).state.service
    svc.open()
    try:
        version = svc.version
        svc.changed()
        assert svc.version > version
    finally:
        version = svc.version
        svc.close()
    assert svc.version > version


def test_cached_answers_0_keeps_none(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "plain.duckdb")
    with running_server(Settings(db=str(db), cached_answers=0)) as url, httpx.Client(base_url=url) as http:
        answers = [http.get("/api/summary") for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200] and all(HEADER not in a.headers for a in answers)
