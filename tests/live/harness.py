"""Helpers of the watch tests: a watch file writer, and a Watcher running in a thread over a store the test reads
under the watch's own lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geoevents.settings import Settings
from geoevents.store import Store
from geoevents.watch import load_config
from geoevents.watch.service import StoreAccess, Watcher, WatchReport


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def watch_file(
    folder: Path, sources: list[dict[str, Any]], rules: list[dict[str, Any]] = (),  # type: ignore[assignment]
    options: dict[str, Any] | None = None, name: str = "sources.toml",
) -> Path:  # fmt: skip
    """Write a watch file: [watch] options, [[source]] and [[alert]] tables."""
    lines = ["[watch]"] + [f"{k} = {toml_value(v)}" for k, v in (options or {}).items()]
    for table, rows in (("source", sources), ("alert", rules)):
        for row in rows:
            lines += ["", f"[[{table}]]"] + [f"{k} = {toml_value(v)}" for k, v in row.items()]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FAST = {"timeout": 1, "max_backoff": 4, "webhook_attempts": 5, "once_wait": 20}


class Running:
    """A Watcher in a background thread; `read(fn)` runs fn(store) under the watch's lock."""

    def __init__(self, watcher: Watcher, access: StoreAccess, thread: threading.Thread) -> None:
        self.watcher, self.access, self.thread = watcher, access, thread
        self.report: WatchReport | None = None

    def read(self, fn: Callable[[Store], Any]) -> Any:
        with self.access() as store:
            return fn(store)

    def until(self, predicate: Callable[[Store], Any], timeout: float = 60.0, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.thread.is_alive():
                raise AssertionError(f"the watch stopped while waiting for {what or predicate}")
            value = self.read(predicate)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")


@contextmanager
def running_watch(path: Path, db: Path, nlp: Any, once: bool = False, stdout: Any = None) -> Iterator[Running]:
    """Run a Watcher over `db` until the block ends (then stop it and join)."""
    config = load_config(path)
    stop = threading.Event()
    with Store.open(db) as store:
        access = StoreAccess(store)
        watcher = Watcher(config, Settings(db=str(db)), access, nlp=nlp, stop=stop, stdout=stdout)
        holder: dict[str, Any] = {}
        thread = threading.Thread(target=lambda: holder.update(report=watcher.run(once=once)), daemon=True)
        running = Running(watcher, access, thread)
        thread.start()
        try:
            yield running
        finally:
            if once:  # let it finish its round
                thread.join(timeout=180)
            stop.set()
            thread.join(timeout=60)
            running.report = holder.get("report")
        assert not thread.is_alive(), "the watch did not stop"
