"""`code_dataset`: code articles on a Ray cluster (or a local Ray instance) into a coded-Parquet output.

The driver lists the inputs, starts or joins Ray, and streams a Ray Dataset: read tasks turn the inputs into
blocks of rows, `map_batches` sends each block to an actor of a fixed pool (geoevents.distributed.worker), the
actor codes it, writes and commits it, and returns one summary row. The driver only reads those summaries, so its
memory stays flat whatever the size of the archive. An actor that dies is replaced by Ray Data
(whose defaults for an actor pool are `max_restarts=-1`, `max_task_retries=-1`) and its batch retried: the retry
has the same articles, writes the same file names and commits once. A rerun over the same output skips what is
committed and finishes a killed run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from geoevents.distributed.output import Output, new_run
from geoevents.errors import ConfigError, InputError
from geoevents.reports import CodeReport, progress_bar
from geoevents.settings import Settings

INSTALL_HINT = "--engine ray needs Ray: pip install 'geoevents[ray]'"


def require_ray() -> Any:
    """The ray module, or a ConfigError that says how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 - the extra installs ray[data]
    except ImportError as error:
        raise ConfigError(INSTALL_HINT) from error
    return ray


@dataclass
class DatasetReport(CodeReport):
    """A `CodeReport` with what the cluster did: per worker, the start cost, the driver's memory."""

    run: str = ""
    ray_start_seconds: float = 0.0  # starting or joining Ray
    first_batch_seconds: float = 0.0  # from the call to the first batch an actor began (the fixed start cost)
    coding_seconds: float = 0.0  # from the first batch begun to the last batch done
    words: int = 0
    skipped_sentences: int = 0
    workers: dict[str, dict[str, Any]] = field(default_factory=dict)
    driver_rss_mb: list[tuple[int, float]] = field(default_factory=list)  # (articles done, resident MB)
    driver_peak_rss_mb: float = 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.coding_seconds if self.coding_seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "run": self.run, "ray_start_seconds": round(self.ray_start_seconds, 3),
            "first_batch_seconds": round(self.first_batch_seconds, 3),
            "coding_seconds": round(self.coding_seconds, 3), "words": self.words,
            "words_per_s": round(self.words_per_s, 1), "skipped_sentences": self.skipped_sentences,
            "workers": self.workers, "driver_rss_mb": self.driver_rss_mb,
            "driver_peak_rss_mb": round(self.driver_peak_rss_mb, 1),
        }  # fmt: skip


@contextmanager
def ray_session(settings: Settings) -> Iterator[float]:
    """Ray as the settings say: the caller's own Ray if it already started one, else the cluster at
    `settings.address`, else a new local instance (shut down afterwards). Yields the seconds it took."""
    ray = require_ray()
    if ray.is_initialized():
        yield 0.0
        return
    started = time.perf_counter()
    try:
        # "local": a new instance even where `ray start` runs a cluster on this machine (ray.init() would join it).
        address = settings.address or "local"
        ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = f"the Ray cluster at {settings.address}" if settings.address else "a local Ray instance"
        raise ConfigError(f"cannot start or join {where}: {error}") from error
    try:
        yield time.perf_counter() - started
    finally:
        ray.shutdown()


@contextmanager
def _quiet_ray_data(show_progress: bool) -> Iterator[None]:
    """Ray Data's own progress bars and log lines below errors off for the run (geoevents reports itself)."""
    from ray.data import DataContext

    context = DataContext.get_current()
    logger = logging.getLogger("ray.data")
    bars, level = context.enable_progress_bars, logger.level
    context.enable_progress_bars = show_progress
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        context.enable_progress_bars = bars
        logger.setLevel(level)


def code_dataset(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    settings: Settings | None = None,
    columns: dict[str, str] | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    progress_stream: IO[str] | None = None,
) -> DatasetReport:
    """Code `inputs` (files, folders, Parquet article tables, s3:// URIs of Parquet) on Ray into the coded-Parquet
    output `out` (a directory or a URI pyarrow can write); see geoevents.distributed.output for its layout and
    `geoevents load` to merge it into a store. Bad records are reported through `on_problem` and in OUT/errors."""
    called, called_at = time.perf_counter(), time.time()
    settings = settings or Settings.load()
    ray = require_ray()
    if settings.ray_actors < 1 or settings.ray_batch_size < 1 or settings.ray_cpus_per_actor <= 0:
        raise ConfigError("ray_actors and ray_batch_size must be at least 1, ray_cpus_per_actor above 0")
    output = Output.at(out)
    output.prepare(settings)
    report = DatasetReport(destination=output.uri, run=new_run())

    def problem(error: InputError) -> None:
        report.problems.append(str(error))
        if on_problem is not None:
            on_problem(error)

    from geoevents.distributed.source import Reading, input_dataset
    from geoevents.distributed.worker import BatchCoder, peak_rss_mb

    with ray_session(settings) as start_seconds, _quiet_ray_data(False):
        report.ray_start_seconds = start_seconds
        reading = Reading(columns, settings.date_order)
        rows = input_dataset(inputs, reading, output.known_keys(), settings.ray_batch_size, problem)
        if rows is not None:
            coded = rows.map_batches(
                BatchCoder,
                fn_constructor_kwargs={"settings": settings, "output": output, "run": report.run},
                batch_size=settings.ray_batch_size, batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(size=settings.ray_actors),
                num_cpus=settings.ray_cpus_per_actor,
            )  # fmt: skip
            show = progress_bar(settings, progress_stream or _stderr())
            for summary in show(_summaries(coded)):
                _tally(report, summary, problem)
                _sample_driver(report)
    output.clean()
    if report.workers:
        first = min(w["first_started"] for w in report.workers.values())
        last = max(w["last_finished"] for w in report.workers.values())
        report.coding_seconds = max(0.0, last - first)
        report.first_batch_seconds = max(0.0, first - called_at)
    report.driver_peak_rss_mb = peak_rss_mb()
    report.seconds = time.perf_counter() - called
    return report


def code_on_engine(
    inputs: Iterable[str | Path],
    out: str | Path | IO[str] | None,
    *,
    settings: Settings,
    columns: dict[str, str] | None = None,
    on_problem: Callable[[InputError], None] | None = None,
) -> DatasetReport:
    """`geoevents code` with `settings.engine` other than local: checks the engine and the output, then codes."""
    if settings.engine != "ray":
        raise ConfigError(f"engine: expected local or ray, got {settings.engine!r}")
    require_ray()
    if out is None or not isinstance(out, str | Path) or str(out) == "-":
        raise ConfigError(
            "--engine ray writes coded Parquet: give --out DIR (a directory or s3://... URI), then "
            "`geoevents load DIR` merges it into the store"
        )
    return code_dataset(inputs, out, settings=settings, columns=columns, on_problem=on_problem)


def _stderr() -> IO[str]:
    import sys

    return sys.stderr


def _summaries(coded: Any) -> Iterator[dict[str, Any]]:
    for table in coded.iter_batches(batch_size=None, batch_format="pyarrow"):
        yield from table.to_pylist()


def _tally(report: DatasetReport, summary: dict[str, Any], problem: Callable[[InputError], None]) -> None:
    failed = sum(1 for p in summary["problems"] if p["kind"] == "code")
    report.articles_read += summary["coded"] + failed + summary["known"]
    report.articles_coded += summary["coded"]
    report.articles_unchanged += summary["known"]
    report.sentences += summary["sentences"]
    report.events += summary["events"]
    report.words += summary["words"]
    report.skipped_sentences += summary["skipped_sentences"]
    for item in summary["problems"]:
        problem(InputError(item["reason"], item["path"], item["line"]))
    if summary["part"] is None:
        return  # a block of known inputs only: nothing was coded
    worker = report.workers.setdefault(
        f"{summary['node']}:{summary['pid']}",
        {"batches": 0, "articles": 0, "words": 0, "load_seconds": round(summary["load_seconds"], 3),
         "peak_rss_mb": 0.0, "first_started": summary["started"], "last_finished": summary["finished"]},
    )  # fmt: skip
    worker["batches"] += 1
    worker["articles"] += summary["coded"]
    worker["words"] += summary["words"]
    worker["peak_rss_mb"] = round(max(worker["peak_rss_mb"], summary["peak_rss_mb"]), 1)
    worker["first_started"] = min(worker["first_started"], summary["started"])
    worker["last_finished"] = max(worker["last_finished"], summary["finished"])


def _sample_driver(report: DatasetReport) -> None:
    """The driver's resident memory now and then (a power of two of batches, then every 64): it should stay flat."""
    import psutil

    batches = sum(w["batches"] for w in report.workers.values())
    if batches and (batches & (batches - 1) == 0 or batches % 64 == 0):
        rss = psutil.Process().memory_info().rss / 2**20
        report.driver_rss_mb.append((report.articles_read, round(rss, 1)))


__all__ = [
    "DatasetReport", "INSTALL_HINT", "code_dataset", "code_on_engine", "ray_session", "require_ray",
]
