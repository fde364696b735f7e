"""The merge rule on its own: which pairs of reports are one real-world event."""

from __future__ import annotations

import random

import pytest

from geoevents.store.merge import MergeItem, cluster, event_key, fact_class


def item(rid: str, **changes: object) -> MergeItem:
    base: dict[str, object] = {
        "id": rid, "event": "ASSAULT", "fact_class": "asserted", "date": "2024-03-01", "date_precision": "day",
        "country": None, "actor_keys": ("RUS",), "recipient_keys": ("UKR",),
    }  # fmt: skip
    base.update(changes)
    return MergeItem(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("other", "merged"),
    [
        ({}, True),
        ({"date": "2024-03-03"}, True),
        ({"date": "2024-03-04"}, False),
        ({"date": "2024-03-20", "date_precision": "month"}, True),
        ({"date": "2024-04-01", "date_precision": "month"}, False),
        ({"date": "2024-06-01", "date_precision": "year"}, True),
        ({"date": None}, False),
        ({"event": "ACCUSE"}, False),
        ({"fact_class": "negated"}, False),
        ({"fact_class": fact_class("historical")}, True),
        ({"fact_class": fact_class("future")}, False),
        ({"actor_keys": ("RUS", "BLR")}, True),
        ({"actor_keys": ("BLR",)}, False),
        ({"actor_keys": ()}, False),
        ({"recipient_keys": ("UKR", "POL")}, True),
        ({"recipient_keys": ()}, False),
        ({"country": "UKR"}, True),
    ],
)
def test_pairwise_rule(other: dict, merged: bool) -> None:
    keys = cluster([item("e1"), item("e2", **other)])
    assert (keys["e1"][1] == keys["e2"][1]) is merged


def test_places_must_agree_when_both_known() -> None:
    keys = cluster([item("e1", country="UKR"), item("e2", country="RUS")])
    assert keys["e1"][1] != keys["e2"][1]


def test_both_sides_empty_merge() -> None:
    keys = cluster([item("e1", recipient_keys=()), item("e2", recipient_keys=())])
    assert keys["e1"][1] == keys["e2"][1] == event_key("e1")


def test_reports_without_any_entity_never_merge() -> None:
    keys = cluster([item(f"e{k}", actor_keys=(), recipient_keys=()) for k in range(3)])
    assert len({k for _, k in keys.values()}) == 3


def test_daily_chain_is_cut_into_events_of_window_days() -> None:
    days = [item(f"e{d:02d}", date=f"2024-03-{d:02d}") for d in range(1, 11)]
    keys = cluster(days, window=2)
    groups = sorted({k for _, k in keys.values()})
    assert len(groups) == 4  # 1-3, 4-6, 7-9, 10
    assert len({c for c, _ in keys.values()}) == 1  # one chain


def test_cluster_is_independent_of_order() -> None:
    rng = random.Random(7)
    items = [
        item(f"e{k:03d}", date=f"2024-03-{rng.randrange(1, 28):02d}", actor_keys=(rng.choice("AB"),),
             country=rng.choice([None, "UKR", "RUS"]))
        for k in range(200)
    ]  # fmt: skip
    expected = cluster(items)
    for _ in range(5):
        rng.shuffle(items)
        assert cluster(items) == expected


def test_uncoded_entities_merge_by_their_text() -> None:
    from geoevents.models import Entity, Event
    from geoevents.store.rows import merge_item

    def report(start: int, actor_text: str) -> MergeItem:
        event = Event(article_id="a", sentence_index=0, sentence="s", event="PROTEST", event_text="protested",
                      event_start=start, event_end=start + 9, date="2024-03-01",
                      actor=[Entity(text=actor_text)])  # fmt: skip
        return merge_item(event)

    same = cluster([report(0, "The  Students"), report(20, "the students")])
    assert len({k for _, k in same.values()}) == 1
    apart = cluster([report(0, "the students"), report(20, "farmers")])
    assert len({k for _, k in apart.values()}) == 2
