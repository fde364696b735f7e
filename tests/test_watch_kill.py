"""Kill a running `geoevents watch` with SIGKILL in the middle of its feeds, start it again, and check that every
article is coded exactly once and every alert fires exactly once (a real subprocess, a real feed server)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from live.harness import watch_file
from live.servers import FeedServer, serving
from live.stories import STORIES, entry

from geoevents.store import Store

FEEDS, PER_FEED = 3, 15
STORED = re.compile(r"stored (\S+) from ")


def _geoevents() -> str:
    return str(Path(sys.executable).parent / "geoevents")


def _watch(path: Path, db: Path, *more: str) -> subprocess.Popen[str]:
    return subprocess.Popen([_geoevents(), "watch", str(path), "--db", str(db), "--batch-size", "4", *more],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=db.parent)  # fmt: skip


@pytest.mark.slow
def test_sigkill_then_restart_codes_every_article_once_and_fires_every_alert_once(tmp_path: Path) -> None:
    feeds = FeedServer()
    with serving(feeds):
        for f in range(FEEDS):
            for n in range(PER_FEED):
                number = f * PER_FEED + n
                feeds.add(f"f{f}", entry(number % len(STORIES), number, f"f{f}"))
        sources = [{"name": f"f{f}", "url": feeds.url(f"/feeds/f{f}"), "every": 0.5} for f in range(FEEDS)]
        rules = [{"name": "conflict", "quad": [3, 4], "trigger": "new", "per_dyad": True,
                  "outputs": ["jsonl:alerts.jsonl"]}]  # fmt: skip
        path = watch_file(tmp_path, sources, rules, {"timeout": 5})
        db = tmp_path / "live.duckdb"

        victim = _watch(path, db)
        assert victim.stderr is not None
        before: list[str] = []
        deadline = time.monotonic() + 300
        while len(before) < 12 and time.monotonic() < deadline:
            line = victim.stderr.readline()
            if not line:
                break
            before += STORED.findall(line)
        assert len(before) >= 12, "the watch stored too little before the kill"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=60)

        with Store.open(db) as store:  # what the killed run left behind
            left = {a["id"]: a["run_id"] for a in store.articles(limit=1000)}
        assert set(before) <= set(left) and len(left) < FEEDS * PER_FEED

        again = _watch(path, db, "--once")
        _, err = again.communicate(timeout=600)
        assert again.returncode == 0, err
        after = STORED.findall(err)

    expected = {f"f{f}-{f * PER_FEED + n}" for f in range(FEEDS) for n in range(PER_FEED)}
    with Store.open(db, read_only=True) as store:
        runs = [r["id"] for r in store.runs()]
        articles = {a["id"]: a["run_id"] for a in store.articles(limit=1000)}
        firings = store.watch.firings(limit=1000)
        deliveries = store.watch.deliveries()
        dyads = {(e["actor"][0]["code"], e["recipient"][0]["code"])
                 for e in store.events(quad=[3, 4], limit=None)}  # fmt: skip
    assert set(articles) == expected  # nothing lost
    assert set(after) == {a for a, run in articles.items() if run == runs[1]}  # the restart coded only the rest
    assert not set(after) & set(left)  # nothing coded twice
    assert len(after) == len(set(after)) == FEEDS * PER_FEED - len(left)
    assert sorted((f.actor, f.recipient) for f in firings) == sorted(dyads)  # one alert per conflict dyad
    assert {d["status"] for d in deliveries} == {"delivered"}
    lines = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert {line["alert"] for line in lines} == {f.id for f in firings}  # each delivered (at least once)
