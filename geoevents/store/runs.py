"""Coding runs: when a run started and finished, with which version and settings, and what it counted."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from geoevents.store.connection import Db


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def start_run(db: Db, version: str, settings: dict[str, Any], started: dt.datetime | None = None) -> str:
    """Record that a coding run started (now, or at `started`, UTC); returns its id (stored with every article it
    codes)."""
    db.writable()
    now = started or _now()
    run_id = f"run-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    db.con.execute(
        "INSERT INTO runs (id, version, started, settings) VALUES (?, ?, ?, ?)",
        [run_id, version, now, json.dumps(settings, sort_keys=True, default=str)],
    )
    return run_id


def finish_run(db: Db, run_id: str, counts: dict[str, Any]) -> None:
    db.writable()
    db.con.execute(
        "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
        [_now(), json.dumps(counts, sort_keys=True, default=str), run_id],
    )


def runs(db: Db) -> list[dict[str, Any]]:
    rows = db.rows("SELECT * FROM runs ORDER BY started, id")
    for row in rows:
        row["settings"] = json.loads(row["settings"]) if row["settings"] else {}
        row["counts"] = json.loads(row["counts"]) if row["counts"] else None
    return rows
