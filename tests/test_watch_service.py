"""`geoevents watch` end to end: the real pipeline, a real store, a real feed server whose feeds change between
polls and misbehave on purpose, a real webhook receiver that fails its first attempts."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from live.harness import FAST, running_watch, watch_file
from live.servers import Entry, FeedServer, WebhookReceiver
from live.stories import STORIES, entry, text_of, today

from geoevents.store import Store
from geoevents.store.watch import SourceState

pytest_plugins = ["live.fixtures"]


def feed(feeds: FeedServer, name: str, every: float = 1, **more: Any) -> dict[str, Any]:
    """A [[source]] table for the feed server's feed `name`."""
    return {"name": name, "url": feeds.url(f"/feeds/{name}"), "every": every, **more}


def stored_ids(store: Store) -> list[str]:
    return sorted(a["id"] for a in store.articles(limit=10_000))


def source(store: Store, name: str) -> SourceState:
    """A source's stored state (an empty one until the watch has saved it)."""
    return store.watch.source(name) or SourceState(name)


def test_feeds_that_change_between_polls_are_coded_once_each(
    feeds: FeedServer, watch_nlp: Any, tmp_path: Path
) -> None:
    feeds.add("a", entry(0, 1, "a"))
    feeds.add("a", entry(4, 2, "a"))
    feeds.add("b", entry(2, 3, "b"))
    path = watch_file(tmp_path, [feed(feeds, "a", 0.3), feed(feeds, "b", 0.3)], options=FAST)
    db = tmp_path / "live.duckdb"
    with running_watch(path, db, watch_nlp) as watch:
        watch.until(lambda s: len(stored_ids(s)) == 3, what="the first three articles")
        feeds.add("a", entry(3, 4, "a"))
        feeds.add("b", entry(5, 5, "b"))
        feeds.add("a", entry(6, 6, "a"))
        watch.until(lambda s: len(stored_ids(s)) == 6, what="the three added articles")
        polls = watch.read(lambda s: source(s, "a").polls)
        watch.until(lambda s: source(s, "a").polls >= polls + 4 and source(s, "b").not_modified >= 2,
                    what="more polls of unchanged feeds")  # fmt: skip
    assert watch.report is not None and watch.report.articles == 6  # each coded once
    with Store.open(db, read_only=True) as store:
        assert stored_ids(store) == ["a-1", "a-2", "a-4", "a-6", "b-3", "b-5"]
        a, b = source(store, "a"), source(store, "b")
        assert (a.articles, b.articles, a.errors, b.errors) == (4, 2, 0, 0)
        assert a.not_modified >= 2 and a.etag and a.last_modified
        events = store.events(limit=None)
        assert {(e["event"], e["actor"][0]["code"], e["recipient"][0]["code"]) for e in events} == {
            (STORIES[k].event, STORIES[k].actor, STORIES[k].recipient) for k in (0, 4, 2, 3, 5, 6)
        }
        seen = store.watch.sightings(stored_ids(store))
        assert all([row["outcome"] for row in rows] == ["stored"] for rows in seen.values())
    requests = feeds.hits("/feeds/a")
    assert all("geoevents/" in r["user-agent"] for r in requests)
    conditional = [r for r in requests if "if-none-match" in r]
    assert len(conditional) >= len(requests) - 2 and all(r["if-modified-since"] for r in conditional)


BAD = {  # path -> the kind of error the source must show
    "/bad/500": "http",
    "/bad/slow": "timeout",
    "/bad/drip": "timeout",
    "/bad/notxml": "feed",
    "/bad/bomb": "feed",
    "/bad/huge": "too-large",
    "/bad/huge-declared": "too-large",
    "/bad/loop": "redirects",
    "/nowhere": "http",
}


def test_misbehaving_sources_do_not_stop_the_others(feeds: FeedServer, watch_nlp: Any, tmp_path: Path) -> None:
    feeds.add("good", entry(0, 1, "g"))
    old = [entry(1, 2, "r"), entry(2, 3, "r"), entry(3, 4, "r")]
    feeds.repeat("old", old)
    sources = [feed(feeds, "good", 0.3), {"name": "repeat", "url": feeds.url("/repeat/old"), "every": 0.3},
               {"name": "truncated", "url": feeds.url("/bad/truncated"), "every": 0.3}]  # fmt: skip
    sources += [{"name": path, "url": feeds.url(path), "every": 0.3} for path in BAD]
    path = watch_file(tmp_path, sources, options={**FAST, "max_bytes": 2_000_000})
    db = tmp_path / "live.duckdb"
    with running_watch(path, db, watch_nlp) as watch:
        watch.until(lambda s: all(source(s, p).errors >= 1 for p in BAD), timeout=90, what="every bad source failed")
        for n in range(5, 9):  # the good feed goes on while the bad ones fail
            feeds.add("good", entry(n % len(STORIES), n, "g"))
        watch.until(lambda s: source(s, "good").articles == 5, what="the good feed's articles")
        watch.until(lambda s: source(s, "repeat").polls >= 4, what="the repeating feed polled again")
    with Store.open(db, read_only=True) as store:
        for bad, kind in BAD.items():
            state = source(store, bad)
            assert (state.last_status, state.articles) == (kind, 0), (bad, state)
            assert state.last_error and state.next_poll > state.last_poll
        assert "XML entities" in (source(store, "/bad/bomb").last_error or "")
        repeat = source(store, "repeat")
        assert (repeat.articles, repeat.errors) == (3, 0)  # its old items coded once, however often they come
        truncated = source(store, "truncated")
        assert truncated.articles == 1 and truncated.problems >= 1  # the recoverable item of a cut-off feed
        assert store.has_article("cut-1") and not store.has_article("bomb-1")
        assert {a["id"] for a in store.articles(limit=100)} == {"g-1", "g-5", "g-6", "g-7", "g-8", "r-2", "r-3",
                                                                  "r-4", "cut-1"}  # fmt: skip
    assert watch.report is not None and watch.report.articles == 9


def test_backoff_spaces_the_polls_of_a_failing_source(feeds: FeedServer, watch_nlp: Any, tmp_path: Path) -> None:
    path = watch_file(tmp_path, [{"name": "down", "url": feeds.url("/bad/500"), "every": 0.2}],
                      options={**FAST, "max_backoff": 1.6})  # fmt: skip
    with running_watch(path, tmp_path / "live.duckdb", watch_nlp) as watch:
        watch.until(lambda s: source(s, "down").errors >= 5, timeout=60, what="five failures")
    times = [t for p, t in feeds.times if p == "/bad/500"]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # every 0.2 s doubled per failure with equal jitter: at least 0.2, 0.4, 0.8 then the cap's half (0.8)
    assert gaps[0] >= 0.18 and gaps[1] >= 0.38 and gaps[2] >= 0.78 and all(g >= 0.78 for g in gaps[3:])
    assert all(g <= 1.6 + 0.5 for g in gaps)


def test_same_story_from_two_feeds_is_stored_once_and_seen_twice(
    feeds: FeedServer, watch_nlp: Any, tmp_path: Path
) -> None:
    story = text_of(0, 1)
    feeds.add("one", Entry("one-1", "Attack", story, date=today()))
    feeds.add("two", Entry("two-9", "Attack (wire)", story, date=today()))  # the same text under another id
    feeds.add("one", Entry("one-2", "Aid", text_of(4, 2), link="http://example.org/aid", date=today()))
    feeds.add("two", Entry("two-3", "Aid, updated", text_of(4, 3), link="http://example.org/aid", date=today()))
    path = watch_file(tmp_path, [feed(feeds, "one"), feed(feeds, "two")], options=FAST)
    db = tmp_path / "live.duckdb"
    with running_watch(path, db, watch_nlp, once=True):
        pass
    with Store.open(db, read_only=True) as store:
        articles = store.articles(limit=100)
        assert len(articles) == 2  # one per story
        sightings = store.watch.sightings([a["id"] for a in articles])
        assert sorted(len(rows) for rows in sightings.values()) == [2, 2]
        for rows in sightings.values():
            assert sorted(r["source"] for r in rows) == ["one", "two"]
            assert sorted(r["outcome"] for r in rows) == ["duplicate", "stored"]
        assert store.count() == 2  # one ASSAULT, one AID: nothing counted twice


def test_full_text_comes_from_the_linked_page(feeds: FeedServer, watch_nlp: Any, tmp_path: Path) -> None:
    body = f"{text_of(1, 1)}\n\nThe shipment crossed the border at night, officials said."
    link = feeds.page("p1", "Shells for Moscow", body)
    feeds.add("teasers", Entry("t-1", "Shells", "Read the full story on our site.", link=link, date=today()))
    feeds.add("teasers", Entry("t-2", "Gone", text_of(2, 2), link=feeds.url("/pages/missing"), date=today()))
    path = watch_file(tmp_path, [feed(feeds, "teasers", fetch_full_text=True)], options=FAST)
    db = tmp_path / "live.duckdb"
    with running_watch(path, db, watch_nlp, once=True):
        pass
    with Store.open(db, read_only=True) as store:
        page = store.article("t-1")
        assert page is not None and "North Korea delivered artillery shells" in page["text"]
        assert [(e["event"], e["actor"][0]["code"]) for e in store.events(article_id="t-1")] == [("AID", "PRK")]
        kept = store.article("t-2")  # the page is missing: the feed's own text is coded
        assert kept is not None and kept["text"] == text_of(2, 2)
        assert source(store, "teasers").problems == 1
    assert [p for p, _ in feeds.requests].count("/pages/p1") == 1


def test_a_folder_source_reads_each_new_or_changed_file_once(watch_nlp: Any, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.txt").write_text(text_of(0, 1), encoding="utf-8")
    (inbox / ".hidden.txt").write_text(text_of(5, 9), encoding="utf-8")
    old = time.time() - 5
    os.utime(inbox / "first.txt", (old, old))
    path = watch_file(tmp_path, [{"name": "inbox", "path": "inbox", "every": 0.3}], options=FAST)
    db = tmp_path / "live.duckdb"
    with running_watch(path, db, watch_nlp) as watch:
        watch.until(lambda s: s.count() == 1, what="the first file")
        records = [{"id": f"j{n}", "text": text_of(n, n), "date": today()} for n in (2, 3)]
        records.append({"id": "j9", "text": text_of(2, 2), "date": today()})  # j2's text again: stored once
        lines = "\n".join(json.dumps(record) for record in records)
        (inbox / "batch.jsonl").write_text(lines + "\n", encoding="utf-8")
        watch.until(lambda s: s.count() == 3, what="the JSONL file's two articles")
        (inbox / "first.txt").write_text(text_of(6, 1), encoding="utf-8")  # changed: read again
        watch.until(lambda s: len(s.articles(limit=100)) == 4, what="the changed file")
        polls = watch.read(lambda s: source(s, "inbox").polls)
        watch.until(lambda s: source(s, "inbox").polls >= polls + 3, what="more polls")
    assert watch.report is not None and watch.report.articles == 4
    with Store.open(db, read_only=True) as store:
        assert source(store, "inbox").articles == 4 and source(store, "inbox").duplicates == 1
        assert not store.has_article("j9")
        texts = [store.article(a["id"])["text"] for a in store.articles(limit=100)]
        assert not any(STORIES[5].text in text for text in texts)  # the hidden file was left alone


def test_a_restart_resumes_without_recoding(feeds: FeedServer, watch_nlp: Any, tmp_path: Path) -> None:
    for n in range(1, 4):
        feeds.add("a", entry(n, n, "a"))
    path = watch_file(tmp_path, [feed(feeds, "a"), {"name": "down", "url": feeds.url("/bad/500"), "every": 1}],
                      options=FAST)  # fmt: skip
    db = tmp_path / "live.duckdb"
    with running_watch(path, db, watch_nlp, once=True) as first:
        pass
    with running_watch(path, db, watch_nlp, once=True) as second:
        pass
    assert first.report is not None and second.report is not None
    assert (first.report.articles, second.report.articles, second.report.not_modified) == (3, 0, 1)
    last = feeds.hits("/feeds/a")[-1]
    assert last["if-none-match"]  # the validators survived the restart
    with Store.open(db, read_only=True) as store:
        assert source(store, "down").errors == 2 and source(store, "down").error_total == 2
        assert len(store.runs()) == 2 and all(r["finished"] for r in store.runs())


def test_alerts_fire_once_with_their_events_and_reach_every_output(
    feeds: FeedServer, webhook: WebhookReceiver, watch_nlp: Any, tmp_path: Path
) -> None:
    feeds.add("news", entry(0, 1, "n"))  # RUS -> UKR ASSAULT
    feeds.add("news", entry(4, 2, "n"))  # DEU -> UKR AID: matches neither rule
    outputs = ["stdout", "jsonl:alerts.jsonl", f"webhook:{webhook.url}"]
    rules = [
        {"name": "rus-ukr", "dyad": ["RUS", "UKR"], "trigger": "new", "outputs": outputs},
        {"name": "russia-busy", "actor": "RUS", "trigger": "count", "count": 2, "factuality": "asserted",
         "min_confidence": 0.5, "outputs": outputs},
    ]  # fmt: skip
    path = watch_file(tmp_path, [feed(feeds, "news", 0.3)], rules, FAST)
    db = tmp_path / "live.duckdb"
    out = io.StringIO()
    with running_watch(path, db, watch_nlp, stdout=out) as watch:
        watch.until(lambda s: s.watch.count_firings("rus-ukr") == 1, what="the new RUS->UKR alert")
        feeds.add("news", entry(2, 3, "n"))  # RUS -> KOR THREATEN: the second Russian event today
        feeds.add("news", entry(0, 4, "n"))  # RUS -> UKR again, the same day: merges, no second alert
        watch.until(lambda s: s.watch.count_firings("russia-busy") == 1, what="the count alert")
        watch.until(lambda s: s.has_article("n-4"), what="the repeated attack")
        watch.until(lambda s: not s.watch.deliveries(status="pending"), timeout=60, what="every delivery")
    with Store.open(db, read_only=True) as store:
        firings = {f.rule: f for f in store.watch.firings()}
        assert set(firings) == {"rus-ukr", "russia-busy"} and store.watch.count_firings() == 2
        attack = store.events(actor="RUS", recipient="UKR", limit=None)
        threat = store.events(actor="RUS", recipient="KOR", limit=None)
        assert len(attack) == 1 and len(threat) == 1
        first_report = attack[0]["evidence"][0]["event_id"]
        assert firings["rus-ukr"].event_ids == [first_report]
        threat_report = threat[0]["evidence"][0]["event_id"]
        assert sorted(firings["russia-busy"].event_ids) == sorted([first_report, threat_report])
        assert firings["russia-busy"].value == 2 and firings["rus-ukr"].window_start == today()
        for event_id in firings["russia-busy"].event_ids:  # every id leads to its event and sentence
            assert store.event(event_id)["sentence"]
        deliveries = store.watch.deliveries()
        assert len(deliveries) == 6 and {d["status"] for d in deliveries} == {"delivered"}
    printed = [json.loads(line) for line in out.getvalue().splitlines()]
    written = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    received = [d.body for d in webhook.delivered()]
    for lines in (printed, written, received):
        assert sorted(x["rule"] for x in lines) == ["rus-ukr", "russia-busy"]
        assert {x["alert"]: x["event_ids"] for x in lines} == {f.id: f.event_ids for f in firings.values()}
    assert [a.status for a in webhook.attempts] == [500, 500, 200, 200]  # retried with backoff, never lost


def _geoevents() -> str:
    return str(Path(sys.executable).parent / "geoevents")


@pytest.mark.slow
def test_sigterm_finishes_cleanly(feeds: FeedServer, tmp_path: Path) -> None:
    for n in range(1, 4):
        feeds.add("a", entry(n, n, "a"))
    path = watch_file(tmp_path, [feed(feeds, "a", 0.5)], options=FAST)
    db = tmp_path / "live.duckdb"
    process = subprocess.Popen([_geoevents(), "watch", str(path), "--db", str(db)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while len([p for p, _ in feeds.requests if p == "/feeds/a"]) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "SIGTERM: finishing the article in hand" in err and "3 articles coded" in err
    assert "Traceback" not in err
    with Store.open(db, read_only=True) as store:
        assert len(store.articles()) == 3
        assert all(run["finished"] for run in store.runs())
        assert json.loads(store.watch.mark("watch") or "{}")["state"] == "stopped"
