"""Alerts and sources in the HTTP API and the dashboard (each page with its JSON twin), and on the command line:
`geoevents alerts` and `geoevents alerts test`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from live.made import Made, days_ago, made_store
from web.server import running_server

from geoevents.cli import main
from geoevents.settings import Settings
from geoevents.store import Store
from geoevents.store.watch import SourceState, utcnow
from geoevents.watch.alerts import evaluate
from geoevents.watch.rules import parse_rule

RULES = """
[[alert]]
name = "rus-ukr"
dyad = ["RUS", "UKR"]

[[alert]]
name = "russia"
actor = "RUS"
trigger = "count"
count = 2
"""


@pytest.fixture(scope="module")
def alert_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with events over three days, the alerts of two rules fired, a watched source's state."""
    folder = tmp_path_factory.mktemp("alerts")
    events = [Made("a1", days_ago(2)), Made("a2", days_ago(1), "THREATEN", "RUS", "KOR"),
              Made("a3", days_ago(1), "SANCTION"), Made("a4", days_ago(0), "AID", "DEU", "UKR")]  # fmt: skip
    db = made_store(folder / "alerts.duckdb", events)
    (folder / "rules.toml").write_text(RULES, encoding="utf-8")
    rules = [parse_rule({"name": "rus-ukr", "dyad": ["RUS", "UKR"]}, folder, "t"),
             parse_rule({"name": "russia", "actor": "RUS", "trigger": "count", "count": 2}, folder, "t")]  # fmt: skip
    with Store.open(db) as store:
        firings = evaluate(store, rules[:1])  # only the first rule has fired: `alerts test` shows the second
        store.watch.add_firings(firings, {f.id: ["stdout"] for f in firings})
        for f in firings:
            store.watch.update_delivery(f.id, "stdout", "delivered", 1, None, None)
        store.watch.save_source(SourceState("wire", "feed", "http://x.org/f", 60.0, last_poll=utcnow(),
                                            next_poll=utcnow(), last_status="200", articles=4, polls=3))  # fmt: skip
    return db


@pytest.fixture(scope="module")
def base(alert_db: Path) -> Iterator[str]:
    with running_server(Settings(db=str(alert_db), read_only=True)) as url:
        yield url


def test_api_alerts_page_by_page(base: str) -> None:
    data = httpx.get(f"{base}/api/alerts").json()
    assert data["total"] == 2 and [a["rule"] for a in data["alerts"]] == ["rus-ukr", "rus-ukr"]
    assert {a["window_start"] for a in data["alerts"]} == {days_ago(2).isoformat(), days_ago(1).isoformat()}
    first = httpx.get(f"{base}/api/alerts", params={"limit": 1}).json()
    assert len(first["alerts"]) == 1 and first["next"] == "?limit=1&offset=1"
    assert httpx.get(f"{base}/api/alerts", params={"rule": "nothing"}).json()["total"] == 0
    assert httpx.get(f"{base}/api/alerts", params={"limit": 0}).status_code == 422
    one = data["alerts"][0]
    assert httpx.get(f"{base}/api/alerts/{one['id']}").json() == one
    assert one["deliveries"] == [{"output": "stdout", "status": "delivered", "attempts": 1, "last_error": None,
                                  "delivered_at": one["deliveries"][0]["delivered_at"]}]  # fmt: skip
    missing = httpx.get(f"{base}/api/alerts/fnothing")
    assert missing.status_code == 404 and missing.json() == {"detail": "no alert with id 'fnothing'"}


def test_the_alerts_page_shows_its_twin_and_links_each_event(base: str) -> None:
    alerts = httpx.get(f"{base}/api/alerts").json()["alerts"]
    page = httpx.get(f"{base}/alerts").text
    assert 'href="/api/alerts"' in page
    for alert in alerts:
        assert f'id="alert-{alert["id"]}"' in page
        for event_id in alert["event_ids"]:
            assert f'href="/events/{event_id}"' in page
            assert httpx.get(f"{base}/events/{event_id}").status_code == 200
            assert alert["events"][0]["sentence"] in page
    detail = httpx.get(f"{base}/alerts/{alerts[0]['id']}")
    assert detail.status_code == 200 and alerts[0]["events"][0]["sentence"] in detail.text
    assert httpx.get(f"{base}/alerts/fnothing").status_code == 404


def test_sources_twins(base: str) -> None:
    data = httpx.get(f"{base}/api/sources").json()
    assert data["watching"] is False and [s["name"] for s in data["sources"]] == ["wire"]
    assert data["sources"][0]["articles"] == 4 and data["stamp"]
    page = httpx.get(f"{base}/sources").text
    assert "No watch is running" in page and "http://x.org/f" in page
    assert "data-stamp" not in httpx.get(f"{base}/").text  # no watch: no self-refresh


def test_cli_lists_alerts_and_tests_rules(alert_db: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["alerts", "--db", str(alert_db)])
    assert listed.exit_code == 0, listed.output
    assert listed.output.count("rus-ukr") == 2 and "(2 of 2 alerts)" in listed.output
    assert "stdout delivered" in listed.output
    as_json = json.loads(runner.invoke(main, ["alerts", "--db", str(alert_db), "--json", "--limit", "1"]).output)
    assert as_json["total"] == 2 and len(as_json["alerts"]) == 1
    tested = runner.invoke(main, ["alerts", "test", str(alert_db.parent / "rules.toml"), "--db", str(alert_db),
                                  "--json"])  # fmt: skip
    assert tested.exit_code == 0, tested.output
    data = json.loads(tested.output)
    assert data["rules"] == {"rus-ukr": 2, "russia": 1}
    assert [f["fired"] for f in data["firings"] if f["rule"] == "rus-ukr"] == [True, True]
    (russia,) = [f for f in data["firings"] if f["rule"] == "russia"]
    assert russia["fired"] is False and russia["value"] == 2 and russia["window_start"] == days_ago(1).isoformat()
    text = runner.invoke(main, ["alerts", "test", str(alert_db.parent / "rules.toml"), "--db", str(alert_db)])
    assert "russia: would fire for 1 window(s)" in text.output and "(already fired)" in text.output
    with Store.open(alert_db, read_only=True) as store:
        assert store.watch.count_firings() == 2  # testing stored nothing
    assert re.search(r"THREATEN\s+RUS->KOR", text.output)
