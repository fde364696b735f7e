"""Event records as a typed Arrow table: the one schema of every Parquet file of events geoevents writes.

`geoevents export --format parquet` and the cluster output of `geoevents code --engine ray` both go through
`events_table`, so a reader sees the same columns and types everywhere: entities as list<struct>, the location
and the reporting source as structs, each report of a merged event (`evidence`) with its own factuality,
condition and source, dates as date32, coordinates, intensity and confidence as float64, offsets
as int32. Columns a record does not have are null: the merge fields (`event_key`, `mention_count`,
`article_count`, `first_date`, `last_date`, `evidence`) exist only for events read from the store, since
merging repeated reports happens when events enter the store. `event_dict` turns a row back into the
`Event.to_dict()` form, so a round trip through Parquet loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any

import pyarrow as pa

from geoevents.models import Event

_STR, _I32, _F64, _DATE = pa.string(), pa.int32(), pa.float64(), pa.date32()

ENTITY_TYPE = pa.struct(
    [("text", _STR), ("code", _STR), ("sector", _STR), ("name", _STR), ("start", _I32), ("end", _I32),
     ("reason", _STR)]
)  # fmt: skip
LOCATION_TYPE = pa.struct(
    [("text", _STR), ("name", _STR), ("country", _STR), ("lat", _F64), ("lon", _F64), ("start", _I32),
     ("end", _I32)]
)  # fmt: skip
EVIDENCE_TYPE = pa.struct(
    [("event_id", _STR), ("article_id", _STR), ("sentence_index", _I32), ("sentence", _STR),
     ("event_start", _I32), ("event_end", _I32), ("factuality", _STR), ("condition", _STR),
     ("reported_by", ENTITY_TYPE)]
)  # fmt: skip

_EVENT_TYPES: dict[str, pa.DataType] = {
    "id": _STR, "article_id": _STR, "sentence_index": _I32, "sentence": _STR, "event": _STR, "event_text": _STR,
    "event_start": _I32, "event_end": _I32, "mode": _STR, "context": pa.list_(_STR),
    "actor": pa.list_(ENTITY_TYPE), "recipient": pa.list_(ENTITY_TYPE), "quad_code": _I32, "intensity": _F64,
    "date": _DATE, "date_precision": _STR, "location": LOCATION_TYPE, "factuality": _STR, "condition": _STR,
    "condition_event_id": _STR, "reported_by": ENTITY_TYPE, "confidence": _F64, "coder": _STR,
    "sentence_start": _I32, "sentence_end": _I32,
}  # fmt: skip
# Event.to_dict() puts the id first, then the dataclass fields in order.
EVENT_COLUMNS: tuple[str, ...] = ("id", *(f.name for f in fields(Event) if f.name != "id"))
STORE_COLUMNS: tuple[str, ...] = ("event_key", "mention_count", "article_count", "first_date", "last_date", "evidence")
_STORE_TYPES: dict[str, pa.DataType] = {
    "event_key": _STR, "mention_count": _I32, "article_count": _I32, "first_date": _DATE, "last_date": _DATE,
    "evidence": pa.list_(EVIDENCE_TYPE),
}  # fmt: skip
ARTICLE_COLUMNS: tuple[str, ...] = ("url",)
EVENT_SCHEMA = pa.schema(
    [(name, _EVENT_TYPES[name]) for name in EVENT_COLUMNS]
    + [(name, _STORE_TYPES[name]) for name in STORE_COLUMNS]
    + [(name, _STR) for name in ARTICLE_COLUMNS]
)
_DATE_COLUMNS = tuple(name for name in EVENT_SCHEMA.names if EVENT_SCHEMA.field(name).type == _DATE)


def _day(value: Any) -> dt.date | None:
    """A date column's value: ISO text (what records carry) to a date; dates pass, empty text is null."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)[:10]
    return dt.date.fromisoformat(text) if text else None


def _typed(record: dict[str, Any]) -> dict[str, Any]:
    row = dict(record)
    for name in _DATE_COLUMNS:
        if row.get(name) is not None:
            row[name] = _day(row[name])
    return row


def events_table(records: Iterable[dict[str, Any]]) -> pa.Table:
    """Event records (`Event.to_dict()`, or the store's event and report records, optionally with the article's
    `url`) as a table of `EVENT_SCHEMA`; missing fields are null, fields outside the schema are left out."""
    return pa.Table.from_pylist([_typed(record) for record in records], schema=EVENT_SCHEMA)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A row of an events table back in the `Event.to_dict()` form (dates as ISO text); `Event.from_dict` takes it."""
    return {name: _plain(row.get(name)) for name in EVENT_COLUMNS}


def event_dicts(table: pa.Table) -> Iterator[dict[str, Any]]:
    for row in table.to_pylist():
        yield event_dict(row)


__all__ = [
    "ENTITY_TYPE",
    "EVENT_COLUMNS",
    "EVENT_SCHEMA",
    "EVIDENCE_TYPE",
    "LOCATION_TYPE",
    "STORE_COLUMNS",
    "event_dict",
    "event_dicts",
    "events_table",
]
