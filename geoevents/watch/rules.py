"""Alert rules (`[[alert]]` in the watch file) and their outputs.

A rule is a filter over the stored events - the store's own `EventFilter` (actor, recipient, category, quad class,
factuality, minimum confidence) - and a trigger over whole-day windows of the events' dates:

- `new`: the first matching event in a window;
- `count`: at least `count` matching events in a window;
- `spike`: the window's event count (or mean intensity) against the rolling baseline of the `baseline` windows
  before it, for the same dyad: a z-score or a ratio of at least `threshold`, with at least `min_count` events.

    [[alert]]
    name = "rus-prk-deliveries"
    dyad = ["RUS", "PRK"]          # actor RUS, recipient PRK (or: actor = ..., recipient = ...)
    category = ["AID", "COOPERATE"]
    factuality = ["asserted"]
    trigger = "new"
    window = "1d"
    outputs = ["stdout", "jsonl:alerts.jsonl", "webhook:http://127.0.0.1:9000/hook"]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geoevents.errors import ConfigError, QueryError
from geoevents.models import FACTUALITY_VALUES
from geoevents.query import EventFilter
from geoevents.watch.values import flag, names, number, parse_days, text, unknown_keys, whole

TRIGGERS = ("new", "count", "spike")
MEASURES = ("count", "intensity")
METHODS = ("zscore", "ratio")
DIRECTIONS = ("down", "up")  # intensity: down = towards conflict (-10), up = towards cooperation (+10)
OUTPUT_KINDS = ("stdout", "jsonl", "webhook")

_RULE_KEYS = (
    "name", "actor", "recipient", "dyad", "category", "event", "quad", "factuality", "min_confidence",
    "trigger", "window", "count", "measure", "method", "threshold", "baseline", "min_count", "min_history",
    "direction", "per_dyad", "max_age", "outputs",
)  # fmt: skip


@dataclass(frozen=True)
class Output:
    """Where a fired alert goes: `stdout` (one JSON line), `jsonl` (a line appended to `target`, a file) or
    `webhook` (a JSON POST to `target`, a URL; retried with backoff)."""

    kind: str
    target: str | None = None

    @property
    def name(self) -> str:
        """How the output is written in the watch file and stored with each delivery."""
        return self.kind if self.target is None else f"{self.kind}:{self.target}"

    @classmethod
    def parse(cls, value: str) -> Output:
        """An output from its name ("stdout", "jsonl:PATH", "webhook:URL"), as stored with each delivery."""
        kind, _, target = value.partition(":")
        return cls(kind, target or None)


@dataclass(frozen=True)
class AlertRule:
    """One `[[alert]]`: which events (`filter`), which trigger over which windows, where to deliver."""

    name: str
    filter: EventFilter
    trigger: str = "new"
    window_days: int = 1
    count: int = 1  # trigger "count": fire at count >= this
    measure: str = "count"
    method: str = "zscore"
    threshold: float = 3.0
    baseline: int = 14  # windows before the current one
    min_count: int = 3
    min_history: int = 3  # baseline windows the store must cover before a spike can fire
    direction: str = "down"
    per_dyad: bool = False
    max_age_days: int = 2  # live: windows that ended longer ago than this do not fire
    outputs: tuple[Output, ...] = ()

    def describe(self) -> dict[str, Any]:
        """The rule as plain values (stored with each firing and sent with it)."""
        flt = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(self.filter).items() if v is not None}
        data: dict[str, Any] = {"name": self.name, "filter": flt, "trigger": self.trigger,
                                "window_days": self.window_days, "per_dyad": self.per_dyad}  # fmt: skip
        if self.trigger == "count":
            data["count"] = self.count
        if self.trigger == "spike":
            data.update(measure=self.measure, method=self.method, threshold=self.threshold, baseline=self.baseline,
                        min_count=self.min_count, min_history=self.min_history)  # fmt: skip
            if self.measure == "intensity":
                data["direction"] = self.direction
        return data


def parse_outputs(value: Any, base: Path, where: str) -> tuple[Output, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f'{where}: expected a list such as ["stdout", "jsonl:alerts.jsonl", "webhook:URL"]')
    return tuple(_output(item.strip(), base, where) for item in items)


def _output(item: str, base: Path, where: str) -> Output:
    kind, sep, target = item.partition(":")
    if kind == "stdout" and not sep:
        return Output("stdout")
    if kind == "jsonl" and target.strip():
        path = (base / target.strip()).resolve()
        if not path.parent.is_dir():
            raise ConfigError(f"{where}: {item!r}: the folder {path.parent} does not exist")
        return Output("jsonl", str(path))
    if kind == "webhook":
        parts = urlsplit(target.strip())
        if parts.scheme in ("http", "https") and parts.netloc:
            return Output("webhook", target.strip())
        raise ConfigError(f"{where}: {item!r}: a webhook needs an http:// or https:// address")
    raise ConfigError(f'{where}: unknown output {item!r}; expected "stdout", "jsonl:PATH" or "webhook:URL"')


def parse_rule(raw: dict[str, Any], base: Path, where: str) -> AlertRule:
    unknown_keys(raw, _RULE_KEYS, where)
    name = text(raw.get("name", ""), f"{where}: name")
    where = f"{where} ({name})"
    trigger = _choice(raw.get("trigger", "new"), TRIGGERS, f"{where}: trigger")
    values: dict[str, Any] = {
        "name": name,
        "filter": _filter(raw, where),
        "trigger": trigger,
        "window_days": parse_days(raw.get("window", "1d"), f"{where}: window"),
        "per_dyad": flag(raw.get("per_dyad", trigger == "spike"), f"{where}: per_dyad"),
    }
    if "max_age" in raw:
        values["max_age_days"] = parse_days(raw["max_age"], f"{where}: max_age")
    if "outputs" in raw:
        values["outputs"] = parse_outputs(raw["outputs"], base, f"{where}: outputs")
    if trigger == "count":
        if "count" not in raw:
            raise ConfigError(f"{where}: trigger \"count\" needs count = N (fire at N or more events in a window)")
        values["count"] = whole(raw["count"], f"{where}: count")
    elif "count" in raw:
        raise ConfigError(f'{where}: count is for trigger = "count"')
    spike_keys = {"measure", "method", "threshold", "baseline", "min_count", "min_history", "direction"}
    if trigger == "spike":
        values.update(_spike(raw, where))
    elif spike_keys & set(raw):
        raise ConfigError(f"{where}: {', '.join(sorted(spike_keys & set(raw)))}: only for trigger = \"spike\"")
    return AlertRule(**values)


def _spike(raw: dict[str, Any], where: str) -> dict[str, Any]:
    measure = _choice(raw.get("measure", "count"), MEASURES, f"{where}: measure")
    values: dict[str, Any] = {
        "measure": measure,
        "method": _choice(raw.get("method", "zscore"), METHODS, f"{where}: method"),
        "threshold": number(raw.get("threshold", 3.0), f"{where}: threshold", low=0.0),
        "baseline": whole(raw.get("baseline", 14), f"{where}: baseline", least=2),
        "min_count": whole(raw.get("min_count", 3), f"{where}: min_count"),
        "direction": _choice(raw.get("direction", "down"), DIRECTIONS, f"{where}: direction"),
    }
    values["min_history"] = whole(raw.get("min_history", min(3, values["baseline"])), f"{where}: min_history",
                                  least=2 if measure == "intensity" else 1)  # fmt: skip
    if values["min_history"] > values["baseline"]:
        raise ConfigError(f"{where}: min_history ({values['min_history']}) is more than baseline "
                          f"({values['baseline']} windows)")  # fmt: skip
    if "direction" in raw and measure != "intensity":
        raise ConfigError(f'{where}: direction is for measure = "intensity"')
    return values


def _filter(raw: dict[str, Any], where: str) -> EventFilter:
    given: dict[str, Any] = {}
    if "dyad" in raw:
        if "actor" in raw or "recipient" in raw:
            raise ConfigError(f"{where}: give dyad or actor/recipient, not both")
        pair = names(raw["dyad"], f"{where}: dyad")
        if len(pair) != 2:
            raise ConfigError(f'{where}: dyad: expected two codes, actor and recipient, e.g. ["RUS", "PRK"]')
        given["actor"], given["recipient"] = pair
    for key in ("actor", "recipient"):
        if key in raw:
            given[key] = list(names(raw[key], f"{where}: {key}"))
    if "category" in raw and "event" in raw:
        raise ConfigError(f"{where}: give category or event (the same thing), not both")
    categories = raw.get("category", raw.get("event"))
    if categories is not None:
        given["event"] = _categories(names(categories, f"{where}: category"), where)
    if "quad" in raw:
        quads = raw["quad"] if isinstance(raw["quad"], list) else [raw["quad"]]
        given["quad"] = [whole(q, f"{where}: quad") for q in quads]
    if "factuality" in raw:
        values = [v.lower() for v in names(raw["factuality"], f"{where}: factuality")]
        wrong = [v for v in values if v not in FACTUALITY_VALUES]
        if wrong:
            raise ConfigError(f"{where}: factuality: unknown {', '.join(wrong)}; known: {', '.join(FACTUALITY_VALUES)}")
        given["factuality"] = values
    if "min_confidence" in raw:
        given["min_confidence"] = number(raw["min_confidence"], f"{where}: min_confidence", low=0.0, high=1.0)
    try:
        return EventFilter.make(**given)
    except QueryError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _categories(values: tuple[str, ...], where: str) -> list[str]:
    from geoevents.ontology import load_ontology

    known = [c.name for c in load_ontology().categories]
    upper = [v.upper() for v in values]
    wrong = [v for v in upper if v not in known]
    if wrong:
        raise ConfigError(f"{where}: category: unknown {', '.join(wrong)}; PLOVER categories: {', '.join(known)}")
    return upper


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ConfigError(f"{where}: expected one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def with_dates(rule: AlertRule, since: str | None, until: str | None) -> EventFilter:
    """The rule's filter limited to event dates from `since` to `until` (inclusive, ISO)."""
    return replace(rule.filter, since=since, until=until)


__all__ = [
    "DIRECTIONS", "MEASURES", "METHODS", "OUTPUT_KINDS", "TRIGGERS", "AlertRule", "Output", "parse_outputs",
    "parse_rule", "with_dates",
]  # fmt: skip
