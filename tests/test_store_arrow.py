"""The typed event schema (geoevents/store/arrow.py): every field of an Event survives a trip through Parquet."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from geoevents.models import Entity, Event, Location
from geoevents.store.arrow import EVENT_COLUMNS, EVENT_SCHEMA, event_dicts, events_table


def _full_event() -> Event:
    """An event with every optional field set, the nested ones included."""
    return Event(
        article_id="a1", sentence_index=3, sentence="If Russia attacks, NATO said it would respond.", event="ASSAULT",
        event_text="attacks", event_start=120, event_end=127, mode="air", context=["military", "territory"],
        actor=[Entity("Russia", "RUS", "GOV", "Russia", 112, 118, "country name")],
        recipient=[Entity("Ukraine", "UKR", None, "Ukraine", 140, 147, "country name"), Entity("the town")],
        quad_code=4, intensity=-8.5, date="2024-03-04", date_precision="day",
        location=Location("Kharkiv", "Kharkiv", "UKR", 49.98, 36.25, 150, 157), factuality="conditional",
        condition="if Russia attacks", condition_event_id="e0123", reported_by=Entity("NATO", "IGO", None, "NATO"),
        confidence=0.75, coder="geoevents-0.1.0", sentence_start=100, sentence_end=160,
    )  # fmt: skip


def _bare_event() -> Event:
    return Event(article_id="a2", sentence_index=0, sentence="x", event="AID", event_text="x", event_start=0,
                 event_end=1)  # fmt: skip


def test_columns_follow_the_event_record() -> None:
    assert list(EVENT_COLUMNS) == list(_full_event().to_dict())
    assert EVENT_SCHEMA.names[: len(EVENT_COLUMNS)] == list(EVENT_COLUMNS)


@pytest.mark.parametrize("make", [_full_event, _bare_event])
def test_every_field_round_trips_through_parquet(tmp_path: Path, make) -> None:
    record = make().to_dict()
    pq.write_table(events_table([{**record, "url": "https://example.org/a"}]), tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.schema == EVENT_SCHEMA
    (back,) = event_dicts(table)
    assert back == record
    assert Event.from_dict(back) == make()
    assert table.column("url").to_pylist() == ["https://example.org/a"]


def test_real_types() -> None:
    table = events_table([_full_event().to_dict()])
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("actor").type == pa.list_(table.schema.field("reported_by").type)
    assert table.schema.field("location").type.field("lon").type == pa.float64()
    assert table.column("location").to_pylist()[0]["lat"] == 49.98
    assert table.column("mention_count").to_pylist() == [None]  # merge fields only come from the store
