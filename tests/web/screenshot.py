"""Take the README's dashboard screenshot from a real store (default: examples/ coded into a temporary store).

    python tests/web/screenshot.py [--db STORE] [--out docs/screenshot.png]

Runs the real server on a free localhost port and Debian's chromium (Playwright); clicks the busiest actor of the
network so the picture shows the graph and the event list it opens.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from geoevents.settings import Settings  # noqa: E402
from web.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from web.server import running_server  # noqa: E402


def code_examples(db: Path) -> None:
    from geoevents.coding import code

    code([str(ROOT / "examples")], settings=Settings(db=str(db)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to show (default: code examples/ into a temporary store)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "examples.duckdb"
        if args.db is None:
            code_examples(db)
        with running_server(Settings(db=str(db), read_only=True)) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=url).new_page()
            page.goto("/network")
            page.locator("g.node").first.click()  # nodes come busiest first
            page.locator("#panel-events li").first.wait_for()
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
