"""One Ray run measured from its driver, for `geoevents bench --engine ray` (geoevents.benchmarks.distributed): coded
Parquet written to a temporary directory, words/s over the coding window, the fixed start cost, memory per actor
and of the driver, CPU seconds by process kind."""

from __future__ import annotations

import json
import tempfile
import threading
from itertools import islice
from pathlib import Path
from typing import Any

from geoevents.benchmarks.spec import RunSpec
from geoevents.benchmarks.spec import rate as _rate


class ProcessCpu:
    """CPU seconds of this process's descendants by kind (actors, Ray's own), sampled in a thread: a process that
    ends between samples keeps its last reading."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.last: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        for process in psutil.Process().children(recursive=True):
            try:
                seconds = sum(process.cpu_times()[:2])
                # A prestarted worker becomes an actor later: once an actor, always counted as one.
                kind = "actors" if self.last.get(process.pid, ("",))[0] == "actors" else _kind(process.cmdline())
            except psutil.Error:
                continue
            self.last[process.pid] = (kind, seconds)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> ProcessCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for kind, seconds in self.last.values():
            totals[kind] = round(totals.get(kind, 0.0) + seconds, 2)
        return totals


def _kind(command: list[str]) -> str:
    """The coding actors, and Ray's own processes by role: where Ray's overhead goes."""
    text = " ".join(command)
    if "BatchCoder" in text:
        return "actors"
    lowered = text.lower().replace("_", "")
    for name in ("raylet", "gcsserver", "logmonitor", "dashboard", "monitor.py", "runtimeenv"):
        if name in lowered:
            return f"ray:{name.removesuffix('.py')}"
    if command and command[0].startswith("ray::"):  # other Ray workers: Ray Data's actors, read tasks, idle ones
        return "ray:workers"
    return "ray:other"


def _input_file(spec: RunSpec, folder: Path) -> str:
    """The corpus as the Ray run reads it: itself, or its first `limit` articles as JSONL."""
    if spec.limit is None:
        return spec.corpus
    from geoevents.ingest import read_articles

    path = folder / "input.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for article in islice(read_articles([spec.corpus]), spec.limit):
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    return str(path)


def measure_ray(spec: RunSpec) -> dict[str, Any]:
    """One Ray run in this process (the driver): `code_dataset` into a temporary output, with its figures."""
    import resource

    from geoevents.distributed.engine import code_dataset

    with tempfile.TemporaryDirectory(prefix="geoevents-bench-ray-") as tmp:
        source = _input_file(spec, Path(tmp))
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        with ProcessCpu() as cpu:
            report = code_dataset([source], Path(tmp) / "out", settings=spec.settings.with_(engine="ray"))
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    driver_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    workers = report.workers.values()
    return {
        "mode": f"ray-{spec.settings.ray_actors}",
        "actors": spec.settings.ray_actors,
        "n_articles": report.articles_coded,
        "n_words": report.words,
        "n_sentences": report.sentences,
        "n_events": report.events,
        "skipped_sentences": report.skipped_sentences,
        "seconds": round(report.coding_seconds, 3),
        "total_seconds": round(report.seconds, 3),
        "ray_start_seconds": round(report.ray_start_seconds, 3),
        "first_batch_seconds": round(report.first_batch_seconds, 3),
        "actor_load_seconds": [w["load_seconds"] for w in workers],
        "words_per_s": _rate(report.words, report.coding_seconds),
        "words_per_s_overall": _rate(report.words, report.seconds),
        "articles_per_s": _rate(report.articles_coded, report.coding_seconds),
        "sentences_per_s": _rate(report.sentences, report.coding_seconds),
        "events_per_s": _rate(report.events, report.coding_seconds),
        "actor_peak_rss_mb": [w["peak_rss_mb"] for w in workers],
        "actor_batches": [w["batches"] for w in workers],
        "driver_peak_rss_mb": report.driver_peak_rss_mb,
        "driver_rss_mb": report.driver_rss_mb,
        "cpu_seconds": {"driver": round(driver_cpu, 2), **cpu.by_kind()},
        "peak_rss_mb": round(max([w["peak_rss_mb"] for w in workers] or [0.0]), 1),
    }


__all__ = ["ProcessCpu", "measure_ray"]
