"""The one split of the dev files into a tuning part and an untouched test part.

Every evaluation takes `part="tune" | "test" | "all"`. A record goes to a part by a hash of its key, so the split
is the same on every machine and in every run, needs no stored list, and keeps together what belongs together:

    part(K) = "tune" if int(sha1("geoevents-split-v1:" + K), 16) % 2 == 0 else "test"

Keys (docs/evaluation.md): a PLOVER gold record's `id`; an actor line of origin `plover-gsr` the id of the gold
sentence it comes from (so a sentence and its actors fall in the same part), other actor lines their id without
the last `:N`; a quad-coded sentence its `id`; a story its `template` (stories prompted by the same headline
share a part). Tune on "tune"; of "test", look at the scores only, never at the sentences.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from geoevents.errors import InputError

SALT = "geoevents-split-v1:"
TUNE, TEST, ALL = "tune", "test", "all"
PARTS = (TUNE, TEST, ALL)

T = TypeVar("T")


def part_of(key: str) -> str:
    """"tune" or "test" for a key string."""
    digest = hashlib.sha1((SALT + key).encode("utf-8")).hexdigest()
    return TUNE if int(digest, 16) % 2 == 0 else TEST


def plover_key(record: Mapping[str, Any]) -> str:
    return str(record.get("id", ""))


def actor_key(row: Mapping[str, Any]) -> str:
    row_id = str(row.get("id", ""))
    if row.get("origin") == "plover-gsr":
        return row_id.split(":")[0]
    return row_id.rsplit(":", 1)[0]


def quad_key(row: Mapping[str, Any]) -> str:
    return str(row.get("id", ""))


def story_key(row: Mapping[str, Any]) -> str:
    return str(row.get("template", ""))


def check_part(part: str) -> str:
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}: expected one of {', '.join(PARTS)}")
    return part


def select(items: Iterable[T], key: Callable[[T], str], part: str = ALL) -> list[T]:
    """The items of `part` ("all" keeps every item), in their order."""
    check_part(part)
    if part == ALL:
        return list(items)
    return [item for item in items if part_of(key(item)) == part]


__all__ = ["ALL", "PARTS", "TEST", "TUNE", "actor_key", "check_part", "part_of", "plover_key", "quad_key",
           "select", "story_key"]
