"""CSV and TSV with a header row. Columns are named like our fields (id, text, title, date, url, source) unless
`columns` maps our names to the file's, e.g. {"text": "body", "id": "doc_id"}.

Streams row by row. A row's line number is the physical line it starts on (quoted fields may span lines).
A row with bytes that are not UTF-8, a wrong number of fields or no text is reported and skipped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from geoevents.errors import InputError
from geoevents.ingest._common import FIELDS, OnProblem, column_for, is_binary, map_record, record_to_article
from geoevents.models import Article

SUFFIXES = (".csv", ".tsv", ".tab")
# News bodies can exceed csv's default 128 KiB field limit; 64 MiB still stops a runaway unclosed quote.
FIELD_LIMIT = 64 * 1024 * 1024
# Undecodable bytes survive as lone surrogates (errors="surrogateescape"), so one bad row can be skipped alone.
_BAD_BYTE = re.compile("[\udc80-\udcff]")


def read_csv(path: Path, on_problem: OnProblem, columns: Mapping[str, str] | None = None) -> Iterator[Article]:
    name = str(path)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    with path.open("rb") as raw:
        if is_binary(raw.read(8192)):
            on_problem(InputError("binary file (contains NUL bytes), not CSV", name))
            return
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        yield from _read_rows(text, name, delimiter, on_problem, columns or {})


def _read_rows(
    handle: io.TextIOWrapper, name: str, delimiter: str, on_problem: OnProblem, columns: Mapping[str, str]
) -> Iterator[Article]:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.reader(handle, delimiter=delimiter)
    header = _header(reader, name, on_problem, columns)
    if header is None:
        return
    rows = 0
    start = reader.line_num + 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            rows += 1
            article = _row_article(row, header, name, line, on_problem, columns)
            if article is not None:
                yield article
    except csv.Error as error:
        on_problem(InputError(f"CSV cannot be read further ({error}); rest of file skipped", name, start))
        return
    if rows == 0:
        on_problem(InputError("CSV has a header but no rows", name, 1))


def _header(
    reader: Iterator[list[str]], name: str, on_problem: OnProblem, columns: Mapping[str, str]
) -> list[str] | None:
    """The header row, or None after reporting a file that is empty, undecodable or lacks the text column."""
    try:
        header = next(reader, None)
    except csv.Error as error:
        on_problem(InputError(f"CSV header cannot be read ({error})", name, 1))
        return None
    if header is None or not any(cell.strip() for cell in header):
        on_problem(InputError("empty file", name))
        return None
    header = [cell.strip() for cell in header]
    if any(_BAD_BYTE.search(cell) for cell in header):
        on_problem(InputError("header is not valid UTF-8", name, 1))
        return None
    if column_for("text", header, columns) not in header:
        wanted = " or ".join(repr(c) for c in dict.fromkeys([columns.get("text", "text"), "text"]))
        shown = ", ".join(header[:12])
        on_problem(InputError(f"no text column {wanted} in the header ({shown}); file skipped", name, 1))
        return None
    for ours in FIELDS:
        theirs = columns.get(ours)
        if theirs is not None and column_for(ours, header, columns) not in header:
            on_problem(InputError(f"mapped column '{theirs}' (for {ours}) is not in the header", name, 1))
    return header


def _row_article(
    row: list[str], header: list[str], name: str, line: int, on_problem: OnProblem, columns: Mapping[str, str]
) -> Article | None:
    if len(row) != len(header):
        message = f"row has {len(row)} fields but the header has {len(header)}; row skipped"
        on_problem(InputError(message, name, line))
        return None
    bad_line = _bad_byte_line(row, line)
    if bad_line is not None:
        on_problem(InputError("not valid UTF-8; row skipped", name, bad_line))
        return None
    record = map_record(dict(zip(header, row, strict=True)), columns)
    return record_to_article(record, f"{name}:{line}", name, line, on_problem)


def _bad_byte_line(row: list[str], line: int) -> int | None:
    """The physical line of the first undecodable byte in a row, counting newlines inside quoted fields."""
    for cell in row:
        match = _BAD_BYTE.search(cell)
        if match:
            return line + cell.count("\n", 0, match.start())
        line += cell.count("\n")
    return None
