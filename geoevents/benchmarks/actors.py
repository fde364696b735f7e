"""Benchmark: how many actor mentions per second the resolver handles.

    python -m geoevents.benchmarks.actors [FILE.jsonl]

FILE is in the format of the actor evaluation files ({text, context, date, ...}); without it a built-in list of
mentions is used. Loading the knowledge is timed apart from resolving, with the hand-written files alone and with the
open dictionaries (geoevents/actors/dictionaries.py), with the memory its objects take.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

SAMPLE = [
    ("US State Department spokesman Matthew Miller", None, "2024-05-01"),
    ("National Security Director Chang Ho-jin of South Korea", None, "2024-11-01"),
    ("North Korean soldiers", None, None),
    ("Chile's Ministry of Mines", None, None),
    ("Tehran", None, None),
    ("a cat named Frank", None, None),
    ("Hungarian", "Senior Hungarian and Romanian officials agreed on Wednesday.", None),
    ("Iraqi towns", "Iran threatened to shell Iraqi towns today.", None),
    ("Vladimir Putin", None, "2024-01-01"),
    ("rebels in Darfur", None, None),
]


def _mentions(path: str | Path | None) -> list[tuple[str, str | None, str | None]]:
    if path is None:
        return list(SAMPLE)
    from geoevents.eval.actors import read_actor_lines

    return [(r["text"], r.get("context") or None, r.get("date") or None) for r in read_actor_lines(path)]


def _timed_load(**options: Any) -> dict[str, Any]:
    """Wall and CPU seconds to build the knowledge, the phrases it holds and the memory its objects take (measured
    in a second build under tracemalloc, which slows allocation down)."""
    import tracemalloc

    from geoevents.actors.knowledge import build_knowledge

    started, cpu_started = time.perf_counter(), time.process_time()
    knowledge = build_knowledge(**options)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    del knowledge
    tracemalloc.start()
    knowledge = build_knowledge(**options)
    memory = tracemalloc.get_traced_memory()[0]  # while the knowledge is alive
    tracemalloc.stop()
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "phrases": len(knowledge.phrases),
            "megabytes": round(memory / 1e6, 1)}


def bench_actors(path: str | Path | None = None, rounds: int = 5) -> dict[str, Any]:
    """Mentions per second over `rounds` passes (with and without the sentence as context)."""
    from geoevents.actors import ActorResolver
    from geoevents.actors.knowledge import build_knowledge

    hand_written = _timed_load(dictionaries=())
    full = _timed_load()
    knowledge = build_knowledge()
    mentions = _mentions(path)
    out: dict[str, Any] = {"mentions": len(mentions), "rounds": rounds, "load_seconds": full["seconds"],
                           "load": {"hand_written": hand_written, "with_dictionaries": full}}
    for label, use_context in (("text_only", False), ("with_context", True)):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(rounds):
            resolver = ActorResolver(knowledge)  # empty caches each round: a round is not a replay of the last
            for text, context, date in mentions:
                resolver.resolve(text, context=context if use_context else None, date=date)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started  # steadier than wall time on a shared machine
        count = rounds * len(mentions)
        out[label] = {"per_second": round(count / elapsed), "microseconds_each": round(1e6 * elapsed / count, 1),
                      "cpu_microseconds_each": round(1e6 * cpu / count, 1)}
    return out


def format_bench(result: dict[str, Any]) -> str:
    lines = []
    for label, load in result["load"].items():
        lines.append(f"knowledge load ({label.replace('_', ' ')}): {load['seconds']} s ({load['cpu_seconds']} s CPU), "
                     f"{load['phrases']:,} phrases, {load['megabytes']} MB")
    lines.append(f"{result['mentions']} mentions x {result['rounds']} rounds")
    for label in ("text_only", "with_context"):
        r = result[label]
        lines.append(f"{label:13} {r['per_second']:>9,} mentions/s  ({r['microseconds_each']} us each, "
                     f"{r['cpu_microseconds_each']} us CPU)")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_bench(bench_actors(sys.argv[1] if len(sys.argv) > 1 else None)))
