"""Turn articles and their events into column batches (Arrow tables) for set-based inserts.

Building whole columns in Python and inserting each table with one `INSERT ... SELECT` is what keeps store writes
cheap: no round trip per event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from geoevents.models import Article, Entity, Event, Location
from geoevents.store.merge import MergeItem, fact_class

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("title", pa.string()), ("date", pa.string()), ("url", pa.string()),
        ("source", pa.string()), ("origin", pa.string()), ("text", pa.string()), ("text_hash", pa.string()),
        ("events_hash", pa.string()), ("coded_at", pa.timestamp("us")), ("run_id", pa.string()),
    ]
)  # fmt: skip
SENTENCE_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("sentence_index", pa.int32()), ("start", pa.int32()), ("end", pa.int32()),
     ("text", pa.string())]
)  # fmt: skip
REPORT_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("article_id", pa.string()), ("sentence_index", pa.int32()), ("sentence", pa.string()),
        ("event", pa.string()), ("mode", pa.string()), ("context", pa.list_(pa.string())),
        ("event_text", pa.string()), ("event_start", pa.int32()), ("event_end", pa.int32()),
        ("quad_code", pa.int32()), ("intensity", pa.float64()), ("date", pa.string()),
        ("date_precision", pa.string()), ("location_text", pa.string()), ("location_name", pa.string()),
        ("location_country", pa.string()), ("location_lat", pa.float64()), ("location_lon", pa.float64()),
        ("location_start", pa.int32()), ("location_end", pa.int32()), ("factuality", pa.string()),
        ("fact_class", pa.string()), ("condition", pa.string()), ("condition_event_id", pa.string()),
        ("reported_by", pa.string()), ("confidence", pa.float64()), ("coder", pa.string()),
        ("sentence_start", pa.int32()), ("sentence_end", pa.int32()), ("actor_codes", pa.list_(pa.string())),
        ("recipient_codes", pa.list_(pa.string())), ("actor_keys", pa.list_(pa.string())),
        ("recipient_keys", pa.list_(pa.string())), ("day", pa.int32()), ("chain_key", pa.string()),
        ("event_key", pa.string()),
    ]
)  # fmt: skip
ACTOR_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()), ("role", pa.string()), ("position", pa.int32()), ("code", pa.string()),
        ("sector", pa.string()), ("name", pa.string()), ("text", pa.string()), ("start", pa.int32()),
        ("end", pa.int32()), ("reason", pa.string()),
    ]
)  # fmt: skip
BLOCK_SCHEMA = pa.schema([("report_id", pa.string()), ("block", pa.string())])


def text_hash(text: str) -> str:
    """The hash `has_article` compares: a changed text means a changed article."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def events_hash(events: list[Event], spans: list[tuple[int, int]]) -> str:
    """Fingerprint of what the coder produced, so a re-code with other events replaces, an identical one is a no-op."""
    # The dataclass repr covers every field, nested entities included, and is far cheaper than to_dict + JSON.
    payload = repr(events) + repr([tuple(s) for s in spans])
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:20]


def codes(entities: list[Entity]) -> tuple[str, ...]:
    return tuple(sorted({e.code.upper() for e in entities if e.code}))


def merge_keys(entities: list[Entity]) -> tuple[str, ...]:
    """What identifies an entity for merging: its code, else its normalised text ("~the police")."""
    return tuple(sorted({e.code.upper() if e.code else "~" + " ".join(e.text.lower().split()) for e in entities}))


def merge_item(event: Event) -> MergeItem:
    return MergeItem(
        id=event.id,
        event=event.event,
        fact_class=fact_class(event.factuality),
        date=event.date,
        date_precision=event.date_precision,
        country=event.location.country if event.location else None,
        actor_keys=merge_keys(event.actor),
        recipient_keys=merge_keys(event.recipient),
    )


@dataclass
class Columns:
    """Column lists for one table, appended row by row and turned into one Arrow table."""

    schema: pa.Schema
    data: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data = {name: [] for name in self.schema.names}

    def add(self, **values: Any) -> None:
        for name, column in self.data.items():
            column.append(values.get(name))

    def __len__(self) -> int:
        return len(next(iter(self.data.values())))

    def table(self) -> pa.Table:
        return pa.table(self.data, schema=self.schema)


@dataclass
class Batch:
    """Everything one `add_articles` call writes, as columns."""

    articles: Columns = field(default_factory=lambda: Columns(ARTICLE_SCHEMA))
    sentences: Columns = field(default_factory=lambda: Columns(SENTENCE_SCHEMA))
    reports: Columns = field(default_factory=lambda: Columns(REPORT_SCHEMA))
    actors: Columns = field(default_factory=lambda: Columns(ACTOR_SCHEMA))
    blocks: Columns = field(default_factory=lambda: Columns(BLOCK_SCHEMA))
    items: list[MergeItem] = field(default_factory=list)

    def add_article(self, article: Article, thash: str, ehash: str, run_id: str | None, now: dt.datetime) -> None:
        self.articles.add(
            id=article.id, title=article.title, date=article.date, url=article.url, source=article.source,
            origin=article.origin, text=article.text, text_hash=thash, events_hash=ehash, coded_at=now,
            run_id=run_id,
        )  # fmt: skip

    def add_sentences(self, article: Article, spans: list[tuple[int, int]]) -> None:
        for index, (start, end) in enumerate(spans):
            self.sentences.add(
                article_id=article.id, sentence_index=index, start=start, end=end, text=article.text[start:end]
            )

    def add_event(self, event: Event) -> None:
        item = merge_item(event)
        self.items.append(item)
        self.reports.add(**_report_row(event, item))
        for role, entities in (("actor", event.actor), ("recipient", event.recipient)):
            for position, entity in enumerate(entities):
                self.actors.add(
                    report_id=event.id, role=role, position=position, code=entity.code, sector=entity.sector,
                    name=entity.name, text=entity.text, start=entity.start, end=entity.end, reason=entity.reason,
                )  # fmt: skip
        for block in item.blocks():
            self.blocks.add(report_id=event.id, block=block)


def _report_row(event: Event, item: MergeItem) -> dict[str, Any]:
    loc = event.location or Location(text="")
    return {
        "id": event.id, "article_id": event.article_id, "sentence_index": event.sentence_index,
        "sentence": event.sentence, "event": event.event, "mode": event.mode, "context": list(event.context),
        "event_text": event.event_text, "event_start": event.event_start, "event_end": event.event_end,
        "quad_code": event.quad_code, "intensity": event.intensity, "date": event.date,
        "date_precision": event.date_precision,
        "location_text": loc.text if event.location else None, "location_name": loc.name,
        "location_country": loc.country, "location_lat": loc.lat, "location_lon": loc.lon,
        "location_start": loc.start, "location_end": loc.end, "factuality": event.factuality,
        "fact_class": item.fact_class, "condition": event.condition, "condition_event_id": event.condition_event_id,
        "reported_by": json.dumps(event.reported_by.to_dict()) if event.reported_by else None,
        "confidence": event.confidence, "coder": event.coder, "sentence_start": event.sentence_start,
        "sentence_end": event.sentence_end, "actor_codes": list(codes(event.actor)),
        "recipient_codes": list(codes(event.recipient)), "actor_keys": list(item.actor_keys),
        "recipient_keys": list(item.recipient_keys), "day": item.day,
    }  # fmt: skip


def event_from_row(row: dict[str, Any], actors: list[dict[str, Any]]) -> Event:
    """Rebuild the Event a report row was made from (the inverse of `Batch.add_event`)."""
    location = None
    if row.get("location_text") is not None:
        location = Location(
            text=row["location_text"], name=row["location_name"], country=row["location_country"],
            lat=row["location_lat"], lon=row["location_lon"], start=row["location_start"], end=row["location_end"],
        )  # fmt: skip
    reported_by = row.get("reported_by")
    by_role: dict[str, list[Entity]] = {"actor": [], "recipient": []}
    for a in sorted(actors, key=lambda a: (a["role"], a["position"])):
        by_role.setdefault(a["role"], []).append(
            Entity(text=a["text"], code=a["code"], sector=a["sector"], name=a["name"], start=a["start"],
                   end=a["end"], reason=a["reason"])
        )  # fmt: skip
    return Event(
        id=row["id"], article_id=row["article_id"], sentence_index=row["sentence_index"], sentence=row["sentence"],
        event=row["event"], event_text=row["event_text"], event_start=row["event_start"], event_end=row["event_end"],
        mode=row["mode"], context=list(row["context"] or []), actor=by_role["actor"], recipient=by_role["recipient"],
        quad_code=row["quad_code"], intensity=row["intensity"], date=row["date"],
        date_precision=row["date_precision"], location=location, factuality=row["factuality"],
        condition=row["condition"], condition_event_id=row["condition_event_id"],
        reported_by=Entity.from_dict(json.loads(reported_by)) if reported_by else None,
        confidence=row["confidence"], coder=row["coder"], sentence_start=row["sentence_start"],
        sentence_end=row["sentence_end"],
    )  # fmt: skip
