"""Polling one source: a feed over HTTP, or a folder on disk. What comes back are `Item`s - each with its key (the
article id for a feed entry, a file's name, modification time and size for a folder) - and the problems met.

Feeds and pages are read by geoevents' own readers (`geoevents.ingest.read_file`, which picks the feed or HTML
reader by suffix), exactly as `geoevents code` reads a saved feed or page; the bytes go through a temporary file
and the articles' origin is set back to the URL. A feed that declares XML entities is refused before any parser
sees it: a feed never needs them, and entity expansion is what an XML bomb is made of.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import feedparser

from geoevents.errors import InputError, SourceError
from geoevents.ingest import read_file
from geoevents.models import Article
from geoevents.watch.config import SourceSpec
from geoevents.watch.http import PAGE_ACCEPT, Fetcher

SETTLE_SECONDS = 1.0  # a file modified more recently may still be being written: it waits for the next poll
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z]")
_ORIGIN_NUMBER = re.compile(r"#(\d+)$")


@dataclass
class Item:
    """Something a source shows: a feed entry (with its article) or a file (read when it turns out new)."""

    key: str
    article: Article | None = None
    path: Path | None = None


@dataclass
class Poll:
    """The outcome of polling a source once."""

    source: str
    status: str = ""
    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    error: SourceError | None = None
    not_modified: bool = False


def poll(spec: SourceSpec, fetcher: Fetcher, etag: str | None, last_modified: str | None) -> Poll:
    """Poll a source once; errors are returned in `Poll.error`, never raised."""
    result = Poll(spec.name)
    try:
        if spec.url is not None:
            _poll_feed(spec.url, fetcher, etag, last_modified, result)
        else:
            assert spec.path is not None
            result.items = list_folder(spec.path)
            result.status = "listed"
    except SourceError as error:
        error.source = error.source or spec.location
        result.error, result.status = error, error.kind
    return result


def _poll_feed(url: str, fetcher: Fetcher, etag: str | None, last_modified: str | None, result: Poll) -> None:
    response = fetcher.get(url, etag, last_modified)
    result.etag, result.last_modified = response.etag, response.last_modified
    result.status = str(response.status)
    if response.not_modified:
        result.not_modified = True
        return
    articles = feed_articles(response.body, url, lambda problem: result.problems.append(str(problem)))
    result.items = [Item(article.id, article) for article in articles]


def feed_articles(body: bytes, url: str, on_problem: Callable[[InputError], None]) -> list[Article]:
    """The articles of a feed document fetched from `url`. Raises SourceError when it is no feed."""
    if _declares_entities(body):
        raise SourceError("feed", "the feed declares XML entities (<!ENTITY>); refused as a possible XML bomb", url)
    parsed = feedparser.parse(body)
    if not parsed.get("version"):
        why = parsed.get("bozo_exception") or "no RSS or Atom element"
        raise SourceError("feed", f"not an RSS/Atom feed ({why})", url)
    if not parsed.entries:
        return []
    articles = _read_bytes(body, ".xml", url, on_problem)
    return [replace(a, origin=_origin(a.origin, url)) for a in articles]


def _declares_entities(body: bytes) -> bool:
    """Whether the prolog (everything before the first element) declares an entity."""
    first = _FIRST_ELEMENT.search(body)
    return bool(_ENTITY.search(body[: first.start()] if first else body))


def _origin(origin: str | None, url: str) -> str:
    match = _ORIGIN_NUMBER.search(origin or "")
    return f"{url}#{match[1]}" if match else url


def _read_bytes(
    data: bytes, suffix: str, name: str, on_problem: Callable[[InputError], None]
) -> list[Article]:
    """Articles of fetched bytes, read by the reader `geoevents code` picks for `suffix`; problems name `name`."""
    handle = tempfile.NamedTemporaryFile(prefix="geoevents-watch-", suffix=suffix, delete=False)  # noqa: SIM115
    try:
        with handle:
            handle.write(data)

        def renamed(problem: InputError) -> None:
            on_problem(InputError(problem.reason, name, problem.line))

        return list(read_file(Path(handle.name), on_problem=renamed))
    finally:
        os.unlink(handle.name)


def with_full_text(article: Article, fetcher: Fetcher, on_problem: Callable[[InputError], None]) -> Article:
    """The article with the main text of the page it links to (read by the HTML reader); the feed's text when the
    page cannot be fetched or holds no article text. The id stays the feed entry's."""
    if not article.url:
        on_problem(InputError("entry has no link; kept the feed's text", article.origin))
        return article
    try:
        response = fetcher.get(article.url, accept=PAGE_ACCEPT)
    except SourceError as error:
        on_problem(InputError(f"full text not fetched ({error.reason}); kept the feed's text", article.url))
        return article
    pages = _read_bytes(response.body, ".html", article.url, on_problem)
    if not pages:
        return article
    page = pages[0]
    return replace(article, text=page.text, title=article.title or page.title, date=article.date or page.date)


def list_folder(folder: Path, settle: float = SETTLE_SECONDS) -> list[Item]:
    """The files of a folder as items keyed by relative path, modification time and size (a changed file is a
    new item), in the order `geoevents code` reads a folder: hidden entries skipped, files before subfolders."""
    if not folder.is_dir():
        raise SourceError("folder", "is not a folder (any more)", str(folder))
    now = time.time()
    items = []
    for path in _walk(folder):
        try:
            info = path.stat()
        except OSError:
            continue  # gone between listing and looking: the next poll will tell
        if now - info.st_mtime < settle:
            continue
        relative = path.relative_to(folder).as_posix()
        items.append(Item(f"{relative}@{info.st_mtime_ns}:{info.st_size}", path=path))
    return items


def _walk(folder: Path) -> Iterator[Path]:
    def failed(error: OSError) -> None:
        raise SourceError("folder", f"cannot be read ({error.strerror or error})", str(folder))

    for root, dirs, files in os.walk(folder, onerror=failed, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_item(item: Item, on_problem: Callable[[InputError], None]) -> Iterator[Article]:
    """The articles of a folder item (a file), read as `geoevents code` reads it."""
    assert item.path is not None
    yield from read_file(item.path, on_problem=on_problem)


def dated(article: Article, today: dt.date) -> Article:
    """An article without a date takes the day it was fetched: alerts need dated events, and news is new."""
    return article if article.date else replace(article, date=today.isoformat())


__all__ = ["Item", "Poll", "dated", "feed_articles", "list_folder", "poll", "read_item", "with_full_text"]
