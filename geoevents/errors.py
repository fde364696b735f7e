"""The one errors module: every exception geoevents raises on purpose derives from GeoeventsError.

The CLI catches GeoeventsError and prints its message as one line (exit status 2); anything else is a bug and keeps
its traceback.
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


class OutputError(GeoeventsError):
    """An output file cannot be written where it was asked for (no such folder, no permission)."""


class QueryError(GeoeventsError):
    """A query's parameters are invalid."""


class SourceError(GeoeventsError):
    """A watched source could not be polled: the network, the server or what it sent. `kind` says which, as one
    of SOURCE_ERROR_KINDS; `retry_after` is the wait the server asked for (seconds), if any."""

    def __init__(self, kind: str, message: str, source: str | None = None, retry_after: float | None = None) -> None:
        self.kind = kind
        self.source = source
        self.reason = message
        self.retry_after = retry_after
        super().__init__(f"{source}: {message}" if source else message)


# network: no connection; timeout: too slow; http: an error status; too-large: over the size limit;
# redirects: too many redirects; feed: not a feed we accept; folder: the folder cannot be read; internal: a bug
# met while reading the source (logged with its traceback).
SOURCE_ERROR_KINDS = ("network", "timeout", "http", "too-large", "redirects", "feed", "folder", "internal")


__all__ = [
    "ConfigError",
    "GeoeventsError",
    "InputError",
    "InputWarning",
    "ModelNotFoundError",
    "OutputError",
    "QueryError",
    "SOURCE_ERROR_KINDS",
    "SourceError",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
]
