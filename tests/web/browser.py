"""Debian's chromium driven by Playwright (the pip package's bundled driver; no browser download)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    found = os.environ.get("GEOEVENTS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)


@dataclass
class Watch:
    """What a page did that a dashboard must not do: script errors, CSP violations, requests to other hosts."""

    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (run scripts/browser-deps.sh, or apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[tuple[Any, Watch]]:
    """A fresh page at 1280x900 that may only talk to the test server; everything else is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    watch = Watch()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base_url) or url.startswith("data:"):
            request_route.continue_()
        else:
            watch.foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    try:
        yield tab, watch
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts(root_dir: Path) -> Path:
    folder = root_dir / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
