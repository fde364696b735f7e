"""What `geoevents watch` keeps in the store (geoevents/store/watch.py) and the schema migration that adds it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from live.made import Made, made_items, made_store

from geoevents.store import SCHEMA_VERSION, Store
from geoevents.store.watch import Firing, SeenItem, SourceState, utcnow

DAY = dt.date(2024, 6, 19)


def test_a_version_1_store_is_migrated_and_keeps_its_events(tmp_path: Path) -> None:
    db = made_store(tmp_path / "old.duckdb", [Made("a1", DAY)])
    con = duckdb.connect(str(db))
    for table in ("watch_sources", "watch_seen", "alert_firings", "alert_deliveries", "watch_marks"):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with Store.open(db) as store:
        assert store.count() == 1 and store.watch.sources() == [] and store.watch.count_firings() == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]
    con.close()


def test_source_state_round_trips(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        state = SourceState("wire", "feed", "http://x.org/f", 30.0, '"abc"', "Wed, 19 Jun 2024 08:00:00 GMT",
                            utcnow().replace(microsecond=0), utcnow().replace(microsecond=0), "304", None, 0, 2,
                            9, 5, 4, 1, 0, None)  # fmt: skip
        store.watch.save_source(state)
        assert store.watch.source("wire") == state
        state.errors, state.last_error = 3, "HTTP 500"
        store.watch.save_source(state)
        assert store.watch.sources() == [state] and store.watch.source("other") is None


def test_items_seen_by_each_source(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.watch.mark_seen([SeenItem("one", "x1", "x1", "stored", "http://x.org/1"),
                               SeenItem("two", "y7", "x1", "duplicate", None)])  # fmt: skip
        store.watch.mark_seen([SeenItem("one", "x1", "x1", "known")])  # seen again: keeps its first outcome
        assert store.watch.seen("one", ["x1", "y7", "z"]) == {"x1"} and store.watch.seen("two", ["y7"]) == {"y7"}
        sightings = store.watch.sightings(["x1"])["x1"]
        assert [(s["source"], s["outcome"]) for s in sightings] == [("one", "stored"), ("two", "duplicate")]
        assert store.watch.prune_seen(utcnow() - dt.timedelta(days=1)) == 0
        assert store.watch.prune_seen(utcnow() + dt.timedelta(seconds=1)) == 2
        assert store.watch.seen("one", ["x1"]) == set()


def test_known_articles_by_id_url_and_text(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        items = made_items([Made("a1", DAY), Made("a2", DAY, "AID", "DEU", "UKR")])
        items[0][0].url = "http://x.org/1"
        store.add_articles(items)
        text_hash = items[1][0].text_hash
        by_id, by_url, by_hash = store.watch.known_articles(["a1", "b"], ["http://x.org/1", "http://y"], [text_hash])
        assert by_id == {"a1": items[0][0].text_hash, "a2": text_hash}
        assert by_url == {"http://x.org/1": "a1"} and by_hash[text_hash] == "a2"


def test_reports_stored_since_a_mark(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add_articles(made_items([Made("a1", DAY)]))
        dates, mark = store.watch.report_dates_since(None)
        assert dates == ["2024-06-19"] and mark is not None
        assert store.watch.report_dates_since(mark) == ([], None)
        store.add_articles(made_items([Made("a2", DAY + dt.timedelta(days=3), "AID", "DEU", "UKR")]))
        dates, later = store.watch.report_dates_since(mark)
        assert dates == ["2024-06-22"] and later is not None and later > mark


def test_firings_fire_once_and_their_deliveries_are_tracked(tmp_path: Path) -> None:
    events = [{"id": "e1", "sentence": "Russia attacked Ukraine."}]
    firing = Firing("f1", "rule", "new", "2024-06-19", "2024-06-19", 1.0, event_ids=["e1"], events=events,
                    detail={"rule": {"name": "rule"}})  # fmt: skip
    with Store.open(tmp_path / "s.duckdb") as store:
        stamp = store.watch.stamp()
        assert store.watch.add_firings([firing], {"f1": ["stdout", "webhook:http://h"]}) == [firing]
        assert store.watch.add_firings([firing], {"f1": ["stdout"]}) == []
        assert store.watch.stamp() != stamp
        stored = store.watch.firing("f1")
        assert stored is not None and stored.events == firing.events and stored.detail == firing.detail
        assert [d["status"] for d in store.watch.deliveries(["f1"])] == ["pending", "pending"]
        store.watch.update_delivery("f1", "stdout", "delivered", 1, None, None)
        store.watch.update_delivery("f1", "webhook:http://h", "pending", 2, "HTTP 500", utcnow())
        assert [d["output"] for d in store.watch.deliveries(status="pending")] == ["webhook:http://h"]
        record = store.watch.alert_record("f1")
        assert record is not None and {d["output"]: d["status"] for d in record["deliveries"]} == {
            "stdout": "delivered", "webhook:http://h": "pending"}  # fmt: skip
        assert store.watch.count_firings("rule") == 1 and store.watch.count_firings("other") == 0


def test_status_says_whether_a_watch_runs(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.watch.status()["watching"] is False
        store.watch.set_mark("watch", '{"state": "running", "pid": 1}')
        assert store.watch.status()["watching"] is True
        assert store.watch.status(active_within=-1)["watching"] is False  # an old heartbeat: it died
        store.watch.set_mark("watch", '{"state": "stopped", "pid": 1}')
        assert store.watch.status()["watching"] is False
