"""Event filters shared by the library, the CLI and the HTTP API, compiled to parameterised SQL.

Only placeholders carry user values into SQL; the SQL text itself is built from fixed fragments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from geoevents.errors import QueryError
from geoevents.vocabulary import QUAD_CLASSES

FILTER_NAMES = ("actor", "recipient", "event", "quad", "factuality", "since", "until", "text", "article_id")


def _as_list(value: str | int | Iterable[Any] | None) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",") if p.strip()]
        return parts or None
    if isinstance(value, int):
        return [value]
    items = list(value)
    return items or None


def _iso_date(name: str, value: str | dt.date | None) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    for length, fmt in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        try:
            dt.datetime.strptime(text[:length], fmt)
        except ValueError:
            continue
        if len(text) == length:
            return text
    raise QueryError(f"{name}: expected an ISO date YYYY-MM-DD (or YYYY-MM, YYYY), got {value!r}")


@dataclass(frozen=True)
class EventFilter:
    """What `Store.events` and friends select. Lists mean 'any of'; entity filters match code or name."""

    actor: tuple[str, ...] | None = None
    recipient: tuple[str, ...] | None = None
    event: tuple[str, ...] | None = None
    quad: tuple[int, ...] | None = None
    factuality: tuple[str, ...] | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    article_id: str | None = None

    @classmethod
    def make(cls, **kwargs: Any) -> EventFilter:
        """Validate and normalise user values (strings from the CLI/HTTP or Python values)."""
        unknown = set(kwargs) - set(FILTER_NAMES)
        if unknown:
            raise QueryError(f"unknown filter(s): {', '.join(sorted(unknown))}; known: {', '.join(FILTER_NAMES)}")
        events = _as_list(kwargs.get("event"))
        quads_raw = _as_list(kwargs.get("quad"))
        try:
            quads = tuple(int(q) for q in quads_raw) if quads_raw else None
        except (TypeError, ValueError) as exc:
            raise QueryError(f"quad: expected 1, 2, 3 or 4, got {kwargs.get('quad')!r}") from exc
        if quads and any(q not in QUAD_CLASSES for q in quads):
            raise QueryError(f"quad: expected 1, 2, 3 or 4, got {kwargs.get('quad')!r}")
        fact = _as_list(kwargs.get("factuality"))
        since = _iso_date("since", kwargs.get("since"))
        until = _iso_date("until", kwargs.get("until"))
        return cls(
            actor=_names(kwargs.get("actor")),
            recipient=_names(kwargs.get("recipient")),
            event=tuple(str(e).upper() for e in events) if events else None,
            quad=quads,
            factuality=tuple(str(f).lower() for f in fact) if fact else None,
            since=since,
            until=until,
            text=_clean(kwargs.get("text")),
            article_id=_clean(kwargs.get("article_id")),
        )

    def where(self, alias: str = "r") -> tuple[str, list[Any]]:
        """A SQL condition on the reports table (aliased `alias`) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for role, values in (("actor", self.actor), ("recipient", self.recipient)):
            if isinstance(values, str):  # EventFilter(actor="RUS") built directly, without make()
                values = (values,)
            if values:  # any of several entities: one parameterised clause per value
                clauses.append("(" + " OR ".join(_entity_clause(alias, _is_code(v)) for v in values) + ")")
                for value in values:
                    params.extend([role, value, value])
        if self.event:
            clauses.append(f"list_contains(?::VARCHAR[], {alias}.event)")
            params.append(list(self.event))
        if self.quad:
            clauses.append(f"list_contains(?::INTEGER[], {alias}.quad_code)")
            params.append(list(self.quad))
        if self.factuality:
            clauses.append(f"list_contains(?::VARCHAR[], {alias}.factuality)")
            params.append(list(self.factuality))
        if self.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(self.since)
        if self.until:
            # A bare month or year means its whole period: compare on the prefix.
            clauses.append(f"substr({alias}.date, 1, ?) <= ?")
            params.extend([len(self.until), self.until])
        if self.text:
            clauses.append(f"contains(lower({alias}.sentence), lower(?))")
            params.append(self.text)
        if self.article_id:
            clauses.append(f"{alias}.article_id = ?")
            params.append(self.article_id)
        return (" AND ".join(clauses) or "TRUE"), params


def as_filter(where: EventFilter | None = None, **filters: Any) -> EventFilter:
    """The filter of a query given either as a prepared `EventFilter` or as filter keywords (never both)."""
    if where is None:
        return EventFilter.make(**filters)
    if not isinstance(where, EventFilter):
        raise QueryError(f"where: expected an EventFilter, got {where!r}")
    if filters:
        raise QueryError(f"give an EventFilter or filter keywords, not both (got {', '.join(sorted(filters))})")
    return where


def _names(value: Any) -> tuple[str, ...] | None:
    """Entity filters: one name or code, a comma-separated string, or a list."""
    values = _as_list(value if value is None or isinstance(value, str) else [str(v) for v in value])
    cleaned = tuple(v for v in (_clean(x) for x in values or []) if v)
    return cleaned or None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})?$")


def _is_code(value: str) -> bool:
    """"RUS" or "RUSGOV" written in capitals is a code; anything else is a name ("Putin", "russia")."""
    return bool(_CODE.match(value))


def _entity_clause(alias: str, code: bool) -> str:
    # A code matches the code ("RUS") or code+sector ("RUSGOV") exactly - "RUS" must not match "Belarusian";
    # a name is a case-insensitive substring of the canonical name or the mention text.
    head = "EXISTS (SELECT 1 FROM event_actors a WHERE a.report_id = " + alias + ".id AND a.role = ? AND "
    if code:
        return head + "(a.code = ? OR concat(a.code, coalesce(a.sector, '')) = ?))"
    return head + "(contains(lower(coalesce(a.name, '')), lower(?)) OR contains(lower(a.text), lower(?))))"


__all__ = ["FILTER_NAMES", "EventFilter", "as_filter"]
