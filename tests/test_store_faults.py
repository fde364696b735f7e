"""Faults while writing the store, made for real in a child process: a disk that refuses to grow the files
(the kernel's file-size limit, RLIMIT_FSIZE: the same failed write as a full disk, EFBIG instead of ENOSPC, and it
needs no root and no mount). The write fails with a StoreError that says so, nothing of the failing batch is
stored, everything committed before stays, and the same connection writes again once there is room."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geoevents.models import Article
from geoevents.store import Store

CHILD = textwrap.dedent(
    """
    import json, os, resource, sys
    from geoevents.errors import StoreError
    from geoevents.models import Article
    from geoevents.store import Store

    path = sys.argv[1]
    store = Store.open(path)
    room = os.path.getsize(path) + 2_000_000
    resource.setrlimit(resource.RLIMIT_FSIZE, (room, resource.RLIM_INFINITY))  # soft: raised again below
    stored, error = [], None
    for i in range(200):
        text = f"Article {i}. " + "Filler text that takes room on the disk. " * 2000
        try:
            store.add_articles([(Article(id=f"big{i}", text=text), [], [(0, len(text))])])
        except StoreError as exc:
            error = {"id": f"big{i}", "message": str(exc)}
            break
        stored.append(f"big{i}")
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    store.add_articles([(Article(id="after", text="Room again."), [], [(0, 11)])])
    store.close()
    print(json.dumps({"stored": stored, "error": error}))
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as Linux has it")
def test_a_disk_that_refuses_to_grow(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    store = Store.open(path)
    store.add_articles([(Article(id=f"before{i}", text=f"Talks resumed {i}."), [], [(0, 15)]) for i in range(3)])
    store.close()
    child = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=300)
    assert child.returncode == 0, child.stderr[-3000:]
    assert "Traceback" not in child.stderr
    result = json.loads(child.stdout)
    assert result["error"] is not None, "the file-size limit was never reached"
    assert "could not write the store" in result["error"]["message"]
    assert "File too large" in result["error"]["message"]
    assert result["stored"], "some batches fit before the limit"
    store = Store.open(path)
    try:
        ids = {a["id"] for a in store.articles(limit=1000)}
    finally:
        store.close()
    assert ids == {"before0", "before1", "before2", *result["stored"], "after"}
    assert result["error"]["id"] not in ids
