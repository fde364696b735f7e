"""Every code block of README.md and docs/*.md marked runnable (an HTML comment `<!-- runnable ... -->` on the
line before its fence) runs as written - Python with this interpreter, bash with the venv's commands first on the
PATH - in a folder laid out as the README assumes: `examples/`, a `news/` folder of articles, `feed.rss`, and a
`geoevents.duckdb` made by the tour's `geoevents code examples/`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(r"^<!-- runnable[^>]*-->\n```(python|bash)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def runnable_blocks() -> list[tuple[str, str, str]]:
    """(where, language, code) of every block marked runnable, `where` as FILE:LINE of its fence."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 2
            found.append((f"{path.relative_to(ROOT)}:{line}", match.group(1), match.group(2)))
    return found


BLOCKS = runnable_blocks()


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEOEVENTS_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(ROOT / "examples", folder / "news")
    shutil.copy(ROOT / "examples" / "feed.rss", folder / "feed.rss")
    tour = subprocess.run(["geoevents", "code", "examples/"], cwd=folder, env=_environment(), capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert tour.returncode == 0, tour.stderr
    return folder


def test_the_readme_marks_its_snippets_runnable() -> None:
    where = [w for w, _, _ in BLOCKS]
    assert sum(w.startswith("README.md") for w in where) >= 4, where
    assert {language for _, language, _ in BLOCKS} == {"python", "bash"}


@pytest.mark.slow
@pytest.mark.parametrize(("where", "language", "code"), BLOCKS, ids=[w for w, _, _ in BLOCKS])
def test_runnable_block_runs_as_written(workdir: Path, where: str, language: str, code: str) -> None:
    command = [sys.executable, "-c", code] if language == "python" else ["bash", "-euo", "pipefail", "-c", code]
    result = subprocess.run(command, cwd=workdir, env=_environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{where}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, f"{where}:\n{result.stderr}"
