"""Time the dashboard and API over a synthetic store: the sample articles copied N times over a year.

    python tests/web/measure.py [--copies 500] [--repeat 5]

Prints the build time and, per URL, the median and slowest response time over a real uvicorn server. The first
request to `/` computes the timeline (cached afterwards until the next POST); both are shown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geoevents.settings import Settings  # noqa: E402
from geoevents.store import Store  # noqa: E402
from web.sample import sample_items  # noqa: E402
from web.server import running_server  # noqa: E402

URLS = ["/api/summary", "/api/events?limit=50", "/api/events?actor=RUS&quad=4&limit=50", "/api/network",
        "/api/dyads/RUS/UKR?interval=week", "/api/entities", "/events", "/network", "/dyads/RUS/UKR", "/"]  # fmt: skip


def synthetic(copies: int) -> list:
    items, start = [], dt.date(2024, 1, 1)
    for copy in range(copies):
        date = (start + dt.timedelta(days=copy % 365)).isoformat()
        for article, events, spans in sample_items():
            new_id = f"{article.id}-{copy}"
            moved = replace(article, id=new_id, date=date)
            items.append((moved, [replace(e, article_id=new_id, date=date, id="") for e in events], spans))
    return items


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.duckdb"
        started = time.perf_counter()
        items = synthetic(args.copies)
        with Store.open(db) as store:
            for i in range(0, len(items), 1000):
                store.add_articles(items[i : i + 1000])
            summary = store.summary()
        print(f"store: {summary['articles']} articles, {summary['events']} events, {summary['reports']} reports, "
              f"built in {time.perf_counter() - started:.1f} s")  # fmt: skip
        with running_server(Settings(db=str(db), read_only=True)) as url, httpx.Client(base_url=url, timeout=600) as c:
            first = time.perf_counter()
            c.get("/").raise_for_status()
            print(f"{'/ (first, computes the timeline)':45s} {1000 * (time.perf_counter() - first):8.1f} ms")
            for path in URLS:
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    c.get(path).raise_for_status()
                    times.append(1000 * (time.perf_counter() - t0))
                print(f"{path:45s} {statistics.median(times):8.1f} ms median, {max(times):8.1f} ms max")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
