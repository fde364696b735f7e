"""Which event reports describe the same real-world event.

Two reports are *compatible* when they have
- the same PLOVER category,
- the same factuality class (asserted/historical vs negated vs unrealised: hypothetical, future, conditional),
- overlapping actor keys (or both without actors) and overlapping recipient keys (or both without), where an
  entity's key is its code, or its normalised text when it has no code; a report without any entity merges with
  none,
- compatible dates: within `window` days when both are day-level (precision day or article and a full date),
  else the same month (week/month precision) or year (year precision); undated reports only with undated ones,
- compatible places: the same country, or either unknown.
Compatible reports link into *chains* (connected components, single link). A chain of daily reports could run
for months, so each chain is cut into *events*: walking its day-level reports by date, an event starts at its
earliest report and takes every later report of the chain within `window` days of that start; the next report
starts the next event. Reports with only a month or year (or no date) join the first event of their chain with a
compatible date, else they form one event together. All of this depends only on the set of stored reports, never
on the order they came in, and an event's key derives from its smallest report id: merging is deterministic. An
event shows the fields of its *representative* report: the strongest truth (TRUTH_ORDER), then the earliest.
Candidate pairs are only looked for inside *blocks* (category, factuality class, one actor code, one recipient
code): two compatible reports always share a block, so nothing is missed and the cost stays near-linear.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from geoevents.models import stable_hash

DEFAULT_WINDOW_DAYS = 2
DAY_PRECISIONS = frozenset({"day", "article"})
_PREFIX_BY_PRECISION = {"week": 7, "month": 7, "year": 4}
_FACT_CLASSES = {
    "asserted": "asserted",
    "historical": "asserted",
    "negated": "negated",
    "hypothetical": "unrealised",
    "future": "unrealised",
    "conditional": "unrealised",
}


# A merged event takes the factuality of its most certain report, then its earliest: asserted if any report asserts
# it, else historical; negated; for the unrealised, future if any report announces it, else conditional, else
# hypothetical. Reports of one event share a factuality class (above), so the choice is made within a class.
TRUTH_ORDER: tuple[str, ...] = ("asserted", "historical", "negated", "future", "conditional", "hypothetical")


def truth_rank(factuality: str | None) -> int:
    """Where a report's factuality stands in TRUTH_ORDER (0 = strongest); unknown values come last."""
    value = (factuality or "asserted").lower()
    return TRUTH_ORDER.index(value) if value in TRUTH_ORDER else len(TRUTH_ORDER)


def representative_key(factuality: str | None, date: str | None, report_id: str) -> tuple[int, bool, str, str]:
    """The order that picks the report a merged event shows: strongest truth, then earliest date, then id."""
    return truth_rank(factuality), date is None, date or "", report_id


def fact_class(factuality: str | None) -> str:
    """Asserted and historical events happened; negated ones did not; the rest are not (yet) real."""
    value = (factuality or "asserted").lower()
    return _FACT_CLASSES.get(value, value)


def event_key(first_report_id: str) -> str:
    """The merged event's id: stable, derived from the smallest report id of its group."""
    return "m" + stable_hash("merged-event", first_report_id, length=15)


@dataclass(frozen=True)
class MergeItem:
    """The fields of a report that the merge rule looks at."""

    id: str
    event: str
    fact_class: str
    date: str | None
    date_precision: str | None
    country: str | None
    actor_keys: tuple[str, ...]
    recipient_keys: tuple[str, ...]

    def blocks(self) -> list[str]:
        if not self.actor_keys and not self.recipient_keys:
            # Nobody on either side: nothing identifies the event, so it stays alone (its own block).
            return [block_name(self.event, self.fact_class, "#" + self.id, "")]
        actors = self.actor_keys or ("",)
        recipients = self.recipient_keys or ("",)
        return [block_name(self.event, self.fact_class, a, r) for a in actors for r in recipients]

    @cached_property
    def day(self) -> int | None:
        """Day number when the date is day-level, else None."""
        if not self.date or (self.date_precision or "article") not in DAY_PRECISIONS:
            return None
        try:
            return dt.date.fromisoformat(self.date[:10]).toordinal()
        except ValueError:
            return None

    def prefix_len(self) -> int:
        if not self.date:
            return 0
        return _PREFIX_BY_PRECISION.get(self.date_precision or "", 10)

    def day_range(self, window: int) -> tuple[int, int] | None:
        """The day numbers a compatible day-level report can have (None: undated, only undated ones match)."""
        if self.day is not None:
            return self.day - window, self.day + window
        k = self.prefix_len()
        date = (self.date or "")[:k]
        try:
            if k >= 7:
                first = dt.date.fromisoformat(date[:7] + "-01")
                last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            elif k == 4:
                first, last = dt.date(int(date), 1, 1), dt.date(int(date), 12, 31)
            else:
                return None
        except ValueError:
            return None
        return first.toordinal(), last.toordinal()


def block_name(event: str, fclass: str, actor: str, recipient: str) -> str:
    return f"{event}|{fclass}|{actor}|{recipient}"


def places_compatible(a: MergeItem, b: MergeItem) -> bool:
    return a.country is None or b.country is None or a.country == b.country


def dates_compatible(a: MergeItem, b: MergeItem, window: int) -> bool:
    oa, ob = a.day, b.day
    if oa is not None and ob is not None:
        return abs(oa - ob) <= window
    la, lb = a.prefix_len(), b.prefix_len()
    if la == 0 or lb == 0:
        return la == lb
    k = min(la, lb)
    return (a.date or "")[:k] == (b.date or "")[:k]


class _UnionFind:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Keep the smaller id as root so the root is the group's first report.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _link_chain(chain: list[tuple[int, str]], uf: _UnionFind, window: int) -> None:
    """Link day-ordered reports whose gap is within the window; in 1-D this gives the all-pairs components."""
    chain.sort()
    for (o1, id1), (o2, id2) in zip(chain, chain[1:], strict=False):
        if o2 - o1 <= window:
            uf.union(id1, id2)


def _link_block(members: list[MergeItem], uf: _UnionFind, window: int) -> None:
    # Day-level reports: every country c forms a group with the reports of unknown place; inside a group all
    # places are compatible, so chaining by date gives exactly the components of the pairwise rule.
    by_country: dict[str | None, list[tuple[int, str]]] = defaultdict(list)
    coarse = []
    for m in members:
        ordinal = m.day
        if ordinal is None:
            coarse.append(m)
        else:
            by_country[m.country].append((ordinal, m.id))
    unknown = by_country.pop(None, [])
    for chain in by_country.values():
        _link_chain(chain + unknown, uf, window)
    _link_chain(unknown, uf, window)
    for a in coarse:
        for b in members:
            if a.id != b.id and places_compatible(a, b) and dates_compatible(a, b, window):
                uf.union(a.id, b.id)


def _segments(members: list[MergeItem], window: int) -> list[list[str]]:
    """Cut one chain into events of at most `window` days from each event's first report."""
    segments: list[list[MergeItem]] = []
    start = 0
    for m in sorted((m for m in members if m.day is not None), key=lambda m: (m.day, m.id)):
        day = m.day or 0
        if not segments or day - start > window:
            segments.append([])
            start = day
        segments[-1].append(m)
    leftovers: list[MergeItem] = []
    for m in sorted((m for m in members if m.day is None), key=lambda m: m.id):
        home = next((seg for seg in segments if dates_compatible(seg[0], m, window)), None)
        (home if home is not None else leftovers).append(m)
    if leftovers:
        segments.append(leftovers)
    return [[m.id for m in seg] for seg in segments]


def cluster(items: Iterable[MergeItem], window: int = DEFAULT_WINDOW_DAYS) -> dict[str, tuple[str, str]]:
    """Map each report id to (chain key, event key)."""
    unique = {item.id: item for item in items}
    uf = _UnionFind(unique)
    blocks: dict[str, list[MergeItem]] = defaultdict(list)
    for item in unique.values():
        for block in item.blocks():
            blocks[block].append(item)
    for block in sorted(blocks):
        _link_block(blocks[block], uf, window)
    chains: dict[str, list[MergeItem]] = defaultdict(list)
    for rid, item in unique.items():
        chains[uf.find(rid)].append(item)
    result: dict[str, tuple[str, str]] = {}
    for root, members in chains.items():
        for segment in _segments(members, window):
            key = event_key(min(segment))
            for rid in segment:
                result[rid] = (root, key)
    return result
