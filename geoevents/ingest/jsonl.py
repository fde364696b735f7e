"""JSON Lines: one JSON object a line with `text` and optional id, title, date, url, source.

Read line by line from the bytes, so a huge file streams and a bad line (malformed JSON, not UTF-8, no text)
is reported with its line number and skipped while the rest goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from geoevents.errors import InputError
from geoevents.ingest._common import BOM, OnProblem, decode_error_line, is_binary, map_record, record_to_article
from geoevents.models import Article

SUFFIXES = (".jsonl", ".ndjson", ".json-lines", ".jsonlines")


def read_jsonl(path: Path, on_problem: OnProblem, columns: Mapping[str, str] | None = None) -> Iterator[Article]:
    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
        if is_binary(head):
            on_problem(InputError("binary file (contains NUL bytes), not JSON Lines", name))
            return
        if not head.strip():
            on_problem(InputError("empty file", name))
            return
        handle.seek(0)
        yield from read_jsonl_lines(handle, name, on_problem, columns)


def read_jsonl_lines(
    lines: Iterable[bytes | str], name: str, on_problem: OnProblem, columns: Mapping[str, str] | None = None
) -> Iterator[Article]:
    """Articles from an iterable of lines (bytes from a file, or str from a text stream such as stdin)."""
    for number, raw in enumerate(lines, start=1):
        line = _decode(raw, name, number, on_problem)
        if line is None:
            continue
        if number == 1:
            line = line.removeprefix(BOM)
        if not line.strip():
            continue  # blank lines separate nothing in JSONL; tolerate them quietly
        record = _parse(line, name, number, on_problem)
        if record is None:
            continue
        article = record_to_article(map_record(record, columns), f"{name}:{number}", name, number, on_problem)
        if article is not None:
            yield article


def _decode(raw: bytes | str, name: str, number: int, on_problem: OnProblem) -> str | None:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = decode_error_line(raw, error, number)
        on_problem(InputError(f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); line skipped", name, line))
        return None


def _parse(line: str, name: str, number: int, on_problem: OnProblem) -> dict | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        on_problem(InputError(f"malformed JSON ({error.msg} at column {error.colno}); line skipped", name, number))
        return None
    if not isinstance(record, dict):
        on_problem(InputError(f"expected a JSON object, got {type(record).__name__}; line skipped", name, number))
        return None
    return record


def read_json(path: Path, on_problem: OnProblem, columns: Mapping[str, str] | None = None) -> Iterator[Article]:
    """A `.json` file: one object, or an array of objects (origin "path#N"); a file that is not one JSON document
    is read as JSON Lines instead (many tools write JSONL under a .json name). Loaded whole, unlike JSONL."""
    name = str(path)
    data = path.read_bytes()
    if is_binary(data[:8192]) or not data.strip():
        yield from read_jsonl(path, on_problem, columns)  # reports the binary or empty file
        return
    try:
        document = json.loads(data.decode("utf-8").removeprefix(BOM))
    except (UnicodeDecodeError, json.JSONDecodeError):
        yield from read_jsonl(path, on_problem, columns)
        return
    if isinstance(document, dict):
        article = record_to_article(map_record(document, columns), name, name, None, on_problem)
        if article is not None:
            yield article
        return
    if not isinstance(document, list):
        on_problem(InputError(f"expected a JSON object or array, got {type(document).__name__}", name))
        return
    for number, record in enumerate(document, start=1):
        if not isinstance(record, dict):
            on_problem(InputError(f"array item {number} is a {type(record).__name__}, not an object", name))
            continue
        article = _array_item(record, name, number, on_problem, columns)
        if article is not None:
            yield article


def _array_item(
    record: dict, name: str, number: int, on_problem: OnProblem, columns: Mapping[str, str] | None
) -> Article | None:
    problems: list[InputError] = []
    article = record_to_article(map_record(record, columns), f"{name}#{number}", name, None, problems.append)
    for problem in problems:  # name the array item, since there is no line to name
        on_problem(InputError(f"array item {number}: {problem.reason}", name))
    return article
