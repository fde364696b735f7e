"""`geoevents bench CORPUS --engine ray`: the Ray path against the one-process path and the local pool, one run.

Each measurement runs in its own fresh process (as the rest of geoevents.benchmarks): geoevents with one process,
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

import time
from pathlib import Path
from typing import Any

from geoevents.benchmarks.runs import run_in_child
from geoevents.benchmarks.spec import RunSpec, machine_info
from geoevents.benchmarks.spec import rate as _rate
from geoevents.settings import Settings

ACTOR_COUNTS = (1, 2)


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


__all__ = ["bench_ray", "format_bench_ray"]
