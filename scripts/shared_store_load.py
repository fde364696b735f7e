"""Readers on a running `geoevents serve` while `geoevents code` writes into the same store from another process.

    python scripts/shared_store_load.py STORE CORPUS.jsonl [--articles N] [--readers R]

STORE must exist (e.g. `geoevents code examples/ --db STORE`). The server runs in its own process; R reader
threads ask the list, summary and network endpoints in a loop while `geoevents code` codes the first N articles of
CORPUS into the store. Prints one JSON object: requests, requests/s, p50/p99 latency, errors (any status other
than 200, or a failed connection), the writer's seconds and exit status, and the articles stored before and after
(the difference must be the articles coded). A bounded measurement, not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

import httpx

PATHS = ("/api/events?limit=50", "/api/summary", "/api/network", "/api/events?limit=50&actor=USA")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _geoevents() -> str:
    return str(Path(sys.executable).with_name("geoevents"))


def _articles_stored(store: str) -> int:
    out = subprocess.run([_geoevents(), "summary", "--db", store, "--json"], capture_output=True, text=True, check=True)
    return int(json.loads(out.stdout)["articles"])


def _read(url: str, stop: threading.Event, latencies: list[float], errors: list[str], offset: int) -> None:
    with httpx.Client(base_url=url, timeout=60) as http:
        i = offset
        while not stop.is_set():
            path = PATHS[i % len(PATHS)]
            i += 1
            started = time.perf_counter()
            try:
                status = http.get(path).status_code
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {exc}")
                continue
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"{path}: {status}")


def _wait_listening(server: subprocess.Popen[str]) -> None:
    assert server.stderr is not None
    for line in server.stderr:
        if line.startswith("geoevents dashboard on"):
            return
    raise SystemExit(f"the server stopped: exit {server.wait()}")


def measure(store: str, corpus: str, articles: int, readers: int) -> dict[str, object]:
    before = _articles_stored(store)
    port = _free_port()
    server = subprocess.Popen([_geoevents(), "serve", "--db", store, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        _wait_listening(server)
        threading.Thread(target=lambda: [None for _ in server.stderr or []], daemon=True).start()  # drain the log
        stop, latencies, errors = threading.Event(), [], []  # type: ignore[var-annotated]
        threads = [threading.Thread(target=_read, args=(f"http://127.0.0.1:{port}", stop, latencies, errors, n))
                   for n in range(readers)]  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            part = Path(tmp) / "part.jsonl"
            with open(corpus, encoding="utf-8") as src:
                part.write_text("".join(islice(src, articles)), encoding="utf-8")
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            writer = subprocess.run([_geoevents(), "code", str(part), "--db", store, "--no-progress"],
                                    capture_output=True, text=True)  # fmt: skip
            seconds = time.perf_counter() - started
            stop.set()
            for thread in threads:
                thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    ordered = sorted(latencies)
    return {
        "readers": readers, "articles": articles, "requests": len(ordered),
        "requests_per_s": round(len(ordered) / seconds, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
        "p99_ms": round(1000 * ordered[int(0.99 * (len(ordered) - 1))], 1) if ordered else None,
        "errors": len(errors), "first_errors": errors[:3], "writer_seconds": round(seconds, 1),
        "writer_exit": writer.returncode, "writer_says": writer.stderr.strip().splitlines()[-1:],
        "articles_before": before, "articles_after": _articles_stored(store),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store")
    parser.add_argument("corpus")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--readers", type=int, default=8)
    args = parser.parse_args()
    print(json.dumps(measure(args.store, args.corpus, args.articles, args.readers), indent=2))


if __name__ == "__main__":
    main()
