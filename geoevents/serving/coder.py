"""The server's coder: articles POSTed to /api/articles are coded in one worker process of the server's own, which
loads the NLP pipeline once, on the first POST; the server process only stores what comes back.

Why a process: coding is pure-Python-heavy CPU work that holds the GIL. Run in the server's process it took turns
with the readers' requests, and every read waited for it (the load test's read p99 went from 30 ms to 280 ms with a
writer on the same process). In a process of its own it takes the other core, and the readers keep theirs.

The worker is started with "spawn" (a fork of a server running threads and an open DuckDB store is not safe), runs
the one-process path (`geoevents.inprocess.code_in_process`) and sends back only the results, as
`geoevents.pool` does. If the worker dies (killed, out of memory), the next call starts a new one; if the server
dies, the worker leaves within a second.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from geoevents.inprocess import CodedArticle, PieceResult, code_in_process
from geoevents.models import Article
from geoevents.settings import Settings

PARENT_CHECK_SECONDS = 1.0
# The worker process's pipeline, loaded by its first task (a task function is called by name in the worker, so it
# finds the pipeline at module level). Empty in the server's process.
_WORKER: dict[str, Any] = {}


def _leave_with_the_server(server_pid: int) -> None:
    """In the worker: exit once the server is gone. A server killed with SIGKILL cannot stop its worker, which
    would otherwise stay, with its pipeline in memory, until the machine restarts."""

    def watch() -> None:
        while os.getppid() == server_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="geoevents-coder-parent", daemon=True).start()


def _code_in_worker(settings: Settings, articles: list[Article]) -> list[PieceResult]:
    if "nlp" not in _WORKER:
        from geoevents.nlp import load_pipeline

        _WORKER["nlp"] = load_pipeline(settings)
    return [(c.events, c.sentences, c.skipped_sentences) for c in code_in_process(articles, settings, _WORKER["nlp"])]


class Coder:
    """Codes batches of articles in one worker process, one batch at a time; thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.with_(processes=1, progress=False)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def code(self, articles: list[Article]) -> list[CodedArticle]:
        """The articles coded, in order. An error of the pipeline (e.g. ModelNotFoundError) is raised here."""
        with self._lock:
            try:
                results = self._worker().submit(_code_in_worker, self.settings, articles).result()
            except BrokenProcessPool:  # the worker died: once more, in a new one
                self._stop()
                results = self._worker().submit(_code_in_worker, self.settings, articles).result()
        return [CodedArticle(a, *r) for a, r in zip(articles, results, strict=True)]

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_leave_with_the_server,
                initargs=(os.getpid(),),
            )
        return self._pool

    def _stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


__all__ = ["Coder"]
