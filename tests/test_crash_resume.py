"""Kill `geoevents code` with SIGKILL in the middle of a corpus, run it again, and compare with an uninterrupted run."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geoevents.store import Store

N_ARTICLES = 200
BATCH = 10


def _geoevents() -> str:
    return shutil.which("geoevents") or str(Path(sys.executable).parent / "geoevents")


@pytest.fixture(scope="module")
def corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "reuters.jsonl"
    with (shared_dir / "corpus" / "reuters21578.jsonl").open(encoding="utf-8") as source:
        lines = list(itertools.islice(source, N_ARTICLES))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _code(corpus: Path, db: Path, progress: bool = False) -> subprocess.Popen[bytes]:
    command = [_geoevents(), "code", str(corpus), "--db", str(db), "--store-batch", str(BATCH), "--batch-size", "8"]
    command.append("--progress" if progress else "--no-progress")
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=db.parent)


def _wait_until_coded(process: subprocess.Popen[bytes], count: int, timeout: float = 600) -> None:
    """Read the progress bar until `count` articles are coded: several batches are then in the store."""
    assert process.stderr is not None
    seen, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = process.stderr.read1(256)  # type: ignore[attr-defined]
        if not chunk:
            return
        seen = (seen + chunk)[-512:]
        numbers = [int(n) for n in re.findall(rb"(\d+) articles", seen)]
        if numbers and max(numbers) >= count:
            return


def _contents(db: Path) -> tuple[list[str], list[str], dict]:
    with Store.open(db, read_only=True) as store:
        articles = sorted(a["id"] for a in store.articles(limit=100_000, offset=0))
        reports = sorted(e["id"] for e in store.events(limit=1_000_000, reports=True))
        summary = store.summary()
    return articles, reports, summary


@pytest.mark.slow
def test_sigkill_then_resume_equals_uninterrupted_run(corpus: Path, tmp_path: Path) -> None:
    reference_db = tmp_path / "reference" / "events.duckdb"
    reference_db.parent.mkdir()
    reference = _code(corpus, reference_db)
    assert reference.wait(timeout=900) == 0, reference.stderr.read() if reference.stderr else ""

    killed_db = tmp_path / "killed" / "events.duckdb"
    killed_db.parent.mkdir()
    victim = _code(corpus, killed_db, progress=True)
    _wait_until_coded(victim, N_ARTICLES // 3)
    assert victim.poll() is None, "the run finished before it could be killed: make the corpus larger"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=60)

    partial_articles, _, _ = _contents(killed_db)
    assert 0 < len(partial_articles) < N_ARTICLES

    resumed = _code(corpus, killed_db)
    stderr = resumed.communicate(timeout=900)[1].decode()
    assert resumed.returncode == 0, stderr
    assert f"{len(partial_articles)} unchanged" in stderr  # the resume skipped what the killed run stored

    assert _contents(killed_db)[0] == _contents(reference_db)[0]
    resumed_articles, resumed_reports, resumed_summary = _contents(killed_db)
    reference_articles, reference_reports, reference_summary = _contents(reference_db)
    assert resumed_articles == reference_articles
    assert len(resumed_articles) == N_ARTICLES
    assert resumed_reports == reference_reports
    assert len(set(resumed_reports)) == len(resumed_reports)  # nothing doubled
    for key in ("articles", "sentences", "events", "reports", "by_category"):
        assert json.dumps(resumed_summary[key], sort_keys=True) == json.dumps(reference_summary[key], sort_keys=True)
