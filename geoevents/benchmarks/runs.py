"""Running one measurement of geoevents.benchmarks: bare spaCy, geoevents (counting, JSONL or store) or a Ray driver,
each in its own spawned child process so that its peak memory and its model load are its own."""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from geoevents.benchmarks.spec import WARM_UP, PeakMemory, RunSpec
from geoevents.benchmarks.spec import rate as _rate


def _articles(spec: RunSpec, counts: dict[str, Any]) -> Iterator[Any]:
    """The corpus, streaming, limited; counts articles and words as they pass."""
    from geoevents.ingest import read_articles

    for article in islice(read_articles([spec.corpus]), spec.limit):
        counts["articles"] += 1
        counts["words"] += len(article.text.split())
        yield article


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (spaCy's workers are joined when `nlp.pipe` ends)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _start_clock(counts: dict[str, Any]) -> None:
    """Timing starts once the model is loaded: loading is reported apart, as load_seconds."""
    counts["cpu1"] = _cpu_seconds()
    counts["t1"] = time.perf_counter()


def _run_baseline(spec: RunSpec, counts: dict[str, Any]) -> None:
    from geoevents.nlp import load_spacy

    nlp = load_spacy(spec.settings)
    nlp(WARM_UP)
    counts["load_seconds"] = time.perf_counter() - counts.pop("t0")
    _start_clock(counts)
    texts = (article.text for article in _articles(spec, counts))
    for doc in nlp.pipe(texts, batch_size=spec.settings.batch_size, n_process=max(1, spec.settings.processes)):
        counts["sentences"] += sum(1 for _ in doc.sents)


def _run_geoevents(spec: RunSpec, counts: dict[str, Any]) -> None:
    from geoevents.coding import CodeReport, _code_to_jsonl, _code_to_store, code_articles
    from geoevents.nlp import load_pipeline

    settings = spec.settings.with_(progress=False)
    nlp = load_pipeline(settings)
    # Lazily loaded knowledge (places, dates, actors) is loaded here, not charged to the first articles.
    from geoevents.models import Article

    for _ in code_articles([Article(id="warm-up", text=WARM_UP)], settings.with_(processes=1), nlp):
        pass
    counts["load_seconds"] = time.perf_counter() - counts.pop("t0")
    _start_clock(counts)
    articles = _articles(spec, counts)
    if spec.mode == "geoevents":
        for coded in code_articles(articles, settings, nlp):
            counts["sentences"] += len(coded.sentences)
            counts["events"] += len(coded.events)
            counts["skipped_sentences"] += len(coded.skipped_sentences)
        return
    report = CodeReport()
    with tempfile.TemporaryDirectory(prefix="geoevents-bench-") as tmp:
        if spec.mode == "jsonl":
            _code_to_jsonl(articles, Path(tmp) / "events.jsonl", settings, report, nlp)
        else:
            _code_to_store(articles, settings.with_(db=str(Path(tmp) / "bench.duckdb")), report, nlp)
    counts["sentences"] += report.sentences
    counts["events"] += report.events


def measure(spec: RunSpec) -> dict[str, Any]:
    """Run one measurement in this process and return its figures."""
    if spec.mode == "ray":  # the driver of a Ray run (geoevents/benchmarks/ray_run.py)
        from geoevents.benchmarks.ray_run import measure_ray

        return measure_ray(spec)
    counts: dict[str, Any] = dict.fromkeys(("articles", "words", "sentences", "events", "skipped_sentences"), 0)
    counts["t0"] = time.perf_counter()
    with PeakMemory() as memory:
        if spec.mode == "baseline":
            _run_baseline(spec, counts)
        else:
            _run_geoevents(spec, counts)
        seconds = time.perf_counter() - counts.pop("t1")
        counts["cpu_seconds"] = _cpu_seconds() - counts.pop("cpu1")
    return _figures(spec.mode, counts, seconds, memory.peak_mb)


def _figures(mode: str, counts: dict[str, Any], seconds: float, peak_mb: float) -> dict[str, Any]:
    return {
        "mode": mode,
        "n_articles": counts["articles"],
        "n_words": counts["words"],
        "n_sentences": counts["sentences"],
        "n_events": counts["events"],
        "skipped_sentences": counts["skipped_sentences"],
        "seconds": round(seconds, 3),
        "load_seconds": round(counts.get("load_seconds", 0.0), 3),
        "articles_per_s": _rate(counts["articles"], seconds),
        "sentences_per_s": _rate(counts["sentences"], seconds),
        "words_per_s": _rate(counts["words"], seconds),
        "events_per_s": _rate(counts["events"], seconds),
        "peak_rss_mb": round(peak_mb, 1),
        "cpu_seconds": round(counts["cpu_seconds"], 3),
        "words_per_cpu_s": _rate(counts["words"], counts["cpu_seconds"]),
    }


def _child(spec: RunSpec, queue: Any, start_method: str) -> None:
    """Entry point of a measurement's child process: the figures, or the error, go back through `queue`.

    A spawned child starts its own children with "spawn" too, whatever the platform's default; spaCy's worker
    processes must start as they do under `geoevents code` on this machine (on Linux: forked from the loaded
    pipeline), or the benchmark would time pickling and re-importing the pipeline per worker."""
    multiprocessing.set_start_method(start_method, force=True)
    try:
        queue.put(("ok", measure(spec)))
    except Exception as exc:  # noqa: BLE001 - any failure must reach the parent as a message, not a hang
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def _result(queue: Any, process: Any) -> tuple[str, Any]:
    """The child's message; a child that died without one (killed, crashed at start) is an error, not a hang."""
    import queue as queues

    while True:
        try:
            return queue.get(timeout=1.0)
        except queues.Empty:
            if not process.is_alive():
                return "error", f"the measuring process ended without a result (exit code {process.exitcode})"


def run_in_child(spec: RunSpec) -> dict[str, Any]:
    """`measure(spec)` in a fresh spawned process: its peak memory and its model load are its own."""
    from geoevents.errors import GeoeventsError

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start_method = multiprocessing.get_start_method()  # what `geoevents code` would use here
    process = context.Process(target=_child, args=(spec, queue, start_method), name=f"geoevents-bench-{spec.mode}")
    process.start()
    try:
        status, payload = _result(queue, process)
    finally:
        process.join()
    if status != "ok":
        raise GeoeventsError(f"bench ({spec.mode}) failed: {payload}")
    return payload


__all__ = ["measure", "run_in_child"]
