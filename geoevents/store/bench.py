"""Store write benchmark on synthetic data: `python -m geoevents.store.bench [N_ARTICLES]`.

Prints articles/s and events/s for store writes and, for comparison, for writing the same events as JSONL.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from geoevents.store.core import Store
from geoevents.store.synthetic import synthetic_item


def bench_store(
    n_articles: int = 5000, batch: int = 200, events_per_article: int = 5, echo: Callable[[str], None] = print
) -> dict[str, float]:
    """Time storing `n_articles` synthetic articles in batches; report figures through `echo`."""
    items = [synthetic_item(i, events_per_article) for i in range(n_articles)]
    n_events = sum(len(ev) for _, ev, _ in items)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl_start = time.perf_counter()
        with open(Path(tmp) / "events.jsonl", "w", encoding="utf-8") as fh:
            for _, events, _ in items:
                for event in events:
                    fh.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        jsonl_s = time.perf_counter() - jsonl_start
        start = time.perf_counter()
        with Store.open(Path(tmp) / "bench.duckdb") as store:
            for k in range(0, n_articles, batch):
                store.add_articles(items[k : k + batch])
            store_s = time.perf_counter() - start
            again = time.perf_counter()
            store.add_articles(items[:batch])  # an already stored batch: the idempotent no-op path
            noop_s = time.perf_counter() - again
            merged = store.count()
    figures = {
        "articles": n_articles, "events": n_events, "merged_events": merged, "store_seconds": store_s,
        "articles_per_s": n_articles / store_s, "events_per_s": n_events / store_s,
        "ms_per_event": 1000 * store_s / n_events, "jsonl_seconds": jsonl_s,
        "jsonl_events_per_s": n_events / jsonl_s, "noop_batch_seconds": noop_s,
    }  # fmt: skip
    echo(
        f"store: {n_articles} articles, {n_events} reports -> {merged} events in {store_s:.2f} s "
        f"({figures['articles_per_s']:.0f} articles/s, {figures['events_per_s']:.0f} events/s, "
        f"{figures['ms_per_event']:.3f} ms/event); JSONL: {jsonl_s:.2f} s ({figures['jsonl_events_per_s']:.0f} "
        f"events/s); re-adding a stored batch of {batch}: {noop_s * 1000:.1f} ms"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n_articles", type=int, nargs="?", default=5000)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    bench_store(args.n_articles, batch=args.batch)


if __name__ == "__main__":
    main()
