"""The one errors module: every exception geoevents raises on purpose derives from GeoeventsError.

The CLI catches GeoeventsError and prints its message; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class GeoeventsError(Exception):
    """Base of every error geoevents raises for a user's input, settings or environment."""


class InputError(GeoeventsError):
    """A source file or record could not be read. Names the file and, where known, the line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class InputWarning(InputError):
    """A record was read, with a caveat the user should know of (e.g. a date that could not be read: the article
    is kept undated). Nothing was skipped."""


class ConfigError(GeoeventsError):
    """A setting, configuration file or knowledge file is invalid."""


class ModelNotFoundError(GeoeventsError):
    """No usable spaCy English model is installed."""


class StoreError(GeoeventsError):
    """The event store cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store open for writing."""


class StoreCorruptError(StoreError):
    """The file is not a geoevents store, or it is damaged."""


class QueryError(GeoeventsError):
    """A query's parameters are invalid."""


__all__ = [
    "ConfigError",
    "GeoeventsError",
    "InputError",
    "InputWarning",
    "ModelNotFoundError",
    "QueryError",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
]
