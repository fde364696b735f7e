"""Evaluating alert rules over the stored events: which windows (and dyads) fire, with which value, baseline and
events.

Every rule asks the store through its one query API (`Store.events` with the rule's `EventFilter`, limited to the
dates it needs) and counts merged events, so five articles reporting one attack count once. An event belongs to the
window of its date (the date of its earliest report); windows are whole days, aligned on a Monday so that 7-day
windows are ISO weeks. A firing's id derives from the rule, the dyad and the window: it fires once.

Spike baselines: the `baseline` windows before the current one, for the same dyad, counting only windows from the
store's first dated event on (before it, nothing was watched), and at least `min_history` of them. Count: the
events per window (empty windows count 0); z = (value - mean) / max(sd, 1), ratio = value / max(mean, 1).
Intensity: the mean intensity of the windows that have events; "down" (towards conflict) scores
z = (mean - value) / max(sd, 1) and ratio = (10 - value) / max(10 - mean, 1), "up" the mirror image.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geoevents.models import stable_hash
from geoevents.store.watch import Firing
from geoevents.watch.rules import AlertRule, with_dates

if TYPE_CHECKING:
    from geoevents.store import Store

ANCHOR = dt.date(1970, 1, 5).toordinal()  # a Monday
SD_FLOOR = 1.0  # a quiet baseline (sd 0) must not make any change infinite
MEAN_FLOOR = 1.0
MAX_EVENTS_SENT = 50  # events listed in one firing (the value counts them all)
Group = tuple[str | None, str | None]  # (actor code, recipient code), or (None, None) for the whole rule


def window_of(day: dt.date, days: int) -> int:
    return (day.toordinal() - ANCHOR) // days


def window_bounds(index: int, days: int) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of window `index`."""
    start = dt.date.fromordinal(ANCHOR + index * days)
    return start, start + dt.timedelta(days=days - 1)


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Judgement:
    """Whether a window fires, and the figures that say why."""

    fires: bool
    value: float
    baseline: float | None = None
    score: float | None = None
    threshold: float | None = None
    history: int = 0


def evaluate(
    store: Store, rules: Iterable[AlertRule], dates: Iterable[str] | None = None, today: dt.date | None = None
) -> list[Firing]:
    """The firings of `rules`: over the windows holding `dates` (live: the dates of newly stored reports, and only
    windows that ended at most the rule's max_age ago), or over every window of the store (`dates=None`: what
    `geoevents alerts test` shows). Already fired windows come back too; `Store.watch.add_firings` skips them."""
    today = today or dt.datetime.now(dt.UTC).date()
    days = None if dates is None else sorted({d for d in (_day(x) for x in dates) if d is not None})
    if days is not None and not days:
        return []
    start = _history_start(store)
    found: list[Firing] = []
    for rule in rules:
        windows = None
        if days is not None:
            oldest = today - dt.timedelta(days=rule.max_age_days)
            windows = {w for w in (window_of(d, rule.window_days) for d in days)
                       if window_bounds(w, rule.window_days)[1] >= oldest}  # fmt: skip
            if not windows:
                continue
        found.extend(evaluate_rule(store, rule, windows, start))
    return found


def _history_start(store: Store) -> dt.date | None:
    """The date of the store's first dated event: baselines do not reach before it."""
    first = store.events(limit=1)
    return _day(first[0].get("first_date") or first[0].get("date")) if first else None


def evaluate_rule(
    store: Store, rule: AlertRule, windows: set[int] | None, history_start: dt.date | None
) -> list[Firing]:
    """The firings of one rule over `windows` (None: every window with matching events)."""
    since = until = None
    if windows is not None:
        reach = rule.baseline if rule.trigger == "spike" else 0
        since = window_bounds(min(windows) - reach, rule.window_days)[0].isoformat()
        until = window_bounds(max(windows), rule.window_days)[1].isoformat()
    events = store.events(where=with_dates(rule, since, until), limit=None)
    buckets = _buckets(rule, events)
    first_window = window_of(history_start, rule.window_days) if history_start else None
    firings = []
    for (group, index), members in sorted(buckets.items(), key=lambda kv: (kv[0][1], kv[0][0][0] or "",
                                                                             kv[0][0][1] or "")):  # fmt: skip
        if windows is not None and index not in windows:
            continue
        judgement = judge(rule, members, _baseline(rule, buckets, group, index, first_window))
        if judgement.fires:
            firings.append(_firing(rule, group, index, members, judgement))
    return firings


def _buckets(rule: AlertRule, events: list[dict[str, Any]]) -> dict[tuple[Group, int], list[dict[str, Any]]]:
    buckets: dict[tuple[Group, int], list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        day = _day(event.get("first_date") or event.get("date"))
        if day is None:
            continue  # undated: in no window (watched articles without a date take the day they were fetched)
        index = window_of(day, rule.window_days)
        for group in _dyads(rule, event) if rule.per_dyad else [(None, None)]:
            buckets[(group, index)].append(event)
    return buckets


def _codes(entities: list[dict[str, Any]], wanted: tuple[str, ...] | None) -> list[str]:
    codes = sorted({e["code"] for e in entities if e.get("code")})
    named = [w for w in wanted or () if not (w.isalpha() and w.isupper() and len(w) in (3, 6))]
    if not wanted or named:
        return codes  # no filter, or a name filter: every coded entity of the event stands
    return [c for c in codes if any(w[:3] == c for w in wanted)]


def _dyads(rule: AlertRule, event: dict[str, Any]) -> list[Group]:
    """The (actor, recipient) code pairs of an event that agree with the rule's filter; events without a code on
    either side form no dyad."""
    actors = _codes(event.get("actor") or [], rule.filter.actor)
    recipients = _codes(event.get("recipient") or [], rule.filter.recipient)
    return [(a, r) for a in actors for r in recipients]


def _intensity(events: list[dict[str, Any]]) -> float | None:
    values = [float(e["intensity"]) for e in events if e.get("intensity") is not None]
    return statistics.fmean(values) if values else None


def _baseline(
    rule: AlertRule,
    buckets: dict[tuple[Group, int], list[dict[str, Any]]],
    group: Group,
    index: int,
    first_window: int | None,
) -> list[float]:
    """The measure of each baseline window of `group` before `index` that the store covers."""
    if rule.trigger != "spike" or first_window is None:
        return []
    values: list[float] = []
    for earlier in range(max(index - rule.baseline, first_window), index):
        members = buckets.get((group, earlier), [])
        if rule.measure == "count":
            values.append(float(len(members)))
        elif (mean := _intensity(members)) is not None:
            values.append(mean)
    return values


def judge(rule: AlertRule, members: list[dict[str, Any]], baseline: list[float]) -> Judgement:
    """Whether a window with these events fires under `rule`, given the measure of its baseline windows."""
    count = len(members)
    if rule.trigger == "new":
        return Judgement(count >= 1, count, threshold=1)
    if rule.trigger == "count":
        return Judgement(count >= rule.count, count, threshold=rule.count)
    value = float(count) if rule.measure == "count" else _intensity(members)
    if value is None or count < rule.min_count or len(baseline) < rule.min_history:
        return Judgement(False, value if value is not None else 0.0, threshold=rule.threshold, history=len(baseline))
    mean = statistics.fmean(baseline)
    spread = max(statistics.pstdev(baseline), SD_FLOOR)
    score = _score(rule, value, mean, spread)
    return Judgement(score >= rule.threshold, value, round(mean, 4), round(score, 4), rule.threshold, len(baseline))


def _score(rule: AlertRule, value: float, mean: float, spread: float) -> float:
    if rule.measure == "count":
        return (value - mean) / spread if rule.method == "zscore" else value / max(mean, MEAN_FLOOR)
    if rule.direction == "down":  # more hostile than usual
        return (mean - value) / spread if rule.method == "zscore" else (10 - value) / max(10 - mean, MEAN_FLOOR)
    return (value - mean) / spread if rule.method == "zscore" else (value + 10) / max(mean + 10, MEAN_FLOOR)


def firing_id(rule: str, group: Group, window_start: dt.date) -> str:
    """The same rule, dyad and window always give the same id: that is what keeps an alert from firing twice."""
    return "f" + stable_hash(rule, group[0] or "", group[1] or "", window_start.isoformat())


def _brief(event: dict[str, Any]) -> dict[str, Any]:
    evidence = event.get("evidence") or [{}]
    return {
        "id": evidence[0].get("event_id") or event.get("id"),
        "event_key": event.get("id"),
        "date": event.get("first_date") or event.get("date"),
        "event": event.get("event"),
        "quad_code": event.get("quad_code"),
        "intensity": event.get("intensity"),
        "factuality": event.get("factuality"),
        "confidence": event.get("confidence"),
        "actor": sorted({e["code"] for e in event.get("actor") or [] if e.get("code")}),
        "recipient": sorted({e["code"] for e in event.get("recipient") or [] if e.get("code")}),
        "sentence": event.get("sentence"),
        "article_id": event.get("article_id"),
        "mention_count": event.get("mention_count"),
    }


def _firing(rule: AlertRule, group: Group, index: int, members: list[dict[str, Any]], j: Judgement) -> Firing:
    start, end = window_bounds(index, rule.window_days)
    ordered = sorted((_brief(e) for e in members), key=lambda b: (b["date"] or "", b["id"] or ""))
    return Firing(
        id=firing_id(rule.name, group, start),
        rule=rule.name,
        trigger=rule.trigger,
        window_start=start.isoformat(),
        window_end=end.isoformat(),
        value=round(float(j.value), 4),
        actor=group[0],
        recipient=group[1],
        baseline=j.baseline,
        score=j.score,
        threshold=j.threshold,
        event_ids=[b["id"] for b in ordered],
        events=ordered[:MAX_EVENTS_SENT],
        detail={"rule": rule.describe(), "events": len(members), "history_windows": j.history},
    )


__all__ = ["ANCHOR", "Judgement", "evaluate", "evaluate_rule", "firing_id", "judge", "window_bounds", "window_of"]
