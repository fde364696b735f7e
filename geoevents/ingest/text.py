"""Plain text and Markdown: one article a file.

Title rule: the first line is the title when it is short (at most TITLE_MAX characters), does not end with a
full stop, and is followed by a blank line; a leading Markdown "#" is dropped from it. Otherwise the title is None.
The article text is always the whole file (BOM removed, CRLF → LF), title included, so offsets point into the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from geoevents.errors import InputError
from geoevents.ingest._common import BOM, OnProblem, ReadContext, decode_error_line, is_binary, make_article
from geoevents.models import Article

SUFFIXES = (".txt", ".text", ".md")
TITLE_MAX = 150


def read_text(path: Path, context: ReadContext) -> Iterator[Article]:
    """Yield the file's one article, or report why there is none."""
    name = str(path)
    text = decode_text(path.read_bytes(), name, context.on_problem)
    if text is None:
        return
    yield make_article(text=text, title=guess_title(text), origin=name, context=context, path=name)


def decode_text(data: bytes, name: str, on_problem: OnProblem) -> str | None:
    """The file as text, or None after reporting an empty, binary or non-UTF-8 file."""
    if is_binary(data):
        on_problem(InputError("binary file (contains NUL bytes), not text", name))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = decode_error_line(data, error)
        on_problem(InputError(f"not valid UTF-8 (byte 0x{data[error.start]:02x})", name, line))
        return None
    text = text.removeprefix(BOM).replace("\r\n", "\n")
    if not text.strip():
        on_problem(InputError("empty file", name))
        return None
    return text


def guess_title(text: str) -> str | None:
    lines = text.lstrip("\n").split("\n", 2)
    if len(lines) < 3 or lines[1].strip():
        return None  # no blank line after the first line, or nothing after it
    first = lines[0].strip().lstrip("#").strip()
    if not first or len(first) > TITLE_MAX or first.endswith(".") or not lines[2].strip():
        return None
    return first
