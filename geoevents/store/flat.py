"""Events as flat rows for CSV: every field of the record, one column each, nothing left behind.

Lists become `;`-joined cells, and the entities of a role become parallel lists (the i-th code, sector, name,
text, start and end belong to the i-th entity; a missing value is an empty item). The resolver's reasons are
sentences that may themselves hold a `;`, so they come as a JSON list. The location and the reporting source
become one column per field; a merged event adds its key, dates, counts and the ids of its reports, and every row
the URL of its article. `docs/store.md` lists the columns; tests/test_export_complete.py reads every one back.
"""

from __future__ import annotations

import json
from typing import Any

ENTITY_FIELDS = ("code", "sector", "name", "text", "start", "end")
LOCATION_FIELDS = ("text", "name", "country", "lat", "lon", "start", "end")
REPORTED_BY_FIELDS = ("code", "sector", "name", "text", "start", "end")
SEPARATOR = ";"


def _entity_columns(role: str) -> tuple[str, ...]:
    return (*(f"{role}_{field}s" for field in ENTITY_FIELDS), f"{role}_reasons")


CSV_COLUMNS: tuple[str, ...] = (
    "id", "event_key", "date", "date_precision", "first_date", "last_date", "event", "mode", "context",
    "quad_code", "intensity", "factuality", "condition", "condition_event_id",
    *_entity_columns("actor"), *_entity_columns("recipient"),
    *(f"reported_by_{field}" for field in REPORTED_BY_FIELDS), "reported_by_reason",
    *(f"location_{field}" for field in LOCATION_FIELDS),
    "event_text", "event_start", "event_end", "sentence", "sentence_index", "sentence_start", "sentence_end",
    "article_id", "url", "confidence", "coder", "mention_count", "article_count", "report_ids",
)  # fmt: skip


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _joined(values: list[Any]) -> str:
    return SEPARATOR.join("" if v is None else str(v) for v in values)


def _entities(role: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    row = {f"{role}_{field}s": _joined([e.get(field) for e in entities]) for field in ENTITY_FIELDS}
    row[f"{role}_reasons"] = json.dumps([e.get("reason") for e in entities], ensure_ascii=False) if entities else ""
    return row


def csv_row(record: dict[str, Any], url: str | None) -> dict[str, Any]:
    """One event (merged or single report, as `Store.events` returns it) as a row of CSV_COLUMNS."""
    location = record.get("location") or {}
    source = record.get("reported_by") or {}
    report_ids = [e["event_id"] for e in record.get("evidence") or []] or [record["id"]]
    row: dict[str, Any] = {name: _cell(record.get(name)) for name in CSV_COLUMNS if name in record}
    row.update(
        event_key=_cell(record.get("event_key", record["id"] if record.get("evidence") else None)),
        context=_joined(list(record.get("context") or [])),
        **_entities("actor", record.get("actor") or []),
        **_entities("recipient", record.get("recipient") or []),
        **{f"reported_by_{field}": _cell(source.get(field)) for field in REPORTED_BY_FIELDS},
        reported_by_reason=_cell(source.get("reason")),
        **{f"location_{field}": _cell(location.get(field)) for field in LOCATION_FIELDS},
        url=_cell(url),
        mention_count=_cell(record.get("mention_count", 1)),
        article_count=_cell(record.get("article_count", 1)),
        report_ids=_joined(report_ids),
    )
    return {name: row.get(name, "") for name in CSV_COLUMNS}


__all__ = ["CSV_COLUMNS", "ENTITY_FIELDS", "LOCATION_FIELDS", "REPORTED_BY_FIELDS", "SEPARATOR", "csv_row"]
