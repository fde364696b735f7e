"""The short run of the watch soak (scripts/soak_watch.py; the full run and its figures: docs/reliability.md):
ten local sources polled every second, one misbehaving in every way in turn. Every article added is stored once,
the misbehaving source stops none of the others, the process exits cleanly and keeps no file descriptors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_short_soak(root_dir: Path) -> None:
    command = [sys.executable, str(root_dir / "scripts" / "soak_watch.py"), "--sources", "10", "--every", "1",
               "--seconds", "20", "--new-every", "4", "--sample", "4", "--json"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=root_dir)
    summary = json.loads(done.stdout)
    print({k: v for k, v in summary.items() if k != "samples"})  # the figures, for -s
    assert done.returncode == 0 and summary["ok"], summary
    assert summary["articles_stored"] == summary["items_added"] > 27  # the 27 first items, and the new ones
    assert summary["misbehaving_errors"] >= 3 and summary["well_behaved_errors"] == 0
    assert summary["not_modified"] > 0 and summary["alerts"] > 0 and summary["pending_deliveries"] == 0
    fds = summary["fds"]
    assert fds["last"] <= fds["first"] + 2 and fds["max"] <= fds["first"] + 12  # nothing left open
