"""The PLOVER ontology and geoevents' trigger lexicon, loaded from versioned data files into frozen dataclasses.

Adding a verb is a data change: edit `data/triggers.yaml` (hand-written), or rebuild `data/cameo_verbs.tsv` from the
CAMEO dictionary (`scripts/build_cameo_verbs.py`); `load_trigger_lexicon` merges the two. Everything here is read
once per process (functools.lru_cache) and is immutable afterwards.
"""

from geoevents.ontology.dictionary import load_dictionary_triggers, load_trigger_lexicon, merge_lexicon
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
    "load_dictionary_triggers",
    "load_lexicon",
    "load_ontology",
    "load_readings",
    "load_trigger_lexicon",
    "merge_lexicon",
    "parse_trigger",
]
