"""Reading the values of a watch file: durations, names, numbers. Each error names where the value stands."""

from __future__ import annotations

import re
from typing import Any

from geoevents.errors import ConfigError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
DAY = 86400


def parse_duration(value: Any, where: str) -> float:
    """Seconds from a number (seconds) or a string such as "90", "30s", "5m", "2h", "1d", "1w"."""
    if isinstance(value, bool):
        raise ConfigError(f'{where}: expected a duration such as 30, "30s", "5m" or "1h", got {value!r}')
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ConfigError(f'{where}: expected a duration such as 30, "30s", "5m" or "1h", got {value!r}')
        seconds = float(match[1]) * _UNITS[match[2] or "s"]
    if seconds <= 0:
        raise ConfigError(f"{where}: must be more than zero, got {value!r}")
    return seconds


def parse_days(value: Any, where: str) -> int:
    """Whole days from "1d", "7d", "2w" (or a number of days): events are dated by the day."""
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = float(value) * DAY
    else:
        seconds = parse_duration(value, where)
    if seconds % DAY:
        raise ConfigError(f'{where}: windows are whole days (events are dated by the day), e.g. "1d" or "7d"; '
                          f"got {value!r}")  # fmt: skip
    if seconds <= 0:
        raise ConfigError(f"{where}: must be more than zero, got {value!r}")
    return int(seconds // DAY)


def text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def whole(value: Any, where: str, least: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(f"{where}: expected a whole number of at least {least}, got {value!r}")
    return value


def number(value: Any, where: str, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise ConfigError(f"{where}: expected a number {span}, got {value!r}")
    return float(value)


def flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    return value


def names(value: Any, where: str) -> tuple[str, ...]:
    """One string, a comma-separated string, or a list of strings."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where}: expected a string or a list of strings, got {value!r}")
    cleaned = tuple(v.strip() for v in items if v.strip())
    if not cleaned:
        raise ConfigError(f"{where}: is empty")
    return cleaned


def unknown_keys(raw: dict[str, Any], known: tuple[str, ...] | list[str], where: str) -> None:
    extra = set(raw) - set(known)
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(extra))}; known: {', '.join(known)}")


__all__ = ["DAY", "flag", "names", "number", "parse_days", "parse_duration", "text", "unknown_keys", "whole"]
