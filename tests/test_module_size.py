"""Modules stay small: none over ~400 lines unless its docstring says why (a line starting "Long because")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import geoevents

PACKAGE = Path(geoevents.__file__).parent
LIMIT = 400
MODULES = sorted(PACKAGE.rglob("*.py"))


def _reason(source: str) -> bool:
    doc = ast.get_docstring(ast.parse(source)) or ""
    return any(line.strip().startswith("Long because") for line in doc.splitlines())


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_small_or_says_why(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    lines = source.count("\n")
    assert lines <= LIMIT or _reason(source), f"{path.name}: {lines} lines and no 'Long because' in its docstring"


def test_the_reason_is_read_from_the_docstring() -> None:
    assert _reason('"""Readers.\n\nLong because every format shares one table."""\n')
    assert not _reason('"""Readers."""\n# Long because of a comment\n')
