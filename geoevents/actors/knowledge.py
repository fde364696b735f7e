"""The actor knowledge: the data files under geoevents/actors/data/ (and users' own files) loaded into one phrase
index (geoevents.actors.index), and the questions about single words that the prefilter asks of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from geoevents.actors.cameo import add_cameo_dictionary
from geoevents.actors.dictionaries import SOURCES, add_country_table, add_dictionaries
from geoevents.actors.index import ANY, ORG_HEADS, SECTOR_KINDS, Entry, Knowledge, KnowledgeBuilder, Role
from geoevents.actors.names import build_variants
from geoevents.errors import InputError
from geoevents.tsv import read_tsv, tsv_header
from geoevents.vocabulary import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
MAJOR_CITY = 1_000_000  # people: the cities whose misspellings are corrected (with every capital)
COMMON_NAME_WORD = 3  # countries whose names share a word that is no name of its own ("republic", "islands")
ACTOR_FILE = "actor file"  # how errors name the files read here


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _date(cell: str, path: Path, line: int) -> str | None:
    cell = cell.strip()
    if not cell:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", cell):
        raise InputError(f"bad date {cell!r} (expected YYYY-MM-DD)", str(path), line)
    return cell


def _load_countries(b: KnowledgeBuilder, data: Path) -> dict[str, str]:
    """countries.tsv (generated) + country_names.tsv (hand-written). Returns code -> capital."""
    capitals: dict[str, str] = {}
    names: dict[str, str] = {}
    path = data / "countries.tsv"
    for line, row in read_tsv(path, ACTOR_FILE):
        code = row["code"].strip()
        names[code] = row["name"].strip()
        entry = Entry("country", names[code], (Role(code, None),), f"{path.name}:{line}")
        for alias in _split(row["names"]):
            b.add(alias, entry)
        if row.get("capital", "").strip():
            capitals[code] = row["capital"].strip()
    path = data / "country_names.tsv"
    for line, row in read_tsv(path, ACTOR_FILE):
        code = row["code"].strip()
        source = f"{path.name}:{line}"
        name = names.get(code, code)
        entry = Entry("country", name, (Role(code, None),), source)
        for alias in _split(row["aliases"]):
            b.add(alias, entry)
        demonyms = _split(row["demonyms"])
        lowered = {d.lower() for d in demonyms}
        for dem in demonyms:
            # a demonym ending in s whose singular is listed too is a noun for people: "Iraqis", "Palestinians"
            plural = dem.lower().endswith("s") and dem.lower()[:-1] in lowered
            b.add(dem, Entry("demonym", name, (Role(code, "CVL" if plural else None),), source, plural=plural))
    return capitals


def _load_places(b: KnowledgeBuilder, data: Path, capitals: dict[str, str]) -> set[str]:
    """cities.tsv (generated), place_names.tsv and regions.tsv (hand-written). Returns the names of capitals and
    major cities, which names.py corrects misspellings into."""
    path = data / "cities.tsv"
    entries: dict[str, Entry] = {}
    major = set()
    for line, row in read_tsv(path, ACTOR_FILE):
        code = row["code"].strip()
        name = row["name"].strip()
        is_capital = row["capital"].strip() == "1" or capitals.get(code) == name
        kind = "capital" if is_capital else "city"
        entry = Entry(kind, name, (Role(code, None if is_capital else "CVL"),), f"{path.name}:{line}")
        b.add(name, entry)
        if is_capital or int(row["population"] or 0) >= MAJOR_CITY:
            entries.setdefault(name, entry)
            if name.isalpha():
                major.add(fold(name))
    path = data / "place_names.tsv"
    for line, row in read_tsv(path, ACTOR_FILE):
        name = row["name"].strip()
        if name not in entries:
            raise InputError(f"{name!r} is no capital or major city of cities.tsv", str(path), line)
        for alias in _split(row["other names"]):
            b.add(alias, entries[name])  # Kiev is Kyiv: the capital, the government when it acts
    path = data / "regions.tsv"
    for line, row in read_tsv(path, ACTOR_FILE):
        role = Role(row["code"].strip(), row["sector"].strip() or None)
        for alias in _split(row["names"]):
            # a row lists places of one country that share a sector; each is named as written
            b.add(alias, Entry("region", alias, (role,), f"{path.name}:{line}"))
    return major


def _load_sectors(b: KnowledgeBuilder, path: Path) -> None:
    for line, row in read_tsv(path, ACTOR_FILE):
        kind = row.get("kind", "title").strip() or "title"
        if kind not in SECTOR_KINDS:
            raise InputError(f"unknown sector word kind {kind!r}; use one of {', '.join(SECTOR_KINDS)}", str(path),
                             line)
        sector = row["sector"].strip()
        for word in _split(row["words"]):
            b.add(word, Entry("sector", word, (Role(None, sector),), f"{path.name}:{line}", sector_kind=kind))


def load_actor_table(b: KnowledgeBuilder, path: Path, kind: str | None = None) -> None:
    """A people/organisation table: name, aliases, code, sector, start, end, role. Rows sharing a name merge."""
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in read_tsv(path, ACTOR_FILE):
        if not row.get("name", "").strip():
            raise InputError("empty name", str(path), line)
        if "code" not in row:
            raise InputError("missing column 'code' (expected name, aliases, code, sector, start, end, role)",
                             str(path), line)
        grouped.setdefault(row["name"].strip(), []).append((line, row))
    for name, rows in grouped.items():
        roles = []
        aliases = {name}
        for line, row in rows:
            start, end = _date(row.get("start", ""), path, line), _date(row.get("end", ""), path, line)
            if start and end and end < start:
                raise InputError(f"role ends ({end}) before it starts ({start})", str(path), line)
            roles.append(Role(row["code"].strip() or None, row.get("sector", "").strip() or None, start, end,
                              row.get("role", "").strip()))
            aliases.update(_split(row.get("aliases", "")))
        entry_kind = kind or ("person" if path.name.startswith("people") else "org")
        entry = Entry(entry_kind, name, tuple(roles), f"{path.name}:{rows[0][0]}")
        for alias in aliases:
            b.add(alias, entry)


def load_user_file(b: KnowledgeBuilder, path: Path) -> None:
    """A user's file: our TSV format (header starting with `name`), a sector-word TSV (`words`), NGEC's
    countries.csv, or a CAMEO actor dictionary (anything else)."""
    if not path.is_file():
        raise InputError("actor file not found", str(path))
    b.add_file(str(path))
    if path.suffix == ".csv":
        add_country_table(b, path)  # NGEC's countries.csv
        return
    first_column = (tsv_header(path, ACTOR_FILE) or [""])[0]
    if path.suffix in {".tsv", ".txt"} and first_column == "name":
        kind = None if path.name.startswith(("people", "org")) else "person"
        load_actor_table(b, path, kind)
        return
    if first_column == "words":
        _load_sectors(b, path)
        return
    add_cameo_dictionary(b, path)


def build_knowledge(extra_files: tuple[str, ...] = (), data: Path = DATA_DIR,
                    dictionaries: tuple[str, ...] | None = None) -> Knowledge:
    """The hand-written files of `data`, then the converted open dictionaries (`dictionaries`: names from
    geoevents.actors.dictionaries.SOURCES, default all), then users' files."""
    b = KnowledgeBuilder()
    capitals = _load_countries(b, data)
    place_words = _country_words(b)
    place_words |= _load_places(b, data, capitals)
    _load_sectors(b, data / "sectors.tsv")
    load_actor_table(b, data / "organisations.tsv", "org")
    load_actor_table(b, data / "people.tsv", "person")
    for name in ("countries.tsv", "country_names.tsv", "cities.tsv", "place_names.tsv", "regions.tsv",
                 "sectors.tsv", "organisations.tsv", "people.tsv"):
        b.add_file(str(data / name))
    add_dictionaries(b, SOURCES if dictionaries is None else dictionaries, data / "dictionaries")
    for extra in extra_files:
        load_user_file(b, Path(extra))
    knowledge = b.build()
    people = ((key, alias.entry) for key, aliases in knowledge.phrases.items() if " " in key
              for alias in aliases if alias.entry.kind == "person")
    return replace(knowledge, variants=build_variants(place_words, people))


def _country_words(b: KnowledgeBuilder) -> set[str]:
    """The words of the hand-written countries' names and demonyms that are not common to many ("republic")."""
    codes: dict[str, set[str]] = {}
    for key, aliases in b.phrases.items():
        for alias in aliases:
            if alias.entry.kind in {"country", "demonym"}:
                for word in key.split(" "):
                    codes.setdefault(word, set()).add(alias.entry.code or "")
    return {word for word, found in codes.items() if len(found) < COMMON_NAME_WORD}


@lru_cache(maxsize=8)
def cached_knowledge(extra_files: tuple[str, ...] = ()) -> Knowledge:
    """The knowledge is immutable once built: build it once per set of extra files."""
    return build_knowledge(extra_files)


# ---------------------------------------------------------------------------------------------------------------
# Questions about single words (the prefilter asks them before any parse)

# Kinds of one-word phrases that never recall a person.
NOT_PERSON_KINDS = frozenset({"country", "demonym", "org", "sector"})


@dataclass(frozen=True)
class NameWords:
    """What the knowledge says of one word, without resolving a mention."""

    lower_case_actors: frozenset[str]  # last words of actor phrases that may be written in lower case
    not_person: frozenset[str]  # folded words that never recall a person

    def could_name_actor(self, word: str) -> bool:
        """Whether a lower-case word may name an actor: it ends a phrase of the knowledge that may be written in
        lower case ("police", "the army", "protesters"). Capitalised names are another question."""
        return word in self.lower_case_actors or (not word.isascii() and fold(word) in self.lower_case_actors)

    def could_recall_person(self, word: str) -> bool:
        """Whether a capitalised word may be (part of) a person's name, by which the actor memory
        (geoevents.actors.ArticleMemory) finds a person again. Not one-word names of countries, demonyms,
        organisations or sector words that are no first or last name of a person the knowledge holds ("U.S.",
        "American", "OPEC", "Treasury"), nor the words that end organisations' names ("Corp", "Bank"). Cities and
        regions may: many are surnames too ("Jackson", "Washington")."""
        return fold(word).replace(".", "") not in self.not_person


@lru_cache(maxsize=8)
def name_words(extra_files: tuple[str, ...] = ()) -> NameWords:
    phrases = cached_knowledge(extra_files).phrases
    lower_case = {phrase.rsplit(" ", 1)[-1] for phrase, aliases in phrases.items()
                  if any(all(rule == ANY for rule in alias.case) for alias in aliases)}
    person_words = {word for phrase, aliases in phrases.items() if any(a.entry.kind == "person" for a in aliases)
                    for words in [phrase.split()] for word in (words[0], words[-1])}
    not_person = {phrase for phrase, aliases in phrases.items()
                  if " " not in phrase and all(a.entry.kind in NOT_PERSON_KINDS for a in aliases)}
    return NameWords(frozenset(lower_case), frozenset((not_person | ORG_HEADS) - person_words))
