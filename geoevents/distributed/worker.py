"""The coding actor: loads the pipeline and the knowledge once, then codes batch after batch and writes them.

Ray Data constructs `BatchCoder` once in each actor of the pool and calls it with a block of input rows (see
geoevents.distributed.inputs). It codes the articles with `code_in_process` - the one-process path, so the events
are those of `geoevents code` - writes the batch's events, errors and articles to the output, commits the batch,
and returns one small summary row: the driver never receives events or texts. An article whose coding raises is
coded alone to find it, reported as an error with its reason, and the rest of the batch goes on.
"""

from __future__ import annotations

import os
import resource
import socket
import time
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from geoevents.distributed.inputs import row_article, row_problem
from geoevents.distributed.output import (
    ARTICLES_SCHEMA,
    ERRORS_SCHEMA,
    Output,
    article_key,
    batch_name,
    partition_of,
)
from geoevents.errors import InputError
from geoevents.inprocess import CodedArticle, code_in_process
from geoevents.models import Article
from geoevents.settings import Settings
from geoevents.store.arrow import events_table

WARM_UP = "The president of France met the German chancellor in Paris on Monday, officials said."
_PROBLEM = pa.struct(
    [("kind", pa.string()), ("path", pa.string()), ("line", pa.int32()), ("reason", pa.string())]
)
SUMMARY_SCHEMA = pa.schema(
    [
        ("part", pa.string()), ("node", pa.string()), ("pid", pa.int64()), ("rows", pa.int32()),
        ("coded", pa.int32()), ("known", pa.int32()), ("events", pa.int32()), ("sentences", pa.int32()),
        ("skipped_sentences", pa.int32()), ("words", pa.int64()), ("problems", pa.list_(_PROBLEM)),
        ("started", pa.float64()), ("finished", pa.float64()), ("load_seconds", pa.float64()),
        ("peak_rss_mb", pa.float64()),
    ]
)  # fmt: skip


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class BatchCoder:
    """A Ray Data callable class: one per actor, each with its own pipeline."""

    def __init__(self, settings: Settings, output: Output, run: str) -> None:
        from geoevents.nlp import load_pipeline

        started = time.perf_counter()
        self.settings = settings.with_(processes=1, progress=False)
        self.nlp = load_pipeline(self.settings)
        for _ in code_in_process([Article(id="warm-up", text=WARM_UP)], self.settings, self.nlp):
            pass  # lazily loaded knowledge (places, dates, actors) is loaded now, not in the first batch
        self.load_seconds = time.perf_counter() - started
        self.output = output
        self.run = run
        self.node = _node_name()

    def __call__(self, batch: pa.Table) -> pa.Table:
        started = time.time()
        rows = batch.to_pylist()
        known = sum(row["known"] or 0 for row in rows if row["id"] is None and row["problem"] is None)
        articles = [row_article(row) for row in rows if row["id"] is not None]
        read_errors = [(row["input_key"], row_problem(row)) for row in rows if row["problem"] is not None]
        coded, failed = self._code(articles)
        summary: dict[str, Any] = {"part": None, "rows": len(articles) + len(read_errors), "known": known}
        if articles or read_errors:
            keys = [row["input_key"] for row in rows if row["input_key"] is not None]
            name = batch_name(self.run, keys)
            self.output.write_batch(
                name, self._events(coded), self._articles(coded), self._errors(read_errors, failed)
            )
            summary["part"] = name
        problems = [{"kind": "read", "path": p.path, "line": p.line, "reason": p.reason} for _, p in read_errors]
        problems += [{"kind": "code", "path": a.origin, "line": None, "reason": r} for a, r in failed]
        summary.update(
            node=self.node, pid=os.getpid(), coded=len(coded), events=sum(len(c.events) for c in coded),
            sentences=sum(len(c.sentences) for c in coded),
            skipped_sentences=sum(len(c.skipped_sentences) for c in coded),
            words=sum(len(c.article.text.split()) for c in coded), problems=problems, started=started,
            finished=time.time(), load_seconds=self.load_seconds, peak_rss_mb=peak_rss_mb(),
        )  # fmt: skip
        return pa.Table.from_pylist([summary], schema=SUMMARY_SCHEMA)

    def _code(self, articles: list[Article]) -> tuple[list[CodedArticle], list[tuple[Article, str]]]:
        try:
            return list(code_in_process(articles, self.settings, self.nlp)), []
        except Exception:  # noqa: BLE001 - find the articles that fail; the others are coded as usual
            coded: list[CodedArticle] = []
            failed: list[tuple[Article, str]] = []
            for article in articles:
                try:
                    coded.extend(code_in_process([article], self.settings, self.nlp))
                except Exception as error:  # noqa: BLE001 - reported as the article's error, the batch goes on
                    failed.append((article, f"coding failed ({type(error).__name__}: {error})"))
            return coded, failed

    def _events(self, coded: Iterable[CodedArticle]) -> dict[str, pa.Table]:
        """The batch's events by partition, in article order then event order (as `geoevents code` writes)."""
        by_partition: dict[str, list[dict[str, Any]]] = {}
        for item in coded:
            records = by_partition.setdefault(partition_of(item.article.date), [])
            records.extend({**event.to_dict(), "url": item.article.url} for event in item.events)
        return {partition: events_table(records) for partition, records in by_partition.items() if records}

    def _articles(self, coded: list[CodedArticle]) -> pa.Table:
        now = time.time()
        return pa.Table.from_pylist(
            [_article_record(item, self.run, now) for item in coded], schema=ARTICLES_SCHEMA
        )

    def _errors(self, read: list[tuple[int, InputError]], failed: list[tuple[Article, str]]) -> pa.Table:
        records = [
            {"input_key": key, "kind": "read", "origin": f"{p.path}:{p.line}" if p.line else p.path,
             "path": p.path, "line": p.line, "reason": p.reason, "message": str(p), "run": self.run}
            for key, p in read
        ] + [
            {"input_key": article_key(a.id, a.text_hash), "kind": "code", "article_id": a.id, "origin": a.origin,
             "path": a.origin, "reason": reason, "message": f"{a.origin or a.id}: {reason}", "run": self.run}
            for a, reason in failed
        ]  # fmt: skip
        return pa.Table.from_pylist(records, schema=ERRORS_SCHEMA)


def _node_name() -> str:
    """The host and the Ray node (several nodes can share a host, as in the two-node test of docs/distributed.md)."""
    try:
        import ray

        node = ray.get_runtime_context().get_node_id()[:8]
    except (ImportError, AttributeError, RuntimeError):
        node = "-"
    return f"{socket.gethostname()}/{node}"


def _article_record(item: CodedArticle, run: str, now: float) -> dict[str, Any]:
    import datetime as dt

    article = item.article
    return {
        "input_key": article_key(article.id, article.text_hash), "id": article.id, "title": article.title,
        "date": dt.date.fromisoformat(article.date) if article.date else None, "url": article.url,
        "source": article.source, "origin": article.origin, "text": article.text, "text_hash": article.text_hash,
        "sentences": [{"start": s, "end": e} for s, e in item.sentences], "skipped_sentences": item.skipped_sentences,
        "events": len(item.events), "run": run, "coded_at": dt.datetime.fromtimestamp(now, dt.UTC),
    }  # fmt: skip


__all__ = ["SUMMARY_SCHEMA", "BatchCoder", "peak_rss_mb"]
