"""The server's coder (geoevents/serving/coder.py): POSTed articles coded in a worker process give the very events
of coding in this process, a worker that dies is replaced, and a worker whose server is killed leaves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geoevents.coding import code_articles
from geoevents.errors import GeoeventsError
from geoevents.models import Article
from geoevents.serving.coder import PARENT_CHECK_SECONDS, Coder
from geoevents.settings import Settings

ARTICLES = [
    Article(id="c-1", text="Russian forces attacked Ukraine on Monday. Germany sent aid.", date="2024-05-06"),
    Article(id="c-2", text="France and Italy signed a trade agreement in Rome.", date="2024-05-07"),
]


def _events(coded: list) -> list[tuple[str, list[str]]]:  # type: ignore[type-arg]
    return [(c.article.id, [e.id for e in c.events]) for c in coded]


@pytest.fixture(scope="module")
def in_process() -> list[tuple[str, list[str]]]:
    try:
        return _events(list(code_articles(ARTICLES, settings=Settings(progress=False))))
    except (ImportError, GeoeventsError) as exc:
        pytest.skip(f"the NLP pipeline does not load: {exc}")


@pytest.mark.slow
def test_the_worker_codes_as_this_process_does_and_is_replaced_when_it_dies(
    in_process: list[tuple[str, list[str]]],
) -> None:
    coder = Coder(Settings())
    try:
        assert _events(coder.code(ARTICLES)) == in_process
        assert any(events for _, events in in_process)
        assert coder._pool is not None
        for pid in list(coder._pool._processes):  # the worker dies between two POSTs (OOM killer, kill -9)
            os.kill(pid, signal.SIGKILL)
        assert _events(coder.code(ARTICLES[:1])) == in_process[:1]
    finally:
        coder.close()
    assert coder._pool is None


KILLED_SERVER = """
import os, signal, sys
from geoevents.models import Article
from geoevents.serving.coder import PARENT_CHECK_SECONDS, Coder
from geoevents.settings import Settings
coder = Coder(Settings())
coder.code([Article(id="k-1", text="France signed a deal with Italy.")])
print(*coder._pool._processes, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; whoever adopted it reaps it


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_worker_leaves_when_the_server_is_killed(in_process: list[tuple[str, list[str]]]) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_SERVER], capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    workers = [int(p) for p in done.stdout.split()]
    assert len(workers) == 1
    deadline = time.monotonic() + 10 * PARENT_CHECK_SECONDS
    while _alive(workers[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(workers[0])
