"""The records geoevents reads and writes: Article, Entity, Location, Event.

`Event.to_dict()` is the JSONL contract that evaluations, exports and the HTTP API read; keep its names stable.
Everything here is plain data: dataclasses that round-trip through dicts (`to_dict` / `from_dict`), so that
they cross process boundaries (spaCy multiprocessing, Ray) and land in JSON unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields, replace
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")

FACTUALITY_VALUES = (
    "asserted",
    "negated",
    "hypothetical",
    "future",
    "conditional",
    "historical",
    "alleged",
)
DATE_PRECISIONS = ("day", "week", "month", "year", "article")


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short hex digest of the parts; the same parts give the same id in every run and version."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


class _FlatRecord:
    """A dataclass of plain fields: its dict is its fields, and a dict's unknown keys are ignored on the way back."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        return _from_dict(cls, data)


@dataclass
class Article(_FlatRecord):
    """One news article. `text` is what character offsets of events point into."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # file (and line) the article was read from

    @staticmethod
    def make_id(text: str, title: str | None = None, url: str | None = None) -> str:
        """The id of an article that came without one: a stable hash of its content."""
        return "a" + stable_hash(url or "", title or "", text, length=15)

    @property
    def text_hash(self) -> str:
        """Hash of the text: the store uses it to tell an unchanged article from a changed one."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:20]


class Basis(Enum):
    """What an entity's code rests on: the typed counterpart of the first clause of `Entity.reason`."""

    PERSON = "person"  # a person of the actor knowledge, by the role held at the article's date
    KNOWLEDGE = "knowledge"  # a row of the actor knowledge naming a country, organisation, place or people
    PHRASE = "phrase"  # a country named in the mention's own phrase ("officials in Baghdad")
    NEAREST_COUNTRY = "nearest country"  # a guess: the country named nearest to the mention in its sentence
    EARLIER_ACTOR = "earlier actor"  # "the ministry": the code of the article's last fitting actor
    TOPIC = "topic"  # a nearest-country guess replaced by the country of the article's current topic
    MEMORY = "memory"  # a name the article resolved before ("Chang" after "Chang Ho-jin"): see `antecedent`
    PRONOUN = "pronoun"  # a pronoun standing for an earlier mention: see `antecedent` (None: no antecedent)
    PLACE = "place"  # the place where the event happened, as its recipient
    EVENT_PLACE = "event place"  # a group's country from the place of its event ("students protested in Belgrade")
    ARTICLE_COUNTRY = "article country"  # the country the whole article is about (geoevents.extraction.article)
    NO_CODE = "no code"  # a sector word alone: nothing gave a code
    UNKNOWN_COUNTRY = "unknown country"  # a nearest-country guess taken back (it was the other side's): no place or
    # article country stands in for it either ("Turkish jets struck Kurdish positions in Iraq": the Kurds are not IRQ)


@dataclass
class Entity:
    """An actor or recipient mention resolved to a PLOVER entity.

    `start`/`end` are character offsets into the article text; `reason` says in words which rule or knowledge entry
    decided. The typed evidence behind it - `basis`, the knowledge `source` line and the `antecedent` a memory or
    pronoun entity stands for - is what code branches on. It is not part of the JSON contract: `to_dict` (and so the
    event JSONL, the Doc extensions and the store) leaves it out, and an entity read back from a dict has none.
    """

    text: str
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None
    reason: str | None = None
    basis: Basis | None = field(default=None, compare=False, repr=False)  # None: not known (read back from a dict)
    source: str | None = field(default=None, compare=False, repr=False)  # the knowledge line, e.g. "people.tsv:12"
    antecedent: Entity | None = field(default=None, compare=False, repr=False)  # for MEMORY and PRONOUN

    def rests_on(self, basis: Basis) -> bool:
        """Whether `basis` decided this entity's code, directly or through the entity it stands for."""
        entity: Entity | None = self
        while entity is not None:
            if entity.basis is basis:
                return True
            entity = entity.antecedent
        return False

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ENTITY_KEYS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(**{key: data[key] for key in ENTITY_KEYS if key in data})

    def shifted(self, offset: int) -> Entity:
        """The same entity with offsets moved by `offset` (sentence → article coordinates)."""
        return replace(
            self,
            start=None if self.start is None else self.start + offset,
            end=None if self.end is None else self.end + offset,
        )


# The keys of an entity in the JSON contract, in order.
ENTITY_KEYS = ("text", "code", "sector", "name", "start", "end", "reason")


@dataclass
class Location(_FlatRecord):
    """Where an event took place, resolved offline."""

    text: str
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Event:
    """One coded PLOVER event, every field linked to its evidence in the article."""

    article_id: str
    sentence_index: int
    sentence: str
    event: str
    event_text: str
    event_start: int
    event_end: int
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actor: list[Entity] = field(default_factory=list)
    recipient: list[Entity] = field(default_factory=list)
    quad_code: int | None = None
    intensity: float | None = None
    date: str | None = None
    date_precision: str = "article"
    location: Location | None = None
    factuality: str = "asserted"
    condition: str | None = None
    condition_event_id: str | None = None
    reported_by: Entity | None = None
    confidence: float = 0.5
    coder: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.make_id()

    def make_id(self) -> str:
        """Stable id: the article, the trigger's position and the category identify an event mention."""
        return "e" + stable_hash(self.article_id, self.event_start, self.event_end, self.event, length=15)

    def to_dict(self) -> dict[str, Any]:
        # id first: it is what people look for in a JSONL line.
        data: dict[str, Any] = {"id": self.id}
        for name in EVENT_KEYS:
            data[name] = _plain(getattr(self, name))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        data = dict(data)
        data["actor"] = [Entity.from_dict(e) for e in data.get("actor") or []]
        data["recipient"] = [Entity.from_dict(e) for e in data.get("recipient") or []]
        if data.get("location"):
            data["location"] = Location.from_dict(data["location"])
        if data.get("reported_by"):
            data["reported_by"] = Entity.from_dict(data["reported_by"])
        data["context"] = list(data.get("context") or [])
        return _from_dict(cls, data)


# The keys of an event in the JSON contract after "id", in order.
EVENT_KEYS = tuple(f.name for f in fields(Event) if f.name != "id")


def _plain(value: Any) -> Any:
    """A field value as JSON-like data: entities by their contract keys, lists copied."""
    if isinstance(value, Entity):
        return value.to_dict()
    if isinstance(value, Location):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


__all__ = [
    "DATE_PRECISIONS",
    "ENTITY_KEYS",
    "Basis",
    "FACTUALITY_VALUES",
    "Article",
    "Entity",
    "Event",
    "Location",
    "stable_hash",
]
