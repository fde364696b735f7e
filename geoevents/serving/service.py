"""The app's access to the store: requests side by side on one open store, shared with other processes.

Requests run in FastAPI's thread pool, each on its own DuckDB cursor of the one open database (DuckDB connections
are not shared between threads; cursors read side by side, each a consistent snapshot, so a reader never sees half
of a stored article). Writes (POST /api/articles) are coded in a worker process (`geoevents.serving.coder`),
outside any store lock, then stored one at a time.

The store is shared with other processes (`geoevents.store.access`): the service opens it read-only, and read-write
only once a POST stores articles; when another process asks for the file (`geoevents summary`, `geoevents code`
writing a batch), a watcher thread lets the requests in flight finish, closes the store, waits until the asker is
in, and the next request opens it again (waiting, up to `Settings.wait`, while a writer holds it). `Gate` keeps a
change of the open store apart from the requests that use it.

`geoevents watch --serve` hands the service the watch's own open store and its lock: the dashboard then reads what
the watch writes, on cursors of the one connection, taking the watch's lock for each request (so a read never runs
inside one of the watch's writes), and the watch calls `changed()` after each write.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

from geoevents.errors import StoreError
from geoevents.models import Article
from geoevents.query import EventFilter
from geoevents.serving.coder import Coder
from geoevents.serving.names import known_names
from geoevents.settings import Settings
from geoevents.store import Store
from geoevents.store.access import RETRY_SECONDS, Requests

EVERYTHING = EventFilter()
T = TypeVar("T")


class Gate:
    """Many users of the open store at once, or one change of it (open, close, switch to read-write): a
    readers-writer lock that lets a waiting change go first, so a steady stream of requests cannot starve it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._users = 0
        self._changing = False
        self._waiting = 0

    @contextmanager
    def use(self, timeout: float) -> Iterator[None]:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._changing and not self._waiting, timeout):
                raise StoreError("the store is busy (it is being handed to another process); try again")
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                if not self._users:
                    self._cond.notify_all()

    @contextmanager
    def change(self, timeout: float) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            try:
                free = self._cond.wait_for(lambda: not self._changing and not self._users, timeout)
            finally:
                self._waiting -= 1
            if not free:
                self._cond.notify_all()
                raise StoreError("the store is busy with long requests; try again")
            self._changing = True
        try:
            yield
        finally:
            with self._cond:
                self._changing = False
                self._cond.notify_all()


class EventService:
    """Thread-safe access to the store at `settings.db` (read-write unless settings.read_only), or to `store`, one
    this process already holds open (then used as it is: never closed, switched or handed over here)."""

    def __init__(self, settings: Settings, store: Store | None = None, lock: threading.RLock | None = None) -> None:
        self.settings = settings
        self._given = store
        self._given_lock = lock  # the lock of the process that opened `store` (geoevents watch --serve)
        self._store: Store | None = store
        self._gate = Gate()
        self._opening = threading.Lock()
        self._writing = threading.Lock()
        self._requests: Requests | None = None
        self._watcher: threading.Thread | None = None
        self._stopping = threading.Event()
        self._coder = Coder(settings)
        self._cache: dict[str, Any] = {}  # timeline and names, until the next write or hand-over
        self._cache_lock = threading.Lock()
        self._version = 0  # moves after every write, reopening, hand-over and changed(): see `version`

    # -- lifecycle -------------------------------------------------------------------------------------------------

    def open(self) -> None:
        """Open the store once - a missing or unusable store fails here, with its StoreError, before the server
        listens - and start watching for other processes that ask for it."""
        if self._given is not None or self._watcher is not None:
            return
        path = Path(self.settings.db)
        if not path.is_file():
            Store.open(path, read_only=True, wait=0).close()  # raises the StoreError that says what is wrong
        self._use(lambda store: None)
        self._requests = Requests(path)
        self._stopping.clear()
        self._watcher = threading.Thread(target=self._watch, name="geoevents-store-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        if self._watcher is not None:
            self._stopping.set()
            self._watcher.join(timeout=5)
            self._watcher = None
        if self._requests is not None:
            self._requests.close()
            self._requests = None
        self._coder.close()
        if self._given is None:
            with self._gate.change(self.settings.wait + 5):
                self._close_store()

    def changed(self) -> None:
        """Someone else wrote to the shared store: drop what is cached."""
        self._forget()

    @property
    def version(self) -> int:
        """The data version of the store as this service sees it: it moves after each write here has committed,
        whenever the store is closed or opened again (another process may have written meanwhile) and on
        `changed()`. A read that starts after reading version v sees at least the data of v; the API's response
        cache (`geoevents.api.cache`) relies on that."""
        return self._version

    @property
    def writable(self) -> bool:
        if self._given is not None:
            return not self._given.read_only
        return not self.settings.read_only

    # -- the open store --------------------------------------------------------------------------------------------

    def _use(self, work: Callable[[Store], T], write: bool = False) -> T:
        """Run `work` on a cursor of the open store (opened on demand; read-write when `write`)."""
        timeout = self.settings.wait + 5
        while True:
            with self._gate.use(timeout):
                store = self._current(write)
                if store is not None:
                    with self._given_lock or nullcontext():
                        view = store.cursor()
                        try:
                            return work(view)
                        finally:
                            view.close()
            with self._gate.change(timeout):  # open read-only: close it, so that _current opens it read-write
                if self._store is not None and self._store.read_only and self._given is None:
                    self._close_store()

    def _current(self, write: bool) -> Store | None:
        """The open store, opening it if need be; None when it is open read-only and `write` needs more."""
        with self._opening:
            if self._store is None:
                read_only = self.settings.read_only or not write
                self._store = Store.open(self.settings.db, read_only=read_only, wait=self.settings.wait)
                self._forget()
            if write and self._store.read_only and self._given is None and not self.settings.read_only:
                return None
            return self._store

    def _close_store(self) -> None:
        if self._store is not None and self._given is None:
            self._store.close()
            self._store = None
            self._forget()  # another process may write before it is opened again

    def _watch(self) -> None:
        """Hand the store over whenever another process asks for it."""
        while not self._stopping.wait(RETRY_SECONDS):
            requests = self._requests
            if self._store is None or requests is None or not requests.pending():
                continue
            try:
                with self._gate.change(self.settings.wait):
                    self._close_store()
                    # Nobody here opens it again before the asker is in (or gave up).
                    requests.wait_answered(self.settings.wait)
            except StoreError:
                continue  # requests ran too long: ask again at the next look

    def _forget(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._version += 1

    def _cached(self, key: str, build: Callable[[], T]) -> T:
        with self._cache_lock:
            if key in self._cache:
                return self._cache[key]  # type: ignore[no-any-return]
            version = self._version
        value = build()
        with self._cache_lock:
            if version == self._version:  # not built across a write, which would keep the older data
                self._cache[key] = value
        return value

    # -- reads -----------------------------------------------------------------------------------------------------

    def events(
        self, flt: EventFilter, limit: int, offset: int, reports: bool = False
    ) -> tuple[int, list[dict[str, Any]]]:
        """How many merged events (or reports) match `flt`, and one page of them."""
        return self._use(
            lambda s: (
                s.count(where=flt, reports=reports),
                s.events(where=flt, limit=limit, offset=offset, reports=reports),
            )
        )

    def event(self, event_id: str) -> dict[str, Any] | None:
        return self._use(lambda s: s.event(event_id))

    def articles(self, limit: int, offset: int, text: str | None) -> list[dict[str, Any]]:
        return self._use(lambda s: s.articles(limit=limit, offset=offset, text=text))

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self._use(lambda s: s.article(article_id))

    def entities(self, limit: int, offset: int) -> list[dict[str, Any]]:
        return self._use(lambda s: s.entities(limit=limit, offset=offset))

    def names(self) -> dict[str, str]:
        """Entity code -> display name: the knowledge files' name, else the most frequent name seen in the store
        (cached until the next write)."""
        return dict(self._cached("names", self._names))

    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        known = known_names()
        for row in self.entities(limit=5000, offset=0):
            code = row.get("code")
            if not code:
                continue
            if code in known:
                names[code] = known[code]
            elif row.get("name") and (code not in names or not row.get("sector")):
                names[code] = row["name"]
        return names

    def summary(self, flt: EventFilter = EVERYTHING) -> dict[str, Any]:
        return self._use(lambda s: s.summary(where=flt))

    def dyad_series(self, a: str, b: str, interval: str, flt: EventFilter = EVERYTHING) -> list[dict[str, Any]]:
        return self._use(lambda s: s.dyad_series(a, b, interval=interval, where=flt))

    def top_actors(self, n: int, flt: EventFilter = EVERYTHING) -> list[dict[str, Any]]:
        return self._use(lambda s: s.top_actors(n=n, where=flt))

    def network(self, min_events: int, flt: EventFilter = EVERYTHING) -> dict[str, Any]:
        return self._use(lambda s: s.network(min_events=min_events, where=flt))

    def timeline(self, interval: str) -> dict[str, Any]:
        """Events per period and quad class over the whole store (cached until the next write)."""
        return self._cached(
            f"timeline:{interval}", lambda: {"interval": interval, **self._use(lambda s: s.timeline(interval))}
        )

    # -- live monitoring (geoevents watch) --------------------------------------------------------------------------

    def alerts(self, rule: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """How many alerts fired (of `rule`, or all), and one page of them, latest first, with their deliveries."""
        return self._use(
            lambda s: (s.watch.count_firings(rule), s.watch.alert_records(rule=rule, limit=limit, offset=offset))
        )

    def alert(self, firing_id: str) -> dict[str, Any] | None:
        return self._use(lambda s: s.watch.alert_record(firing_id))

    def sources(self) -> dict[str, Any]:
        """Each watched source's polling state, whether a watch is running, and the store's stamp."""
        return self._use(lambda s: s.watch.status())

    # -- writes ----------------------------------------------------------------------------------------------------

    def code_and_store(self, articles: Iterable[Article]) -> dict[str, Any]:
        """Code the articles with the real pipeline, in the coder's worker process (started, and the pipeline
        loaded, on the first POST: GET-only dashboards never pay for spaCy), and store them here; what the store
        did and each article's events."""
        if not self.writable:
            raise StoreError(f"{self.settings.db}: the server opened the store read-only; it cannot store articles")
        coded = self._coder.code(list(articles))
        with self._writing:  # one write at a time; reads go on beside it
            result = self._use(lambda s: s.add_articles([c.as_store_item() for c in coded]), write=True)
            self._forget()
        return {
            **result.to_dict(),
            "articles": [{"id": c.article.id, "events": [e.id for e in c.events]} for c in coded],
        }


__all__ = ["EventService", "Gate"]
