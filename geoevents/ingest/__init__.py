"""Read news articles from files, folders and stdin in every supported format.

`read_articles` streams Article objects; anything it cannot read is reported through `on_problem` as an
InputError naming the file and line (or logged at WARNING when no callback is given), and reading goes on.
See docs/ingest.md for the formats, the id and date rules and the bad-input behaviour.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from geoevents.errors import InputError
from geoevents.ingest import csv_reader, docx_reader, feeds, html, jsonl, parquet, pdf, text
from geoevents.ingest._common import SNIFF_BYTES, OnProblem, ReadContext, ReadStats, is_binary, warn
from geoevents.ingest.dates import DATE_ORDERS, check_date_order, normalise_date
from geoevents.models import Article

STDIN = "-"
Reader = Callable[[Path, ReadContext], Iterator[Article]]
# Formats we cannot read but a user may well give us: the message says what to save them as.
_CONVERTIBLE = (".doc", ".odt", ".rtf", ".pages", ".wpd", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".epub")


def read_articles(
    inputs: Iterable[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: IO[str] | None = None,
    date_order: str | None = None,
) -> Iterator[Article]:
    """Yield every article in `inputs`: files, folders (recursive, sorted, hidden entries skipped) and "-" (JSONL
    on stdin). `columns` maps our field names to a CSV's or JSONL's own, e.g. {"text": "body"}; `date_order`
    ("dmy" or "mdy") says how to read an all-numeric date such as 06/07/2024 (see geoevents.ingest.dates).

    A `date_order` that is not one of DATE_ORDERS raises ConfigError here, before anything is read."""
    context = ReadContext(on_problem=on_problem or warn, columns=columns or {}, date_order=check_date_order(date_order))
    return _read_all(list(inputs), context, stdin)


def _read_all(inputs: list[str | Path], context: ReadContext, stdin: IO[str] | None) -> Iterator[Article]:
    for item in inputs:
        if str(item) == STDIN:
            yield from _read_stdin(stdin or sys.stdin, context)
            continue
        for path in _expand(Path(item), context):
            yield from _read_path(path, context)


def input_files(inputs: Iterable[str | Path], on_problem: Callable[[InputError], None] | None = None) -> Iterator[Path]:
    """The files `read_articles` reads for `inputs` (stdin aside), in the same order: for readers that share the
    files out, such as the cluster path."""
    context = ReadContext(on_problem=on_problem or warn)
    for item in inputs:
        if str(item) != STDIN:
            yield from _expand(Path(item), context)


def read_file(
    path: Path,
    *,
    on_problem: OnProblem | None = None,
    columns: Mapping[str, str] | None = None,
    date_order: str | None = None,
) -> Iterator[Article]:
    """Articles of one file, chosen by suffix (or by sniffing the content when the suffix is unknown)."""
    context = ReadContext(on_problem=on_problem or warn, columns=columns or {}, date_order=check_date_order(date_order))
    return _read_path(path, context)


def _read_path(path: Path, context: ReadContext) -> Iterator[Article]:
    try:
        reader = _reader_for(path, context)
        if reader is not None:
            yield from reader(path, context)
    except OSError as error:
        context.problem(f"cannot read file ({error.strerror or error})", str(path))


def _expand(path: Path, context: ReadContext) -> Iterator[Path]:
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield path
    else:
        context.problem("no such file or directory", str(path))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder` in a stable order: each folder's files by name, then its subfolders by name."""
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


_BY_SUFFIX: dict[str, Reader] = {
    **dict.fromkeys(text.SUFFIXES, text.read_text),
    **dict.fromkeys(jsonl.SUFFIXES, jsonl.read_jsonl),
    ".json": jsonl.read_json,
    **dict.fromkeys(csv_reader.SUFFIXES, csv_reader.read_csv),
    **dict.fromkeys(html.SUFFIXES, html.read_html),
    **dict.fromkeys(feeds.SUFFIXES, feeds.read_feed),
    **dict.fromkeys(pdf.SUFFIXES, pdf.read_pdf),
    **dict.fromkeys(docx_reader.SUFFIXES, docx_reader.read_docx),
    **dict.fromkeys(parquet.SUFFIXES, parquet.read_parquet),
}


def _reader_for(path: Path, context: ReadContext) -> Reader | None:
    known = _BY_SUFFIX.get(path.suffix.lower())
    if known is not None:
        return known
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        context.problem("empty file", str(path))
        return None
    if pdf.is_pdf(head):
        return pdf.read_pdf
    if docx_reader.is_docx(path, head):
        return docx_reader.read_docx
    if is_binary(head):
        context.problem(_binary_message(path), str(path))
        return None
    return _sniff(path, head)


def _binary_message(path: Path) -> str:
    if path.suffix.lower() in _CONVERTIBLE:
        return f"a {path.suffix.lower()} file cannot be read; save it as DOCX, PDF or text"
    return "binary file (contains NUL bytes), not an article"


def _sniff(path: Path, head: bytes) -> Reader:
    """A file of unknown suffix: a feed if it parses as one, JSONL if it opens with '{', HTML if it opens like a
    web page, else text (which reports the file if it is not UTF-8)."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"{"):
        return jsonl.read_jsonl
    if start.startswith(b"<"):
        if feeds.parse_feed(path.read_bytes()) is not None:
            return feeds.read_feed
        if start[:200].lower().startswith((b"<!doctype html", b"<html")) or b"<body" in head.lower():
            return html.read_html
    return text.read_text


def _read_stdin(stream: IO[str], context: ReadContext) -> Iterator[Article]:
    # Prefer the raw bytes so that a bad byte costs one line, not the rest of the stream.
    lines: IO[bytes] | IO[str] = getattr(stream, "buffer", None) or stream
    yield from jsonl.read_jsonl_lines(lines, "<stdin>", context)


__all__ = ["DATE_ORDERS", "ReadContext", "ReadStats", "read_articles", "read_file", "normalise_date"]
