"""`Store`, the event store as its users see it: one DuckDB file holding articles, sentences, event reports, merged
events and runs. The work is done by the modules it delegates to:

- `connection`: opening (connect, migrate or check the schema) and the shared SQL helpers;
- `writes`: storing coded articles and merging on write; `runs`: the log of coding runs;
- `recode`: what the coder asks (stored text hashes, the stored articles again);
- `reads`: the one query API (events and their count, single events, articles, entities);
- `aggregates`: summary, dyad series, timeline, top actors, network; `export`: the export formats;
- `watch`: what `geoevents watch` keeps beside the articles (source state, items seen, alerts), as `Store.watch`.

Every read that selects events takes the same filters: keywords (`actor="RUS", quad=4`, see
`geoevents.query.FILTER_NAMES`) or a prepared `where=EventFilter(...)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import duckdb

from geoevents.models import Article
from geoevents.query import EventFilter, as_filter
from geoevents.store import aggregates, reads, recode, writes
from geoevents.store import runs as run_log
from geoevents.store.connection import Db, open_db
from geoevents.store.export import export as export_events
from geoevents.store.merge import DEFAULT_WINDOW_DAYS
from geoevents.store.watch import WatchTables
from geoevents.store.writes import AddResult, Item

INTERVALS = aggregates.INTERVALS


class Store:
    """A geoevents event store. Open with `Store.open(path)`; use as a context manager or call `close()`."""

    def __init__(self, db: Db, window: int = DEFAULT_WINDOW_DAYS) -> None:
        self._db = db
        self.path = db.path
        self.read_only = db.read_only
        self.window = window

    # -- opening -------------------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        read_only: bool = False,
        window: int = DEFAULT_WINDOW_DAYS,
        wait: float | None = None,
    ) -> Store:
        """Open (and create or migrate, unless read-only) the store at `path` (default: Settings.db). While another
        process holds the file, wait up to `wait` seconds (default: Settings.wait), asking it for the store."""
        if path is None or wait is None:
            from geoevents.settings import Settings

            settings = Settings.load()
            path = settings.db if path is None else path
            wait = settings.wait if wait is None else wait
        db = open_db(Path(path), read_only, wait)
        try:
            writes.refresh_events(db)
        except BaseException:
            db.close()
            raise
        return cls(db, window)

    def cursor(self) -> Store:
        """The same open store through another DuckDB connection, for one thread; `close()` closes only it."""
        return Store(self._db.cursor(), self.window)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for read queries the API does not offer. Keep SQL parameterised."""
        return self._db.con

    @property
    def watch(self) -> WatchTables:
        """The live-monitoring tables: source state, items seen, fired alerts and deliveries, marks."""
        return WatchTables(self._db)

    # -- writing -------------------------------------------------------------------------------------------------

    def add_articles(self, items: Iterable[Item], run_id: str | None = None) -> AddResult:
        """Store a batch of (article, events, sentence spans) in one transaction; re-merges the events they touch."""
        return writes.add_articles(self._db, items, self.window, run_id)

    def remerge(self) -> int:
        """Recompute every merge from scratch (e.g. after changing the window); returns the number of events."""
        return writes.remerge(self._db, self.window)

    def start_run(self, version: str, settings: dict[str, Any], started: dt.datetime | None = None) -> str:
        """Record that a coding run started (now, or at `started`, UTC); returns its id (stored with every article
        it codes)."""
        return run_log.start_run(self._db, version, settings, started)

    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        run_log.finish_run(self._db, run_id, counts)

    def runs(self) -> list[dict[str, Any]]:
        return run_log.runs(self._db)

    # -- what the coder asks -------------------------------------------------------------------------------------

    def has_article(self, article_id: str, text_hash: str | None = None) -> bool:
        """Whether the article is stored (with this text, when `text_hash` is given; see `rows.text_hash`)."""
        return recode.has_article(self._db, article_id, text_hash)

    def stored_text_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The stored text hash of each of `article_ids` that is stored (one query for a whole chunk)."""
        return recode.stored_text_hashes(self._db, article_ids)

    def recode_articles(self) -> Iterator[Article]:
        """Every stored article, in id order, read in chunks so the caller may write to the store meanwhile."""
        return recode.stored_articles(self._db)

    # -- reading: the query API ----------------------------------------------------------------------------------

    def events(
        self,
        *,
        where: EventFilter | None = None,
        limit: int | None = 100,
        offset: int = 0,
        reports: bool = False,
        as_frame: bool = False,
        **filters: Any,
    ) -> Any:
        """Merged events (default) or single reports matching the filters (actor, recipient, event, quad,
        factuality, since, until, text, article_id; or `where=`); records or, with `as_frame`, a DataFrame."""
        records = reads.events(self._db, as_filter(where, **filters), limit=limit, offset=offset, reports=reports)
        if as_frame:
            import pandas as pd

            return pd.DataFrame.from_records(records)
        return records

    def count(self, *, where: EventFilter | None = None, reports: bool = False, **filters: Any) -> int:
        """How many events (or reports) match the filters of `events`."""
        return reads.count(self._db, as_filter(where, **filters), reports=reports)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One merged event (by its key, or by the id of any of its reports) with full evidence."""
        return reads.event(self._db, event_id)

    def articles(self, limit: int = 100, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
        return reads.articles(self._db, limit=limit, offset=offset, text=text)

    def article(self, article_id: str) -> dict[str, Any] | None:
        return reads.article(self._db, article_id)

    def article_urls(self, ids: set[str]) -> dict[str, str | None]:
        return reads.article_urls(self._db, ids)

    def entities(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Coded entities (code + sector) with how often they appear, most frequent first."""
        return reads.entities(self._db, limit=limit, offset=offset)

    # -- aggregates ----------------------------------------------------------------------------------------------

    def summary(self, *, where: EventFilter | None = None, **filters: Any) -> dict[str, Any]:
        """Counts of articles, sentences, events and reports; events by category, quad and factuality; top dyads."""
        return aggregates.summary(self._db, as_filter(where, **filters))

    def dyad_series(
        self, a: str, b: str, interval: str = "day", *, where: EventFilter | None = None, **filters: Any
    ) -> list[dict[str, Any]]:
        """Events and mean intensity per period and quad class between codes `a` and `b`, in both directions."""
        return aggregates.dyad_series(self._db, a, b, interval, as_filter(where, **filters))

    def timeline(self, interval: str = "month") -> dict[str, Any]:
        """Events per period and quad class over the whole store (see `aggregates.timeline`)."""
        return aggregates.timeline(self._db, interval)

    def top_actors(self, n: int = 20, *, where: EventFilter | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Entity codes by the number of events they take part in (as actor or recipient)."""
        return aggregates.top_actors(self._db, n, as_filter(where, **filters))

    def network(self, min_events: int = 1, *, where: EventFilter | None = None, **filters: Any) -> dict[str, Any]:
        """The actor network: nodes are entity codes, edges actor→recipient weighted by cooperation and conflict."""
        return aggregates.network(self._db, min_events, as_filter(where, **filters))

    # -- export --------------------------------------------------------------------------------------------------

    def export(self, path_or_stream: str | Path | IO[Any], format: str = "plover-jsonl", **filters: Any) -> int:
        """Write events in one of `export.FORMATS`; returns the number of records (rows, or edges for graphs)."""
        return export_events(self, path_or_stream, format, **filters)


__all__ = ["INTERVALS", "AddResult", "Store"]
