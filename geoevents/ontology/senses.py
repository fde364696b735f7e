"""How a trigger match is read: word senses that are no event, the verbs whose object does the act they name,
the nouns whose possessor suffers it, generic subjects, historical cues and what makes an event commerce.

Loaded once per process from `data/senses.yaml` into frozen dataclasses; the event coder asks them
(geoevents.extraction.readings). Adding a non-event sense is a data change.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geoevents.errors import ConfigError
from geoevents.ontology.loader import DATA_DIR, _read_yaml

NEEDS = frozenset({"actor_object", "event_object", "object", "recipient", "party", "infinitive", "for", "that",
                   "political"})
SENSE_KEYS = frozenset({"lemma", "kind", "events", "not_objects", "not_subjects", "not_modifiers", "not_clauses",
                        "not_complements", "no_object", "no_thing_subject", "not_sectors", "needs", "note",
                        "not_in_sentence"})
ANY_LEMMA = "*"


@dataclass(frozen=True)
class Sense:
    """A trigger lemma read in a sense that is no event of its categories, and what tells it apart."""

    lemma: str
    kind: str | None = None  # "v", "n" or None (both)
    events: frozenset[str] = frozenset()  # empty: every category
    not_objects: frozenset[str] = frozenset()
    not_subjects: frozenset[str] = frozenset()
    not_modifiers: frozenset[str] = frozenset()
    not_clauses: frozenset[str] = frozenset()
    not_complements: frozenset[str] = frozenset()  # a to-clause's verbs giving the other sense ("refused to comment")
    no_object: bool = False
    no_thing_subject: bool = False  # a thing as subject ("the financing would support") gives the other sense
    not_sectors: frozenset[str] = frozenset()  # a participant of these sectors gives the other sense
    not_in_sentence: frozenset[str] = frozenset()  # a word of the sentence giving the other sense ("an earthquake")
    needs: frozenset[str] = frozenset()  # any one of NEEDS
    note: str = ""

    def applies(self, event: str, kind: str) -> bool:
        return (not self.events or event in self.events) and (self.kind is None or self.kind == kind)


@dataclass(frozen=True)
class Readings:
    """Everything of senses.yaml. `senses` is keyed by lemma ("*": entries for every trigger of some categories)."""

    senses: Mapping[str, tuple[Sense, ...]]
    accusing_verbs: frozenset[str]
    alleging_verbs: frozenset[str]
    alleging_nouns: frozenset[str]
    alleging_adverbs: frozenset[str]
    patient_nouns: frozenset[str]
    proposal_nouns: frozenset[str]
    generic_subjects: frozenset[str]
    question_heads: frozenset[str]
    historical_days: int
    life_stages: frozenset[str]
    past_periods: frozenset[str]
    person_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    commercial_sectors: frozenset[str]
    commercial_codes: frozenset[str]
    company_suffixes: frozenset[str]

    def senses_of(self, lemma: str, event: str, kind: str) -> tuple[Sense, ...]:
        """The sense entries that may reject a match of `lemma` for `event` (specific ones, then "*" ones)."""
        found = self.senses.get(lemma, ()) + self.senses.get(ANY_LEMMA, ())
        return tuple(s for s in found if s.applies(event, kind))


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"{key}: expected a list of words")
    return frozenset(str(word).lower() for word in value)


def _sense(entry: Any, where: str) -> Sense:
    if not isinstance(entry, dict) or "lemma" not in entry:
        raise ValueError(f"{where}: expected a mapping with a lemma")
    unknown = set(entry) - SENSE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    needs = _words(entry, "needs")
    if needs - NEEDS:
        unknown_needs = ", ".join(sorted(needs - NEEDS))
        raise ValueError(f"{where}: unknown need(s) {unknown_needs}; known: {', '.join(sorted(NEEDS))}")
    kind = entry.get("kind")
    if kind not in (None, "v", "n"):
        raise ValueError(f"{where}: kind must be v or n, got {kind!r}")
    return Sense(
        lemma=str(entry["lemma"]).lower(),
        kind=kind,
        events=frozenset(str(e).upper() for e in entry.get("events") or []),
        not_objects=_words(entry, "not_objects"),
        not_subjects=_words(entry, "not_subjects"),
        not_modifiers=_words(entry, "not_modifiers"),
        not_clauses=_words(entry, "not_clauses"),
        not_complements=_words(entry, "not_complements"),
        no_object=bool(entry.get("no_object", False)),
        no_thing_subject=bool(entry.get("no_thing_subject", False)),
        not_sectors=frozenset(str(x).upper() for x in entry.get("not_sectors") or []),
        not_in_sentence=_words(entry, "not_in_sentence"),
        needs=needs,
        note=str(entry.get("note", "")),
    )


@functools.lru_cache(maxsize=4)
def load_readings(path: str | None = None) -> Readings:
    """senses.yaml as `Readings`; a malformed file raises ConfigError naming the file (and the entry)."""
    file = Path(path) if path else DATA_DIR / "senses.yaml"
    data = _read_yaml(file)
    try:
        if not isinstance(data, dict):
            raise ValueError("expected a mapping")
        by_lemma: dict[str, list[Sense]] = {}
        for number, entry in enumerate(data.get("senses") or [], 1):
            sense = _sense(entry, f"senses entry {number}")
            by_lemma.setdefault(sense.lemma, []).append(sense)
        return Readings(
            # a plain dict, not a MappingProxyType: the pipeline is pickled for spawned workers
            senses={lemma: tuple(found) for lemma, found in by_lemma.items()},
            accusing_verbs=_words(data, "accusing_verbs"),
            alleging_verbs=_words(data, "alleging_verbs"),
            alleging_nouns=_words(data, "alleging_nouns"),
            alleging_adverbs=_words(data, "alleging_adverbs"),
            patient_nouns=_words(data, "patient_nouns"),
            proposal_nouns=_words(data, "proposal_nouns"),
            generic_subjects=_words(data, "generic_subjects"),
            question_heads=_words(data, "question_heads"),
            historical_days=int(data.get("historical_days", 183)),
            life_stages=_words(data, "life_stages"),
            past_periods=_words(data, "past_periods"),
            person_nouns=_words(data, "person_nouns"),
            collective_nouns=_words(data, "collective_nouns"),
            commercial_sectors=frozenset(str(s).upper() for s in data.get("commercial_sectors") or []),
            commercial_codes=frozenset(str(s).upper() for s in data.get("commercial_codes") or []),
            company_suffixes=_words(data, "company_suffixes"),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{file}: malformed senses file: {exc}") from exc


__all__ = ["NEEDS", "Readings", "Sense", "load_readings"]
