"""A `geoevents watch` session for the README: a local feed server with a few news items, a real watch process
with three alert rules, a second batch of news arriving while it runs, then `geoevents alerts` and a screenshot of
the dashboard's Alerts page (docs/alerts.png).

    python scripts/watch_demo.py [--screenshot docs/alerts.png]

Prints the session: each command, then what it printed (stderr lines are the watch's log; stdout lines are the
alerts as JSON, shortened here).
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from live.servers import Entry, FeedServer, serving  # noqa: E402
from live.stories import today  # noqa: E402

from geoevents.settings import Settings  # noqa: E402

FIRST = [
    ("wire-101", "Shells for Moscow",
     "North Korea delivered artillery shells to Russia, South Korean intelligence said on Tuesday. "
     "Seoul condemned the shipments."),
    ("wire-102", "Clash on the frontier",
     "Chinese troops fired on Indian soldiers near the border, Indian officials said."),
    ("wire-103", "Air defence for Kyiv", "Germany sent air defence systems to Ukraine."),
]  # fmt: skip
LATER = [
    ("wire-104", "Moscow warns Seoul",
     "Russia threatened South Korea on Wednesday over its arms shipments to Ukraine."),
    ("wire-105", "Night of strikes", "Russian forces attacked the power grid of Ukraine overnight."),
]  # fmt: skip
RULES = """
[[alert]]
name = "peninsula-deliveries"
dyad = ["PRK", "RUS"]
category = ["AID", "COOPERATE"]
factuality = "asserted"
trigger = "new"

[[alert]]
name = "threats-against-seoul"
recipient = "KOR"
category = "THREATEN"
trigger = "new"

[[alert]]
name = "material-conflict"
quad = 4
trigger = "count"
count = 2
"""


def shorten(line: str) -> str:
    data = json.loads(line)
    keep = {k: data[k] for k in ("alert", "rule", "trigger", "window_start", "value", "event_ids")}
    return json.dumps(keep) + " ..."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", type=Path, default=ROOT / "docs" / "alerts.png")
    args = parser.parse_args()
    geoevents = str(Path(sys.executable).parent / "geoevents")
    feeds = FeedServer()
    folder = Path(tempfile.gettempdir()) / "geoevents-watch-demo"  # a fixed name: it shows in the output
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    with serving(feeds):
        for guid, title, text in FIRST:
            feeds.add("world", Entry(guid, title, text, date=today()), title="Test Wire: World")
        text = (f'[watch]\noutputs = ["stdout", "jsonl:alerts.jsonl"]   # where alerts go, unless a rule says\n\n'
                f'[[source]]\nname = "wire"\nurl = "{feeds.url("/feeds/world")}"\nevery = "10s"\n' + RULES)
        (folder / "sources.toml").write_text(text, encoding="utf-8")
        print("$ cat sources.toml\n" + text)
        print("$ geoevents watch sources.toml --db live.duckdb")
        process = subprocess.Popen([geoevents, "watch", "sources.toml", "--db", "live.duckdb"], cwd=folder,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + 300
        while not (folder / "alerts.jsonl").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)
        for guid, title, body in LATER:
            feeds.add("world", Entry(guid, title, body, date=today()))
        while len((folder / "alerts.jsonl").read_text().splitlines()) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        for line in err.splitlines():
            if "HTTP Request" not in line:
                print(line)
        for line in out.splitlines():
            print(shorten(line))
        print("\n$ geoevents alerts --db live.duckdb")
        listed = subprocess.run([geoevents, "alerts", "--db", "live.duckdb"], cwd=folder, capture_output=True,
                                text=True, check=True)  # fmt: skip
        print(listed.stdout.rstrip())
        screenshot(folder / "live.duckdb", args.screenshot)
        print(f"\n(screenshot of /alerts: {args.screenshot})")
    return 0


def screenshot(db: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright
    from web.browser import CHROMIUM_ARGS, chromium_path
    from web.server import running_server

    with running_server(Settings(db=str(db), read_only=True)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 980}, base_url=url).new_page()
        page.goto("/alerts")
        page.screenshot(path=str(out), full_page=True)
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
