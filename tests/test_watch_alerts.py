"""Alert rules over hand-made stores (geoevents/watch/alerts.py): which windows and dyads fire, with which value,
baseline and events, and that a window fires once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from live.made import Made, days_ago, made_items, made_store

from geoevents.store import Store
from geoevents.watch.alerts import evaluate, firing_id, window_bounds, window_of
from geoevents.watch.rules import AlertRule, parse_rule

TODAY = dt.date(2024, 6, 19)  # a Wednesday


def rule(**raw: Any) -> AlertRule:
    return parse_rule({"name": "r", **raw}, Path("."), "test")


def fired(db: Path, rules: list[AlertRule], dates: list[str] | None = None) -> list[Any]:
    with Store.open(db, read_only=True) as store:
        return evaluate(store, rules, dates, today=TODAY)


def report_ids(db: Path, **filters: Any) -> list[str]:
    with Store.open(db, read_only=True) as store:
        return sorted(e["evidence"][0]["event_id"] for e in store.events(limit=None, **filters))


@pytest.mark.parametrize(
    ("day", "days", "start", "end"),
    [
        ("2024-06-19", 1, "2024-06-19", "2024-06-19"),
        ("2024-06-19", 7, "2024-06-17", "2024-06-23"),  # 7-day windows are ISO weeks, Monday to Sunday
        ("2024-06-17", 7, "2024-06-17", "2024-06-23"),
        ("2024-06-16", 7, "2024-06-10", "2024-06-16"),
        ("1970-01-01", 7, "1969-12-29", "1970-01-04"),
    ],
)
def test_windows_are_whole_days_aligned_on_mondays(day: str, days: int, start: str, end: str) -> None:
    first, last = window_bounds(window_of(dt.date.fromisoformat(day), days), days)
    assert (first.isoformat(), last.isoformat()) == (start, end)


def test_new_fires_once_per_window_with_the_first_events(tmp_path: Path) -> None:
    db = made_store(tmp_path / "s.duckdb", [Made("a1", TODAY), Made("a2", TODAY, "AID", "DEU", "UKR")])
    new = rule(dyad=["RUS", "UKR"], trigger="new")
    firings = fired(db, [new], [TODAY.isoformat()])
    assert [(f.window_start, f.window_end, f.value) for f in firings] == [("2024-06-19", "2024-06-19", 1)]
    assert firings[0].event_ids == report_ids(db, actor="RUS", recipient="UKR")
    assert firings[0].id == firing_id("r", (None, None), TODAY)
    with Store.open(db) as store:
        assert [f.id for f in store.watch.add_firings(firings, {firings[0].id: ["stdout"]})] == [firings[0].id]
        store.add_articles(made_items([Made("a3", TODAY, "COERCE")]))  # another event in the same window
        again = evaluate(store, [new], [TODAY.isoformat()], today=TODAY)
        assert [f.id for f in again] == [firings[0].id] and again[0].value == 2
        assert store.watch.add_firings(again, {}) == []  # the window has fired: not twice
        assert store.watch.count_firings() == 1 and len(store.watch.deliveries(status="pending")) == 1


def test_count_counts_merged_events_not_reports(tmp_path: Path) -> None:
    events = [Made("a1", TODAY), Made("a2", TODAY), Made("a3", TODAY, "SANCTION"),
              Made("a4", TODAY, "THREATEN", "RUS", "KOR")]  # fmt: skip
    db = made_store(tmp_path / "s.duckdb", events)  # a1 and a2 report one attack
    three = rule(actor="RUS", trigger="count", count=3)
    four = rule(actor="RUS", trigger="count", count=4)
    assert [f.value for f in fired(db, [three], [TODAY.isoformat()])] == [3]
    assert fired(db, [four], [TODAY.isoformat()]) == []
    assert len(fired(db, [three])[0].event_ids) == 3


def test_filters_take_category_quad_factuality_and_confidence(tmp_path: Path) -> None:
    events = [Made("a1", TODAY, confidence=0.3), Made("a2", TODAY, "AID", "DEU", "UKR"),
              Made("a3", TODAY, "THREATEN", "RUS", "KOR", factuality="conditional")]  # fmt: skip
    db = made_store(tmp_path / "s.duckdb", events)
    day = [TODAY.isoformat()]
    assert fired(db, [rule(min_confidence=0.5, category=["ASSAULT"])], day) == []
    assaults = fired(db, [rule(min_confidence=0.2, category="ASSAULT")], day)
    assert assaults[0].event_ids == report_ids(db, event="ASSAULT")
    assert fired(db, [rule(quad=2)], day)[0].event_ids == report_ids(db, quad=2)
    assert fired(db, [rule(factuality=["asserted"], actor="RUS", quad=3)], day) == []
    assert len(fired(db, [rule(factuality="conditional")], day)) == 1


def test_per_dyad_fires_each_dyad_with_its_own_events(tmp_path: Path) -> None:
    events = [Made("a1", TODAY), Made("a2", TODAY, "THREATEN", "RUS", "KOR"),
              Made("a3", TODAY, "ACCUSE", "CHN", None)]  # fmt: skip
    db = made_store(tmp_path / "s.duckdb", events)
    firings = fired(db, [rule(actor="RUS", per_dyad=True)], [TODAY.isoformat()])
    assert sorted((f.actor, f.recipient, len(f.event_ids)) for f in firings) == [("RUS", "KOR", 1), ("RUS", "UKR", 1)]
    everyone = fired(db, [rule(per_dyad=True)], [TODAY.isoformat()])
    assert len(everyone) == 2  # CHN's accusation has no recipient: no dyad


def _quiet_then_busy(busy: int, quiet: tuple[int, ...] = (10, 7, 4)) -> list[Made]:
    """One RUS->UKR attack on each of the `quiet` days before today (3 days apart: they do not merge), then `busy`
    events of different categories today."""
    events = [Made(f"q{n}", days_ago(n, TODAY), "ASSAULT") for n in quiet]
    kinds = ["ASSAULT", "COERCE", "SANCTION", "THREATEN", "ACCUSE"]
    return events + [Made(f"b{n}", TODAY, kinds[n]) for n in range(busy)]


def test_spike_of_the_count_against_the_baseline(tmp_path: Path) -> None:
    db = made_store(tmp_path / "s.duckdb", _quiet_then_busy(5))
    spike = rule(dyad=["RUS", "UKR"], trigger="spike", baseline=10, threshold=3.0)
    (firing,) = fired(db, [spike], [TODAY.isoformat()])
    # baseline: 10 daily windows, 3 with one event (the store begins 10 days ago): mean 0.3, sd 0.46 -> floor 1
    assert (firing.value, firing.baseline, firing.score) == (5, 0.3, 4.7)
    assert (firing.actor, firing.recipient) == ("RUS", "UKR") and len(firing.event_ids) == 5
    higher = rule(dyad=["RUS", "UKR"], trigger="spike", baseline=10, threshold=5.0)
    assert fired(db, [higher], [TODAY.isoformat()]) == []
    ratio = rule(dyad=["RUS", "UKR"], trigger="spike", baseline=10, method="ratio", threshold=5.0)
    assert [f.score for f in fired(db, [ratio], [TODAY.isoformat()])] == [5.0]  # 5 / max(0.3, 1)
    fewer = made_store(tmp_path / "fewer.duckdb", _quiet_then_busy(2))
    low = rule(dyad=["RUS", "UKR"], trigger="spike", threshold=1.0)
    assert fired(fewer, [low], [TODAY.isoformat()]) == []  # under min_count (3)


def test_a_spike_needs_history(tmp_path: Path) -> None:
    db = made_store(tmp_path / "s.duckdb", _quiet_then_busy(5, quiet=()))  # nothing before today
    assert fired(db, [rule(dyad=["RUS", "UKR"], trigger="spike", threshold=1.0)], [TODAY.isoformat()]) == []


def test_spike_of_the_mean_intensity(tmp_path: Path) -> None:
    calm = [Made(f"c{n}", days_ago(n, TODAY), "AID", "DEU", "UKR", intensity=6.0 + n % 2) for n in range(3, 22, 3)]
    storm = [Made(f"s{n}", TODAY, kind, "DEU", "UKR") for n, kind in enumerate(["SANCTION", "THREATEN", "COERCE"])]
    db = made_store(tmp_path / "s.duckdb", calm + storm)
    down = rule(dyad=["DEU", "UKR"], trigger="spike", measure="intensity", threshold=3.0, baseline=21)
    (firing,) = fired(db, [down], [TODAY.isoformat()])
    assert firing.value == pytest.approx((-6.0 - 3.5 - 7.0) / 3, abs=1e-3)
    assert firing.baseline == pytest.approx(46 / 7, abs=1e-3)  # 4 x 7.0 and 3 x 6.0, three days apart
    assert firing.score == pytest.approx(46 / 7 + 5.5, abs=1e-3)  # sd 0.49: the floor of 1
    up = rule(dyad=["DEU", "UKR"], trigger="spike", measure="intensity", direction="up", threshold=0.0)
    assert fired(db, [up], [TODAY.isoformat()]) == []
    ratio = rule(dyad=["DEU", "UKR"], trigger="spike", measure="intensity", method="ratio", threshold=3.0,
                 baseline=21)  # fmt: skip
    assert fired(db, [ratio], [TODAY.isoformat()])[0].score == pytest.approx((10 + 5.5) / (10 - 46 / 7), abs=1e-3)


def test_live_evaluation_skips_old_windows_and_the_test_sees_them_all(tmp_path: Path) -> None:
    old = days_ago(30, TODAY)
    db = made_store(tmp_path / "s.duckdb", [Made("old", old), Made("now", TODAY)])
    new = rule(dyad=["RUS", "UKR"])
    assert [f.window_start for f in fired(db, [new], [old.isoformat(), TODAY.isoformat()])] == [TODAY.isoformat()]
    assert sorted(f.window_start for f in fired(db, [new])) == [old.isoformat(), TODAY.isoformat()]
    recent = rule(dyad=["RUS", "UKR"], max_age="40d")
    assert len(fired(db, [recent], [old.isoformat()])) == 1


def test_firings_are_the_same_for_the_same_store(tmp_path: Path) -> None:
    events = _quiet_then_busy(5)
    rules = [rule(actor="RUS", per_dyad=True), rule(dyad=["RUS", "UKR"], trigger="spike", baseline=10)]
    one = fired(made_store(tmp_path / "one.duckdb", events), rules)
    two = fired(made_store(tmp_path / "two.duckdb", list(reversed(events))), rules)
    assert [f.to_dict() for f in one] == [f.to_dict() for f in two] and one
