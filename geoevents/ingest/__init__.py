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
from geoevents.ingest import csv_reader, feeds, html, jsonl, parquet, text
from geoevents.ingest._common import SNIFF_BYTES, OnProblem, ReadStats, is_binary, normalise_date, warn
from geoevents.models import Article

STDIN = "-"
Reader = Callable[[Path, OnProblem, Mapping[str, str] | None], Iterator[Article]]


def read_articles(
    inputs: Iterable[str | Path],
    *,
    columns: dict[str, str] | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: IO[str] | None = None,
) -> Iterator[Article]:
    """Yield every article in `inputs`: files, folders (recursive, sorted, hidden entries skipped) and "-" (JSONL
    on stdin). `columns` maps our field names to a CSV's or JSONL's own, e.g. {"text": "body"}."""
    report = on_problem or warn
    for item in inputs:
        if str(item) == STDIN:
            yield from _read_stdin(stdin or sys.stdin, report, columns)
            continue
        for path in _expand(Path(item), report):
            yield from read_file(path, on_problem=report, columns=columns)


def input_files(inputs: Iterable[str | Path], on_problem: Callable[[InputError], None] | None = None) -> Iterator[Path]:
    """The files `read_articles` reads for `inputs` (stdin aside), in the same order: for readers that share the
    files out, such as the cluster path."""
    for item in inputs:
        if str(item) != STDIN:
            yield from _expand(Path(item), on_problem or warn)


def read_file(
    path: Path, *, on_problem: OnProblem | None = None, columns: Mapping[str, str] | None = None
) -> Iterator[Article]:
    """Articles of one file, chosen by suffix (or by sniffing the content when the suffix is unknown)."""
    report = on_problem or warn
    try:
        reader = _reader_for(path, report)
        if reader is not None:
            yield from reader(path, report, columns)
    except OSError as error:
        report(InputError(f"cannot read file ({error.strerror or error})", str(path)))


def _expand(path: Path, on_problem: OnProblem) -> Iterator[Path]:
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield path
    else:
        on_problem(InputError("no such file or directory", str(path)))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder` in a stable order: each folder's files by name, then its subfolders by name."""
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _by_suffix(suffix: str) -> Reader | None:
    suffix = suffix.lower()
    if suffix in text.SUFFIXES:
        return _no_columns(text.read_text)
    if suffix in jsonl.SUFFIXES:
        return jsonl.read_jsonl
    if suffix == ".json":
        return jsonl.read_json
    if suffix in csv_reader.SUFFIXES:
        return csv_reader.read_csv
    if suffix in html.SUFFIXES:
        return _no_columns(html.read_html)
    if suffix in feeds.SUFFIXES:
        return _no_columns(feeds.read_feed)
    if suffix in parquet.SUFFIXES:
        return parquet.read_parquet
    return None


def _no_columns(read: Callable[[Path, OnProblem], Iterator[Article]]) -> Reader:
    def reader(path: Path, on_problem: OnProblem, columns: Mapping[str, str] | None = None) -> Iterator[Article]:
        return read(path, on_problem)

    return reader


def _reader_for(path: Path, on_problem: OnProblem) -> Reader | None:
    known = _by_suffix(path.suffix)
    if known is not None:
        return known
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        on_problem(InputError("empty file", str(path)))
        return None
    if is_binary(head):
        on_problem(InputError("binary file (contains NUL bytes), not an article", str(path)))
        return None
    return _sniff(path, head)


def _sniff(path: Path, head: bytes) -> Reader:
    """A file of unknown suffix: a feed if it parses as one, JSONL if it opens with '{', HTML if it opens like a
    web page, else text (which reports the file if it is not UTF-8)."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"{"):
        return jsonl.read_jsonl
    if start.startswith(b"<"):
        if feeds.parse_feed(path.read_bytes()) is not None:
            return _no_columns(feeds.read_feed)
        if start[:200].lower().startswith((b"<!doctype html", b"<html")) or b"<body" in head.lower():
            return _no_columns(html.read_html)
    return _no_columns(text.read_text)


def _read_stdin(stream: IO[str], on_problem: OnProblem, columns: Mapping[str, str] | None) -> Iterator[Article]:
    # Prefer the raw bytes so that a bad byte costs one line, not the rest of the stream.
    lines: Iterable[bytes | str] = getattr(stream, "buffer", None) or stream
    yield from jsonl.read_jsonl_lines(lines, "<stdin>", on_problem, columns)


__all__ = ["ReadStats", "input_files", "read_articles", "read_file", "normalise_date"]
