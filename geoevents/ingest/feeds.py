"""RSS and Atom feeds via feedparser: each entry is an article.

Text comes from the entry's content, else its summary, with HTML tags stripped; title, link and the published
(else updated) date are kept, and the feed's own title becomes the source. Origin is "path#N" (N = entry number).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from geoevents.errors import InputError
from geoevents.ingest._common import OnProblem, is_binary, make_article, optional_str
from geoevents.models import Article

SUFFIXES = (".rss", ".atom", ".xml", ".rdf")
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def parse_feed(data: bytes) -> Any | None:
    """The parsed feed when `data` is a feed with at least one entry, else None (also used to sniff files)."""
    parsed = feedparser.parse(data)
    if parsed.get("version") and parsed.entries:
        return parsed
    return None


def read_feed(path: Path, on_problem: OnProblem, data: bytes | None = None) -> Iterator[Article]:
    name = str(path)
    data = path.read_bytes() if data is None else data
    if not data.strip():
        on_problem(InputError("empty file", name))
        return
    if is_binary(data):
        on_problem(InputError("binary file (contains NUL bytes), not a feed", name))
        return
    parsed = parse_feed(data)
    if parsed is None:
        on_problem(InputError(f"not a readable RSS/Atom feed{_why(data)}", name))
        return
    source = optional_str(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        article = _entry_article(entry, source, f"{name}#{number}")
        if article is None:
            on_problem(InputError(f"feed entry {number} has no text", name))
        else:
            yield article


def _why(data: bytes) -> str:
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        return f" ({parsed.bozo_exception})"
    return " (no entries)"


def _entry_article(entry: Any, source: str | None, origin: str) -> Article | None:
    contents = entry.get("content") or []
    body = contents[0].get("value") if contents else None
    text = strip_html(body or entry.get("summary") or "")
    if not text:
        return None
    return make_article(
        text=text,
        given_id=entry.get("id"),
        title=optional_str(strip_html(entry.get("title") or "")),
        date=entry.get("published") or entry.get("updated") or _struct_date(entry),
        url=optional_str(entry.get("link")),
        source=source,
        origin=origin,
    )


def _struct_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
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
