"""The event store: round trip, idempotency, replacement, merging, queries, aggregates, safety, crash recovery."""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from synthetic import mention, sentence_spans

from geoevents.benchmarks.store import synthetic_items
from geoevents.errors import QueryError, StoreCorruptError, StoreError, StoreLockedError
from geoevents.models import Article, Location
from geoevents.query import EventFilter
from geoevents.store import SCHEMA_VERSION, Store, text_hash
from geoevents.store.merge import event_key

# -- one real-world event reported in several articles, plus reports that must stay apart ---------------------------

A1 = Article(
    id="kharkiv-1",
    date="2024-03-01",
    url="https://example.org/k1",
    text="Russian forces attacked Kharkiv on Friday. Ukraine condemned Russia for the strike. "
    "Russia did not attack Poland.",
)
A2 = Article(
    id="kharkiv-2",
    date="2024-03-02",
    text="Russia attacked the Ukrainian city of Kharkiv, officials said. Russia also bombed Kharkiv, the mayor said.",
)
A3 = Article(id="kharkiv-3", date="2024-03-02", text="The attack by Russia on Ukraine killed five people.")
A4 = Article(id="later", date="2024-03-20", text="Russia attacked Ukraine again.")
A5 = Article(id="poland", date="2024-03-02", text="Russia attacked Poland, Warsaw said.")

UKR_LOC = Location(text="Kharkiv", name="Kharkiv", country="UKR")


def scenario() -> list[tuple[Article, list, list[tuple[int, int]]]]:
    rus, ukr, pol = ("Russia", "RUS"), ("Ukraine", "UKR"), ("Poland", "POL")
    events = [
        (A1, [
            mention(A1, "attacked", "ASSAULT", [("Russian forces", "RUS")], [("Kharkiv", "UKR")], location=UKR_LOC,
                    quad_code=4, intensity=-9.0),
            mention(A1, "condemned", "ACCUSE", [ukr], [rus], quad_code=3, intensity=-2.0),
            mention(A1, "attack", "ASSAULT", [rus], [pol], occurrence=1, factuality="negated", quad_code=4,
                    intensity=-9.0),
        ]),
        (A2, [
            mention(A2, "attacked", "ASSAULT", [rus], [("Kharkiv", "UKR")], location=UKR_LOC, quad_code=4,
                    intensity=-9.0),
            mention(A2, "bombed", "ASSAULT", [rus], [("Kharkiv", "UKR")], quad_code=4, intensity=-9.5),
        ]),
        (A3, [mention(A3, "attack", "ASSAULT", [rus], [ukr], quad_code=4, intensity=-9.0)]),
        (A4, [mention(A4, "attacked", "ASSAULT", [rus], [ukr], quad_code=4, intensity=-9.0)]),
        (A5, [mention(A5, "attacked", "ASSAULT", [rus], [pol], quad_code=4, intensity=-9.0)]),
    ]  # fmt: skip
    return [(a, ev, sentence_spans(a.text)) for a, ev in events]


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "store.duckdb") as s:
        yield s


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_articles(scenario())
    return store


def snapshot(store: Store) -> dict:
    con = store.connection
    return {
        "articles": con.execute("SELECT id, text_hash FROM articles ORDER BY id").fetchall(),
        "sentences": con.execute("SELECT article_id, sentence_index, text FROM sentences ORDER BY ALL").fetchall(),
        "reports": con.execute("SELECT id, event_key FROM reports ORDER BY id").fetchall(),
        "actors": con.execute("SELECT report_id, role, position, code FROM event_actors ORDER BY ALL").fetchall(),
        "events": con.execute("SELECT * FROM events ORDER BY event_key").fetchall(),
    }


# -- round trip and idempotency --------------------------------------------------------------------------------------


def test_reports_round_trip_the_event_contract(store: Store) -> None:
    items = list(synthetic_items(20))
    store.add_articles(items)
    originals = {e.id: e.to_dict() for _, events, _ in items for e in events}
    stored = store.events(reports=True, limit=None)
    assert len(stored) == len(originals)
    for record in stored:
        assert {k: record[k] for k in originals[record["id"]]} == originals[record["id"]]


def test_adding_the_same_articles_again_adds_nothing(filled: Store) -> None:
    before = snapshot(filled)
    result = filled.add_articles(scenario())
    assert (result.added, result.replaced, result.unchanged) == (0, 0, len(scenario()))
    assert snapshot(filled) == before


def test_same_id_new_text_replaces_sentences_reports_and_merges(filled: Store) -> None:
    old_ids = {e.id for e in scenario()[2][1]}
    new_a3 = Article(id=A3.id, date="2024-03-02", text="Ukraine praised France. Nothing else happened.")
    new_events = [mention(new_a3, "praised", "SUPPORT", [("Ukraine", "UKR")], [("France", "FRA")])]
    result = filled.add_articles([(new_a3, new_events, sentence_spans(new_a3.text))])
    assert (result.added, result.replaced, result.unchanged) == (0, 1, 0)
    assert filled.has_article(A3.id, text_hash(new_a3.text))
    assert not filled.has_article(A3.id, text_hash(A3.text))
    ids = {r["id"] for r in filled.events(reports=True, limit=None)}
    assert not ids & old_ids and new_events[0].id in ids
    kharkiv = filled.events(event="ASSAULT", recipient="UKR", since="2024-03-01", until="2024-03-03")
    assert [(e["mention_count"], e["article_count"]) for e in kharkiv] == [(3, 2)]
    sentences = filled.article(A3.id)["sentences"]
    assert [s["text"] for s in sentences] == ["Ukraine praised France.", "Nothing else happened."]


def test_recode_with_same_text_but_new_events_replaces_them(filled: Store) -> None:
    articles = list(filled.recode_articles())
    assert sorted(a.id for a in articles) == sorted(a.id for a, _, _ in scenario())
    a4 = next(a for a in articles if a.id == A4.id)
    recoded = [mention(a4, "attacked", "ASSAULT", [("Russia", "RUS")], [("Ukraine", "UKR")], mode="aerial")]
    result = filled.add_articles([(a4, recoded, sentence_spans(a4.text))])
    assert result.replaced == 1
    assert [r["mode"] for r in filled.events(article_id=A4.id, reports=True)] == ["aerial"]


def test_has_article(filled: Store) -> None:
    assert filled.has_article(A1.id)
    assert filled.has_article(A1.id, text_hash(A1.text))
    assert not filled.has_article(A1.id, text_hash(A1.text + " changed"))
    assert not filled.has_article("missing")


def test_duplicate_article_in_one_batch_is_stored_once(store: Store) -> None:
    item = scenario()[0]
    result = store.add_articles([item, item])
    assert result.added == 1
    assert store.summary()["reports"] == len(item[1])


# -- one event, many reports ----------------------------------------------------------------------------------------


def test_reports_of_one_event_merge_and_others_stay_apart(filled: Store) -> None:
    events = filled.events(limit=None)
    assert len(events) == 5
    assert filled.summary()["reports"] == 8
    (kharkiv,) = [e for e in events if e["mention_count"] > 1]
    report_ids = sorted(e["event_id"] for e in kharkiv["evidence"])
    assert kharkiv["id"] == event_key(report_ids[0])
    assert kharkiv["mention_count"] == 4 and kharkiv["article_count"] == 3
    assert {e["article_id"] for e in kharkiv["evidence"]} == {A1.id, A2.id, A3.id}
    # the negated attack on Poland and the asserted one are two events; the later attack is its own
    poland = filled.events(recipient="POL")
    assert sorted(e["factuality"] for e in poland) == ["asserted", "negated"]
    assert len(filled.events(since="2024-03-15")) == 1


@pytest.mark.parametrize("order", list(itertools.permutations(range(5)))[::17])
def test_merging_does_not_depend_on_insertion_order(tmp_path: Path, filled: Store, order: tuple[int, ...]) -> None:
    items = scenario()
    with Store.open(tmp_path / "other.duckdb") as other:
        for k in order:  # one article per transaction, in another order
            other.add_articles([items[k]])
        assert snapshot(other)["reports"] == snapshot(filled)["reports"]
        assert snapshot(other)["events"] == snapshot(filled)["events"]


def test_remerge_after_replacement_equals_a_fresh_store(tmp_path: Path, filled: Store) -> None:
    items = scenario()
    changed = Article(id=A2.id, date="2024-03-09", text=A2.text)  # the report moves a week: it must split off
    changed_events = [mention(changed, "attacked", "ASSAULT", [("Russia", "RUS")], [("Ukraine", "UKR")])]
    filled.add_articles([(changed, changed_events, sentence_spans(changed.text))])
    with Store.open(tmp_path / "fresh.duckdb") as fresh:
        fresh.add_articles([it for it in items if it[0].id != A2.id] + [(changed, changed_events, items[1][2])])
        assert snapshot(fresh)["events"] == snapshot(filled)["events"]
    assert filled.remerge() == len(snapshot(filled)["events"])


def test_event_lookup_by_key_or_report_id_gives_evidence(filled: Store) -> None:
    merged = next(e for e in filled.events() if e["mention_count"] == 4)
    detail = filled.event(merged["id"])
    assert detail is not None and detail["mention_count"] == 4
    first = detail["evidence"][0]
    article = first["article"]
    assert article["text"][first["event_start"] : first["event_end"]] == first["event_text"]
    for entity in first["actor"]:
        assert article["text"][entity["start"] : entity["end"]] == entity["text"]
    assert filled.event(first["event_id"])["id"] == merged["id"]
    assert filled.event("no-such-event") is None


# -- queries and aggregates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected_events"),
    [
        ({}, 5),
        ({"actor": "RUS"}, 4),
        ({"actor": "russian forces"}, 1),
        ({"actor": "ukr"}, 1),
        ({"actor": "UKR,russian forces"}, 2),
        ({"actor": ["UKR", "RUS"]}, 5),
        ({"recipient": "UKR"}, 2),
        ({"recipient": "kharkiv"}, 1),
        ({"event": "ACCUSE"}, 1),
        ({"event": ["ACCUSE", "ASSAULT"]}, 5),
        ({"event": "ACCUSE,assault"}, 5),
        ({"quad": 3}, 1),
        ({"quad": [3, 4]}, 5),
        ({"factuality": "negated"}, 1),
        ({"since": "2024-03-02"}, 3),
        ({"until": "2024-03-01"}, 3),
        ({"until": "2024-03"}, 5),
        ({"text": "BOMBED"}, 1),
        ({"article_id": A5.id}, 1),
        ({"actor": "'; DROP TABLE events; --"}, 0),
    ],
)
def test_event_filters(filled: Store, filters: dict, expected_events: int) -> None:
    assert len(filled.events(**filters, limit=None)) == expected_events
    assert filled.count(**filters) == expected_events
    # The same query as a prepared filter (what the CLI, the HTTP API and the exports pass) gives the same answer.
    prepared = EventFilter.make(**filters)
    assert filled.events(where=prepared, limit=None) == filled.events(**filters, limit=None)
    assert filled.count(where=prepared) == expected_events
    assert filled.summary(where=prepared) == filled.summary(**filters)


def test_a_query_takes_a_filter_or_keywords_not_both(filled: Store) -> None:
    with pytest.raises(QueryError, match="not both"):
        filled.events(where=EventFilter.make(quad=4), actor="RUS")
    with pytest.raises(QueryError, match="EventFilter"):
        filled.count(where="RUS")  # type: ignore[arg-type]


def test_reports_mode_counts_mentions(filled: Store) -> None:
    assert len(filled.events(event="ASSAULT", reports=True, limit=None)) == 7
    assert len(filled.events(event="ASSAULT", limit=None)) == 4


@pytest.mark.parametrize(
    "bad", [{"since": "yesterday"}, {"until": "2024-13-01"}, {"quad": 7}, {"quad": "x"}, {"colour": "red"}]
)
def test_bad_filters_raise_query_error(filled: Store, bad: dict) -> None:
    with pytest.raises(QueryError):
        filled.count(**bad)
    with pytest.raises(QueryError):
        filled.summary(**bad)


def test_pagination_and_frame(filled: Store) -> None:
    everything = [e["id"] for e in filled.events(limit=None)]
    pages = [e["id"] for k in range(0, 5, 2) for e in filled.events(limit=2, offset=k)]
    assert pages == everything
    frame = filled.events(as_frame=True)
    assert isinstance(frame, pd.DataFrame) and len(frame) == 5 and "mention_count" in frame.columns


def test_summary(filled: Store) -> None:
    summary = filled.summary()
    assert (summary["articles"], summary["events"], summary["reports"]) == (5, 5, 8)
    assert summary["by_category"] == {"ASSAULT": 4, "ACCUSE": 1}
    assert summary["by_quad"] == {"4": 4, "3": 1}
    assert summary["top_dyads"][0] == {"actor": "RUS", "recipient": "POL", "events": 2}


def test_dyad_series_both_directions(filled: Store) -> None:
    weekly = filled.dyad_series("UKR", "RUS", interval="week")
    by_direction = {(r["source"], r["target"], r["period"]): r["events"] for r in weekly}
    assert by_direction[("RUS", "UKR", "2024-02-26")] == 1
    assert by_direction[("UKR", "RUS", "2024-02-26")] == 1
    assert by_direction[("RUS", "UKR", "2024-03-18")] == 1
    assert filled.dyad_series("UKR", "RUS", interval="month")[0]["period"] == "2024-03-01"
    with pytest.raises(QueryError):
        filled.dyad_series("UKR", "RUS", interval="fortnight")


def test_top_actors_entities_and_network(filled: Store) -> None:
    top = filled.top_actors(3)
    assert top[0] == {"code": "RUS", "events": 5, "as_actor": 4, "as_recipient": 1}
    entities = {(e["code"], e["events"]) for e in filled.entities()}
    assert ("POL", 2) in entities
    net = filled.network()
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("RUS", "UKR")]["conflict"] == 2 and edges[("RUS", "UKR")]["cooperation"] == 0
    assert {n["code"] for n in net["nodes"]} == {"RUS", "UKR", "POL"}
    assert [e["source"] for e in filled.network(min_events=2)["edges"]] == ["RUS", "RUS"]


def test_articles_listing_and_runs(store: Store) -> None:
    run = store.start_run("0.1.0", {"model": "test"})
    store.add_articles(scenario(), run_id=run)
    store.finish_run(run, {"articles": 5})
    (stored_run,) = store.runs()
    assert stored_run["counts"] == {"articles": 5} and stored_run["settings"] == {"model": "test"}
    assert stored_run["finished"] is not None
    listing = store.articles(limit=10, text="poland")
    assert {a["id"] for a in listing} == {A1.id, A5.id}
    assert all(a["run_id"] == run for a in store.articles())
    assert store.article("missing") is None


# -- safety ---------------------------------------------------------------------------------------------------------


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    Store.open(path).close()
    with Store.open(path, read_only=True) as ro:
        assert ro.summary()["events"] == 0
        with pytest.raises(StoreError, match="read-only"):
            ro.add_articles(scenario())
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)


_HOLDER = """
import sys
from geoevents.store import Store
with Store.open(sys.argv[1]) as store:
    print("ready", flush=True)
    sys.stdin.readline()
"""


@pytest.mark.parametrize("read_only", [False, True])
def test_second_process_gets_a_clear_lock_error(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(StoreLockedError, match=r"in use .*by another process \(PID \d+: python -c .*Waited 0.5 s"):
            Store.open(path, read_only=read_only, wait=0.5)
        assert time.monotonic() - started >= 0.5
    finally:
        holder.communicate("\n", timeout=30)
    Store.open(path).close()  # free again


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreCorruptError, match="notes.duckdb"):
        Store.open(path)
    assert path.read_text().startswith("this is not")


def test_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.close()
    with pytest.raises(StoreCorruptError, match="not a geoevents store"):
        Store.open(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(StoreCorruptError, match="newer"):
        Store.open(path)


def test_failed_batch_leaves_store_unchanged(filled: Store) -> None:
    before = snapshot(filled)
    bad = Article(id="bad", text="Broken article.")
    broken_event = mention(bad, "Broken", "ASSAULT")
    broken_event.quad_code = "not a number"  # type: ignore[assignment]
    with pytest.raises((TypeError, ValueError, Exception)):
        filled.add_articles([scenario()[3], (bad, [broken_event], sentence_spans(bad.text))])
    assert snapshot(filled) == before


# -- crash safety: SIGKILL in the middle of a large batch run, then resume ------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from geoevents.store import Store, text_hash
    from geoevents.benchmarks.store import synthetic_items

    path, n, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with Store.open(path) as store:
        pending = []
        for item in synthetic_items(n):
            if store.has_article(item[0].id, text_hash(item[0].text)):
                continue
            pending.append(item)
            if len(pending) == batch:
                store.add_articles(pending)
                pending = []
                print("batch", flush=True)
        if pending:
            store.add_articles(pending)
        print("done", flush=True)
    """
)


def _run_writer(script: Path, db: Path, n: int, batch: int) -> None:
    subprocess.run([sys.executable, str(script), str(db), str(n), str(batch)], check=True, capture_output=True)


@pytest.mark.slow
def test_sigkill_then_resume_equals_uninterrupted_run(tmp_path: Path) -> None:
    n, batch = 3000, 250
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    killed_db, clean_db = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    proc = subprocess.Popen([sys.executable, str(script), str(killed_db), str(n), str(batch)], stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    assert proc.stdout is not None
    for _ in range(3):
        assert proc.stdout.readline().strip() == "batch"
    time.sleep(0.15)  # into the next batch's transaction
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(killed_db, read_only=True) as partial:
        stored = partial.summary()
        assert 0 < stored["articles"] < n
        assert stored["articles"] % batch == 0  # whole batches only
        assert stored["reports"] == 5 * stored["articles"]  # every stored article has all its events
    _run_writer(script, killed_db, n, batch)
    _run_writer(script, clean_db, n, batch)
    with Store.open(killed_db, read_only=True) as resumed, Store.open(clean_db, read_only=True) as clean:
        a, b = snapshot(resumed), snapshot(clean)
        assert a["articles"] == b["articles"] and len(a["articles"]) == n
        assert a["reports"] == b["reports"]
        assert a["events"] == b["events"]
        assert resumed.summary() == clean.summary()
        con = resumed.connection
        assert con.execute("SELECT count(*) = count(DISTINCT id) FROM reports").fetchall() == [(True,)]
        assert con.execute("SELECT count(*) = count(DISTINCT id) FROM articles").fetchall() == [(True,)]


def test_text_hash_matches_the_article_property() -> None:
    assert text_hash(A1.text) == A1.text_hash


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_timeline_counts_every_event_once_by_period_and_quad(store: Store, interval: str) -> None:
    from collections import Counter

    from geoevents.web.present import period_of

    store.add_articles(scenario())
    events = store.events(limit=1000)
    def period(date: str | None) -> str | None:  # period_of knows day, week and month
        start = period_of(date, "day" if interval == "year" else interval)
        return start[:4] + "-01-01" if start and interval == "year" else start

    expected = Counter((period(e["first_date"] or e["date"]), e["quad_code"]) for e in events)
    timeline = store.timeline(interval)
    assert timeline["events"] == len(events)
    got: Counter[tuple[str | None, int]] = Counter()
    for row in timeline["periods"]:
        for quad in (1, 2, 3, 4):
            got[(row["period"], quad)] += row[f"q{quad}"]
        assert row["total"] == sum(row[f"q{q}"] for q in (1, 2, 3, 4)) + row["other"]
    assert +got == +Counter({k: v for k, v in expected.items() if k[0] is not None})
    assert timeline["undated"] == sum(v for k, v in expected.items() if k[0] is None)


def test_timeline_rejects_unknown_interval(store: Store) -> None:
    with pytest.raises(QueryError):
        store.timeline("fortnight")


def test_events_hash_ignores_evidence_that_is_not_stored() -> None:
    """Basis and knowledge source are not written out, so a read-back event must hash like the coded one."""
    from geoevents.models import Basis, Entity, Event
    from geoevents.store.rows import events_hash

    def event(entity: Entity) -> Event:
        return Event("a1", 0, "Russia shelled it.", "ASSAULT", "shelled", 7, 14, actor=[entity])

    coded = Entity(text="Russia", code="RUS", basis=Basis.MEMORY, source="countries.tsv:3")
    read_back = Entity(text="Russia", code="RUS")
    assert events_hash([event(coded)], [(0, 5)]) == events_hash([event(read_back)], [(0, 5)])
