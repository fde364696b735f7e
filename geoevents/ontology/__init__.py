"""The PLOVER ontology and geoevents' trigger lexicon, loaded from versioned YAML files into frozen dataclasses.

Adding a verb is a data change: edit `data/triggers.yaml`. Everything here is read once per process
(functools.lru_cache) and is immutable afterwards.
"""

from geoevents.ontology.loader import (
    Category,
    Cues,
    Lexicon,
    Ontology,
    Trigger,
    load_cues,
    load_lexicon,
    load_ontology,
    parse_trigger,
)
from geoevents.ontology.senses import Readings, Sense, load_readings

__all__ = [
    "Category",
    "Cues",
    "Lexicon",
    "Ontology",
    "Readings",
    "Sense",
    "Trigger",
    "load_cues",
    "load_lexicon",
    "load_ontology",
    "load_readings",
    "parse_trigger",
]
