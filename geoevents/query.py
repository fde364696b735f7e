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
from geoevents.models import FACTUALITY_VALUES
from geoevents.ontology import load_ontology
from geoevents.vocabulary import PLOVER_SECTORS, QUAD_CLASSES, is_entity_code

FILTER_NAMES = (
    "actor", "recipient", "event", "mode", "quad", "factuality", "since", "until", "text", "article_id",
    "min_confidence",
)  # fmt: skip


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
    mode: tuple[str, ...] | None = None
    quad: tuple[int, ...] | None = None
    factuality: tuple[str, ...] | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    article_id: str | None = None
    min_confidence: float | None = None

    @classmethod
    def make(cls, **kwargs: Any) -> EventFilter:
        """Validate and normalise user values (strings from the CLI/HTTP or Python values)."""
        unknown = set(kwargs) - set(FILTER_NAMES)
        if unknown:
            raise QueryError(f"unknown filter(s): {', '.join(sorted(unknown))}; known: {', '.join(FILTER_NAMES)}")
        ontology = load_ontology()
        categories = tuple(c.name for c in ontology.categories)
        modes = tuple(sorted({m for c in ontology.categories for m, _ in c.modes}))
        quads = _choices("quad", _as_list(kwargs.get("quad")), tuple(str(q) for q in QUAD_CLASSES), str.strip)
        since = _iso_date("since", kwargs.get("since"))
        until = _iso_date("until", kwargs.get("until"))
        return cls(
            actor=_names(kwargs.get("actor")),
            recipient=_names(kwargs.get("recipient")),
            event=_choices("event", _as_list(kwargs.get("event")), categories, str.upper),
            mode=_choices("mode", _as_list(kwargs.get("mode")), modes, str.lower),
            quad=tuple(int(q) for q in quads) if quads else None,
            factuality=_choices("factuality", _as_list(kwargs.get("factuality")), FACTUALITY_VALUES, str.lower),
            since=since,
            until=until,
            text=_clean(kwargs.get("text")),
            article_id=_clean(kwargs.get("article_id")),
            min_confidence=_confidence(kwargs.get("min_confidence")),
        )

    def where(self, alias: str = "r", reports: bool = False) -> tuple[str, list[Any]]:
        """A SQL condition on the reports table (aliased `alias`) and its parameters.

        Every filter selects reports, and a merged event matches when any of its reports does - except the
        factuality, which is the one value a merged event does not share with each report (it takes the strongest
        truth of its reports, `geoevents.store.merge.TRUTH_ORDER`): for merged events (`reports=False`) the
        factuality filter matches the event's own, the one displayed; for single reports, the report's."""
        clauses: list[str] = []
        params: list[Any] = []
        for role, values in (("actor", self.actor), ("recipient", self.recipient)):
            if isinstance(values, str):  # EventFilter(actor="RUS") built directly, without make()
                values = (values,)
            if values:  # any of several entities: one parameterised clause per value
                clauses.append("(" + " OR ".join(_entity_clause(alias, _is_code(v)) for v in values) + ")")
                for value in values:
                    params.extend([role, _entity_value(value), _entity_value(value)])
        if self.event:
            clauses.append(f"list_contains(?::VARCHAR[], {alias}.event)")
            params.append(list(self.event))
        if self.mode:
            clauses.append(f"list_contains(?::VARCHAR[], {alias}.mode)")
            params.append(list(self.mode))
        if self.quad:
            clauses.append(f"list_contains(?::INTEGER[], {alias}.quad_code)")
            params.append(list(self.quad))
        if self.factuality and reports:
            clauses.append(f"list_contains(?::VARCHAR[], coalesce({alias}.factuality, 'asserted'))")
            params.append(list(self.factuality))
        elif self.factuality:
            clauses.append(
                f"{alias}.event_key IN (SELECT f.event_key FROM events f "
                "WHERE list_contains(?::VARCHAR[], coalesce(f.factuality, 'asserted')))"
            )
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
        if self.min_confidence is not None:
            clauses.append(f"{alias}.confidence >= ?")
            params.append(self.min_confidence)
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


def _choices(
    name: str, values: list[Any] | None, valid: tuple[str, ...], normalise: Any
) -> tuple[str, ...] | None:
    """Values of a filter with a fixed vocabulary, normalised; an unknown one is an error that lists the valid ones
    (a typo must not quietly select nothing)."""
    if not values:
        return None
    chosen = tuple(normalise(str(v)) for v in values)
    unknown = [v for v in chosen if v not in valid]
    if unknown:
        raise QueryError(f"{name}: unknown value {', '.join(map(repr, unknown))}; choose from {', '.join(valid)}")
    return chosen


def _names(value: Any) -> tuple[str, ...] | None:
    """Entity filters: one name or code, a comma-separated string, or a list."""
    values = _as_list(value if value is None or isinstance(value, str) else [str(v) for v in value])
    cleaned = tuple(v for v in (_clean(x) for x in values or []) if v)
    return cleaned or None


def _confidence(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise QueryError(f"min_confidence: expected a number from 0 to 1, got {value!r}") from exc
    if not 0.0 <= number <= 1.0:
        raise QueryError(f"min_confidence: expected a number from 0 to 1, got {value!r}")
    return number


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})?$")
_LETTERS = re.compile(r"^[A-Za-z]{3}(?:[A-Za-z]{3})?$")


def _is_code(value: str) -> bool:
    """Whether an actor filter value is an entity code rather than a name. In capitals, three letters or six (code
    + sector: "RUS", "RUSGOV") are a code; in any case, so are a known code ("rus", "Ukr") and a known code
    followed by a PLOVER sector ("rusgov"). Anything else is a name ("Putin", "russia")."""
    if _CODE.match(value):
        return True
    if not _LETTERS.match(value) or not is_entity_code(value[:3]):
        return False
    return len(value) == 3 or value[3:].upper() in PLOVER_SECTORS


def _entity_value(value: str) -> str:
    return value.upper() if _is_code(value) else value


def _entity_clause(alias: str, code: bool) -> str:
    # A code matches the code ("RUS") or code+sector ("RUSGOV") exactly, whatever its case - "rus" must not match
    # "Belarus"; a name is a case-insensitive substring of the canonical name or the mention text.
    head = "EXISTS (SELECT 1 FROM event_actors a WHERE a.report_id = " + alias + ".id AND a.role = ? AND "
    if code:
        return head + "(a.code = ? OR concat(a.code, coalesce(a.sector, '')) = ?))"
    return head + "(contains(lower(coalesce(a.name, '')), lower(?)) OR contains(lower(a.text), lower(?))))"


__all__ = ["FILTER_NAMES", "EventFilter", "as_filter"]
