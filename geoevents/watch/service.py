"""The watch loop: poll the sources when they are due, code what is new into the store, raise alerts.

Threads: a few fetch workers (HTTP and feed parsing; they never touch the store), the delivery thread, and the
calling thread, which owns the spaCy pipeline (loaded once, warmed up, kept) and does all coding and storing. Every
store call takes the `StoreAccess` lock, which the dashboard shares when it runs in the same process (`--serve`).

New means not stored before: not by id (a feed's guid or the content hash), not by URL, not by text (the same
story from two feeds is stored once; both sightings are recorded in `watch_seen`). New articles go through the same
library path as `geoevents code` - `code_articles`, then `Store.add_articles`, which merges their reports with the
stored ones - one article per transaction, so a stop or a crash loses at most the article in hand, which the next
run codes (it was never marked seen). Alerts are evaluated over the reports of every article stored since the
last evaluation (a mark in the store), so a crash between storing and alerting loses no alert either.

Long because the loop, the per-source schedule (due, backoff), the once-only bookkeeping (seen, duplicates) and
the alert step share one Watcher's state (sources in flight, the results queue, the store lock); apart, each
would take that state as arguments. The parts that need none of it live beside it (sources, alerts, delivery).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from geoevents import __version__
from geoevents.errors import InputError, SourceError
from geoevents.models import Article
from geoevents.settings import Settings
from geoevents.store.watch import Firing, SeenItem, SourceState, utcnow
from geoevents.watch.alerts import evaluate
from geoevents.watch.config import SourceSpec, WatchConfig
from geoevents.watch.delivery import Deliverer
from geoevents.watch.http import Fetcher, backoff_delay
from geoevents.watch.sources import Item, Poll, dated, poll, read_item, with_full_text

if TYPE_CHECKING:
    from spacy.language import Language

    from geoevents.store import Store

log = logging.getLogger("geoevents.watch")
ALERT_MARK = "alerts_evaluated"  # storing time of the last article whose reports were evaluated
HEARTBEAT_MARK = "watch"  # {"state": "running"|"stopped", "pid", "started", "once"}; updated every few seconds
HEARTBEAT_SECONDS = 5.0
SEEN_DAYS = 30  # items seen longer ago are forgotten (a returning one is still known by its article id)
WARM_UP_TEXT = "Russian forces attacked Ukraine on Monday. Germany sent aid to Kyiv."


class StoreAccess:
    """The open store and the lock that every thread holds while it uses it."""

    def __init__(self, store: Store, lock: threading.RLock | None = None) -> None:
        self.store = store
        self.lock = lock or threading.RLock()

    @contextmanager
    def __call__(self) -> Iterator[Store]:
        with self.lock:
            yield self.store


@dataclass
class WatchReport:
    """What a watch run did (printed by the CLI; stored as the run's counts)."""

    polls: int = 0
    not_modified: int = 0
    errors: int = 0
    articles: int = 0
    events: int = 0
    known: int = 0
    duplicates: int = 0
    problems: int = 0
    alerts: int = 0
    delivered: int = 0
    failed_deliveries: int = 0
    pending_deliveries: int = 0
    seconds: float = 0.0
    stopped: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "seconds": round(self.seconds, 3)}


Validators = tuple[str | None, str | None]  # (ETag, Last-Modified) of a feed response


@dataclass
class _FullText:
    """The full-text stage's result: a source's new articles with the text of the pages they link to."""

    source: str
    articles: list[Article]
    validators: Validators | None
    problems: list[str] = field(default_factory=list)


@dataclass
class _Crash:
    """A worker met an unexpected error with a source: the source counts it as a failed poll."""

    source: str
    error: Exception


class Watcher:
    """Runs the watch over one open store. `run(once=...)` returns when done or when `stop` is set."""

    def __init__(
        self,
        config: WatchConfig,
        settings: Settings,
        access: StoreAccess,
        *,
        nlp: Language | None = None,
        stop: threading.Event | None = None,
        stdout: IO[str] | None = None,
        on_stored: Callable[[], None] | None = None,
    ) -> None:
        self.config = config
        self.settings = dataclasses.replace(settings, processes=1, progress=False)  # one process, spaCy kept
        self.access = access
        self.nlp = nlp
        self.stop = stop or threading.Event()
        self.on_stored = on_stored or (lambda: None)
        self.specs = {spec.name: spec for spec in config.sources}
        self.states: dict[str, SourceState] = {}
        self.report = WatchReport()
        self.fetcher = Fetcher(config.options)
        self.deliverer = Deliverer(access, config.options, self.fetcher, stdout)
        self._jobs: queue.Queue[tuple[str, Callable[[], object]] | None] = queue.Queue()
        self._results: queue.Queue[object] = queue.Queue()
        self._in_flight: set[str] = set()
        self._rand = random.Random()
        self._run_id = ""
        self._beat = 0.0

    # -- the run ---------------------------------------------------------------------------------------------------

    def run(self, once: bool = False) -> WatchReport:
        started = time.perf_counter()
        self._start(once)
        try:
            self._loop(once)
        finally:
            self._finish(once)
            self.report.seconds = time.perf_counter() - started
        return self.report

    def _start(self, once: bool) -> None:
        self._load_pipeline()
        now = time.time()
        with self.access() as store:
            for spec in self.specs.values():
                self.states[spec.name] = self._state(store, spec, now)
            store.watch.prune_seen(utcnow() - dt.timedelta(days=SEEN_DAYS))
            if store.watch.mark(ALERT_MARK) is None:
                store.watch.set_mark(ALERT_MARK, utcnow().isoformat())
            described = {"command": "watch", "watch_file": str(self.config.path), "once": once}
            self._run_id = store.start_run(__version__, {**self.settings.to_dict(), **described})
        self._heartbeat("running", once, force=True)
        self.deliverer.start()
        resumed = self.deliverer.resume()
        if resumed:
            log.info("resuming %d pending alert deliveries", resumed)
        self._evaluate_alerts()  # articles stored since the last evaluation (a crash, or `geoevents code`)
        for number in range(self.config.options.workers):
            threading.Thread(target=self._work, name=f"geoevents-fetch-{number}", daemon=True).start()
        log.info("watching %d sources with %d alert rules (store %s)", len(self.specs), len(self.config.rules),
                 self.settings.db)  # fmt: skip

    def _load_pipeline(self) -> None:
        """Load spaCy once and code one text, so that the first article does not pay for lazy loading."""
        from geoevents.coding import code_articles

        if self.nlp is None:
            from geoevents.nlp import load_pipeline

            self.nlp = load_pipeline(self.settings)
        warm = Article(id="warm-up", text=WARM_UP_TEXT, date=dt.date.today().isoformat())
        list(code_articles([warm], self.settings, self.nlp))

    def _state(self, store: Store, spec: SourceSpec, now: float) -> SourceState:
        """The stored state of a source (a restart resumes its schedule, backoff included), updated to the file."""
        state = store.watch.source(spec.name) or SourceState(spec.name)
        if state.location != spec.location:  # another feed under the same name: its validators do not apply
            state.etag = state.last_modified = None
        state.kind, state.location, state.every = spec.kind, spec.location, spec.every
        due = _timestamp(state.next_poll)
        longest = max(spec.every, min(self.config.options.max_backoff, spec.every * 2 ** min(state.errors, 30)))
        if due is None or due > now + longest:  # the file now says to poll sooner
            state.next_poll = _datetime(now)
        store.watch.save_source(state)
        return state

    def _loop(self, once: bool) -> None:
        polled: set[str] = set()
        while not self.stop.is_set():
            now = time.time()
            for name, spec in self.specs.items():
                if name in self._in_flight or (once and name in polled):
                    continue
                if not once and (_timestamp(self.states[name].next_poll) or 0) > now:
                    continue
                polled.add(name)
                self._in_flight.add(name)
                self._jobs.put((name, self._poll_job(spec, self.states[name])))
            if once and len(polled) == len(self.specs) and not self._in_flight:
                self.report.stopped = "once"
                return
            try:
                self._handle(self._results.get(timeout=self._wait(now)))
            except queue.Empty:
                pass
            if self._heartbeat("running", once):
                self._evaluate_alerts()  # articles another writer stored (POST /api/articles under --serve)
        self.report.stopped = "signal"

    def _poll_job(self, spec: SourceSpec, state: SourceState) -> Callable[[], object]:
        return lambda: poll(spec, self.fetcher, state.etag, state.last_modified)

    def _wait(self, now: float) -> float:
        due = [(_timestamp(self.states[n].next_poll) or now) for n in self.specs if n not in self._in_flight]
        return min(1.0, max(0.05, min(due, default=now + 1.0) - now))

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            name, task = job
            try:
                self._results.put(task())
            except Exception as exc:  # noqa: BLE001 - a bug met with one source must not stop the others
                log.exception("source %s: internal error", name)
                self._results.put(_Crash(name, exc))

    def _finish(self, once: bool) -> None:
        for _ in range(self.config.options.workers):
            self._jobs.put(None)
        wait = self.config.options.once_wait if once else 2.0
        if not self.deliverer.wait_idle(wait):
            log.info("some alert deliveries are still pending; the next run resumes them")
        self.deliverer.close()
        self.fetcher.close()
        self.report.delivered, self.report.failed_deliveries = self.deliverer.delivered, self.deliverer.failed
        with self.access() as store:
            self.report.pending_deliveries = len(store.watch.deliveries(status="pending"))
            store.finish_run(self._run_id, self.report.to_dict())
        self._heartbeat("stopped", once, force=True)

    def _heartbeat(self, state: str, once: bool, force: bool = False) -> bool:
        """Record that the watch is alive, every HEARTBEAT_SECONDS (or now, when forced); True when it did."""
        now = time.monotonic()
        if not force and now - self._beat < HEARTBEAT_SECONDS:
            return False
        self._beat = now
        value = json.dumps({"state": state, "pid": os.getpid(), "once": once, "run": self._run_id})
        with self.access() as store:
            store.watch.set_mark(HEARTBEAT_MARK, value)
        return True

    # -- results ---------------------------------------------------------------------------------------------------

    def _handle(self, result: object) -> None:
        if isinstance(result, Poll):
            self._polled(result)
        elif isinstance(result, _FullText):
            spec = self.specs[result.source]
            self._problems(self.states[spec.name], result.problems)
            self._settle(spec, self._code(spec, result.articles), result.validators)
        elif isinstance(result, _Crash):
            spec, state = self.specs[result.source], self.states[result.source]
            self._failed(spec, state, SourceError("internal", repr(result.error), spec.location), time.time())

    def _polled(self, result: Poll) -> None:
        spec, state = self.specs[result.source], self.states[result.source]
        now = time.time()
        state.polls += 1
        self.report.polls += 1
        state.last_poll = _datetime(now)
        state.last_status = result.status
        if result.error is not None:
            self._failed(spec, state, result.error, now)
            return
        state.errors = 0
        if result.not_modified:
            state.not_modified += 1
            self.report.not_modified += 1
        state.next_poll = _datetime(now + spec.every)
        self._problems(state, result.problems)
        self._take(spec, result.items, None if result.not_modified else (result.etag, result.last_modified))

    def _failed(self, spec: SourceSpec, state: SourceState, error: SourceError, now: float) -> None:
        state.errors += 1
        state.error_total += 1
        state.last_error = error.reason
        self.report.errors += 1
        delay = backoff_delay(spec.every, state.errors, self.config.options.max_backoff, self._rand,
                              error.retry_after)  # fmt: skip
        state.next_poll = _datetime(now + delay)
        log.warning("source %s: %s (%s); %d error(s) in a row, next poll in %.0f s", spec.name, error.reason,
                    error.kind, state.errors, delay)  # fmt: skip
        self._save(state)
        self._done(spec.name)

    def _problems(self, state: SourceState, problems: list[str]) -> None:
        for problem in problems:
            log.warning("source %s: %s", state.name, problem)
        state.problems += len(problems)
        self.report.problems += len(problems)

    def _done(self, name: str) -> None:
        self._in_flight.discard(name)

    def _settle(self, spec: SourceSpec, completed: bool, validators: Validators | None) -> None:
        """A source's round is over: keep the response's validators only when every new item was taken (else the
        next request must fetch the feed again, not get a 304), save its state, and let it be polled again."""
        state = self.states[spec.name]
        if completed and validators is not None:
            state.etag, state.last_modified = validators
        self._save(state)
        self._done(spec.name)

    def _save(self, state: SourceState) -> None:
        with self.access() as store:
            store.watch.save_source(state)

    # -- taking new items ------------------------------------------------------------------------------------------

    def _take(self, spec: SourceSpec, items: list[Item], validators: Validators | None) -> None:
        """Code the items not seen before; a feed's full text is fetched by a worker first."""
        with self.access() as store:
            seen = store.watch.seen(spec.name, [item.key for item in items])
        fresh = [item for item in items if item.key not in seen]
        if spec.kind == "folder":
            self._settle(spec, self._take_files(spec, fresh), None)
            return
        today = dt.datetime.now(dt.UTC).date()
        articles = self._new([dated(i.article, today) for i in fresh if i.article is not None], spec,
                             compare_text=not spec.fetch_full_text)  # fmt: skip
        if spec.fetch_full_text and articles:
            self._jobs.put((spec.name, lambda: self._full_text(spec, articles, validators)))
            return  # in flight until the pages are read
        self._settle(spec, self._code(spec, articles), validators)

    def _full_text(self, spec: SourceSpec, articles: list[Article], validators: Validators | None) -> _FullText:
        problems: list[str] = []
        pages = [with_full_text(a, self.fetcher, _collect(problems)) for a in articles]
        return _FullText(spec.name, pages, validators, problems)

    def _take_files(self, spec: SourceSpec, files: list[Item]) -> bool:
        """Read and code each new file; a file counts as seen once it was read to its end."""
        today = dt.datetime.now(dt.UTC).date()
        state = self.states[spec.name]
        for item in files:
            problems: list[str] = []
            articles = (dated(a, today) for a in read_item(item, _collect(problems)))
            completed = self._code(spec, self._new_stream(articles, spec))
            self._problems(state, problems)
            if not completed:
                return False  # stopped: the file stays new, and the articles stored from it stay known
            with self.access() as store:
                store.watch.mark_seen([SeenItem(spec.name, item.key, None, "read", str(item.path))])
        return True

    def _new_stream(self, articles: Iterable[Article], spec: SourceSpec, chunk: int = 50) -> Iterator[Article]:
        """The new articles of a stream (a file), checked against the store a chunk at a time; the texts taken
        from earlier chunks count too, since the pipeline reads ahead of what is stored."""
        batch: list[Article] = []
        taken: dict[str, str] = {}
        for article in articles:
            batch.append(article)
            if len(batch) >= chunk:
                yield from self._new(batch, spec, compare_text=True, taken=taken)
                batch = []
        if batch:
            yield from self._new(batch, spec, compare_text=True, taken=taken)

    def _new(
        self, articles: list[Article], spec: SourceSpec, compare_text: bool, taken: dict[str, str] | None = None
    ) -> list[Article]:
        """The articles the store does not hold yet; the others are recorded as seen (known by id, or a duplicate
        of a stored article by URL or text). `compare_text=False` (full text to come) decides by id and URL;
        `taken` (text hash -> id) holds the texts already taken from the same stream."""
        if not articles:
            return []
        with self.access() as store:
            by_id, by_url, by_hash = store.watch.known_articles(
                [a.id for a in articles], [a.url for a in articles if a.url],
                [a.text_hash for a in articles] if compare_text else [],
            )  # fmt: skip
        fresh: list[Article] = []
        seen: list[SeenItem] = []
        taken = {} if taken is None else taken
        for article in articles:
            twin = self._twin(article, by_id, by_url, by_hash, taken, compare_text)
            if twin is None:
                fresh.append(article)
                taken[article.text_hash] = article.id
                continue
            outcome = "known" if twin == article.id else "duplicate"
            seen.append(SeenItem(spec.name, article.id, twin, outcome, article.url))
        self._seen(spec, seen)
        return fresh

    @staticmethod
    def _twin(
        article: Article, by_id: dict[str, str], by_url: dict[str, str], by_hash: dict[str, str],
        taken: dict[str, str], compare_text: bool,
    ) -> str | None:  # fmt: skip
        """The stored (or just taken) article this one is, or None when it is new. An article whose id is stored
        with another text is new again (its story changed) unless its text is still to be fetched."""
        if article.id in by_id and (not compare_text or by_id[article.id] == article.text_hash):
            return article.id
        if article.url and article.url in by_url and by_url[article.url] != article.id:
            return by_url[article.url]
        if compare_text:
            twin = by_hash.get(article.text_hash) or taken.get(article.text_hash)
            if twin is not None and twin != article.id:
                return twin
        return None

    def _seen(self, spec: SourceSpec, items: list[SeenItem]) -> None:
        if not items:
            return
        state = self.states[spec.name]
        for item in items:
            state.duplicates += 1  # already stored when this source showed it, under its id or another
            if item.outcome == "known":
                self.report.known += 1
            else:
                self.report.duplicates += 1
        with self.access() as store:
            store.watch.mark_seen(items)

    def _code(self, spec: SourceSpec, articles: Iterable[Article]) -> bool:
        """Code and store each article (one transaction each), then evaluate the alerts once. Returns False when
        a stop came before the last article."""
        from geoevents.coding import code_articles

        state = self.states[spec.name]
        stored = 0
        if self.stop.is_set():
            return False
        if spec.fetch_full_text:  # the text came with the page: compare it with the store now
            articles = self._new(list(articles), spec, compare_text=True)
        if isinstance(articles, list) and not articles:
            return True  # nothing new (most polls): the pipeline is not even asked
        for coded in code_articles(articles, self.settings, self.nlp):
            article = coded.article
            with self.access() as store:
                store.add_articles([coded.as_store_item()], run_id=self._run_id)
                store.watch.mark_seen([SeenItem(spec.name, article.id, article.id, "stored", article.url)])
            stored += 1
            state.articles += 1
            state.last_article = utcnow()
            self.report.articles += 1
            self.report.events += len(coded.events)
            log.info("stored %s from %s: %d events (%s)", article.id, spec.name, len(coded.events),
                     (article.title or article.text)[:60].replace("\n", " "))  # fmt: skip
            self.on_stored()
            if self.stop.is_set():
                break  # the article in hand is stored; the rest stay new for the next run
        else:
            if stored:
                self._evaluate_alerts()
            return True
        self._evaluate_alerts()
        return False

    # -- alerts ----------------------------------------------------------------------------------------------------

    def _evaluate_alerts(self) -> None:
        """Evaluate the rules over the reports stored since the last evaluation; store and deliver new firings."""
        if not self.config.rules:
            return
        with self.access() as store:
            mark = store.watch.mark(ALERT_MARK)
            dates, latest = store.watch.report_dates_since(dt.datetime.fromisoformat(mark) if mark else None)
            if latest is None:
                return
            firings = evaluate(store, self.config.rules, dates)
            outputs = {f.id: [o.name for o in self.config.outputs_of(self._rule(f.rule))] for f in firings}
            fresh = store.watch.add_firings(firings, outputs)
            store.watch.set_mark(ALERT_MARK, latest.isoformat())
        for firing in fresh:
            self.report.alerts += 1
            log.info("alert %s: %s", firing.id, describe(firing))
            self.deliverer.submit(firing, outputs[firing.id])

    def _rule(self, name: str) -> Any:
        return next(rule for rule in self.config.rules if rule.name == name)


def describe(firing: Firing) -> str:
    """One line about a firing: rule, trigger, window, dyad, value against its baseline, events."""
    window = firing.window_start if firing.window_start == firing.window_end else \
        f"{firing.window_start}..{firing.window_end}"  # fmt: skip
    dyad = f" {firing.actor}->{firing.recipient}" if firing.actor else ""
    against = f" against a baseline of {firing.baseline:g} (score {firing.score:g})" if firing.baseline is not None \
        else ""  # fmt: skip
    return (f"rule {firing.rule} ({firing.trigger}) fired for {window}{dyad}: value {firing.value:g}{against}, "
            f"{len(firing.event_ids)} event(s)")  # fmt: skip


def _collect(problems: list[str]) -> Callable[[InputError], None]:
    return lambda problem: problems.append(str(problem))


def _timestamp(value: dt.datetime | None) -> float | None:
    return value.replace(tzinfo=dt.UTC).timestamp() if value is not None else None


def _datetime(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None)


__all__ = ["ALERT_MARK", "HEARTBEAT_MARK", "StoreAccess", "WatchReport", "Watcher", "describe"]
