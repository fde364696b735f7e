"""Delivering fired alerts: one thread, so a slow or failing webhook never holds up the coding.

Each firing is stored with one pending delivery per output before it is handed to the `Deliverer`; the thread
writes the outcome back (delivered, or failed after the last attempt). A webhook that fails is tried again with
exponential backoff and jitter (1 s, 2 s, 4 s, ... up to 5 minutes between attempts). Deliveries still pending when
the watch stops stay pending in the store and are resumed by the next run: an alert is delivered at least once.

Outputs: `stdout` prints the alert as one JSON line; `jsonl:PATH` appends that line to PATH; `webhook:URL` POSTs it
as JSON and counts any 2xx answer as delivered.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from geoevents.errors import SourceError
from geoevents.store.watch import Firing, utcnow
from geoevents.watch.config import WatchOptions
from geoevents.watch.http import Fetcher
from geoevents.watch.rules import Output

if TYPE_CHECKING:
    from geoevents.store import Store

log = logging.getLogger("geoevents.watch")
MAX_RETRY_WAIT = 300.0

StoreLock = Callable[[], AbstractContextManager["Store"]]


class DeliveryError(Exception):
    """One attempt to deliver failed (internal to this module: the attempt is retried or marked failed)."""


def payload(firing: Firing) -> dict[str, Any]:
    """What every output receives: the firing as JSON-ready values."""
    return {"alert": firing.id, **firing.to_dict()}


def retry_wait(attempts: int, rand: random.Random) -> float:
    """Seconds before the next attempt after `attempts` failed ones: doubling from 1 s, with equal jitter."""
    grown = min(MAX_RETRY_WAIT, 2.0 ** max(0, attempts - 1))
    return grown / 2 + rand.uniform(0, grown / 2)


@dataclass(order=True)
class _Job:
    due: float
    seq: int
    firing: Firing
    output: str
    attempts: int = 0


class Deliverer:
    """Delivers alerts in a thread of its own; `submit` never waits for a delivery."""

    def __init__(
        self, store: StoreLock, options: WatchOptions, fetcher: Fetcher, stdout: IO[str] | None = None,
        rand: random.Random | None = None,
    ) -> None:  # fmt: skip
        self._store = store
        self._options = options
        self._fetcher = fetcher
        self._stdout = stdout
        self._rand = rand or random.Random()
        self._heap: list[_Job] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._closing = False
        self._busy = False
        self.delivered = 0
        self.failed = 0
        self._thread = threading.Thread(target=self._run, name="geoevents-deliver", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, firing: Firing, outputs: list[str], attempts: int = 0, wait: float = 0.0) -> None:
        with self._cond:
            for output in outputs:
                heapq.heappush(self._heap, _Job(time.monotonic() + wait, next(self._seq), firing, output, attempts))
            self._cond.notify()

    def resume(self) -> int:
        """Queue the deliveries a previous run left pending; returns how many."""
        with self._store() as store:
            pending = store.watch.deliveries(status="pending")
            firings = {f: store.watch.firing(f) for f in {row["firing_id"] for row in pending}}
        now = utcnow()
        for row in pending:
            firing = firings.get(row["firing_id"])
            if firing is not None:
                due = row["next_attempt"] or now
                self.submit(firing, [row["output"]], row["attempts"] or 0, max(0.0, (due - now).total_seconds()))
        return len(pending)

    def idle(self) -> bool:
        with self._cond:
            return not self._heap and not self._busy

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is queued or being delivered, at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.idle():
                return True
            time.sleep(0.05)
        return self.idle()

    def close(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify()
        self._thread.join(timeout)

    # -- the thread ----------------------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            job = self._next()
            if job is None:
                return
            try:
                self._attempt(job)
            finally:
                with self._cond:
                    self._busy = False

    def _next(self) -> _Job | None:
        with self._cond:
            while True:
                if self._closing:
                    return None
                if self._heap and self._heap[0].due <= time.monotonic():
                    self._busy = True
                    return heapq.heappop(self._heap)
                wait = self._heap[0].due - time.monotonic() if self._heap else None
                self._cond.wait(timeout=wait)

    def _attempt(self, job: _Job) -> None:
        attempts = job.attempts + 1
        try:
            self._deliver(job.firing, Output.parse(job.output))
        except DeliveryError as error:
            last = job.output.startswith("webhook:") and attempts >= self._options.webhook_attempts
            last = last or (not job.output.startswith("webhook:") and attempts >= 3)
            wait = retry_wait(attempts, self._rand)
            status = "failed" if last else "pending"
            self._record(job, status, attempts, str(error), None if last else utcnow() + dt.timedelta(seconds=wait))
            if last:
                self.failed += 1
                log.warning("alert %s: delivery to %s failed after %d attempts: %s", job.firing.id, job.output,
                            attempts, error)  # fmt: skip
            else:
                log.info("alert %s: delivery to %s failed (%s); attempt %d in %.1f s", job.firing.id, job.output,
                         error, attempts + 1, wait)  # fmt: skip
                self.submit(job.firing, [job.output], attempts, wait)
            return
        self._record(job, "delivered", attempts, None, None)
        self.delivered += 1
        log.info("alert %s delivered to %s", job.firing.id, job.output)

    def _record(self, job: _Job, status: str, attempts: int, error: str | None, next_at: dt.datetime | None) -> None:
        with self._store() as store:
            store.watch.update_delivery(job.firing.id, job.output, status, attempts, error, next_at)

    def _deliver(self, firing: Firing, output: Output) -> None:
        line = json.dumps(payload(firing), ensure_ascii=False, sort_keys=True, default=str)
        try:
            if output.kind == "stdout":
                self._write(line)
            elif output.kind == "jsonl":
                assert output.target is not None
                _append(output.target, line)
            elif output.kind == "webhook":
                assert output.target is not None
                status = self._fetcher.post_json(output.target, line.encode("utf-8"), self._options.webhook_timeout)
                if not 200 <= status < 300:
                    raise DeliveryError(f"HTTP {status}")
            else:
                raise DeliveryError(f"unknown output {output.name!r}")
        except (OSError, SourceError) as exc:
            raise DeliveryError(str(exc)) from exc

    def _write(self, line: str) -> None:
        import sys

        stream = self._stdout or sys.stdout
        stream.write(line + "\n")
        stream.flush()


def _append(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


__all__ = ["Deliverer", "payload", "retry_wait"]
