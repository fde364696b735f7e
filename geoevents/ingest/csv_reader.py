"""CSV and TSV with a header row. Columns are named like our fields (id, text, title, date, url, source) unless
`columns` maps our names to the file's, e.g. {"text": "body", "id": "doc_id"}.

Streams row by row. A row's line number is the physical line it starts on (quoted fields may span lines).
A row with bytes that are not UTF-8, a wrong number of fields or no text is reported and skipped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from geoevents.ingest._common import (
    FIELDS,
    MAX_RECORD_BYTES,
    SNIFF_BYTES,
    ReadContext,
    column_for,
    cut,
    is_binary,
    map_record,
    record_to_article,
)
from geoevents.models import Article

SUFFIXES = (".csv", ".tsv", ".tab")
# Undecodable bytes survive as lone surrogates (errors="surrogateescape"), so one bad row can be skipped alone.
_BAD_BYTE = re.compile("[\udc80-\udcff]")


def read_csv(path: Path, context: ReadContext) -> Iterator[Article]:
    name = str(path)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
        if is_binary(head) and _unreadable_header(head):
            context.problem("binary file (contains NUL bytes), not CSV", name)
            return
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        yield from _read_rows(text, name, delimiter, context)


def _unreadable_header(head: bytes) -> bool:
    """True when the first line is not UTF-8 text without NUL: with a readable header, a NUL byte or bad byte
    further on is a bad row, not a binary file, and costs only its row."""
    header = head.split(b"\n", 1)[0]
    if b"\x00" in header:
        return True
    try:
        header.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _read_rows(handle: io.TextIOWrapper, name: str, delimiter: str, context: ReadContext) -> Iterator[Article]:
    # News bodies can exceed csv's default 128 KiB field limit; the limit still stops a runaway unclosed quote.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))
    lines = _QuoteTracker(handle, delimiter)
    reader = csv.reader(lines, delimiter=delimiter)
    header = _header(reader, name, context)
    if header is None:
        return
    rows = 0
    start = reader.line_num + 1
    # Each row waits for the next: only at the end of the file is it known whether the last row's quote was closed.
    pending: tuple[list[str], int] | None = None
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            rows += 1
            if pending is not None:
                yield from _articles(pending, header, name, context)
            pending = (row, line)
    except csv.Error as error:
        context.problem(f"CSV cannot be read further ({error}); rest of file skipped", name, start)
        return
    if pending is not None:
        if lines.quoted:
            reason = f"a quote opened in this row is never closed (it runs to the end of the file, line {start - 1})"
            context.problem(reason + "; row skipped", name, pending[1])
        else:
            yield from _articles(pending, header, name, context)
    if rows == 0:
        context.problem("CSV has a header but no rows", name, 1)


class _QuoteTracker:
    """The handle's lines for csv.reader, followed through the csv module's own quoting rules (a quote opens a
    field only at its start; "" inside quotes is a quote), so that at the end of the file it is known whether the
    last field's quote was ever closed. Jumps from quote to quote: costs little more than reading the lines."""

    def __init__(self, handle: io.TextIOWrapper, delimiter: str) -> None:
        self._handle = handle
        self._ends_field = (delimiter, "\n", "\r")
        self.quoted = False
        self._at_start = True
        self._after_quote = False

    def __iter__(self) -> _QuoteTracker:
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self._follow(line)
        return line

    def _follow(self, line: str) -> None:
        at = 0
        while at < len(line):
            quote = line.find('"', at)
            if self.quoted:
                if quote < 0:
                    return
                self.quoted, self._after_quote = False, True
            else:
                if quote != at:  # plain characters up to the quote (or the end of the line)
                    self._after_quote = False
                    self._at_start = line[quote - 1 if quote > 0 else -1] in self._ends_field
                if quote < 0:
                    return
                if self._at_start or self._after_quote:
                    self.quoted, self._after_quote = True, False  # opens a field, or "" inside one
                else:
                    self._at_start = False
            at = quote + 1


def _articles(
    pending: tuple[list[str], int], header: list[str], name: str, context: ReadContext
) -> Iterator[Article]:
    row, line = pending
    article = _row_article(row, header, name, line, context)
    if article is not None:
        yield article


def _header(reader: Iterator[list[str]], name: str, context: ReadContext) -> list[str] | None:
    """The header row, or None after reporting a file that is empty, undecodable or lacks the text column."""
    columns = context.columns
    try:
        header = next(reader, None)
    except csv.Error as error:
        context.problem(f"CSV header cannot be read ({error})", name, 1)
        return None
    if header is None or not any(cell.strip() for cell in header):
        context.problem("empty file", name)
        return None
    header = [cell.strip() for cell in header]
    if any(_BAD_BYTE.search(cell) for cell in header):
        context.problem("header is not valid UTF-8", name, 1)
        return None
    if column_for("text", header, columns) not in header:
        wanted = " or ".join(repr(c) for c in dict.fromkeys([columns.get("text", "text"), "text"]))
        shown = cut(", ".join(cut(cell, 40) for cell in header[:12]))
        context.problem(f"no text column {cut(wanted)} in the header ({shown}); file skipped", name, 1)
        return None
    for ours in FIELDS:
        theirs = columns.get(ours)
        if theirs is not None and column_for(ours, header, columns) not in header:
            context.problem(f"mapped column '{theirs}' (for {ours}) is not in the header", name, 1)
    return header


def _row_article(row: list[str], header: list[str], name: str, line: int, context: ReadContext) -> Article | None:
    if len(row) != len(header):
        message = f"row has {len(row)} fields but the header has {len(header)}; row skipped"
        context.problem(message, name, line)
        return None
    bad_line = _bad_byte_line(row, line)
    if bad_line is not None:
        context.problem("not valid UTF-8; row skipped", name, bad_line)
        return None
    record = map_record(dict(zip(header, row, strict=True)), context.columns)
    return record_to_article(record, f"{name}:{line}", name, line, context)


def _bad_byte_line(row: list[str], line: int) -> int | None:
    """The physical line of the first undecodable byte in a row, counting newlines inside quoted fields."""
    for cell in row:
        match = _BAD_BYTE.search(cell)
        if match:
            return line + cell.count("\n", 0, match.start())
        line += cell.count("\n")
    return None
