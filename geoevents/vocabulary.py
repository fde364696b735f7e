"""The words and codes every part of geoevents agrees on, defined once.

PLOVER's entity codes (ISO 3166 alpha-3 for states, KOS for Kosovo, the international codes), the older spellings of
country codes that CAMEO-era data write, the sector codes, the quad classes and their names, the pronoun table, and
the folding every name lookup uses. Plain constants and two small functions: no other geoevents module is imported
here, so every layer (actors, events, the prefilter, the store, the evaluations, the CLI) may import it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

# ---------------------------------------------------------------------------------------------------------------
# Entity codes

# PLOVER codes Kosovo KOS (ISO 3166 has none; GeoNames writes XK / XKX). Every table of the package says KOS.
KOSOVO = "KOS"
INTERGOVERNMENTAL = "IGO"
UN_BODIES = "UNO"  # PLOVER 2.0 gives UN bodies their own code; PLOVER 0.5b1 and CAMEO-era data code them IGO
# The codes PLOVER uses in the place of a country: intergovernmental bodies, UN bodies, non-governmental
# organisations, multinational companies, international militarised groups.
INTERNATIONAL_CODES = frozenset({INTERGOVERNMENTAL, UN_BODIES, "NGO", "MNC", "ISM", "IMG"})

# The same country written another way: CAMEO's legacy codes (facts from the CAMEO manual), two-letter and
# GeoNames spellings. Values are the PLOVER code.
CODE_ALIASES: Mapping[str, str] = MappingProxyType({
    "XKX": KOSOVO,
    "JAP": "JPN",
    "ITL": "ITA",
    "UK": "GBR",
    "UKG": "GBR",
    "GMY": "DEU",
    "FRN": "FRA",
    "RUM": "ROU",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
})


def plover_code(code: str) -> str:
    """The PLOVER spelling of a country code ('XKX' -> 'KOS', 'JAP' -> 'JPN'); other codes unchanged."""
    return CODE_ALIASES.get(code, code)


# ---------------------------------------------------------------------------------------------------------------
# Sectors

# PLOVER's sector codes (the frequent ones first).
PLOVER_SECTORS = frozenset(
    "GOV MIL COP JUD LEG PTY REB PRM SPY UAF OPP UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF PRE REL SOC".split()
)
# Sector chunks CAMEO actor dictionaries write besides PLOVER's (health, insurgents, environment, human rights,
# moderates, radicals).
CAMEO_SECTORS = PLOVER_SECTORS | frozenset({"HLH", "INS", "ENV", "HRI", "MOD", "RAD"})
SECTOR_ALIASES: Mapping[str, str] = MappingProxyType({"HLH": "MED"})  # CAMEO's health sector is PLOVER's MED

# ---------------------------------------------------------------------------------------------------------------
# Quad classes

QUAD_NAMES: Mapping[int, str] = MappingProxyType(
    {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
)
QUAD_CLASSES: tuple[int, ...] = tuple(QUAD_NAMES)

# ---------------------------------------------------------------------------------------------------------------
# Export formats (geoevents.store.export writes them; the CLI offers them without importing the writers)

EXPORT_FORMATS: tuple[str, ...] = ("plover-jsonl", "csv", "parquet", "graphml", "gexf", "dyadic-tsv")

# ---------------------------------------------------------------------------------------------------------------
# Pronouns

PERSON, GROUP, ANY, RELATIVE = "person", "group", "any", "rel"


class Pronoun(NamedTuple):
    """What a pronoun may stand for."""

    antecedent: str | None  # PERSON, GROUP (anything but a person), ANY, RELATIVE (the noun its clause modifies);
    #                         None: the event coder looks for no antecedent ("I", "us", "themselves")
    actor: bool = True  # may stand for an actor: "which" and "that" do not


PRONOUNS: Mapping[str, Pronoun] = MappingProxyType({
    **{word: Pronoun(PERSON) for word in ("he", "him", "his", "she", "her")},
    **{word: Pronoun(GROUP) for word in ("it", "its")},
    **{word: Pronoun(ANY) for word in ("they", "them", "their", "we", "our")},
    "who": Pronoun(RELATIVE),
    "which": Pronoun(RELATIVE, actor=False),
    "that": Pronoun(RELATIVE, actor=False),
    **{word: Pronoun(None) for word in
       ("i", "me", "us", "you", "whom", "myself", "ourselves", "himself", "herself", "itself", "themselves")},
})
# word -> what its antecedent may be, for the pronouns the event coder resolves ("he" -> person, "who" -> rel)
REFERRING_PRONOUNS: Mapping[str, str] = MappingProxyType(
    {word: p.antecedent for word, p in PRONOUNS.items() if p.antecedent is not None}
)
# pronouns that take their antecedent from an earlier mention (relative pronouns take it from their own clause)
ANAPHORS = frozenset(word for word, kind in REFERRING_PRONOUNS.items() if kind != RELATIVE)
PERSON_PRONOUNS = frozenset(word for word, kind in REFERRING_PRONOUNS.items() if kind == PERSON)
ACTOR_PRONOUNS = frozenset(word for word, p in PRONOUNS.items() if p.actor)

# ---------------------------------------------------------------------------------------------------------------
# Names


def fold(text: str) -> str:
    """Lower case without accents: 'Khürelsükh' and 'Khurelsukh' look up alike (actor knowledge and gazetteer)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


__all__ = [
    "ACTOR_PRONOUNS",
    "ANAPHORS",
    "CAMEO_SECTORS",
    "CODE_ALIASES",
    "INTERGOVERNMENTAL",
    "INTERNATIONAL_CODES",
    "KOSOVO",
    "PERSON_PRONOUNS",
    "PLOVER_SECTORS",
    "PRONOUNS",
    "EXPORT_FORMATS",
    "QUAD_CLASSES",
    "QUAD_NAMES",
    "REFERRING_PRONOUNS",
    "SECTOR_ALIASES",
    "UN_BODIES",
    "Pronoun",
    "fold",
    "plover_code",
]
