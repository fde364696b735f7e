"""The field's open actor dictionaries as default knowledge (data/dictionaries/, MIT: see LICENSE there).

scripts/build_actor_dictionaries.py converts PETRARCH2's Phoenix dictionaries (countries, international actors,
non-state armed groups, agents, discards) and NGEC's PLOVER agents and country list into one TSV file per source,
with CAMEO codes already turned into PLOVER codes and sectors and every alias already normalised, so loading is a
split per line and a dict insert per alias: no tokenising, no regular expressions.

The hand-written knowledge speaks first: a phrase it already holds (also with "the" before it) is never taken from
a dictionary, nor a sector word ending in one of its organisations ("national security council": the resolver tells
national bodies from the UN's); a phrase one dictionary holds is not taken from a later one (SOURCES is that order).
Users' files (`--actors-file`) come after all of them and win as before.

File format (written by the script only):

    # source: Phoenix.Countries.actors.txt     the original file; entries cite it with their line
    kind	name	line	flag	roles	aliases

- kind: one of knowledge.KINDS ("none": the phrase names no actor, from the discards and CAMEO's null code "---")
- line: the entry's first line in the original file
- flag: a sector word's kind (knowledge.SECTOR_KINDS), or "plural" for a demonym that names people ("Afghans")
- roles: ";"-separated `code,sector,start,end,role`; empty fields are None (no code, no sector, open dates);
  `role` is the original CAMEO code and dates with the line they came from, shown in `geoevents resolve`
- aliases: "|"-separated `key:case`: key = knowledge.phrase_key of the alias, case = one digit per token
  (knowledge.ANY, CAPITAL, UPPER)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from geoevents.actors.index import (
    KINDS,
    SECTOR_KINDS,
    Alias,
    Entry,
    KnowledgeBuilder,
    Role,
    case_rule,
    phrase_key,
    tokenize,
)
from geoevents.errors import ConfigError, InputError

DICTIONARY_DIR = Path(__file__).resolve().parent / "data" / "dictionaries"
# Loading order, which is also the order of precedence between dictionaries.
SOURCES = (
    "ngec_countries",
    "phoenix_countries",
    "phoenix_international",
    "phoenix_milnonstate",
    "plover_agents",
    "phoenix_agents",
    "phoenix_discards",
)
COUNTRY_TABLE_COLUMNS = ("CCA2", "Name", "CCA3", "Nationality")
# PLOVER writes Kosovo KOS; NGEC (like GeoNames) XKX
COUNTRY_CODE_FIXES = {"XKX": "KOS"}
# the last word of a nationality word: "Afghans", "Christmas Islanders", "Ivorian" (not "Heard Island")
_DEMONYM_END = re.compile(r"(an|ans|ers?|ese|is?|ish|ch|ic|ites?|ots?)$")
COLUMNS = ("kind", "name", "line", "flag", "roles", "aliases")
SOURCE_PREFIX = "# source: "


def alias_keys(alias: str) -> list[tuple[str, str]]:
    """(key, case digits) under which the knowledge finds `alias`: as the hand-written files do, "the Ivory Coast"
    is also found as "Ivory Coast"."""
    tokens = tokenize(alias)
    out = []
    while tokens:
        out.append((phrase_key(tokens), "".join(str(rule) for rule in case_rule(tokens))))
        if len(tokens) < 2 or tokens[0].norm != "the":
            break
        tokens = tokens[1:]
    return out


def read_country_table(path: Path) -> list[tuple[int, str, list[str], list[str]]]:
    """NGEC's countries.csv (CCA2, Name, CCA3, Nationality) -> (line, code, names, demonyms). The Nationality cell
    mixes nationality words with other names of the country and its territories: a single word or one ending like a
    nationality word is a demonym, the rest are names."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != COUNTRY_TABLE_COLUMNS:
                raise InputError(f"expected the columns {', '.join(COUNTRY_TABLE_COLUMNS)}", str(path), 1)
            records = list(reader)
    except OSError as exc:
        raise InputError(f"cannot read country table: {exc.strerror}", str(path)) from exc
    out = []
    for line, record in enumerate(records, start=2):
        code = COUNTRY_CODE_FIXES.get(record["CCA3"], record["CCA3"])
        items = [i.strip() for i in re.sub(r"[\[\]]", "", record["Nationality"] or "").split(",") if i.strip()]
        names: list[str] = [(record["Name"] or "").strip()]
        demonyms: list[str] = []
        for item in items:
            words = item.split()
            single = len(words) == 1 or bool(_DEMONYM_END.search(words[-1])) and "of" not in words
            (demonyms if single else names).append(item)
        out.append((line, code, names, demonyms))
    return out


def is_plural_demonym(word: str, demonyms: Iterable[str]) -> bool:
    """'Iraqis' when 'Iraqi' is listed too: a noun for people of the country (CVL), as country_names.tsv reads."""
    lowered = {d.lower() for d in demonyms}
    return word.lower().endswith("s") and word.lower()[:-1] in lowered


def add_country_table(b: KnowledgeBuilder, path: Path) -> None:
    """A user's copy of NGEC's countries.csv: country names and nationality words."""
    for line, code, names, demonyms in read_country_table(path):
        source = f"{path.name}:{line}"
        country = Entry("country", names[0], (Role(code, None),), source)
        for name in names:
            b.add(name, country)
        for word in demonyms:
            plural = is_plural_demonym(word, demonyms)
            b.add(word, Entry("demonym", names[0], (Role(code, "CVL" if plural else None),), source, plural=plural))


def format_role(role: Role) -> str:
    fields = (role.code, role.sector, role.start, role.end, role.title)
    return ",".join(f or "" for f in fields)


def _parse_role(text: str) -> Role:
    code, sector, start, end, title = text.split(",", 4)
    return Role(code or None, sector or None, start or None, end or None, title)


def add_dictionaries(b: KnowledgeBuilder, sources: Iterable[str] = SOURCES, folder: Path = DICTIONARY_DIR) -> None:
    """Add the converted dictionaries `sources` (names from SOURCES) from `folder` to the builder."""
    if not folder.is_dir():
        return
    # organisations the hand-written knowledge names: a sector word ending in one ("national security council")
    # would take the phrase from the rules that tell the UN body from a national one
    orgs = frozenset(key for key, aliases in b.phrases.items() if any(a.entry.kind == "org" for a in aliases))
    for source in sources:
        if source not in SOURCES:
            raise ConfigError(f"unknown actor dictionary {source!r}; known: {', '.join(SOURCES)}")
        path = folder / f"{source}.tsv"
        if not path.is_file():
            raise ConfigError(f"actor dictionary file missing: {path} (run scripts/build_actor_dictionaries.py)")
        _add_file(b, path, orgs)
        b.files.append(str(path))


def _ends_in(key: str, orgs: frozenset[str]) -> bool:
    words = key.split(" ")
    return any(" ".join(words[i:]) in orgs for i in range(1, len(words)))


def _add_file(b: KnowledgeBuilder, path: Path, orgs: frozenset[str]) -> None:
    known = frozenset(b.phrases)  # the hand-written knowledge and earlier dictionaries speak first
    cases: dict[str, tuple[int, ...]] = {}
    roles: dict[str, Role] = {}  # sector words share their few roles
    original = path.name
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.startswith("#"):
                if raw.startswith(SOURCE_PREFIX):
                    original = raw[len(SOURCE_PREFIX) :].strip()
                continue
            cells = raw.rstrip("\n").split("\t")
            if len(cells) != len(COLUMNS) or cells[0] not in KINDS:
                raise ConfigError(f"{path}:{number}: not a converted dictionary row; rebuild the dictionaries")
            kind, name, line, flag, role_cells, alias_cells = cells
            split = [item.rpartition(":") for item in alias_cells.split("|")]
            found = [(key, case) for key, _, case in split if key not in known
                     and not (key.startswith("the ") and key[4:] in known)
                     and not (kind == "sector" and _ends_in(key, orgs))]
            if not found:
                continue  # every name of the entry is the hand-written knowledge's
            entry = Entry(
                kind,
                name,
                tuple([roles.get(r) or roles.setdefault(r, _parse_role(r)) for r in role_cells.split(";") if r]),
                f"{original}:{line}",
                flag if flag in SECTOR_KINDS else "",
                flag == "plural",
            )
            aliases: dict[str, Alias] = {}  # one Alias per case rule: most names share theirs
            for key, case in found:
                alias = aliases.get(case)
                if alias is None:
                    rule = cases.get(case) or cases.setdefault(case, tuple(int(c) for c in case))
                    alias = aliases[case] = Alias(entry, rule)
                b.add_alias(key, alias)
