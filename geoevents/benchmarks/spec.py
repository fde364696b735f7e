"""What every measurement of geoevents.benchmarks shares: the run it describes, the memory sampler, the machine, a rate.

Kept apart from the runners (geoevents.benchmarks.runs, geoevents.benchmarks.ray_run) and the reports
(geoevents.benchmarks, geoevents.benchmarks.distributed) so that each of them imports it and none imports another back.
"""

from __future__ import annotations

import os
import platform
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geoevents.settings import Settings

SAMPLE_SECONDS = 0.1


WARM_UP = "The president of France met the German chancellor in Paris on Monday, officials said."


MODES = ("baseline", "geoevents", "jsonl", "store", "ray")


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


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


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


__all__ = ["MODES", "SAMPLE_SECONDS", "WARM_UP", "PeakMemory", "RunSpec", "machine_info", "rate"]
