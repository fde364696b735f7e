"""RSS and Atom feeds via feedparser: each entry is an article.

Text comes from the entry's content, else its summary, with HTML tags stripped; title, link and the published
(else updated) date are kept, and the feed's own title becomes the source. Origin is "path#N" (N = entry number).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from geoevents.errors import InputError
from geoevents.ingest._common import ReadContext, cut, is_binary, make_article, optional_str
from geoevents.ingest.dates import read_date
from geoevents.models import Article

SUFFIXES = (".rss", ".atom", ".xml", ".rdf")
# Numeric character references: those to no character (a surrogate, or beyond U+10FFFF) make feedparser's loose
# parser raise (found by fuzzing), so they become U+FFFD first, as HTML5 reads them.
_CHARACTER_REFERENCE = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")
# What feedparser (and its sgmllib fallback) may still raise on a hostile document: the file is then unreadable.
_FEEDPARSER_FAILURES = (UnicodeError, ValueError, OverflowError, RecursionError, IndexError, KeyError, TypeError)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def parse_feed(data: bytes) -> Any | None:
    """The parsed feed when `data` is a feed with at least one entry, else None (also used to sniff files)."""
    parsed = _parse(data)
    if parsed is not None and parsed.get("version") and parsed.entries:
        return parsed
    return None


def _parse(data: bytes) -> Any | None:
    """feedparser's reading of `data`, or None where feedparser itself fails on it."""
    try:
        return feedparser.parse(_CHARACTER_REFERENCE.sub(_character_or_replacement, data))
    except _FEEDPARSER_FAILURES:
        return None


def read_feed(path: Path, context: ReadContext) -> Iterator[Article]:
    name = str(path)
    data = path.read_bytes()
    if not data.strip():
        context.problem("empty file", name)
        return
    if is_binary(data):
        context.problem("binary file (contains NUL bytes), not a feed", name)
        return
    parsed = parse_feed(data)
    if parsed is None:
        context.problem(f"not a readable RSS/Atom feed{_why(data)}", name)
        return
    source = optional_str(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        article = _entry_article(entry, source, name, number, context)
        if article is None:
            context.problem(f"feed entry {number} has no text", name)
        else:
            yield article


def _character_or_replacement(reference: re.Match[bytes]) -> bytes:
    digits = reference[1]
    if len(digits) > 9:
        return b"&#xFFFD;"
    code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else reference[0]


def _why(data: bytes) -> str:
    parsed = _parse(data)
    if parsed is None:
        return " (the feed parser fails on it)"
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        return f" ({cut(str(parsed.bozo_exception))})"
    return " (no entries)"


def _entry_article(entry: Any, source: str | None, name: str, number: int, context: ReadContext) -> Article | None:
    contents = entry.get("content") or []
    body = contents[0].get("value") if contents else None
    text = strip_html(body or entry.get("summary") or "")
    if not text:
        return None

    def named(problem: InputError) -> None:  # name the entry, since feedparser gives no line
        context.problem(f"feed entry {number}: {problem.reason}", name)

    return make_article(
        text=text,
        given_id=entry.get("id"),
        title=optional_str(strip_html(entry.get("title") or "")),
        date=_entry_date(entry, context.date_order),
        url=optional_str(entry.get("link")),
        source=source,
        origin=f"{name}#{number}",
        context=replace(context, on_problem=named),
        path=name,
    )


def _entry_date(entry: Any, order: str | None) -> str | None:
    """The written date when we can read it (the reporter's day), else the date feedparser read (in UTC), else the
    written one, for make_article to report."""
    written = entry.get("published") or _own(entry, "updated")
    if written is None or read_date(written, order).iso is not None:
        return written or _struct_date(entry)
    return _struct_date(entry) or written


def _own(entry: Any, key: str) -> Any:
    """The entry's own `key`: reading "updated" where only "published" exists gives the published date with a
    DeprecationWarning in feedparser 6."""
    return entry[key] if key in entry else None


def _struct_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or _own(entry, "updated_parsed")
    if not parsed:
        return None
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, turning block elements into paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, one blank line between paragraphs."""
    if "<" not in fragment:
        return _tidy(html.unescape(fragment))
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return _tidy("".join(parser.parts))


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)
