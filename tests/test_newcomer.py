"""The newcomer's path end to end (issue 19), in real processes from the folder above a fresh copy of the project
(so a folder named `geoevents` sits in the working directory): the tour on the examples, a PDF report among them,
the README's Python snippet, then `geoevents serve` with `summary`, `events`, `export` and `code` run beside it on
the same store (issue 18: the store shared between processes), and an article POSTed to the server seen by the
command line. `make run`'s venv set-up itself is not repeated: the commands are this venv's."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
_SKIP = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.duckdb*", "test-artifacts", ".*_cache", "*.egg-info")
_PYTHON_SNIPPET = re.compile(r"^```python\n(import geoevents\n.*?)^```$", re.MULTILINE | re.DOTALL)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEOEVENTS_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def _run(folder: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(list(args), cwd=folder, env=_environment(), capture_output=True, text=True,
                            timeout=timeout)  # fmt: skip
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


@pytest.mark.slow
def test_the_newcomer_path(tmp_path: Path) -> None:
    above = tmp_path / "work"
    shutil.copytree(ROOT, above / "geoevents", ignore=_SKIP)
    shutil.copytree(above / "geoevents" / "examples", above / "news")
    shutil.copy(above / "geoevents" / "examples" / "feed.rss", above / "feed.rss")
    assert (above / "news" / "report.pdf").exists()

    # The tour, from the folder above the project.
    coded = _run(above, "geoevents", "code", "geoevents/examples/", "--db", "tour.duckdb")
    assert "0 problems" in coded.stderr
    summary = json.loads(_run(above, "geoevents", "summary", "--db", "tour.duckdb", "--json").stdout)
    assert summary["articles"] >= len(list((above / "news").iterdir())) and summary["events"] > 0
    _run(above, "geoevents", "events", "--db", "tour.duckdb", "--actor", "rus")

    # The README's Python snippet as written: codes news/ (the PDF report among them) into news.duckdb.
    [snippet] = _PYTHON_SNIPPET.findall((above / "geoevents" / "README.md").read_text(encoding="utf-8"))
    _run(above, sys.executable, "-c", snippet)
    stored = json.loads(_run(above, "geoevents", "events", "--db", "news.duckdb", "--json", "--limit", "500").stdout)
    from_pdf = [json.loads(line) for line in _run(above, "geoevents", "code", "news/report.pdf", "--out", "-")
                .stdout.splitlines()]  # fmt: skip
    assert from_pdf and {e["article_id"] for e in from_pdf} <= {e["article_id"] for e in stored}
    for event in from_pdf:  # evidence offsets point into the PDF's extracted text
        at = event["event_start"] - event["sentence_start"]
        assert event["sentence"][at : at + len(event["event_text"])] == event["event_text"]

    # serve, and the command line beside it on the same store.
    port = _free_port()
    command = ["geoevents", "serve", "--db", "news.duckdb", "--port", str(port)]
    server = subprocess.Popen(command, cwd=above, env=_environment(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    said: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(server.stderr, said), daemon=True).start()
    try:
        first = said.get(timeout=120)
        while not first.startswith("geoevents dashboard on"):  # uvicorn's own log lines come first
            first = said.get(timeout=120)
        assert f"http://127.0.0.1:{port}/" in first, first
        url = f"http://127.0.0.1:{port}"
        served = httpx.get(f"{url}/api/summary", timeout=60).json()
        beside = json.loads(_run(above, "geoevents", "summary", "--db", "news.duckdb", "--json").stdout)
        assert beside["events"] == served["events"] > 0
        _run(above, "geoevents", "export", "--db", "news.duckdb", "--format", "csv", "--out", "events.csv")
        assert (above / "events.csv").stat().st_size > 0

        (above / "late.txt").write_text("Chile and Peru signed a fisheries agreement in Lima on Monday.\n",
                                        encoding="utf-8")  # fmt: skip
        _run(above, "geoevents", "code", "late.txt", "--db", "news.duckdb")
        seen = httpx.get(f"{url}/api/events", params={"text": "fisheries"}, timeout=60).json()["events"]
        assert seen and "fisheries" in seen[0]["sentence"]  # the server reads what another process wrote

        posted = httpx.post(
            f"{url}/api/articles",
            timeout=300,
            json={
                "id": "posted-1",
                "text": "Brazil condemned Argentina over the border closure.",
                "date": "2024-05-06",
            },
        )
        assert posted.status_code == 201, posted.text  # fmt: skip
        listed = _run(above, "geoevents", "events", "--db", "news.duckdb", "--text", "border closure", "--json")
        assert [e["article_id"] for e in json.loads(listed.stdout)] == ["posted-1"]
        assert server.poll() is None  # still serving
    finally:
        server.terminate()
        server.wait(timeout=60)
