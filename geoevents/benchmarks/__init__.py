"""`geoevents bench`: throughput and peak memory of geoevents against bare spaCy on the same corpus.

Every measurement runs in its own child process (multiprocessing "spawn"), so that each one's peak memory is its
own and the model is loaded fresh: first bare spaCy (`nlp.pipe` over the article texts with the same model, batch
size and processes, nothing else), then geoevents (`code_articles`, streaming, events counted and dropped), and
with `store=True` also geoevents writing JSONL to a temporary file and geoevents coding into a temporary DuckDB
store. Both sides batch by article and read the corpus with `geoevents.ingest.read_articles`, streaming.

Words are counted the same way on both sides (whitespace-separated words of the article texts), so the ratio of
words/s is the ratio of speeds. Peak memory is the largest sum of the resident memory of the child and its spaCy
worker processes, sampled every 0.1 s. CPU time (the process and its spaCy workers) is reported next to wall
time: on a machine shared with other work, words per CPU-second compare more steadily than words per second.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from geoevents.settings import Settings

SAMPLE_SECONDS = 0.1
WARM_UP = "The president of France met the German chancellor in Paris on Monday, officials said."
MODES = ("baseline", "geoevents", "jsonl", "store")


@dataclass(frozen=True)
class RunSpec:
    """One measurement, as sent to its child process."""

    mode: str  # one of MODES
    corpus: str
    limit: int | None
    settings: Settings


class PeakMemory:
    """Samples the resident memory of this process plus its children in a thread; `peak_mb` is the largest sum."""

    def __init__(self, interval: float = SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self.start_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:  # a worker that just ended
                continue
        return int(total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self.start_bytes = self.peak_bytes = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, self._sample())

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20


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


def _rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


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


def machine_info() -> dict[str, Any]:
    import psutil
    import spacy

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "platform": platform.platform(),
    }


def bench(
    corpus: str | Path,
    limit: int | None = None,
    processes: int = 1,
    settings: Settings | None = None,
    *,
    prefilter: bool | None = None,
    store: bool = False,
    baseline: bool = True,
    batch_size: int | None = None,
) -> dict[str, Any]:
    """Measure geoevents and bare spaCy on `corpus` (any input format); see the module docstring.

    Returns geoevents' figures at the top level (words_per_s, articles_per_s, sentences_per_s, events_per_s,
    peak_rss_mb, n_articles, n_words ...), the baseline's under "baseline" and as baseline_words_per_s, the
    ratio of words/s, and with `store=True` the JSONL and store runs under "store" with the store's extra cost."""
    from geoevents.errors import InputError
    from geoevents.nlp import model_name

    if not Path(corpus).exists():
        raise InputError(f"{corpus}: corpus not found", str(corpus))
    settings = (settings or Settings.load()).with_(processes=processes, prefilter=prefilter, batch_size=batch_size)
    settings = settings.with_(model=model_name(settings.model))

    def run(mode: str) -> dict[str, Any]:
        return run_in_child(RunSpec(mode, str(corpus), limit, settings))

    result: dict[str, Any] = {"corpus": str(corpus), "limit": limit, "processes": settings.processes}
    result.update(batch_size=settings.batch_size, prefilter=settings.prefilter,
                  table_components=settings.table_components, model=settings.model)
    base = run("baseline") if baseline else None
    main = run("geoevents")
    result.update({k: v for k, v in main.items() if k != "mode"})
    if base is not None:
        result["baseline"] = base
        result["baseline_words_per_s"] = base["words_per_s"]
        result["baseline_peak_rss_mb"] = base["peak_rss_mb"]
        result["ratio"] = _rate(main["words_per_s"], base["words_per_s"])
        # On a shared machine wall time depends on the neighbours; CPU time much less.
        result["cpu_ratio"] = _rate(main["words_per_cpu_s"], base["words_per_cpu_s"])
    if store:
        jsonl, stored = run("jsonl"), run("store")
        result["store"] = {
            "jsonl": jsonl,
            "store": stored,
            "overhead": round(_rate(stored["seconds"], jsonl["seconds"]) - 1, 3),
        }
    result["machine"] = machine_info()
    return result


def _line(name: str, figures: dict[str, Any]) -> str:
    return (
        f"{name:<12} {figures['articles_per_s']:>10.1f} {figures['sentences_per_s']:>11.1f} "
        f"{figures['words_per_s']:>10.0f} {figures['events_per_s']:>9.1f} {figures['peak_rss_mb']:>9.0f} "
        f"{figures['seconds']:>9.1f} {figures['cpu_seconds']:>9.1f}"
    )


def format_bench(result: dict[str, Any]) -> str:
    """A small table for the terminal."""
    machine = result.get("machine", {})
    lines = [
        f"corpus {result['corpus']}: {result['n_articles']} articles, {result['n_words']} words; "
        f"model {result.get('model')}, batch {result.get('batch_size')}, processes {result.get('processes')}, "
        f"prefilter {'on' if result.get('prefilter') else 'off'}, "
        f"table components {'on' if result.get('table_components', True) else 'off'}",
        f"{'':<12} {'articles/s':>10} {'sentences/s':>11} {'words/s':>10} {'events/s':>9} {'peak MB':>9} "
        f"{'seconds':>9} {'CPU s':>9}",
    ]
    if "baseline" in result:
        lines.append(_line("bare spaCy", result["baseline"]))
    lines.append(_line("geoevents", result))
    for name in ("jsonl", "store"):
        if "store" in result:
            lines.append(_line(f"  {name}", result["store"][name]))
    if "ratio" in result:
        lines.append(f"ratio geoevents / bare spaCy (words/s): {result['ratio']:.2f}x wall time, "
                     f"{result['cpu_ratio']:.2f}x CPU time")
    if result.get("n_sentences"):
        share = result["skipped_sentences"] / result["n_sentences"]
        lines.append(f"prefilter skipped {result['skipped_sentences']} of {result['n_sentences']} sentences "
                     f"({share:.0%}); events: {result['n_events']}")
    if "store" in result:
        lines.append(f"storing in DuckDB vs writing JSONL: {result['store']['overhead']:+.1%} time")
    if machine:
        lines.append(
            f"machine: {machine.get('cpu_count')} CPUs ({machine.get('cpu_model')}), {machine.get('ram_gb')} GB RAM, "
            f"Python {machine.get('python')}, spaCy {machine.get('spacy')}"
        )
    return "\n".join(lines)


__all__ = ["PeakMemory", "RunSpec", "bench", "format_bench", "machine_info", "measure", "run_in_child"]
