"""The dashboard in a real Chromium: every page loads and explains itself, filters work, a click on the network
leads to an event whose words are highlighted. Screenshots go to test-artifacts/ (the README's picture comes from
tests/web/screenshot.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from web.browser import Watch

pytestmark = pytest.mark.browser
pytest_plugins = ["web.fixtures", "web.browser"]  # sample_db, base_url, client; browser, page, artifacts

Page = tuple[Any, "Watch"]
PAGES = [
    ("/", "Overview", "who did what to whom"),
    ("/network", "Actor network", "Click a circle"),
    ("/dyads", "Dyads", "A dyad is a pair of actors"),
    ("/dyads/RUS/UKR", "Russia (RUS) and Ukraine (UKR)", "mean intensity"),
    ("/events", "Events", "Narrow the list with the filters"),
    ("/articles", "Articles", "news articles the events were coded from"),
    ("/articles/art-04", "Talks in Ankara", "event reports"),
    ("/entities", "Actors", "country code"),
    ("/docs", "HTTP API", "Everything the dashboard shows is also available as JSON"),
]


def clean(watch: Watch) -> None:
    assert watch.errors == [], f"console errors or CSP violations: {watch.errors}"
    assert watch.foreign == [], f"requests to other hosts: {watch.foreign}"


def shot(tab: Any, artifacts: Path, name: str) -> Path:
    path = artifacts / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize(("path", "heading", "explanation"), PAGES)
def test_every_page_loads_and_explains_itself(
    page: Page, artifacts: Path, path: str, heading: str, explanation: str
) -> None:
    tab, watch = page
    response = tab.goto(path)
    assert response is not None and response.status == 200
    tab.wait_for_load_state("networkidle")
    assert heading in tab.inner_text("h1")
    assert explanation in tab.inner_text("main")
    assert tab.locator("header nav a.active").count() == 1
    assert tab.title().endswith("geoevents")
    shot(tab, artifacts, "page" + re.sub(r"[^A-Za-z0-9]+", "-", path).rstrip("-"))
    clean(watch)


def test_overview_numbers_match_the_api(page: Page, client: httpx.Client, artifacts: Path) -> None:
    tab, watch = page
    summary = client.get("/api/summary").json()
    tab.goto("/")
    assert tab.inner_text("#count-events") == str(summary["events"])
    assert tab.inner_text("#count-articles") == str(summary["articles"])
    rows = tab.locator("#quad-breakdown tr")
    assert rows.count() == 4
    for i, code in enumerate("1234"):
        assert rows.nth(i).locator("td.num").inner_text() == str(summary["by_quad"].get(code, 0))
    bars = tab.locator("svg.chart rect.bar")
    assert bars.count() > 0
    titles = tab.locator("svg.chart rect.bar title").all_text_contents()
    assert len(titles) == bars.count() and any("material conflict event" in t for t in titles)
    tab.click("text=month")
    assert tab.url.endswith("/?interval=month")
    monthly = client.get("/api/timeline", params={"interval": "month"}).json()["periods"]
    assert tab.locator("svg.chart text.tick[text-anchor=middle]").count() == len(monthly)
    shot(tab, artifacts, "overview-month")
    clean(watch)


def test_event_filters_in_the_form(page: Page, client: httpx.Client) -> None:
    tab, watch = page
    tab.goto("/events")
    tab.fill("input[name=actor]", "RUS")
    tab.select_option("select[name=quad]", "4")
    tab.click("form.filters button[type=submit]")
    tab.wait_for_url(re.compile(r"quad=4"))
    expected = client.get("/api/events", params={"actor": "RUS", "quad": "4"}).json()
    rows = tab.locator("table.events tbody tr")
    assert rows.count() == len(expected["events"]) > 0
    for i in range(rows.count()):
        assert "material conflict" in rows.nth(i).inner_text()
        assert "RUS" in rows.nth(i).locator("td").nth(1).inner_text()
    assert f"of {expected['total']} events" in tab.inner_text("nav.pager")
    assert tab.input_value("input[name=actor]") == "RUS", "the form keeps the filters"
    tab.click("a.reset")
    assert tab.locator("table.events tbody tr").count() == client.get("/api/events").json()["total"]
    clean(watch)


def test_event_list_pages(page: Page, client: httpx.Client) -> None:
    tab, watch = page
    total = client.get("/api/events").json()["total"]
    tab.goto("/events?limit=5")
    seen = []
    while True:
        seen += tab.locator("table.events a.evlink").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        following = tab.locator("nav.pager a[rel=next]").first
        if following.count() == 0:
            break
        following.click()
        tab.wait_for_load_state()
    assert len(seen) == len(set(seen)) == total
    clean(watch)


def test_network_click_leads_to_highlighted_event(page: Page, client: httpx.Client, artifacts: Path) -> None:
    tab, watch = page
    tab.goto("/network")
    node = tab.locator("g.node[data-code=RUS]")
    node.wait_for()
    edges = tab.locator("path.edge")
    assert edges.count() == len(client.get("/api/network").json()["edges"])
    conflict = tab.locator("path.edge[data-source=RUS][data-target=UKR]").get_attribute("stroke")
    cooperation = tab.locator("path.edge[data-source=DEU][data-target=UKR]").get_attribute("stroke")
    red, _, blue = (int(v) for v in re.findall(r"\d+", conflict or ""))
    assert red > blue, f"conflict edge should be red, got {conflict}"
    red, _, blue = (int(v) for v in re.findall(r"\d+", cooperation or ""))
    assert blue > red, f"cooperation edge should be blue, got {cooperation}"

    node.click()
    first = tab.locator("#panel-events a.panel-event").first
    first.wait_for()
    assert "RUS" in tab.inner_text("#panel-title")
    fetched = client.get("/api/events", params={"actor": "RUS", "limit": 100}).json()["events"]
    exact = [e for e in fetched if "RUS" in {a["code"] for a in e["actor"]}][:15]
    assert tab.locator("#panel-events li").count() == len(exact)
    assert "selected" in (node.get_attribute("class") or "")
    shot(tab, artifacts, "network-selected")

    event_id = exact[0]["id"]
    first.click()
    tab.wait_for_url(re.compile(rf"/events/{event_id}$"))
    event = client.get(f"/api/events/{event_id}").json()
    assert tab.inner_text("#article-text .hl-trigger") == event["event_text"]
    actors = tab.locator("#article-text .hl-actor").all_inner_texts()
    assert [e["text"] for e in event["evidence"][0]["actor"]] == actors
    recipients = tab.locator("#article-text .hl-recipient").all_inner_texts()
    assert [e["text"] for e in event["evidence"][0]["recipient"]] == recipients
    assert "Did it happen?" in tab.inner_text("#happened")
    shot(tab, artifacts, "event-from-network")
    clean(watch)


def test_conditional_event_is_spelled_out(page: Page, client: httpx.Client, artifacts: Path) -> None:
    tab, watch = page
    event = client.get("/api/events", params={"factuality": "conditional"}).json()["events"][0]
    tab.goto(f"/events/{event['id']}")
    happened = tab.inner_text("#happened")
    assert happened.startswith("Did it happen? No")
    assert f"only if {event['condition']}" in happened
    assert tab.inner_text("#article-text .hl-condition") == event["condition"]
    assert tab.inner_text("#article-text .hl-trigger") == event["event_text"]
    shot(tab, artifacts, "event-conditional")
    clean(watch)


def test_merged_event_shows_every_report(page: Page, client: httpx.Client) -> None:
    tab, watch = page
    event = next(e for e in client.get("/api/events").json()["events"] if e["mention_count"] > 1)
    tab.goto(f"/events/{event['id']}")
    assert f"{event['mention_count']} reports in {event['article_count']} articles" in tab.inner_text("#mentions")
    reports = tab.locator("ol.reports li")
    assert reports.count() == event["mention_count"]
    assert reports.nth(0).locator(".hl-trigger").count() == 1
    second = client.get(f"/api/events/{event['id']}").json()["evidence"][1]
    reports.nth(1).locator("a").click()
    tab.wait_for_url(re.compile(r"report="))
    assert tab.inner_text("#article-text") == second["article"]["text"]
    assert "current" in (tab.locator("ol.reports li").nth(1).get_attribute("class") or "")
    clean(watch)


def test_dyad_page_shows_both_directions(page: Page, client: httpx.Client, artifacts: Path) -> None:
    tab, watch = page
    dyad = client.get("/api/dyads/RUS/UKR", params={"interval": "week"}).json()
    tab.goto("/dyads")
    tab.fill("input[name=a]", "rus")
    tab.fill("input[name=b]", "ukr")
    tab.click("#dyad-form button")
    tab.wait_for_url(re.compile(r"/dyads/RUS/UKR$"))
    forward = tab.locator("#dir-RUS-UKR")
    backward = tab.locator("#dir-UKR-RUS")
    assert forward.locator("rect.bar").count() == len(dyad["a_to_b"])
    assert backward.locator("rect.bar").count() == len(dyad["b_to_a"])
    assert forward.locator("circle.intensity-dot").count() == len({r["period"] for r in dyad["a_to_b"]})
    assert "Russia → Ukraine" in forward.locator("h2").inner_text()
    shot(tab, artifacts, "dyad-rus-ukr")
    tab.click("text=swap")
    tab.wait_for_url(re.compile(r"/dyads/UKR/RUS"))
    assert tab.inner_text("h1").startswith("Ukraine")
    clean(watch)


def test_bad_filter_shows_a_readable_error(page: Page) -> None:
    tab, watch = page
    response = tab.goto("/events?since=notadate")
    assert response is not None and response.status == 422
    assert "since: expected an ISO date" in tab.inner_text("#error-message")
    assert watch.foreign == []
