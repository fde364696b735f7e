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

from pathlib import Path
from typing import Any

from geoevents.benchmarks.runs import measure, run_in_child
from geoevents.benchmarks.spec import WARM_UP, PeakMemory, RunSpec, machine_info
from geoevents.benchmarks.spec import rate as _rate
from geoevents.settings import Settings


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

    if settings is not None and settings.engine == "ray":  # Ray against one process and the pool, one run
        from geoevents.benchmarks.distributed import bench_ray

        return bench_ray(corpus, limit, settings.with_(prefilter=prefilter, batch_size=batch_size))
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
    if result.get("engine") == "ray":
        from geoevents.benchmarks.distributed import format_bench_ray

        return format_bench_ray(result)
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


__all__ = ["WARM_UP", "PeakMemory", "RunSpec", "bench", "format_bench", "machine_info", "measure", "run_in_child"]
