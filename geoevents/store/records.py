"""The shapes reads return: a report as an Event JSONL record, and a merged event built from its reports."""

from __future__ import annotations

from typing import Any

from geoevents.models import Event
from geoevents.store.merge import representative_key


def report_record(event: Event, key: str, mention_count: int) -> dict[str, Any]:
    """One report: the Event JSONL record plus the key and report count of the event it belongs to."""
    record = event.to_dict()
    record["event_key"] = key
    record["mention_count"] = mention_count
    return record


def _evidence(event: Event, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    # Each report says for itself how true it is: the merged event shows the strongest, its reports their own.
    item: dict[str, Any] = {
        "article_id": event.article_id, "sentence_index": event.sentence_index, "sentence": event.sentence,
        "event_start": event.event_start, "event_end": event.event_end, "event_id": event.id,
        "factuality": event.factuality, "condition": event.condition,
        "reported_by": event.reported_by.to_dict() if event.reported_by else None,
    }  # fmt: skip
    if articles:
        item.update(
            event_text=event.event_text, date=event.date,
            sentence_start=event.sentence_start, sentence_end=event.sentence_end,
            actor=[e.to_dict() for e in event.actor], recipient=[e.to_dict() for e in event.recipient],
            article=articles.get(event.article_id),
        )  # fmt: skip
    return item


def merged_record(
    key: str, meta: dict[str, Any], group: list[Event], articles: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One merged event in the Event JSONL shape: its representative report's fields (the strongest truth, then
    the earliest: `merge.representative_key`, the order the `events` table is built by), entities united by code.

    `meta` is the event's row of the `events` table; `articles` (empty unless the detail is asked for) adds each
    evidence item's article, spans and entities."""
    # The key still derives from the smallest report id.
    group = sorted(group, key=lambda e: representative_key(e.factuality, e.date, e.id))
    record = group[0].to_dict() if group else {}
    record["id"] = key
    for role in ("actor", "recipient"):
        seen = {(e["code"] or e["text"]) for e in record.get(role, [])}
        for other in group[1:]:
            for entity in getattr(other, role):
                if entity.code and entity.code not in seen:
                    seen.add(entity.code)
                    record[role].append(entity.to_dict())
    if record.get("location") is None and meta.get("location_country"):
        record["location"] = {"text": meta.get("location_name") or meta["location_country"],
                              "name": meta.get("location_name"), "country": meta["location_country"],
                              "lat": None, "lon": None, "start": None, "end": None}  # fmt: skip
    record["mention_count"] = int(meta["mention_count"])
    record["article_count"] = int(meta["article_count"])
    record["first_date"], record["last_date"] = meta["first_date"], meta["last_date"]
    ordered = sorted(group, key=lambda e: (e.date or "", e.article_id, e.sentence_index, e.event_start))
    record["evidence"] = [_evidence(e, articles) for e in ordered]
    return record
