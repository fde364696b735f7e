"""The words and codes every part of geoevents agrees on, defined once.

PLOVER's entity codes (ISO 3166 alpha-3 for states, KOS for Kosovo, the international codes), the older spellings of
country codes that CAMEO-era data write, the sector codes, how CAMEO actor codes read in PLOVER, the quad classes
and their names, the pronoun table, and the folding every name lookup uses. Plain constants and a few small functions:
no other geoevents module is imported here, so every layer (actors, events, the prefilter, the store, the evaluations,
the CLI) may import it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection, Mapping
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


@functools.lru_cache(maxsize=1)
def _iso_countries() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_3 for country in pycountry.countries)


def is_entity_code(text: str) -> bool:
    """Whether `text` (any case) is a PLOVER entity code: an ISO 3166 alpha-3 country, KOS or an international code."""
    code = text.upper()
    return code == KOSOVO or code in INTERNATIONAL_CODES or code in _iso_countries()


# ---------------------------------------------------------------------------------------------------------------
# Sectors

# PLOVER's sector codes (the frequent ones first).
PLOVER_SECTORS = frozenset(
    "GOV MIL COP JUD LEG PTY REB PRM SPY UAF OPP UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF PRE REL SOC".split()
)
# Sector spellings of PLOVER-era gold files: CAMEO's health sector HLH is PLOVER's MED (the evaluations read them).
SECTOR_ALIASES: Mapping[str, str] = MappingProxyType({"HLH": "MED"})

# ---------------------------------------------------------------------------------------------------------------
# CAMEO actor codes -> PLOVER code and sector (the open dictionaries' conversion, scripts/build_actor_dictionaries.py,
# and users' CAMEO files, geoevents.actors.cameo, read codes through `cameo_actor` and `cameo_agent_sector`)

# CAMEO's country chunks that are no ISO 3166 alpha-3 code (or no longer): the PLOVER code, as the hand-written
# knowledge writes them (the Soviet Union is RUS, Yugoslavia SRB, Czechoslovakia CZE, East Germany DEU); None: no
# country (BAH is CAMEO's Bahai faith, KNT/KKL the coders' unknown). INT is CAMEO's international militarised group.
CAMEO_COUNTRIES: Mapping[str, str | None] = MappingProxyType({
    **CODE_ALIASES, "KSV": KOSOVO, "ANG": "AGO", "USR": "RUS", "SUN": "RUS", "YUG": "SRB", "FRY": "SRB",
    "CSK": "CZE", "DDR": "DEU", "INT": "IMG", "BAH": None, "KNT": None, "KKL": None,
})
# Federations whose code may be followed by a republic's: USRARM (Armenia in the USSR), YUGBIH.
CAMEO_UNIONS = frozenset({"USR", "SUN", "YUG", "FRY", "SCG", "CSK", "FRN"})
# Territories that were never states: the country they lie in; their sector is PRE (unrecognised).
CAMEO_UNRECOGNISED: Mapping[str, str] = MappingProxyType({"KRJ": "HRV", "SRP": "BIH"})
# CAMEO's regions: no country (the sentence fills it in).
CAMEO_REGIONS = frozenset("AFR ASA BLK CAS CAU CFR CRB CEU EAF EEU EIN EUR LAM MDT MEA NAF NMR PGS SAF SAM SAS SCN "
                          "SEA WAF WEU WST".split())
CAMEO_RELIGIONS = frozenset("CHR CTH PRO ORT CPT MOS MUS SHI SUN ALE DRZ SFI JEW BUD HIN SIK JAN TAO CON SHN ZRO BAH "
                            "ITH MAY".split())
# CAMEO role chunks -> PLOVER sector: PLOVER's own as they are; CAMEO's MED is the media (JRN), HLH health (MED),
# insurgents and separatists are rebels, UNR unrecognised (PRE), PPL people (CVL), environment, human rights and NGO
# movements are civil society (SOC), a multinational company business (BUS).
CAMEO_SECTOR_CODES: Mapping[str, str] = MappingProxyType({
    **{code: code for code in PLOVER_SECTORS - {"MED"}},
    "MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "UNR": "PRE", "PPL": "CVL", "ENV": "SOC", "HRI": "SOC",
    "NGO": "SOC", "NGM": "SOC", "MNC": "BUS",
})
CAMEO_NO_ACTOR = frozenset({"JNK", "NON", "---"})  # things that are no actor ("flood", "Monday"); "---" the null code
CAMEO_BRANCHES = ("SPY", "LEG")  # more specific than the GOV or MIL they come with: USAGOVLEG is a legislator
# The sector an international code implies when no role says one: companies; militarised groups are rebels, as
# organisations.tsv writes them.
CAMEO_DEFAULT_SECTORS: Mapping[str, str] = MappingProxyType({"MNC": "BUS", "IMG": "REB"})


def cameo_chunks(code: str) -> list[str]:
    """'~USAGOVLEG' -> ['USA', 'GOV', 'LEG']."""
    code = code.strip().strip("~").upper()
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def cameo_sector(chunks: list[str], religion: bool = True) -> str | None:
    """The PLOVER sector of CAMEO role chunks: a branch named anywhere (SPY, LEG), else the first chunk that maps to a
    sector, else (with `religion`) REL for a religion ("MUS" only says what they believe)."""
    mapped = [CAMEO_SECTOR_CODES[c] for c in chunks if c in CAMEO_SECTOR_CODES]
    for branch in CAMEO_BRANCHES:
        if branch in mapped:
            return branch
    if mapped:
        return mapped[0]
    return "REL" if religion and any(c in CAMEO_RELIGIONS for c in chunks) else None


def cameo_actor(code: str, countries: Collection[str]) -> tuple[str | None, str | None] | None:
    """A CAMEO actor code -> (PLOVER code, sector); None for the codes that name no actor (JNK, NON, '---').
    `countries`: the PLOVER country codes (geoevents.actors.index.country_codes()).

    The first chunk is the country or international code; IGO followed by UNO is a UN body (UNO); IMG followed by a
    country is that country's group; a federation followed by a republic is the republic; a lone sector or religion
    ("~MIL", "HINRAD") has no country. The sector: a branch anywhere, else the first later chunk that maps to one,
    else the international code's default (MNC -> BUS, IMG -> REB), else REL for a religion."""
    parts = cameo_chunks(code)
    if not parts or parts[0] in CAMEO_NO_ACTOR or code.strip() == "---":
        return None
    first, rest = parts[0], parts[1:]
    country: str | None
    sector = None
    leading_religion = first in CAMEO_RELIGIONS and first not in countries and first != "SUN"
    if first in CAMEO_SECTOR_CODES and first not in INTERNATIONAL_CODES or leading_religion:
        country, rest = None, parts  # a lone sector or religion: "~MIL", "HINRAD"
    elif first == INTERGOVERNMENTAL and rest[:1] == [UN_BODIES]:
        country, rest = UN_BODIES, rest[1:]
    elif first == "IMG" and any(c in countries and c not in CAMEO_RELIGIONS for c in rest):
        # an armed group of one country: "IMGPHLMUSREB" (MUS there is Muslim, not Mauritius)
        country = next(c for c in rest if c in countries and c not in CAMEO_RELIGIONS)
    elif first in INTERNATIONAL_CODES:
        country = first
    elif first in CAMEO_UNIONS and rest and rest[0] in countries:
        country, rest = rest[0], rest[1:]
    elif first in CAMEO_UNRECOGNISED:
        country, sector = CAMEO_UNRECOGNISED[first], "PRE"
    elif first in CAMEO_REGIONS:
        country = None
    elif first in CAMEO_COUNTRIES:
        country = CAMEO_COUNTRIES[first]
    elif first in countries:
        country = first
    else:
        return (None, None)
    religion = "REL" if any(c in CAMEO_RELIGIONS for c in rest) else None
    return country, sector or cameo_sector(rest, religion=False) or CAMEO_DEFAULT_SECTORS.get(first) or religion


def cameo_agent_sector(code: str) -> str | None:
    """An agent code ("~GOVMIL", "~CVLOPP", "~MUSRAD") -> the sector of its first chunk that has one; "" for the
    codes of things that are no actor (JNK, NON); None when no chunk names a sector (IGO, IMG agents)."""
    parts = cameo_chunks(code)
    if not parts or parts[0] in CAMEO_NO_ACTOR:
        return ""
    return cameo_sector(parts)

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
    #                         None: the event coder looks for no antecedent ("you", "themselves")
    actor: bool = True  # may stand for an actor: "which" and "that" do not
    plural: bool | None = None  # the antecedent's number: "they" a plural, "it" a singular; None: either
    first_person: bool = False  # "I", "we": the speaker of the quotation they are in


PRONOUNS: Mapping[str, Pronoun] = MappingProxyType({
    **{word: Pronoun(PERSON, plural=False) for word in ("he", "him", "his", "she", "her")},
    **{word: Pronoun(GROUP, plural=False) for word in ("it", "its")},
    **{word: Pronoun(ANY, plural=True) for word in ("they", "them", "their")},
    **{word: Pronoun(None, first_person=True) for word in ("i", "me", "my", "we", "us", "our")},
    "who": Pronoun(RELATIVE),
    "which": Pronoun(RELATIVE, actor=False),
    "that": Pronoun(RELATIVE, actor=False),
    **{word: Pronoun(None) for word in
       ("you", "whom", "myself", "ourselves", "himself", "herself", "itself", "themselves")},
})
# word -> what its antecedent may be, for the pronouns the event coder resolves ("he" -> person, "who" -> rel)
REFERRING_PRONOUNS: Mapping[str, str] = MappingProxyType(
    {word: p.antecedent for word, p in PRONOUNS.items() if p.antecedent is not None}
)
# pronouns that take their antecedent from an earlier mention (relative pronouns take it from their own clause)
ANAPHORS = frozenset(word for word, kind in REFERRING_PRONOUNS.items() if kind != RELATIVE)
PERSON_PRONOUNS = frozenset(word for word, kind in REFERRING_PRONOUNS.items() if kind == PERSON)
FIRST_PERSON_PRONOUNS = frozenset(word for word, p in PRONOUNS.items() if p.first_person)
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
    "CAMEO_BRANCHES",
    "CAMEO_COUNTRIES",
    "CAMEO_DEFAULT_SECTORS",
    "CAMEO_NO_ACTOR",
    "CAMEO_REGIONS",
    "CAMEO_RELIGIONS",
    "CAMEO_SECTOR_CODES",
    "CAMEO_UNIONS",
    "CAMEO_UNRECOGNISED",
    "CODE_ALIASES",
    "INTERGOVERNMENTAL",
    "INTERNATIONAL_CODES",
    "KOSOVO",
    "PERSON_PRONOUNS",
    "PLOVER_SECTORS",
    "PRONOUNS",
    "EXPORT_FORMATS",
    "FIRST_PERSON_PRONOUNS",
    "QUAD_CLASSES",
    "QUAD_NAMES",
    "REFERRING_PRONOUNS",
    "SECTOR_ALIASES",
    "UN_BODIES",
    "Pronoun",
    "cameo_actor",
    "cameo_agent_sector",
    "cameo_chunks",
    "cameo_sector",
    "fold",
    "is_entity_code",
    "plover_code",
]
