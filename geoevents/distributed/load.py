"""`load`: merge a coded-Parquet output (of `geoevents code --engine ray`) into the DuckDB store.

Batch after committed batch, the articles with their events and sentence spans go through `Store.add_articles`,
the same call `geoevents code` makes: an article stored with the same text and events is left as it is, a changed
one is replaced, and repeated reports merge into events as they do there. Loading twice changes nothing. Batches
are read in run order, so where a later run re-coded an article whose text changed, the later version wins.
Needs pyarrow and DuckDB only, not Ray.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from geoevents.distributed.output import CommittedBatch, Output
from geoevents.models import Article, Event
from geoevents.reports import progress_bar
from geoevents.settings import Settings
from geoevents.store.arrow import event_dicts

StoreItem = tuple[Article, list[Event], list[tuple[int, int]]]


@dataclass
class LoadReport:
    """What a `load` did; the CLI prints it."""

    source: str = ""
    destination: str = ""
    batches: int = 0
    articles_read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    reports: int = 0
    errors: int = 0  # records the output lists as unreadable or failed (OUT/errors)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__, seconds=round(self.seconds, 3))


def batch_items(articles: pa.Table, events: pa.Table | None) -> Iterator[StoreItem]:
    """A committed batch as `Store.add_articles` items, events in the order the coder produced them."""
    by_article: dict[str, list[Event]] = {}
    for record in event_dicts(events) if events is not None else ():
        by_article.setdefault(record["article_id"], []).append(Event.from_dict(record))
    for row in articles.to_pylist():
        article = Article(
            id=row["id"], text=row["text"], title=row["title"], url=row["url"], source=row["source"],
            origin=row["origin"], date=row["date"].isoformat() if row["date"] else None,
        )  # fmt: skip
        spans = [(span["start"], span["end"]) for span in row["sentences"]]
        yield article, by_article.get(article.id, []), spans


def load(
    source: str | Path, settings: Settings | None = None, *, progress_stream: IO[str] | None = None
) -> LoadReport:
    """Merge the coded-Parquet output at `source` (a directory or URI) into the store at `settings.db`."""
    from geoevents import __version__
    from geoevents.store import Store

    started = time.perf_counter()
    settings = settings or Settings.load()
    output = Output.at(source)
    output.check_readable()
    report = LoadReport(source=output.uri, destination=str(settings.db))
    with Store.open(settings.db, wait=settings.wait) as store:
        run_id = store.start_run(__version__, {**settings.to_dict(), "command": "load", "source": output.uri})
        show = progress_bar(settings, progress_stream or sys.stderr)
        pending: list[StoreItem] = []
        for batch in show(output.batches()):
            pending.extend(_items(output, batch))
            report.batches += 1
            if len(pending) >= max(1, settings.store_batch):
                _add(store, pending, run_id, report)
        _add(store, pending, run_id, report)
        report.errors = output.errors().num_rows
        store.finish_run(run_id, report.to_dict())
    report.seconds = time.perf_counter() - started
    return report


def _items(output: Output, batch: CommittedBatch) -> list[StoreItem]:
    return list(batch_items(batch.articles, output.batch_events(batch)))


def _add(store: Any, pending: list[StoreItem], run_id: str, report: LoadReport) -> None:
    if not pending:
        return
    result = store.add_articles(pending, run_id=run_id)
    report.articles_read += len(pending)
    report.added += result.added
    report.replaced += result.replaced
    report.unchanged += result.unchanged
    report.reports += result.reports
    pending.clear()


__all__ = ["LoadReport", "batch_items", "load"]
