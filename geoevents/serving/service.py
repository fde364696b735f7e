"""The app's access to the store: one Store per app, every call under one lock, the spaCy pipeline loaded lazily.

DuckDB connections are not safe to share between threads without care, and FastAPI runs plain `def` endpoints in
a thread pool, so every store call goes through `EventService`, which serialises them. Coding new articles (slow,
CPU-bound) holds only the pipeline lock; the store lock is taken just for the write.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from geoevents.errors import StoreError
from geoevents.models import Article
from geoevents.query import EventFilter
from geoevents.serving.names import known_names
from geoevents.settings import Settings
from geoevents.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

EVERYTHING = EventFilter()


class EventService:
    """Thread-safe facade over one open Store (read-write unless settings.read_only)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._lock = threading.RLock()
        self._nlp: Language | None = None
        self._nlp_lock = threading.Lock()
        self._timeline_cache: dict[str, dict[str, Any]] = {}

    # -- lifecycle -------------------------------------------------------------------------------------------------

    def open(self) -> None:
        with self._lock:
            if self._store is None:
                self._store = Store.open(self.settings.db, read_only=self.settings.read_only)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    @property
    def writable(self) -> bool:
        return not self.settings.read_only

    def _s(self) -> Store:
        if self._store is None:
            raise StoreError(f"{self.settings.db}: the store is not open (the server is starting or stopping)")
        return self._store

    # -- reads -----------------------------------------------------------------------------------------------------

    def events(self, flt: EventFilter, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """How many merged events match `flt`, and one page of them."""
        with self._lock:
            store = self._s()
            return store.count(where=flt), store.events(where=flt, limit=limit, offset=offset)

    def event(self, event_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._s().event(event_id)

    def articles(self, limit: int, offset: int, text: str | None) -> list[dict[str, Any]]:
        with self._lock:
            return self._s().articles(limit=limit, offset=offset, text=text)

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._s().article(article_id)

    def entities(self, limit: int, offset: int) -> list[dict[str, Any]]:
        with self._lock:
            return self._s().entities(limit=limit, offset=offset)

    def names(self) -> dict[str, str]:
        """Entity code -> display name: the knowledge files' name, else the most frequent name seen in the store."""
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
        with self._lock:
            return self._s().summary(where=flt)

    def dyad_series(self, a: str, b: str, interval: str, flt: EventFilter = EVERYTHING) -> list[dict[str, Any]]:
        with self._lock:
            return self._s().dyad_series(a, b, interval=interval, where=flt)

    def top_actors(self, n: int, flt: EventFilter = EVERYTHING) -> list[dict[str, Any]]:
        with self._lock:
            return self._s().top_actors(n=n, where=flt)

    def network(self, min_events: int, flt: EventFilter = EVERYTHING) -> dict[str, Any]:
        with self._lock:
            return self._s().network(min_events=min_events, where=flt)

    def timeline(self, interval: str) -> dict[str, Any]:
        """Events per period and quad class over the whole store (cached until the next write)."""
        with self._lock:
            if interval not in self._timeline_cache:
                self._timeline_cache[interval] = {"interval": interval, **self._s().timeline(interval)}
            return self._timeline_cache[interval]

    # -- writes ----------------------------------------------------------------------------------------------------

    def _pipeline(self) -> Language:
        # Loaded on the first POST only: GET-only dashboards never pay for spaCy.
        if self._nlp is None:
            from geoevents.nlp import load_pipeline

            self._nlp = load_pipeline(self.settings)
        return self._nlp

    def code_and_store(self, articles: Iterable[Article]) -> dict[str, Any]:
        """Code the articles with the real pipeline and store them; what the store did and each article's events."""
        if not self.writable:
            raise StoreError(f"{self.settings.db}: the server opened the store read-only; it cannot store articles")
        from geoevents.coding import code_articles

        settings = dataclasses.replace(self.settings, processes=1, progress=False)  # no worker pools in a server
        with self._nlp_lock:
            coded = list(code_articles(articles, settings=settings, nlp=self._pipeline()))
        with self._lock:
            result = self._s().add_articles([c.as_store_item() for c in coded])
            self._timeline_cache.clear()
        return {
            **result.to_dict(),
            "articles": [{"id": c.article.id, "events": [e.id for e in c.events]} for c in coded],
        }


__all__ = ["EventService"]
