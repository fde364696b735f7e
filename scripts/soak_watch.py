"""Soak `geoevents watch`: many local feeds polled for a long time, one of them misbehaving in turn in every way
the tests know (500, timeout, not XML, XML bomb, 50 MB, redirect loop, drip). The watch runs as a real process;
its memory (RSS) and open file descriptors are sampled, and at the end every article added to a feed must be in
the store exactly once.

    python scripts/soak_watch.py                       # 50 sources, every 10 s, 10 minutes (docs/reliability.md)
    python scripts/soak_watch.py --sources 10 --every 1 --seconds 30 --json   # the short run of `make test`

Prints the samples and a summary (or, with --json, one JSON object); exits 1 when an article is missing or was
stored twice, when a well-behaved source failed, or when the watch did not exit cleanly.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from live.servers import FeedServer, serving  # noqa: E402
from live.stories import STORIES, entry  # noqa: E402

from geoevents.store import Store  # noqa: E402

BAD = "misbehaving"
STORED = re.compile(r" stored (\S+) from ")


@dataclass
class Sample:
    seconds: float  # since the watch was ready
    rss_mb: float
    fds: int
    threads: int
    articles: int  # "stored" lines logged so far


def geoevents_command() -> str:
    return str(Path(sys.executable).parent / "geoevents")


def watch_file(folder: Path, feeds: FeedServer, sources: int, every: float) -> Path:
    timeout = max(2.0, min(20.0, every / 2))
    lines = ["[watch]", f"timeout = {timeout}", f"max_backoff = {max(every * 8, 60)}", ""]
    for n in range(sources - 1):
        url = feeds.url(f"/feeds/s{n:02d}")
        lines += ["[[source]]", f'name = "s{n:02d}"', f'url = "{url}"', f"every = {every}", ""]
    lines += ["[[source]]", f'name = "{BAD}"', f'url = "{feeds.url("/bad/rotate")}"', f"every = {every}", ""]
    lines += ["[[alert]]", 'name = "conflict"', "quad = [3, 4]", "per_dyad = true", 'outputs = ["jsonl:alerts.jsonl"]']
    path = folder / "soak.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Adder:
    """Adds a new item to each feed now and then (on average every `mean` seconds), keeping 20 per feed."""

    def __init__(self, feeds: FeedServer, names: list[str], mean: float, seed: int) -> None:
        self.feeds, self.names, self.mean = feeds, names, mean
        self.rand = random.Random(seed)
        self.added: dict[str, float] = {}  # item id -> when it was added
        self.count = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def add(self, name: str) -> None:
        self.count += 1
        item = entry(self.count % len(STORIES), self.count, name)
        self.feeds.add(name, item, keep=20)
        self.added[item.guid] = time.monotonic()

    def run(self) -> None:
        while not self.stop.wait(1.0):
            for name in self.names:
                if self.rand.random() < 1.0 / self.mean:
                    self.add(name)


def sample(process: psutil.Process, started: float, log: Path) -> Sample:
    with process.oneshot():
        rss = process.memory_info().rss / 2**20
        fds, threads = process.num_fds(), process.num_threads()
    stored = len(STORED.findall(log.read_text(encoding="utf-8", errors="replace")))
    return Sample(round(time.monotonic() - started, 1), round(rss, 1), fds, threads, stored)


def wait_ready(log: Path, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "watching " in log.read_text(encoding="utf-8", errors="replace"):
            return
        if process.poll() is not None:
            raise SystemExit(f"the watch exited early:\n{log.read_text()}")
        time.sleep(0.2)
    raise SystemExit("the watch did not get ready")


def slope_per_minute(samples: list[Sample], field: str) -> float:
    """Least-squares slope of `field` per minute over the samples."""
    if len(samples) < 2:
        return 0.0
    xs = [s.seconds / 60 for s in samples]
    ys = [float(getattr(s, field)) for s in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def soak(sources: int, every: float, seconds: float, mean: float, interval: float, seed: int) -> dict[str, Any]:
    feeds = FeedServer(slow_seconds=max(2.0, min(20.0, every / 2)) + 3)
    names = [f"s{n:02d}" for n in range(sources - 1)]
    with tempfile.TemporaryDirectory() as tmp, serving(feeds):
        folder = Path(tmp)
        adder = Adder(feeds, names, mean, seed)
        for name in names:
            for _ in range(3):
                adder.add(name)
        path = watch_file(folder, feeds, sources, every)
        db, log = folder / "soak.duckdb", folder / "watch.log"
        with log.open("wb") as err:
            process = subprocess.Popen([geoevents_command(), "watch", str(path), "--db", str(db)],
                                       stdout=subprocess.DEVNULL, stderr=err, cwd=folder)  # fmt: skip
            wait_ready(log, process)
            started = time.monotonic()
            watched = psutil.Process(process.pid)
            samples = [sample(watched, started, log)]
            adder.thread.start()
            while time.monotonic() - started < seconds:
                time.sleep(min(interval, max(0.0, seconds - (time.monotonic() - started))))
                samples.append(sample(watched, started, log))
            adder.stop.set()
            adder.thread.join()
            cutoff = time.monotonic()
            time.sleep(every + 5)  # the last items: polled and coded
            samples.append(sample(watched, started, log))
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=120)
        text = log.read_text(encoding="utf-8", errors="replace")
        logged = STORED.findall(text)
        with Store.open(db, read_only=True) as store:
            stored = {a["id"] for a in store.articles(limit=1_000_000)}
            states = {s.name: s for s in store.watch.sources()}
            firings = store.watch.count_firings()
            pending = len(store.watch.deliveries(status="pending"))
    expected = {item for item, at in adder.added.items() if at <= cutoff}
    well = [s for name, s in states.items() if name != BAD]
    after_warmup = [s for s in samples if s.seconds >= min(60.0, seconds / 3)]
    summary = {
        "sources": sources, "every": every, "seconds": seconds, "items_added": len(expected),
        "articles_stored": len(stored), "missing": sorted(expected - stored)[:20],
        "unexpected": sorted(stored - set(adder.added))[:20], "stored_twice": len(logged) - len(set(logged)),
        "polls": sum(s.polls for s in states.values()), "not_modified": sum(s.not_modified for s in states.values()),
        "misbehaving_errors": states[BAD].error_total, "misbehaving_last_error": states[BAD].last_error,
        "well_behaved_errors": sum(s.error_total for s in well), "alerts": firings, "pending_deliveries": pending,
        "exit_code": code, "tracebacks": text.count("Traceback"),
        "rss_mb": {"first": samples[0].rss_mb, "after_warmup": after_warmup[0].rss_mb if after_warmup else None,
                   "max": max(s.rss_mb for s in samples), "last": samples[-1].rss_mb,
                   "slope_per_min_after_warmup": round(slope_per_minute(after_warmup, "rss_mb"), 3)},
        "fds": {"first": samples[0].fds, "min": min(s.fds for s in samples), "max": max(s.fds for s in samples),
                "last": samples[-1].fds, "slope_per_min": round(slope_per_minute(samples, "fds"), 3)},
        "threads": {"first": samples[0].threads, "max": max(s.threads for s in samples), "last": samples[-1].threads},
        "samples": [asdict(s) for s in samples],
    }  # fmt: skip
    summary["ok"] = (not summary["missing"] and not summary["unexpected"] and summary["stored_twice"] == 0
                     and summary["well_behaved_errors"] == 0 and summary["misbehaving_errors"] > 0 and code == 0
                     and summary["tracebacks"] == 0)  # fmt: skip
    return summary


def report(summary: dict[str, Any]) -> str:
    lines = [f"{'seconds':>8} {'RSS MB':>8} {'fds':>5} {'threads':>8} {'articles':>9}"]
    lines += [f"{s['seconds']:>8} {s['rss_mb']:>8} {s['fds']:>5} {s['threads']:>8} {s['articles']:>9}"
              for s in summary["samples"]]  # fmt: skip
    rss, fds = summary["rss_mb"], summary["fds"]
    lines += [
        "",
        f"{summary['sources']} sources every {summary['every']:g} s for {summary['seconds']:g} s: "
        f"{summary['items_added']} items added, {summary['articles_stored']} articles stored, "
        f"{len(summary['missing'])} missing, {summary['stored_twice']} stored twice",
        f"polls {summary['polls']} ({summary['not_modified']} answered 304); misbehaving source: "
        f"{summary['misbehaving_errors']} errors (last: {summary['misbehaving_last_error']}); well-behaved sources: "
        f"{summary['well_behaved_errors']} errors; alerts {summary['alerts']}",
        f"RSS MB: first {rss['first']}, after warm-up {rss['after_warmup']}, max {rss['max']}, last {rss['last']}, "
        f"slope {rss['slope_per_min_after_warmup']} MB/min after warm-up",
        f"open fds: first {fds['first']}, min {fds['min']}, max {fds['max']}, last {fds['last']}, "
        f"slope {fds['slope_per_min']}/min; threads {summary['threads']}",
        f"exit code {summary['exit_code']}, tracebacks {summary['tracebacks']}: {'OK' if summary['ok'] else 'FAILED'}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=50, help="sources, the last one misbehaving (default 50)")
    parser.add_argument("--every", type=float, default=10.0, help="poll interval in seconds (default 10)")
    parser.add_argument("--seconds", type=float, default=600.0, help="how long to run (default 600)")
    parser.add_argument("--new-every", type=float, default=60.0, help="mean seconds between items of a feed")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between samples (default 10)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    summary = soak(args.sources, args.every, args.seconds, args.new_every, args.sample, args.seed)
    print(json.dumps(summary, indent=2, default=str) if args.json else report(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
