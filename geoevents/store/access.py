"""Sharing the store file between processes: asking for it, waiting for it, and letting go of it when asked.

DuckDB lets one process write a database file, or any number of processes read it, never both at once (a lock on
the file; https://duckdb.org/docs/stable/connect/concurrency). So geoevents processes hold the store only while
they need it, and wait for it when another process holds it:

- `geoevents code` opens it for each batch it writes (and read-only to see which articles it has), the query
  commands for their one query: between two batches anyone may read or write;
- `geoevents serve` keeps it open to answer requests - read-only, until a POST stores articles - and lets go of it
  whenever another process asks (`Requests.pending`), opening it again once that process is in;
- a process that finds the file held *asks* for it: it holds a shared lock on `<store>.lock` while it retries
  (every RETRY_SECONDS), and gives up after `Settings.wait` seconds with a message naming the holder.

The lock file is an empty file beside the store; it is made only next to a store that exists, and a folder where it
cannot be made (read-only) just means nobody is asked: the retries still wait.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from geoevents.errors import StoreLockedError

RETRY_SECONDS = 0.05
T = TypeVar("T")


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


def _lock_file(store: Path) -> int | None:
    """A descriptor of the store's lock file, made if need be; None where it cannot be made (read-only folder)."""
    try:
        return os.open(lock_path(store), os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return None


class Request:
    """Held while this process waits for the store: tells a holder that watches (`Requests`) that someone asks."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._fd: int | None = None

    def __enter__(self) -> Request:
        if self.store.exists():
            self._fd = _lock_file(self.store)
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_SH)  # a holder's check takes it exclusively for an instant only
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the lock
            self._fd = None


class Requests:
    """What a long-lived holder watches: whether another process is asking for the store."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._fd = _lock_file(store)

    def pending(self) -> bool:
        """Whether some process is waiting for the store right now."""
        if self._fd is None:
            return False
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        return False

    def wait_answered(self, seconds: float) -> bool:
        """Wait (at most `seconds`) until nobody asks any more, i.e. the asker got in; whether it did."""
        deadline = time.monotonic() + seconds
        while self.pending():
            if time.monotonic() >= deadline:
                return False
            time.sleep(RETRY_SECONDS / 2)
        return True

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def holder(message: str) -> str:
    """'PID 1234: geoevents code news/' from DuckDB's lock message, or '' when it names no process."""
    found = re.search(r"\(PID (\d+)\)", message)
    if not found:
        return ""
    pid = int(found.group(1))
    try:
        import psutil

        argv = psutil.Process(pid).cmdline()
        command = " ".join(" ".join([Path(argv[0]).name, *argv[1:]]).split()) if argv else ""
    except Exception:  # noqa: BLE001 - the process may be gone or foreign; the pid alone still helps
        command = ""
    return f"PID {pid}: {command[:80]}" if command else f"PID {pid}"


def waiting(store: Path, wait: float, attempt: Callable[[], T]) -> T:
    """`attempt()` (an open of `store`), retried while it raises StoreLockedError, for up to `wait` seconds, asking
    the holder for the store meanwhile. Raises the last StoreLockedError, saying how long it waited."""
    try:
        return attempt()
    except StoreLockedError as first:
        error = first
    deadline = time.monotonic() + max(0.0, wait)
    with Request(store):
        while time.monotonic() < deadline:
            time.sleep(RETRY_SECONDS)
            try:
                return attempt()
            except StoreLockedError as again:
                error = again
    raise StoreLockedError(
        f"{error.args[0]} Waited {wait:g} s: let that process finish or stop it, or wait longer with --wait SECONDS "
        "(GEOEVENTS_WAIT)."
    ) from error


__all__ = ["RETRY_SECONDS", "Request", "Requests", "holder", "lock_path", "waiting"]
