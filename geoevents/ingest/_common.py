"""Shared helpers of the readers: the read context (problems, columns, date order), decoding, record → Article."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from typing import Any, overload

from geoevents.errors import InputError, InputWarning
from geoevents.ingest.dates import read_date
from geoevents.models import Article

log = logging.getLogger("geoevents.ingest")

OnProblem = Callable[[InputError], None]
FIELDS = ("id", "text", "title", "date", "url", "source")
BOM = "\ufeff"
# How many leading bytes decide "binary": a NUL byte there never occurs in UTF-8 text.
SNIFF_BYTES = 8192
# The longest JSONL line or CSV field read: a news body is far shorter; this stops a runaway line or unclosed quote
# from taking the memory.
MAX_RECORD_BYTES = 64 * 1024 * 1024
# What a message quotes of a user's own content (a header, a value) at most.
SHOWN_CHARS = 200
# Unpaired UTF-16 surrogates (from JSON escapes such as "\ud800", or undecodable file names) cannot be stored as
# UTF-8, and NUL ends strings in many tools.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Control characters other than tab and newline: in text extracted from a document they are layout or font debris.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


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


@dataclass(frozen=True)
class ReadContext:
    """What every reader is given: where problems go, the column mapping and how to read numeric dates."""

    on_problem: OnProblem = warn
    columns: Mapping[str, str] = field(default_factory=dict)
    date_order: str | None = None

    def problem(self, reason: str, path: str, line: int | None = None) -> None:
        self.on_problem(InputError(reason, path, line))

    def warning(self, reason: str, path: str, line: int | None = None) -> None:
        """The record was read; the caveat still goes where problems go, typed as an InputWarning."""
        self.on_problem(InputWarning(reason, path, line))


def cut(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[:limit] + "..."


def printable(text: str) -> str:
    """Text extracted from a document with its control characters (other than tab and newline) made spaces."""
    return _CONTROL.sub(" ", text)


def decode_error_line(data: bytes, error: UnicodeDecodeError, first_line: int = 1) -> int:
    """The line number of the first byte that is not UTF-8."""
    return first_line + data[: error.start].count(b"\n")


def is_binary(head: bytes) -> bool:
    """True for a file whose first SNIFF_BYTES hold a NUL byte and are not UTF-8: an image, archive or UTF-16 text.
    A stray NUL in UTF-8 text does not make a file binary: it costs only its record (or becomes U+FFFD)."""
    head = head[:SNIFF_BYTES]
    if b"\x00" not in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return not (error.end == len(head) and error.reason == "unexpected end of data")  # a character cut short
    return False


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
    record: Mapping[str, Any], origin: str, path: str, line: int | None, context: ReadContext
) -> Article | None:
    """An Article from a mapped record, or None (after reporting) when it has no usable text."""
    text = record.get("text")
    if text is None:
        context.problem("record has no 'text'", path, line)
        return None
    if not isinstance(text, str):
        context.problem(f"'text' is a {type(text).__name__}, not a string", path, line)
        return None
    text = text.removeprefix(BOM)
    if not text.strip():
        context.problem("record has an empty 'text'", path, line)
        return None
    return make_article(
        text=text,
        given_id=record.get("id"),
        title=optional_str(record.get("title")),
        date=record.get("date"),
        url=optional_str(record.get("url")),
        source=optional_str(record.get("source")),
        origin=origin,
        context=context,
        path=path,
        line=line,
    )


def make_article(
    *,
    text: str,
    context: ReadContext,
    path: str,
    line: int | None = None,
    given_id: object = None,
    title: str | None = None,
    date: object = None,
    url: str | None = None,
    source: str | None = None,
    origin: str | None = None,
) -> Article:
    """The one place ids and dates are decided, so every format follows the same rule. A date that cannot be read
    is reported (`path`, `line`) and the article kept without one."""
    reading = read_date(date, context.date_order)
    if reading.problem is not None:
        context.warning(f"{reading.problem}; article kept without a date", path, line)
    text = _storable(text)
    title, url, source = (_storable(value) for value in (title, url, source))
    article_id = _storable(optional_str(given_id)) or Article.make_id(text, title, url)
    return Article(
        id=article_id,
        text=text,
        title=title,
        date=reading.iso,
        url=url,
        source=source,
        origin=_storable(origin),
    )


@overload
def _storable(value: str) -> str: ...
@overload
def _storable(value: None) -> None: ...
def _storable(value: str | None) -> str | None:
    """`value` with NUL and unpaired surrogates replaced by U+FFFD (one character for one: offsets do not move)."""
    if value is None or (value.isascii() and "\x00" not in value) or not _UNSTORABLE.search(value):
        return value  # the first two tests are fast scans in C; most text is ASCII without NUL
    return _UNSTORABLE.sub("\ufffd", value)
