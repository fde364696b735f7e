"""Measure `geoevents watch` from an article appearing in a feed to its alert delivered to a webhook.

A local feed server and webhook receiver; the watch runs as a real process polling the feed every EVERY seconds,
with a rule that fires on the first event of each new dyad. Each trial waits a random part of EVERY (so articles
appear at any point between two polls), adds an article about a new pair of countries, and times the webhook's
receipt of its alert. The bound to meet: EVERY + 5 s.

    python scripts/watch_latency.py [--every 10] [--trials 20] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from live.servers import Entry, FeedServer, WebhookReceiver, serving  # noqa: E402
from live.stories import today  # noqa: E402

COUNTRIES = ["France", "Germany", "Spain", "Italy", "Poland", "Japan", "Brazil", "Mexico", "Canada", "Egypt",
             "Kenya", "Chile", "Peru", "Norway", "Sweden", "Vietnam"]  # fmt: skip


def watch_file(folder: Path, feed: str, hook: str, every: float) -> Path:
    path = folder / "latency.toml"
    path.write_text(
        f'[[source]]\nname = "wire"\nurl = "{feed}"\nevery = {every}\n\n'
        f'[[alert]]\nname = "first-accusation"\ncategory = "ACCUSE"\nper_dyad = true\ntrigger = "new"\n'
        f'outputs = ["webhook:{hook}"]\n',
        encoding="utf-8",
    )
    return path


def wait_for(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {what}")


def measure(every: float, trials: int, seed: int) -> dict[str, Any]:
    rand = random.Random(seed)
    pairs = iter(itertools.permutations(COUNTRIES, 2))
    feeds, hook = FeedServer(), WebhookReceiver(fail_first=0)
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, serving(feeds), serving(hook):
        folder = Path(tmp)
        feeds.add("wire", Entry("start", "Start", "The weather in Oslo was mild.", date=today()))
        path = watch_file(folder, feeds.url("/feeds/wire"), hook.url, every)
        log = folder / "watch.log"
        with log.open("wb") as err:
            command = [str(Path(sys.executable).parent / "geoevents"), "watch", str(path), "--db",
                       str(folder / "latency.duckdb")]  # fmt: skip
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, cwd=folder)
            wait_for(lambda: feeds.hits("/feeds/wire"), 300, "the first poll")
            for trial in range(trials):
                time.sleep(rand.uniform(0, every))
                actor, recipient = next(pairs)
                sentence = f"{actor} accused {recipient} of spying on its diplomats."
                added = time.time()
                feeds.add("wire", Entry(f"t{trial}", f"Trial {trial}", f"{sentence} Report {trial}.", date=today()))

                def arrived(sentence: str = sentence) -> float | None:
                    for delivery in hook.delivered():
                        if any(e.get("sentence") == sentence for e in delivery.body.get("events", [])):
                            return delivery.at
                    return None

                received = wait_for(arrived, every + 60, f"the alert of trial {trial}")
                latencies.append(received - added)
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=60)
    ordered = sorted(latencies)
    return {
        "every": every, "trials": trials, "exit_code": code,
        "latency_s": [round(x, 3) for x in latencies],
        "min": round(ordered[0], 3), "median": round(statistics.median(ordered), 3),
        "p95": round(ordered[max(0, int(0.95 * len(ordered)) - 1)], 3), "max": round(ordered[-1], 3),
        "max_beyond_every": round(ordered[-1] - every, 3), "bound": every + 5, "within_bound": ordered[-1] < every + 5,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=10.0, help="poll interval, seconds (default 10)")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.every, args.trials, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"every {result['every']:g} s, {result['trials']} trials: latency min {result['min']} s, median "
              f"{result['median']} s, p95 {result['p95']} s, max {result['max']} s "
              f"(max - every = {result['max_beyond_every']} s; bound every + 5 = {result['bound']:g} s: "
              f"{'met' if result['within_bound'] else 'NOT met'})")  # fmt: skip
        print("latencies:", " ".join(f"{x:.2f}" for x in result["latency_s"]))
    return 0 if result["within_bound"] and result["exit_code"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
