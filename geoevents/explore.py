"""Library functions over a stored event set; `geoevents events|summary|export` are thin wrappers over these.

Each opens the store named by the settings read-only (export and queries never write) - waiting, up to
`Settings.wait` seconds, while another process writes it - runs one Store method and returns plain data.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from geoevents.paths import output_file
from geoevents.settings import Settings
from geoevents.store import Store


def _open(settings: Settings | None) -> Store:
    settings = settings or Settings.load()
    return Store.open(settings.db, read_only=True, wait=settings.wait)


def events(settings: Settings | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Stored events matching the filters (actor, recipient, event, mode, quad, factuality, since, until, text, ...;
    `reports=True` for single reports, `limit`, `offset`)."""
    with _open(settings) as store:
        return store.events(**filters)  # type: ignore[no-any-return]


def summary(settings: Settings | None = None) -> dict[str, Any]:
    """Counts by category, quad class and the top dyads."""
    with _open(settings) as store:
        return store.summary()  # type: ignore[no-any-return]


def export(
    destination: str | Path | IO[Any], format: str = "plover-jsonl", settings: Settings | None = None, **filters: Any
) -> int:
    """Write stored events to `destination` in `format` (`reports=True`: one record per report); returns the number
    of records written. A destination folder that does not exist fails before anything is read or made."""
    if isinstance(destination, str | Path):
        output_file(destination, f"{format} export")
    with _open(settings) as store:
        return store.export(destination, format=format, **filters)  # type: ignore[no-any-return]


__all__ = ["events", "export", "summary"]
