"""The one reader of tab-separated tables: the package's data files (actor knowledge, gazetteer) and users' own
actor files. A header line names the columns; blank lines and '#' lines are skipped; every row keeps its line
number, so that a problem names file and line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from geoevents.errors import InputError

Row = dict[str, str]


def _text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", str(path)) from exc


def read_tsv(path: Path, what: str = "table") -> Iterator[tuple[int, Row]]:
    """(line number, row) for every row, one at a time (a gazetteer has tens of thousands); a short row is padded
    with empty cells, a long one is an error."""
    header: list[str] | None = None
    for number, raw in enumerate(_text(path, what).splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header):
            raise InputError(f"{len(cells)} columns, header has {len(header)}", str(path), number)
        yield number, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))


def tsv_header(path: Path, what: str = "table") -> list[str]:
    """The column names of a table (the first line that is neither blank nor a comment); [] for an empty file.
    Reads no further than that line: it tells a table from another format (a CAMEO dictionary) cheaply."""
    try:
        with path.open(encoding="utf-8") as handle:
            for raw in handle:
                if raw.strip() and not raw.lstrip().startswith("#"):
                    return [c.strip() for c in raw.rstrip("\r\n").split("\t")]
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", str(path)) from exc
    return []


__all__ = ["Row", "read_tsv", "tsv_header"]
