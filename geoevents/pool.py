"""Coding in several local processes: batches of articles go to worker processes, results come back in order.

`code_articles(..., Settings(processes=N))` runs here. spaCy's own `nlp.pipe(n_process=N)` deals batches to its
workers in turn, keeps about two batches in flight per worker and reads the results back in the same turn, so a
worker whose batch parses quickly waits for the slow one; and each Doc comes back serialised (tokens, strings,
the tok2vec tensor) for the calling process to rebuild. Here each worker runs the one-process path
(geoevents.inprocess) on a whole batch and sends back only its results (events, sentence spans, skipped
sentences); a worker takes the next batch as soon as it is free, and the calling process yields the articles in
input order. At most `2 * processes + 1` batches are in flight, so memory stays flat on any stream.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING, Any

from geoevents.batching import batches
from geoevents.inprocess import CodedArticle, code_in_process
from geoevents.models import Article, Event
from geoevents.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

BatchResult = list[tuple[list[Event], list[tuple[int, int]], list[int]]]

# A worker process's pipeline and settings: set once in each worker by the pool's initializer (multiprocessing
# calls a task function by name, so the worker must find them at module level). Empty in the calling process.
_WORKER: dict[str, Any] = {}


def _init_worker(nlp: Language, settings: Settings) -> None:
    _WORKER["nlp"], _WORKER["settings"] = nlp, settings


def _code_batch(articles: list[Article]) -> BatchResult:
    coded = code_in_process(articles, _WORKER["settings"], _WORKER["nlp"])
    return [(c.events, c.sentences, c.skipped_sentences) for c in coded]


def _collect(batch: list[Article], result: AsyncResult[BatchResult]) -> Iterator[CodedArticle]:
    for article, (events, sentences, skipped) in zip(batch, result.get(), strict=True):
        yield CodedArticle(article, events, sentences, skipped)


def code_in_processes(articles: Iterable[Article], settings: Settings, nlp: Language) -> Iterator[CodedArticle]:
    """Code `articles` in `settings.processes` worker processes, each with its own copy of `nlp` (forked where
    the platform forks, else pickled); yields in input order. An error in a worker is raised here."""
    processes = max(1, settings.processes)
    one = settings.with_(processes=1)
    pending: deque[tuple[list[Article], AsyncResult[BatchResult]]] = deque()
    with multiprocessing.get_context().Pool(processes, initializer=_init_worker, initargs=(nlp, one)) as pool:
        for batch in batches(articles, settings.batch_size):
            pending.append((batch, pool.apply_async(_code_batch, (batch,))))
            if len(pending) > 2 * processes:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())


__all__ = ["code_in_processes"]
