"""Reading the JSON Lines gold files of the evaluations: one object a line, bad lines named by file and line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geoevents.errors import InputError


def read_gold_text(file: Path) -> str:
    """The text of a gold file; a missing or unreadable one raises InputError naming it."""
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("gold file not found", str(file)) from exc
    except (UnicodeDecodeError, OSError) as exc:
        raise InputError(f"cannot read gold file: {exc}", str(file)) from exc


def read_rows(path: str | Path, required: Iterable[str] = ("text",)) -> list[dict[str, Any]]:
    """The objects of a JSONL file; an unreadable file, a line that is not JSON or an object without one of the
    `required` keys raises InputError naming the file (and line): a gold file must be whole to score against."""
    file = Path(path)
    text = read_gold_text(file)
    wanted = tuple(required)
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", str(file), number) from exc
        if not isinstance(row, dict) or any(key not in row for key in wanted):
            raise InputError(f"expected an object with {', '.join(repr(k) for k in wanted)}", str(file), number)
        rows.append(row)
    return rows


__all__ = ["read_gold_text", "read_rows"]
