"""Alerts, sources and the live overview in a real Chromium: the Alerts page lists fired alerts, each linked to the
events that caused it; a dashboard served by `geoevents watch --serve` updates itself as articles arrive."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from live.harness import FAST, watch_file
from live.made import Made, days_ago, made_store
from live.servers import FeedServer, free_port
from live.stories import entry
from web.server import running_server

from geoevents.settings import Settings
from geoevents.store import Store
from geoevents.watch import ServeOptions, watch
from geoevents.watch.alerts import evaluate
from geoevents.watch.rules import parse_rule

pytestmark = pytest.mark.browser
pytest_plugins = ["web.browser", "live.fixtures"]  # browser, artifacts; feeds, watch_nlp


@dataclass
class Seen:
    """What a page did that a dashboard must not do: script errors, CSP violations, requests to other hosts."""

    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@contextmanager
def tab_on(browser: Any, base: str) -> Iterator[tuple[Any, Seen]]:
    """A page that may only talk to `base`; console errors and foreign requests are recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    seen = Seen()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base) or url.startswith("data:"):
            request_route.continue_()
        else:
            seen.foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    try:
        yield tab, seen
    finally:
        context.close()


def clean(seen: Seen) -> None:
    assert seen.errors == [] and seen.foreign == [], (seen.errors, seen.foreign)


@pytest.fixture(scope="module")
def alerts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    events = [Made("a1", days_ago(1)), Made("a2", days_ago(1), "SANCTION"), Made("a3", days_ago(0), "COERCE"),
              Made("a4", days_ago(0), "THREATEN", "RUS", "KOR")]  # fmt: skip
    db = made_store(tmp_path_factory.mktemp("alerts") / "alerts.duckdb", events)
    rule = parse_rule({"name": "russia-vs-ukraine", "dyad": ["RUS", "UKR"], "trigger": "count", "count": 1},
                      db.parent, "t")  # fmt: skip
    with Store.open(db) as store:
        firings = evaluate(store, [rule])
        store.watch.add_firings(firings, {f.id: ["stdout"] for f in firings})
    with running_server(Settings(db=str(db), read_only=True)) as url:
        yield url


def test_the_alerts_page_lists_fired_alerts_linked_to_their_events(
    browser: Any, alerts_server: str, artifacts: Path
) -> None:
    alerts = httpx.get(f"{alerts_server}/api/alerts").json()["alerts"]
    assert len(alerts) == 2
    with tab_on(browser, alerts_server) as (tab, seen):
        tab.goto("/alerts")
        assert "Alerts" in tab.inner_text("h1") and "fired once" in tab.inner_text("main")
        cards = tab.locator("#alert-list li.alert")
        assert cards.count() == 2
        for n, alert in enumerate(alerts):  # latest first, as the API
            card = cards.nth(n)
            assert card.get_attribute("id") == f"alert-{alert['id']}"
            links = card.locator("ol.events-of-alert a.alert-sentence")
            assert links.count() == len(alert["event_ids"])
            assert links.evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
                f"/events/{i}" for i in alert["event_ids"]]  # fmt: skip
        tab.screenshot(path=str(artifacts / "alerts.png"), full_page=True)
        first = cards.nth(1).locator("a.alert-sentence").first
        sentence = first.inner_text()
        first.click()
        tab.wait_for_url("**/events/*")
        assert sentence in tab.inner_text("main")
        assert tab.locator(".article-text .hl-trigger").count() >= 1
        clean(seen)


def test_a_watch_dashboard_updates_itself_as_articles_arrive(
    browser: Any, feeds: FeedServer, watch_nlp: Any, tmp_path: Path, artifacts: Path
) -> None:
    feeds.add("news", entry(0, 1, "n"))
    rules = [{"name": "rus-kor", "dyad": ["RUS", "KOR"], "outputs": ["jsonl:alerts.jsonl"]}]
    path = watch_file(tmp_path, [{"name": "news", "url": feeds.url("/feeds/news"), "every": 0.5}], rules, FAST)
    port, stop = free_port(), threading.Event()
    base = f"http://127.0.0.1:{port}"
    runner = threading.Thread(target=watch, args=(path, Settings(db=str(tmp_path / "live.duckdb"))), daemon=True,
                              kwargs={"serve": ServeOptions(port=port), "stop": stop, "handle_signals": False,
                                      "nlp": watch_nlp})  # fmt: skip
    runner.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/overview").json()["summary"]["articles"] == 1:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        with tab_on(browser, base) as (tab, seen):
            tab.goto("/")
            assert "Live" in tab.inner_text("#live-status")
            assert tab.inner_text("#count-articles") == "1"
            tab.evaluate("window.__notReloaded = true")
            feeds.add("news", entry(2, 2, "n"))  # RUS -> KOR: fires the alert
            deadline = time.monotonic() + 60
            while tab.inner_text("#count-articles").strip() != "2" and time.monotonic() < deadline:
                time.sleep(0.2)
            assert tab.inner_text("#count-articles").strip() == "2"
            assert tab.evaluate("window.__notReloaded") is True  # updated in place, not reloaded
            assert tab.locator("main[data-refreshed]").count() == 1
            tab.goto("/alerts")
            assert tab.locator("#alert-list li.alert").count() == 1
            assert "RUS → KOR" in tab.inner_text("#alert-list")
            tab.goto("/sources")
            assert "A watch is running" in tab.inner_text("main")
            assert tab.locator("#source-table tbody tr, #source-table tr").filter(has_text="news").count() == 1
            tab.screenshot(path=str(artifacts / "sources.png"), full_page=True)
            clean(seen)
    finally:
        stop.set()
        runner.join(timeout=60)
    assert not runner.is_alive()
