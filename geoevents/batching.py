"""Cutting a stream into lists of a given size, without reading ahead: the driver batches articles for the store
(geoevents.coding) and for worker processes (geoevents.pool)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items (the last one shorter); `size` below 1 counts as 1."""
    iterator = iter(items)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


__all__ = ["batches"]
