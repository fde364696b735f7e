"""Concurrent load on the HTTP API: N readers on the list, dyad, network and event endpoints, optionally with a
writer POSTing articles into the same store meanwhile. Bounded (a fixed duration, loopback only) and real: it starts
`geoevents serve` on the given store in a child process, or talks to one already running (--url).

    .venv/bin/python scripts/load_api.py --db /tmp/store.duckdb --readers 16 --seconds 20
    .venv/bin/python scripts/load_api.py --db /tmp/store.duckdb --readers 16 --seconds 20 --post articles.jsonl

Prints, per endpoint and in total: requests, requests/s, p50/p99 latency in ms, errors (any status >= 400 or a
failed connection); for the writer: articles posted, their p50/p99, and whether every posted article is stored
exactly once (GET /api/articles/{id} finds it, and the store's article count grew by the number of new ones).
Exit status 1 if any request failed or an article is missing. docs/reliability.md records its figures; its load
table's rows come from saved reports:

    .venv/bin/python scripts/load_api.py --rows run_read_1.json run_write_1.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

READ_PATHS = [
    "/api/events?limit=50",
    "/api/events?limit=50&offset=500",
    "/api/dyads",
    "/api/network",
    "/api/summary",
    "/api/events/{event_id}",
    "/api/dyads/{a}/{b}",
]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(db: str, token: str) -> Iterator[str]:
    """`geoevents serve` on `db` in a child process, until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "geoevents.cli", "serve", "--db", db, "--port", str(port), "--token", token]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if server.poll() is not None:
                said = server.stderr.read().decode()[-2000:] if server.stderr else ""
                raise SystemExit(f"geoevents serve exited: {said}")
            try:
                if httpx.get(url + "/api/summary", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


class Tally:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, name: str, seconds: float, error: str | None) -> None:
        self.latencies[name].append(seconds)
        if error:
            self.errors[name].append(error)


async def timed(
    client: httpx.AsyncClient, tally: Tally, name: str, method: str, path: str, **kw: Any
) -> httpx.Response | None:
    started = time.perf_counter()
    error = None
    response = None
    try:
        response = await client.request(method, path, **kw)
        if response.status_code >= 400:
            error = f"{response.status_code} {response.text[:200]}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    tally.add(name, time.perf_counter() - started, error)
    return response


class Connection:
    """One keep-alive HTTP/1.1 connection that GETs and reads whole answers (Content-Length or chunked): a lean
    client for the readers, so that the load generator does not take the CPU the server is measured with (httpx
    spends about 3.4 ms of CPU a request here, four times what the server spends answering from its cache)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        read, write = self.streams
        try:
            write.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
            head = (await read.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            status = int(head[0].split(" ", 2)[1])
            fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
            if fields.get("transfer-encoding", "").lower() == "chunked":
                body = b""
                while size := int((await read.readuntil(b"\r\n")).split(b";")[0], 16):
                    body += (await read.readexactly(size + 2))[:-2]
                await read.readuntil(b"\r\n")
            else:
                body = await read.readexactly(int(fields.get("content-length", "0")))
            if fields.get("connection", "").lower() == "close":
                await self.close()
            return status, body
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            await self.close()
            raise

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def reader(url: str, tally: Tally, paths: list[tuple[str, str]], stop: float, offset: int) -> None:
    connection = Connection(url)
    i = offset
    try:
        while time.monotonic() < stop:
            name, path = paths[i % len(paths)]
            started = time.perf_counter()
            error = None
            try:
                status, body = await asyncio.wait_for(connection.get(path), 60)
                if status >= 400:
                    error = f"{status} {body[:200].decode('utf-8', 'replace')}"
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, TimeoutError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            tally.add(name, time.perf_counter() - started, error)
            i += 1
    finally:
        await connection.close()


async def writer(client: httpx.AsyncClient, tally: Tally, articles: list[dict[str, Any]], stop: float,
                 token: str) -> list[str]:
    posted: list[str] = []
    for article in articles:
        if time.monotonic() >= stop:
            break
        response = await timed(client, tally, "POST /api/articles", "POST", "/api/articles", json=article,
                               headers={"Authorization": f"Bearer {token}"}, timeout=120)
        if response is not None and response.status_code < 400:
            posted.append(article["id"])
    return posted


async def read_paths(client: httpx.AsyncClient) -> list[tuple[str, str]]:
    """The endpoints with real ids and codes from the store filled in."""
    page = (await client.get("/api/events?limit=50")).json()
    items = page.get("events") or page.get("items") or []
    event_id = items[0]["id"] if items else "none"
    dyads = (await client.get("/api/dyads")).json()
    rows = dyads if isinstance(dyads, list) else dyads.get("dyads", [])
    a, b = (rows[0].get("actor") or "USA", rows[0].get("recipient") or "RUS") if rows else ("USA", "RUS")
    paths = []
    for template in READ_PATHS:
        path = template.format(event_id=quote(event_id), a=quote(str(a)), b=quote(str(b)))
        paths.append((template.split("?")[0] if "{" in template else template, path))
    return paths


async def article_count(client: httpx.AsyncClient) -> int:
    summary = (await client.get("/api/summary")).json()
    return int(summary.get("articles", summary.get("counts", {}).get("articles", -1)))


async def run(url: str, readers: int, seconds: float, articles: list[dict[str, Any]], token: str) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=readers + 2, max_keepalive_connections=readers + 2)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        paths = await read_paths(client)
        before = await article_count(client)
        known = set()
        for article in articles:
            if (await client.get(f"/api/articles/{quote(article['id'], safe='')}")).status_code == 200:
                known.add(article["id"])
        tally = Tally()
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        stop = started + seconds
        tasks = [reader(url, tally, paths, stop, i) for i in range(readers)]
        write_task = asyncio.ensure_future(writer(client, tally, articles, stop, token)) if articles else None
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        posted = await write_task if write_task else []
        missing = [i for i in posted if (await client.get(f"/api/articles/{quote(i, safe='')}")).status_code != 200]
        after = await article_count(client)
    report: dict[str, Any] = {
        "readers": readers, "seconds": round(elapsed, 1), "cpus": os.cpu_count(),
        "load_average_1min_before": round(load_before, 1), "load_average_1min_after": round(os.getloadavg()[0], 1),
        "endpoints": {},
    }  # fmt: skip
    reads = [v for name, values in tally.latencies.items() if not name.startswith("POST") for v in values]
    for name, values in sorted(tally.latencies.items()):
        report["endpoints"][name] = {
            "requests": len(values), "per_second": round(len(values) / elapsed, 1),
            "p50_ms": round(1000 * percentile(values, 0.5)), "p99_ms": round(1000 * percentile(values, 0.99)),
            "errors": len(tally.errors[name]), "first_error": (tally.errors[name] or [None])[0],
        }  # fmt: skip
    report["reads"] = {
        "requests": len(reads), "per_second": round(len(reads) / elapsed, 1),
        "p50_ms": round(1000 * percentile(reads, 0.5)), "p99_ms": round(1000 * percentile(reads, 0.99)),
        "errors": sum(len(e) for n, e in tally.errors.items() if not n.startswith("POST")),
    }  # fmt: skip
    if articles:
        new = len(set(posted) - known)
        report["writer"] = {
            "posted": len(posted), "new": new, "missing": len(missing),
            "stored_once": not missing and after - before == new, "articles_before": before, "articles_after": after,
        }  # fmt: skip
    return report


def table_rows(reports: list[Path]) -> str:
    """The rows of docs/reliability.md's load table, from reports this script printed (saved as JSON)."""
    rows = []
    for path in reports:
        r = json.loads(path.read_text(encoding="utf-8"))
        reads, w = r["reads"], r.get("writer")
        post = r["endpoints"].get("POST /api/articles", {})
        writer = (
            f"{w['posted']} posted, {w['new']} new, {w['missing']} missing, stored once: {w['stored_once']} "
            f"(POST p50 {post.get('p50_ms', 0):,} ms)"
            if w else "-"
        )  # fmt: skip
        rows.append(
            f"| {path.name} | {r['readers']} readers{' + a writer' if w else ''}, {r['seconds']:g} s | "
            f"{r.get('load_average_1min_before', '?')} / {r['load_average_1min_after']} | {reads['requests']:,} | "
            f"{reads['per_second']:,} | {reads['p50_ms']:,} ms | {reads['p99_ms']:,} ms | {reads['errors']} | "
            f"{writer} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="store to serve (starts `geoevents serve` on it)")
    parser.add_argument("--url", help="a server already running (instead of --db)")
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--post", type=Path, help="JSONL of articles to POST one by one while the readers read")
    parser.add_argument("--token", default=os.environ.get("GEOEVENTS_TOKEN", "load-test"))
    parser.add_argument("--rows", type=Path, nargs="+", help="print docs/reliability.md's table rows of saved reports")
    args = parser.parse_args()
    if args.rows:
        print(table_rows(args.rows))
        return 0
    articles = [json.loads(line) for line in args.post.read_text(encoding="utf-8").splitlines()] if args.post else []
    if args.url:
        report = asyncio.run(run(args.url, args.readers, args.seconds, articles, args.token))
    elif args.db:
        with served(args.db, args.token) as url:
            report = asyncio.run(run(url, args.readers, args.seconds, articles, args.token))
    else:
        parser.error("give --db or --url")
    print(json.dumps(report, indent=2))
    failed = report["reads"]["errors"] or any(e["errors"] for e in report["endpoints"].values())
    return 1 if failed or not report.get("writer", {}).get("stored_once", True) else 0


if __name__ == "__main__":
    sys.exit(main())
