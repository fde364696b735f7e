"""Store write benchmark on synthetic data: `python -m geoevents.benchmarks.store [N_ARTICLES]`.

Prints articles/s and events/s for store writes and, for comparison, for writing the same events as JSONL. The
synthetic articles (hand-made events, no spaCy needed) also fill the stores of the store and export tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from geoevents.models import Article, Entity, Event
from geoevents.store import Store

_CODES = (
    "RUS", "UKR", "USA", "FRA", "DEU", "CHN", "KOR", "PRK", "IRN", "ISR", "GBR", "JPN", "IND", "PAK", "TUR",
    "SYR", "IRQ", "EGY", "SAU", "BRA", "MEX", "CAN", "AUS", "NGA", "ZAF", "ETH", "SDN", "AFG", "POL", "ITA",
)  # fmt: skip
_VERBS = (("attacked", "ASSAULT", 4, -9.0), ("condemned", "ACCUSE", 3, -2.0), ("met", "CONSULT", 1, 2.5),
          ("aided", "AID", 2, 10.0), ("threatened", "THREATEN", 3, -3.5))  # fmt: skip
_FACTS = ("asserted", "asserted", "asserted", "negated", "future")


def synthetic_item(i: int, events_per_article: int = 5) -> tuple[Article, list[Event], list[tuple[int, int]]]:
    """Article number `i` with its events and sentence spans; the same `i` always gives the same item."""
    rng = random.Random(i)  # seeded per article: the same i always gives the same article
    date = (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat()
    sentences, plans = [], []
    for _ in range(events_per_article):
        a, b = rng.sample(_CODES, 2)
        verb, category, quad, intensity = rng.choice(_VERBS)
        sentences.append(f"{a} officials {verb} {b} on {date} in synthetic report {i}.")
        plans.append((a, b, verb, category, quad, intensity, rng.choice(_FACTS)))
    text, spans, offset = "", [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence)))
        text += sentence + " "
        offset = len(text)
    article = Article(
        id=f"syn{i:07d}", text=text.strip(), title=f"Synthetic {i}", date=date, url=f"https://example.org/{i}"
    )
    events = []
    for index, ((start, end), (a, b, verb, category, quad, intensity, fact)) in enumerate(
        zip(spans, plans, strict=True)
    ):
        vstart = start + len(a) + len(" officials ")
        bstart = vstart + len(verb) + 1
        events.append(
            Event(
                article_id=article.id, sentence_index=index, sentence=text[start:end], event=category,
                event_text=verb, event_start=vstart, event_end=vstart + len(verb), quad_code=quad,
                intensity=intensity, date=date, factuality=fact, coder="synthetic",
                actor=[Entity(text=a, code=a, sector="GOV", name=a, start=start, end=start + len(a))],
                recipient=[Entity(text=b, code=b, name=b, start=bstart, end=bstart + len(b))],
                sentence_start=start, sentence_end=end,
            )
        )  # fmt: skip
    return article, events, spans


def synthetic_items(
    n: int, start: int = 0, events_per_article: int = 5
) -> Iterator[tuple[Article, list[Event], list[tuple[int, int]]]]:
    for i in range(start, start + n):
        yield synthetic_item(i, events_per_article)


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
