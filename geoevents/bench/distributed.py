"""`geoevents bench CORPUS --engine ray`: the Ray path against the one-process path and the local pool, one run.

Each measurement runs in its own fresh process (as the rest of geoevents.bench): geoevents with one process,
geoevents with the two-process pool, then `code_dataset` on a new local Ray instance with 1 actor and with 2
actors, writing coded Parquet to a temporary directory. For the Ray runs the measuring process is the driver.

Ray's words/s are taken over its coding window - from the first batch an actor began to the last it finished -
since the one-process and pool figures also leave their model loading out (load_seconds); Ray's fixed start cost
is reported apart: starting Ray (`ray_start_seconds`) and the time to the first batch (`first_batch_seconds`:
Ray, the dataset plan, the actors and their pipelines). `words_per_s_overall` counts everything from the call.
Memory: each actor's peak resident memory (its own getrusage), the driver's peak and its resident memory sampled
during the run (it should stay flat). CPU seconds are split between the driver, the actors and Ray's own
processes (raylet, GCS, agents, read tasks), sampled every half second.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path
from typing import Any

from geoevents.bench import RunSpec, _rate, machine_info, run_in_child
from geoevents.settings import Settings

ACTOR_COUNTS = (1, 2)


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


def bench_ray(corpus: str | Path, limit: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """The one-process path, the two-process pool and Ray with 1 and 2 actors on `corpus`, one after another."""
    from geoevents.errors import InputError
    from geoevents.nlp import model_name

    if not Path(corpus).exists():
        raise InputError(f"{corpus}: corpus not found", str(corpus))
    settings = (settings or Settings.load()).with_(progress=False)
    settings = settings.with_(model=model_name(settings.model), engine="local")
    result: dict[str, Any] = {"engine": "ray", "corpus": str(corpus), "limit": limit,
                              "batch_size": settings.batch_size, "ray_batch_size": settings.ray_batch_size}  # fmt: skip
    started = time.perf_counter()
    result["one_process"] = run_in_child(RunSpec("geoevents", str(corpus), limit, settings.with_(processes=1)))
    result["pool"] = run_in_child(RunSpec("geoevents", str(corpus), limit, settings.with_(processes=2)))
    result["ray"] = {}
    for actors in ACTOR_COUNTS:
        spec = RunSpec("ray", str(corpus), limit, settings.with_(ray_actors=actors, processes=1))
        result["ray"][str(actors)] = run_in_child(spec)
    one, pool = result["one_process"]["words_per_s"], result["pool"]["words_per_s"]
    for actors, figures in result["ray"].items():
        figures["ratio_to_one_process"] = round(_rate(figures["words_per_s"], one), 3)
        figures["ratio_to_pool"] = round(_rate(figures["words_per_s"], pool), 3)
        figures["overall_ratio_to_one_process"] = round(_rate(figures["words_per_s_overall"], one), 3)
        figures["same_events_as_one_process"] = figures["n_events"] == result["one_process"]["n_events"]
        result[f"ray_{actors}_ratio"] = figures["ratio_to_one_process"]
    result["pool_ratio"] = round(_rate(pool, one), 3)
    result["bench_seconds"] = round(time.perf_counter() - started, 1)
    result["machine"] = machine_info()
    return result


def format_bench_ray(result: dict[str, Any]) -> str:
    one, pool = result["one_process"], result["pool"]
    lines = [
        f"corpus {result['corpus']}: {one['n_articles']} articles, {one['n_words']} words; batch "
        f"{result['batch_size']}, Ray batch {result['ray_batch_size']}",
        f"{'':<14} {'words/s':>9} {'ratio':>6} {'seconds':>8} {'events':>7} {'peak MB':>8}",
        f"{'one process':<14} {one['words_per_s']:>9.0f} {1:>6.2f} {one['seconds']:>8.1f} {one['n_events']:>7} "
        f"{one['peak_rss_mb']:>8.0f}",
        f"{'pool, 2 procs':<14} {pool['words_per_s']:>9.0f} {result['pool_ratio']:>6.2f} {pool['seconds']:>8.1f} "
        f"{pool['n_events']:>7} {pool['peak_rss_mb']:>8.0f}",
    ]
    for actors, ray in result["ray"].items():
        lines.append(
            f"{'Ray, ' + actors + ' actor' + ('s' if actors != '1' else ''):<14} {ray['words_per_s']:>9.0f} "
            f"{ray['ratio_to_one_process']:>6.2f} {ray['seconds']:>8.1f} {ray['n_events']:>7} "
            f"{ray['peak_rss_mb']:>8.0f}  (vs pool {ray['ratio_to_pool']:.2f}x; start "
            f"{ray['first_batch_seconds']:.1f}s of which Ray {ray['ray_start_seconds']:.1f}s; overall "
            f"{ray['overall_ratio_to_one_process']:.2f}x; "
            f"driver peak {ray['driver_peak_rss_mb']:.0f} MB; CPU s {ray['cpu_seconds']})"
        )
    return "\n".join(lines)


__all__ = ["ProcessCpu", "bench_ray", "format_bench_ray", "measure_ray"]
