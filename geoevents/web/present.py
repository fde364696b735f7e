"""What the dashboard shows beside the data: plain-language labels, highlighted text, periods of a timeline.

Labels come from `data/labels.yaml` (wording is data). Everything here is pure: records in, display values out.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from geoevents.errors import ConfigError

INTERVALS = ("day", "week", "month")


@dataclass(frozen=True)
class Quad:
    code: int
    name: str
    short: str
    colour: str


@dataclass(frozen=True)
class Labels:
    quads: Mapping[int, Quad]
    factuality: Mapping[str, tuple[str, str]]  # value -> (answer, explanation)
    meanings: Mapping[str, str]  # value -> what the value means, for legends
    categories: Mapping[str, str]


@functools.lru_cache(maxsize=1)
def load_labels() -> Labels:
    """The dashboard's wording, read once per process."""
    source = resources.files("geoevents.web").joinpath("data/labels.yaml")
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        quads = {int(k): Quad(int(k), v["name"], v["short"], v["colour"]) for k, v in data["quads"].items()}
        fact = {str(k): (str(v["answer"]), str(v["explanation"])) for k, v in data["factuality"].items()}
        meanings = {str(k): str(v["meaning"]) for k, v in data["factuality"].items()}
        cats = {str(k): str(v) for k, v in data["categories"].items()}
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: invalid dashboard labels ({exc})") from exc
    return Labels(MappingProxyType(quads), MappingProxyType(fact), MappingProxyType(meanings), MappingProxyType(cats))


def did_it_happen(factuality: str | None, condition: str | None) -> tuple[str, str]:
    """('No', 'conditional: only if Western countries continue ...') for the event page's plain-words line."""
    value = (factuality or "asserted").lower()
    answer, explanation = load_labels().factuality.get(value, ("Unclear", f"the coder marked it as {value!r}."))
    if value == "conditional":
        explanation = f"{explanation} {condition.rstrip('.')}" if condition else "conditional on something else."
    return answer, explanation


@dataclass(frozen=True)
class Segment:
    """A run of text with the highlight roles that cover it (e.g. {'trigger'}, {'actor', 'sentence'})."""

    text: str
    roles: tuple[str, ...]

    @property
    def css(self) -> str:
        return " ".join(f"hl-{r}" for r in self.roles)


def segments(text: str, spans: Iterable[tuple[int | None, int | None, str]]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece lists the roles of the spans covering it.

    Spans that fall outside the text (stale offsets) are ignored instead of raising: the page still shows the text.
    """
    valid = [(s, e, role) for s, e, role in spans if s is not None and e is not None and 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    pieces: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        roles = tuple(sorted({role for s, e, role in valid if s <= start and end <= e}))
        if pieces and pieces[-1].roles == roles:
            pieces[-1] = Segment(pieces[-1].text + text[start:end], roles)
        else:
            pieces.append(Segment(text[start:end], roles))
    return pieces


def evidence_spans(item: Mapping[str, Any], offset: int = 0) -> list[tuple[int | None, int | None, str]]:
    """Trigger, actor and recipient spans of one report, moved by `offset` (article → sentence coordinates)."""

    def moved(start: Any, end: Any, role: str) -> tuple[int | None, int | None, str]:
        if start is None or end is None:
            return None, None, role
        return int(start) - offset, int(end) - offset, role

    spans = [moved(item.get("event_start"), item.get("event_end"), "trigger")]
    for role in ("actor", "recipient"):
        spans += [moved(e.get("start"), e.get("end"), role) for e in item.get(role) or []]
    return spans


def period_of(date: str | None, interval: str) -> str | None:
    """The first day of the day/week (Monday)/month that holds an ISO date; None for missing or partial dates."""
    if not date or len(date) < 10:
        return None
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return None
    if interval == "week":
        day -= dt.timedelta(days=day.weekday())
    elif interval == "month":
        day = day.replace(day=1)
    return day.isoformat()


def next_period(period: str, interval: str) -> str:
    day = dt.date.fromisoformat(period)
    if interval == "day":
        return (day + dt.timedelta(days=1)).isoformat()
    if interval == "week":
        return (day + dt.timedelta(days=7)).isoformat()
    following = day.replace(year=day.year + 1, month=1) if day.month == 12 else day.replace(month=day.month + 1)
    return following.isoformat()


def fill_periods(periods: Iterable[str], interval: str, limit: int = 1000) -> list[str]:
    """Every period from the first to the last, so a time axis has no silent gaps (sparse input beyond `limit`)."""
    known = sorted(set(periods))
    if not known:
        return []
    filled = [known[0]]
    while filled[-1] < known[-1] and len(filled) < limit:
        filled.append(next_period(filled[-1], interval))
    return filled if filled[-1] >= known[-1] else known


def entity_label(entity: Mapping[str, Any]) -> str:
    """'Russia (RUS GOV)' or the mention text when the entity has no code."""
    name = entity.get("name") or entity.get("text") or "?"
    code = " ".join(p for p in (entity.get("code"), entity.get("sector")) if p)
    return f"{name} ({code})" if code else str(name)


__all__ = [
    "INTERVALS",
    "Labels",
    "Quad",
    "Segment",
    "did_it_happen",
    "entity_label",
    "evidence_spans",
    "fill_periods",
    "load_labels",
    "period_of",
    "segments",
]
