"""JSON Lines: one JSON object a line with `text` and optional id, title, date, url, source.

Read line by line from the bytes, so a huge file streams and a bad line (malformed JSON, not UTF-8, no text,
nested too deeply, longer than MAX_RECORD_BYTES) is reported with its line number and skipped while the rest goes on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from geoevents.errors import InputError
from geoevents.ingest._common import (
    BOM,
    MAX_RECORD_BYTES,
    SNIFF_BYTES,
    ReadContext,
    decode_error_line,
    is_binary,
    map_record,
    record_to_article,
)
from geoevents.models import Article

SUFFIXES = (".jsonl", ".ndjson", ".json-lines", ".jsonlines")
# How much of an over-long line is read at a time while skipping it.
_SKIP_CHUNK = 1024 * 1024


def read_jsonl(path: Path, context: ReadContext) -> Iterator[Article]:
    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        if is_binary(head) and not _holds_object_line(head):
            context.problem("binary file (contains NUL bytes), not JSON Lines", name)
            return
        if not head.strip():
            context.problem("empty file", name)
            return
        handle.seek(0)
        yield from read_jsonl_lines(handle, name, context)


def _holds_object_line(head: bytes) -> bool:
    """True when a line of `head` (the last one perhaps cut short) starts like a JSON object and is UTF-8 without
    NUL: then a NUL byte elsewhere is a bad line, not a binary file, and costs only its line."""
    for line in head.split(b"\n"):
        start = line.removeprefix(b"\xef\xbb\xbf").lstrip()
        if start.startswith(b"{") and b"\x00" not in line and _utf8_prefix(line):
            return True
    return False


def _utf8_prefix(data: bytes) -> bool:
    """True when `data` is UTF-8, allowing a character cut short at its end."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.end == len(data) and error.reason == "unexpected end of data"
    return True


def read_jsonl_lines(stream: IO[bytes] | IO[str], name: str, context: ReadContext) -> Iterator[Article]:
    """Articles from a stream of lines (bytes from a file, or str from a text stream such as stdin)."""
    for number, raw in enumerate(bounded_lines(stream, MAX_RECORD_BYTES), start=1):
        if raw is None:
            context.problem(f"line longer than {MAX_RECORD_BYTES // 2**20} MiB; line skipped", name, number)
            continue
        line = _decode(raw, name, number, context)
        if line is None:
            continue
        if number == 1:
            line = line.removeprefix(BOM)
        if not line.strip():
            continue  # blank lines separate nothing in JSONL; tolerate them quietly
        record = _parse(line, name, number, context)
        if record is None:
            continue
        article = record_to_article(map_record(record, context.columns), f"{name}:{number}", name, number, context)
        if article is not None:
            yield article


def bounded_lines(stream: IO[bytes] | IO[str], limit: int) -> Iterator[bytes | str | None]:
    """The lines of `stream`, each with its newline; None in place of a line longer than `limit`, which is skipped
    in chunks so that it never sits in memory whole."""
    readline: Callable[[int], bytes | str] = stream.readline
    while line := readline(limit + 1):
        if len(line) <= limit or _ends_line(line):
            yield line
            continue
        while (rest := readline(_SKIP_CHUNK)) and not _ends_line(rest):
            pass
        yield None


def _ends_line(chunk: bytes | str) -> bool:
    return chunk.endswith(b"\n") if isinstance(chunk, bytes) else chunk.endswith("\n")


def _decode(raw: bytes | str, name: str, number: int, context: ReadContext) -> str | None:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = decode_error_line(raw, error, number)
        context.problem(f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); line skipped", name, line)
        return None


def _parse(line: str, name: str, number: int, context: ReadContext) -> dict | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        context.problem(f"malformed JSON ({error.msg} at column {error.colno}); line skipped", name, number)
        return None
    except RecursionError:
        context.problem("JSON nested too deeply; line skipped", name, number)
        return None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        context.problem(f"JSON value cannot be read ({error}); line skipped", name, number)
        return None
    if not isinstance(record, dict):
        context.problem(f"expected a JSON object, got {type(record).__name__}; line skipped", name, number)
        return None
    return record


def read_json(path: Path, context: ReadContext) -> Iterator[Article]:
    """A `.json` file: one object, or an array of objects (origin "path#N"); a file that is not one JSON document
    is read as JSON Lines instead (many tools write JSONL under a .json name). Loaded whole, unlike JSONL."""
    name = str(path)
    data = path.read_bytes()
    if is_binary(data[:SNIFF_BYTES]) or not data.strip():
        yield from read_jsonl(path, context)  # reports the binary or empty file
        return
    try:
        document = json.loads(data.decode("utf-8").removeprefix(BOM))
    except (UnicodeDecodeError, ValueError, RecursionError):
        yield from read_jsonl(path, context)  # reports each line that is not a readable object
        return
    if isinstance(document, dict):
        article = record_to_article(map_record(document, context.columns), name, name, None, context)
        if article is not None:
            yield article
        return
    if not isinstance(document, list):
        context.problem(f"expected a JSON object or array, got {type(document).__name__}", name)
        return
    for number, record in enumerate(document, start=1):
        if not isinstance(record, dict):
            context.problem(f"array item {number} is a {type(record).__name__}, not an object", name)
            continue
        article = _array_item(record, name, number, context)
        if article is not None:
            yield article


def _array_item(record: dict, name: str, number: int, context: ReadContext) -> Article | None:
    def named(problem: InputError) -> None:  # name the array item, since there is no line to name
        context.problem(f"array item {number}: {problem.reason}", name)

    item_context = replace(context, on_problem=named)
    return record_to_article(map_record(record, context.columns), f"{name}#{number}", name, None, item_context)
