"""Shared helpers of the readers: problem reporting, decoding, record → Article, date normalisation."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from geoevents.errors import InputError
from geoevents.models import Article

log = logging.getLogger("geoevents.ingest")

OnProblem = Callable[[InputError], None]
FIELDS = ("id", "text", "title", "date", "url", "source")
BOM = "\ufeff"
# How many leading bytes decide "binary": a NUL byte there never occurs in UTF-8 text.
SNIFF_BYTES = 8192

# Day-first and month-name forms only: all-numeric d/m/y vs m/d/y is ambiguous, so it is not guessed.
_STRPTIME_FORMATS = (
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%A, %B %d, %Y",
    "%A, %d %B %Y",
    "%a, %d %b %Y",
    "%d-%b-%Y",
    "%d-%B-%Y",
)
_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"\s+")


def warn(problem: InputError) -> None:
    """The default reaction to a problem: log it and go on."""
    log.warning("%s", problem)


@dataclass
class ReadStats:
    """Counts what a read produced, so a caller can say "read N articles, M problems".

    Pass `stats.problem` as `on_problem` and wrap the iterator in `stats.track(...)`.
    """

    articles: int = 0
    problems: list[InputError] = field(default_factory=list)
    also: OnProblem | None = None  # called after recording, e.g. to print the problem

    def problem(self, error: InputError) -> None:
        self.problems.append(error)
        if self.also is not None:
            self.also(error)

    def track(self, articles: Any) -> Any:
        for article in articles:
            self.articles += 1
            yield article

    @property
    def ok(self) -> bool:
        """True when at least one article was read: the CLI fails only when nothing could be read."""
        return self.articles > 0


def normalise_date(value: object) -> str | None:
    """An ISO YYYY-MM-DD date from common written forms, or None when it cannot be read unambiguously.

    The calendar date is the one written (a time zone offset is not converted), since that is the reporter's day.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _SPACES.sub(" ", str(value)).strip()
    if not text:
        return None
    return _iso(text) or _rfc2822(text) or _strptime(text)


def _iso(text: str) -> str | None:
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    match = _ISO_PREFIX.match(text)  # e.g. "2024-06-19 08:00 KST": the date part is enough
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    return None


def _rfc2822(text: str) -> str | None:
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _strptime(text: str) -> str | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)  # "June 19th, 2024"
    for fmt in _STRPTIME_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def decode_error_line(data: bytes, error: UnicodeDecodeError, first_line: int = 1) -> int:
    """The line number of the first byte that is not UTF-8."""
    return first_line + data[: error.start].count(b"\n")


def is_binary(head: bytes) -> bool:
    return b"\x00" in head[:SNIFF_BYTES]


def optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def map_record(record: Mapping[str, Any], columns: Mapping[str, str] | None) -> dict[str, Any]:
    """Our field names → values, read from the file's own name where `columns` renames a field.

    A renamed field the record lacks falls back to our own name, so one mapping can serve a CSV and a JSONL
    file read together.
    """
    columns = columns or {}
    return {name: record.get(column_for(name, record, columns)) for name in FIELDS}


def column_for(name: str, present: Container[str], columns: Mapping[str, str]) -> str:
    """The file's name for our field `name`: the mapped one if the file has it, else our own."""
    mapped = columns.get(name)
    return mapped if mapped is not None and mapped in present else name


def record_to_article(
    record: Mapping[str, Any], origin: str, path: str, line: int | None, on_problem: OnProblem
) -> Article | None:
    """An Article from a mapped record, or None (after reporting) when it has no usable text."""
    text = record.get("text")
    if text is None:
        on_problem(InputError("record has no 'text'", path, line))
        return None
    if not isinstance(text, str):
        on_problem(InputError(f"'text' is a {type(text).__name__}, not a string", path, line))
        return None
    text = text.removeprefix(BOM)
    if not text.strip():
        on_problem(InputError("record has an empty 'text'", path, line))
        return None
    return make_article(
        text=text,
        given_id=record.get("id"),
        title=optional_str(record.get("title")),
        date=record.get("date"),
        url=optional_str(record.get("url")),
        source=optional_str(record.get("source")),
        origin=origin,
    )


def make_article(
    *,
    text: str,
    given_id: object = None,
    title: str | None = None,
    date: object = None,
    url: str | None = None,
    source: str | None = None,
    origin: str | None = None,
) -> Article:
    """The one place ids and dates are decided, so every format follows the same rule."""
    article_id = optional_str(given_id) or Article.make_id(text, title, url)
    return Article(
        id=article_id,
        text=text,
        title=title,
        date=normalise_date(date),
        url=url,
        source=source,
        origin=origin,
    )
