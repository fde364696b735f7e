"""Convert the open actor dictionaries into geoevents' knowledge files (geoevents/actors/data/dictionaries/).

    python scripts/build_actor_dictionaries.py [--shared ../shared/dictionaries] [--out DIR]

Rerunnable and deterministic: the same sources give byte-identical files. Sources (MIT; the notice and the list of
sources are written to LICENSE beside the output):
- petrarch2/Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt
  (openeventdata/petrarch2): people and bodies with CAMEO codes and dated roles
- petrarch2/Phoenix.agents.txt and ngec/PLOVER_agents.txt (ahalterman/NGEC-2025): sector words
- petrarch2/Phoenix.discards.txt: phrases that name no political actor (sports, shows, diseases ...)
- ngec/countries.csv: country names and nationality words

Conversion (docs/actors.md, "The open dictionaries"):
- CAMEO codes are split in 3-letter chunks. The country is the first chunk mapped to ISO 3166 alpha-3 (KSV -> KOS as
  PLOVER writes Kosovo, TMP -> TLS, the Soviet Union -> RUS, Yugoslavia -> SRB as the hand-written knowledge does;
  USRARM, YUGBIH: the republic), IGO/NGO/MNC/IMG as they are and IGO followed by UNO -> UNO; CAMEO's regions
  (MEA, SAS, AFR ...) and the coders' unknown (KKL) give no country. The sector is the first later chunk that maps to a
  PLOVER sector (CAMEO MED is the media -> JRN, HLH -> MED, INS/SEP -> REB, religions -> REL, UNR -> PRE ...).
- Dated roles stay dated (YYMMDD: years below 30 are 20xx); an undated code is CAMEO's default, which holds where no
  dated role does, so it becomes roles over the gaps between the dated ones. After the last role without a default,
  the resolver makes the person ELI (a former office holder).
- Entries of only country codes are places: their aliases close to the country's name (misspellings: "Afghanestan")
  become country names, the others (cities, provinces) places of that country.
- Agents become sector words, with CAMEO's regular plurals, {irregular plurals} and !SUBSTITUTION! sets; codes that
  name no actor (JNK, NON) and the discards become "none" entries.
- A malformed line (a bad date, unbalanced brackets) is skipped and reported, never a stop.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoevents.actors.cameo import (  # noqa: E402
    CameoRecord,
    CameoSpec,
    country_codes,
    read_cameo_records,
    roles_of,
    strip_comment,
)
from geoevents.actors.dictionaries import (  # noqa: E402
    COLUMNS,
    SOURCE_PREFIX,
    SOURCES,
    alias_keys,
    format_role,
    is_plural_demonym,
    read_country_table,
)
from geoevents.actors.index import BOUNDARY, ORG_HEADS, Role, tokenize  # noqa: E402
from geoevents.actors.knowledge import build_knowledge  # noqa: E402
from geoevents.actors.names import SHORTEST_MISSPELLING, one_edit, skeleton  # noqa: E402
from geoevents.errors import InputError  # noqa: E402
from geoevents.vocabulary import (  # noqa: E402
    CAMEO_BRANCHES,
    INTERNATIONAL_CODES,
    cameo_actor,
    cameo_agent_sector,
    fold,
)

SHARED = ROOT.parent / "shared" / "dictionaries"
OUT = ROOT / "geoevents" / "actors" / "data" / "dictionaries"

# ---- CAMEO codes -> PLOVER: geoevents.vocabulary.cameo_actor (users' CAMEO files read codes the same way) ------

# PLOVER's REL is clergy and religious bodies; the other religion words name believers (CVL, weak like ethnic groups).
CLERGY = re.compile(r"CLERG|CLERIC|PRIEST|MONK|NUN\b|BISHOP|IMAM|RABBI|MULLAH|PREACHER|MISSIONAR|ABBOT|MONAST|CHURCH|"
                    r"DIOCESE|COUNCIL|AUTHORITY|LEADER|ORGANI[SZ]ATION|GROUP|SCHOLAR|PRELATE|HIERARCH|CANTOR|"
                    r"ARCHIMANDRITE|SAINT|AYATOLLAH|PASTOR|POPE|VATICAN|MOSQUE|TEMPLE|SYNOD|PATRIARCH|SHEIKH|MUFTI")
CIVIL_CRAFT = re.compile(r"(SHIP|TANKER|VESSEL|FREIGHTER|JET|AIRLINER|JETLINER|PLANE|AIRCRAFT|BOAT|FERRY)$")
NO_ROLE = Role(None, None, None, None, "names no actor")
BRANCHED = {"GOV", "MIL", "COP"}  # sectors a branch of the state (SPY, LEG) is more specific than
ISO = country_codes()


def plover_code(code: str) -> tuple[str | None, str | None] | None:
    """A CAMEO actor code -> (country, sector); None for the codes that name no actor."""
    return cameo_actor(code, ISO)


# ---- reading ----------------------------------------------------------------------------------------------------


@dataclass
class Problems:
    """Malformed lines: skipped, reported on stderr and in the summary."""

    found: list[str] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        self.found.append(f"{path.name}:{line}: {message}")

    def report(self, problem: InputError) -> None:
        self.found.append(f"{Path(problem.path or '').name}:{problem.line}: {problem.reason}")


def read_actors(path: Path, problems: Problems) -> list[CameoRecord]:
    return read_cameo_records(path, problems.report)


# ---- names -------------------------------------------------------------------------------------------------------

PARTICLES = set("al el bin ibn bint abu de da do dos das del della di du la le van von der den ter y of the and for "
                "in on at to".split())
_ACRONYM = re.compile(r"\(([A-Z][A-Z.\-]{1,9})\)")


def display(phrase: str, acronym_ok: bool = False) -> str:
    """'ABDEL_FATTAH_EL-SISI' -> 'Abdel Fattah el-Sisi': CAMEO writes capitals; we keep a capital on each name word
    (so it only matches capitalised text) and none on particles. With `acronym_ok`, a short one-word alias stays in
    capitals (an acronym: matches only capitals), unless it is a five-letter acronym said as a word, which papers
    write capitalised too ("Hamas", "Stasi", "Daesh", "Unita": two vowels or more)."""
    words = phrase.split()
    letters = re.sub(r"\W", "", phrase)
    said = len(letters) == 5 and sum(c in "AEIOU" for c in letters) >= 2
    if acronym_ok and len(words) == 1 and phrase.isupper() and len(letters) <= 5 and not said:
        return phrase
    out = []
    for word in words:
        parts = re.split(r"(-)", word.lower())
        out.append("".join(p if p == "-" or p in PARTICLES and len(parts) + len(words) > 2 else p[:1].upper() + p[1:]
                           for p in parts))
    return " ".join(out)


def split_acronyms(phrase: str) -> tuple[str, list[str]]:
    """'ANIMAL LIBERATION FRONT (ALF)' -> ('ANIMAL LIBERATION FRONT', ['ALF']); other brackets ("GEORGIA (NATION)")
    are dropped."""
    bare = re.sub(r"\s*\([^)]*\)?\s*", " ", phrase).strip()
    initials = "".join(w[0] for w in re.split(r"[\s\-]+", bare) if w)
    acronyms = [a for a in _ACRONYM.findall(phrase)
                if len(letters := re.sub(r"\W", "", a)) >= 3 and _subsequence(letters, initials)]
    return bare, acronyms


def _subsequence(short: str, long: str) -> bool:
    """'ALF' of 'Animal Liberation Front': an acronym is made of the initials; '(NATION)' is not."""
    rest = iter(long)
    return all(c in rest for c in short)


# ---- entries -----------------------------------------------------------------------------------------------------


@dataclass
class Row:
    kind: str
    name: str
    line: int
    flag: str
    roles: list[Role]
    aliases: list[str]

    def tsv(self) -> str:
        keys: list[str] = []
        for alias in self.aliases:
            for key, case in alias_keys(alias):
                item = f"{key}:{case}"
                if item not in keys:
                    keys.append(item)
        cells = (self.kind, self.name, str(self.line), self.flag, ";".join(format_role(r) for r in self.roles),
                 "|".join(keys))
        return "\t".join(cells)


class Context:
    """What the conversion needs from the hand-written knowledge: country names and words that end organisations."""

    def __init__(self) -> None:
        knowledge = build_knowledge(dictionaries=())
        self.country_names: dict[str, set[str]] = {}
        self.sector_words: set[str] = set()
        self.capitals: dict[str, set[str]] = {}
        self.title_words: set[str] = set()  # not the weak ones: "Christian", "Karen" are first names too
        self.branch_words: dict[str, str] = {}  # sector words of a branch: "security service" -> SPY
        self.place_words: set[str] = set()
        for key, aliases in knowledge.phrases.items():
            for alias in aliases:
                entry = alias.entry
                if entry.kind in {"country", "demonym"} and entry.code:
                    self.country_names.setdefault(entry.code, set()).add(key)
                    self.place_words.add(key)
                if entry.kind == "capital" and entry.code:
                    self.capitals.setdefault(entry.code, set()).add(key)
                if entry.kind == "sector":
                    self.sector_words.add(key)
                    if entry.sector in CAMEO_BRANCHES and entry.sector_kind in {"title", "body"}:
                        self.branch_words[key] = entry.sector
                    if entry.sector_kind != "weak":
                        self.title_words.add(key)
        self.org_words = set(ORG_HEADS) | ORG_WORDS
        self.generic_words = set(ORG_HEADS) | FUNCTION | GENERIC | {w for p in self.sector_words for w in p.split()}

    def is_org(self, name: str, note: str, default_org: bool, dated: bool) -> bool:
        """CAMEO does not say whether an entry is a person or a body: words that end or mark organisations, a
        single word (acronyms), digits; else the file's habit (people in the country file and CountryInfo's
        leaders, bodies in the international and non-state files unless dated like an office holder)."""
        words = fold(name).replace("-", " ").split()
        if "countryinfo" in note.lower().replace(" ", "") or "rulers" in note.lower():
            return any(w in ORG_MARKERS for w in words)  # lists of office holders: people
        if any(w in self.org_words or any(c.isdigit() for c in w) for w in words):
            return True
        if len(words) == 1 and len(words[0]) <= 5:
            return True  # an acronym: "ANSF", "DGSE"
        return default_org and not dated

    def branch(self, aliases: list[str]) -> str | None:
        """The branch (SPY, LEG) a body's name ends in: 'Federal Security Service' -> SPY. The codebook's agents
        list puts security services and secret police under SPY (DIRECTOR_OF_THE_FEDERAL_SECURITY_SERVICE,
        NATIONAL_SECURITY_SERVICE, SECRET_POLICE [~SPY]) where a dictionary may code a body COP or GOV."""
        for alias in aliases:
            words = fold(alias).replace("-", " ").split()
            for i in range(len(words)):
                found = self.branch_words.get(" ".join(words[i:]))
                if found:
                    return found
        return None

    def is_generic(self, alias: str) -> bool:
        """'National Security Council', 'Ministry of Foreign Affairs', 'Supreme Court': every country has one, so
        the name alone names no country. Generic = every word is a word of the hand-written sector words, of the
        words that end organisations, or a function word."""
        words = fold(alias).replace("-", " ").split()
        return all(w in self.generic_words for w in words)

    def country_like(self, alias: str, code: str) -> bool:
        """A misspelling or long form of the country's name ("Afghanestan", "Soviet occupied Afghanistan"), not one
        of its cities or provinces."""
        folded = fold(alias)
        for name in self.country_names.get(code, ()):
            if len(name) >= 4 and (name in folded.split() or name in folded) or \
                    difflib.SequenceMatcher(None, folded, name).ratio() >= 0.8 or same_name(folded, name):
                return True
        return False

    def capital_like(self, alias: str, code: str) -> bool:
        """Another spelling of the country's capital ("Teheran", "Kabol"): the capital, the government when it acts,
        as the hand-written capitals are."""
        return any(same_name(fold(alias), name) for name in self.capitals.get(code, ()))


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name as geoevents.actors.names reads them ("Irak" and "Iraq", "Teheran" and "Tehran")."""
    x, y = skeleton(a), skeleton(b)
    return x == y or min(len(x), len(y)) >= SHORTEST_MISSPELLING and one_edit(x, y)


FUNCTION = set("of the and for on in at to a an 's".split())
GENERIC = set("national supreme federal central state foreign affairs internal home interior security general "
              "public high chief joint special main presidential royal executive higher constitutional armed "
              "information finance economy economic trade industry energy labour labor transport agriculture "
              "environment culture youth sports women social welfare development planning communications "
              "tourism science technology research water resources mines mining oil petroleum commerce "
              "fisheries forestry housing works budget treasury revenue customs audit statistics elections "
              "electoral human rights anti corruption bureau directorate secretariat cabinet presidency "
              "administration staff headquarters intelligence investigation prosecutor prosecutors attorney".split())
QUALIFIERS = set("former ex then acting interim outgoing incoming late deputy".split())
# Titles that are part of how a person is called ("Sheikh Hasina", "Sultan Qaboos", "Prince Charles"): kept.
NAME_TITLES = set("sheikh sheik shaikh sultan shah emir amir prince princess king queen lord lady sir dame mullah "
                  "ayatollah imam".split())
ORG_MARKERS = set("of ministry party council committee assembly army forces government front movement".split())
ORG_WORDS = set("of for and the ministry government national international organization organisation people's "
                "islamic democratic revolutionary liberation popular united republic federal central state states "
                "news times post daily radio tv militia militias rebels mujahideen mujahidin jihad resistance cells "
                "commandos squad squads battalion battalions nuclei struggle action faction brigade brigades".split())


def convert_actor_records(records: list[CameoRecord], ctx: Context, counts: dict[str, int],
                          default_org: bool) -> list[Row]:
    rows = []
    orgs_seen: set[str] = set()
    for rec in records:
        name, acronyms = split_acronyms(rec.name)
        aliases = [name, *acronyms]
        for alias in rec.aliases:
            bare, more = split_acronyms(alias)
            aliases += [bare, *more]
        coded = [(sp, plover_code(sp.code)) for sp in rec.specs]
        if not coded:
            counts["entries without a code"] += 1
            continue
        if all(c is None for _, c in coded):
            rows.append(Row("none", display(name), rec.line, "", [NO_ROLE], [display(a) for a in aliases]))
            continue
        specs = [(sp, c[0], c[1]) for sp, c in coded if c is not None and (c[0] or c[1])]
        if not specs:
            counts["entries with no usable code"] += 1
            continue
        national = all(c not in INTERNATIONAL_CODES and c for _, c, _ in specs)
        if all(s in (None, "PRE") for _, _, s in specs) and national and any(s is None for _, _, s in specs):
            rows.extend(_place_rows(rec, name, aliases, specs, ctx))
            continue
        org = ctx.is_org(name, rec.note, default_org, any(sp.start or sp.end for sp, _, _ in specs)) \
            or is_office(name, ctx)
        kind = "org" if org else "person"
        roles = roles_of(specs)
        branch = ctx.branch(aliases) if org else None
        if branch is not None:
            roles = [replace(r, sector=branch) if r.sector in BRANCHED else r for r in roles]
        shown = [display(a, acronym_ok=org) for a in aliases]
        if org and any(c not in INTERNATIONAL_CODES for _, c, _ in specs):
            generic = [a for a in shown if ctx.is_generic(a)]
            counts["generic names of national bodies left out ('National Security Council')"] += len(generic)
            shown = [a for a in shown if a not in generic]
            if not shown:
                continue
        if org and fold(name) in orgs_seen:
            counts["organisations listed twice in one file (the first kept)"] += 1
            continue
        if org:
            orgs_seen.add(fold(name))
        if org:
            rows.append(Row(kind, display(name), rec.line, "", roles, shown))
        else:  # "Russian President Yeltsin" is Yeltsin
            rows.append(Row(kind, _without_titles([display(name)], ctx)[0], rec.line, "", roles,
                            _without_titles(shown, ctx)))
    return rows


def _without_titles(aliases: list[str], ctx: Context) -> list[str]:
    """'Israeli Prime Minister Ehud Barak' -> 'Ehud Barak', 'U.S. President Carter' -> 'Carter', 'former Georgia
    governor Jimmy Carter' -> 'Jimmy Carter': the resolver reads titles, nationalities and "former" itself, so the
    dictionaries keep the name. A title that is part of how the person is called stays in one alias and leaves the
    other ('Sheikh Hasina Wajed', 'Hasina Wajed'); weak sector words are first names too ('Christian Dupont')."""
    out = []
    prefix_words = ctx.title_words | ctx.place_words | QUALIFIERS
    for alias in aliases:
        tokens = tokenize(alias)
        words = [t.norm for t in tokens]
        i, titled, name_title = 0, False, False
        while i < len(words) - 1:
            found = next((n for n in range(min(4, len(words) - 1 - i), 0, -1)
                          if " ".join(words[i : i + n]) in prefix_words), 0)
            if not found:
                break
            prefix = " ".join(words[i : i + found])
            titled = titled or prefix in ctx.title_words
            name_title = name_title or (i == 0 and found == 1 and prefix in NAME_TITLES)
            i += found
        names = [alias] if name_title and i == 1 else []
        names.append(alias[tokens[i].start :] if titled else alias)
        out.extend(name for name in names if name not in out)
    return out


def is_office(name: str, ctx: Context) -> bool:
    """'American Vice-President', 'US Trade Representative': an office named by country and title, not a person."""
    words = [t.norm for t in tokenize(name)]
    return len(words) > 1 and words[-1] in ctx.sector_words and (
        words[0] in ctx.place_words or words[0] in ctx.sector_words)


def _place_rows(rec: CameoRecord, name: str, aliases: list[str],
                specs: list[tuple[CameoSpec, str | None, str | None]], ctx: Context) -> Iterator[Row]:
    """An entry of country codes: the country now (the default code, else the latest role) and its places."""
    current = [c for sp, c, _ in specs if not (sp.start or sp.end)] or \
        [c for sp, c, _ in sorted(specs, key=lambda x: (x[0].end or "9999", x[0].start or ""))]
    code = current[-1]
    assert code is not None
    role = Role(code, None, None, None, f"[{code}] line {rec.line}")
    names = [display(a) for a in aliases if ctx.country_like(a, code) or a == name]
    places = [display(a) for a in aliases if not (ctx.country_like(a, code) or a == name)]
    yield Row("country", display(name), rec.line, "", [role], names)
    for place in places:
        if ctx.capital_like(place, code):
            yield Row("capital", place, rec.line, "", [role], [place])
            continue
        # a place of the country stands for its people (CVL), as the hand-written cities do
        yield Row("city", place, rec.line, "", [Role(code, "CVL", None, None, role.title)], [place])


# ---- agents ------------------------------------------------------------------------------------------------------

_AGENT_CODE = re.compile(r"\[([^\[\]{}]*)\]")


def plural(word: str) -> str | None:
    """CAMEO's regular plurals: +S, Y -> IES, SS -> SSES; none for a word that already ends in S."""
    if word.endswith("SS") or word.endswith(("CH", "SH", "X", "Z")):
        return word + "ES"
    if word.endswith("S"):
        return None
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    return word + "S"


def read_agents(path: Path, problems: Problems, counts: dict[str, int]) -> list[Row]:
    substitutions: dict[str, list[str]] = {}
    rows: list[Row] = []
    seen: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        line, _ = strip_comment(raw)
        if not line.strip():
            continue
        m = re.match(r"^\s*(![A-Z]+!)\s*=\s*(.*)$", line)
        if m:
            substitutions[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _AGENT_CODE.findall(line)
        head = _AGENT_CODE.sub(" ", line)
        plural_forms = re.findall(r"\{([^{}]*)\}", head)
        head = re.sub(r"\{[^{}]*\}", " ", head).strip()
        if len(codes) != 1 or any(c in head for c in "[]{}") or not head:
            problems.add(path, number, f"unbalanced brackets or no code in {raw.strip()!r}")
            continue
        code = codes[0].strip()
        if code.endswith("~"):
            counts[f"agents coded {code} (before the actor's code) skipped"] += 1
            continue
        mapped = cameo_agent_sector(code)
        forms = _expand(head, substitutions)
        if plural_forms:
            forms += [p for text in plural_forms for p in _expand(text, substitutions)]
        else:
            forms += [p for f in forms if (p := _plural_phrase(f)) is not None and "!" not in head]
        forms = [" ".join(w for w in re.split(r"[_\s]+", f) if w) for f in forms]
        forms = [f for f in forms if f]
        dangling = [f for f in forms if f.split()[0].lower() in BOUNDARY or f.split()[-1].lower() in BOUNDARY]
        if dangling:
            counts["agent phrases that start or end with a preposition ('AMBASSADOR_TO')"] += len(dangling)
        forms = [f for f in dict.fromkeys(forms) if f and f not in seen and f not in dangling]
        seen.update(forms)
        if not forms:
            continue
        if mapped == "":
            # "flood", "Monday" [~JNK]: words that name no actor and that nothing else names either
            counts["agents that name no actor (JNK, NON): nothing to add"] += 1
            continue
        sector = mapped
        if sector is None:
            counts[f"agents with no sector ({code})"] += 1
            continue
        if sector in {"BUS", "CVL"} and CIVIL_CRAFT.search(forms[0]):
            # a merchant ship or an airliner is its unnamed owner's; the sentence's nearest country (often the
            # attacker) would stand in for the owner
            counts["civilian ships and aircraft ('TANKER', 'AIRLINER') left out"] += 1
            continue
        flag = "weak" if sector == "UNK" else "title"
        if sector == "REL" and not any(CLERGY.search(f) for f in forms):
            sector, flag = "CVL", "weak"  # believers, not clergy: a religious group, as the hand-written sectors say
        rows.append(Row("sector", forms[0].lower(), number, flag, [Role(None, sector, None, None, f"[{code}]")],
                        [f.lower() for f in forms]))
    return rows


def _expand(text: str, substitutions: dict[str, list[str]]) -> list[str]:
    marker = re.search(r"![A-Z]+!", text)
    if marker is None:
        return [text.strip()]
    return [out for word in substitutions.get(marker.group(0), [])
            for out in _expand(text[: marker.start()] + word + text[marker.end() :], substitutions)]


def _plural_phrase(phrase: str) -> str | None:
    words = [w for w in re.split(r"[_\s]+", phrase) if w]
    if not words:
        return None
    last = plural(words[-1])
    return None if last is None else " ".join([*words[:-1], last])


# ---- discards and countries.csv ----------------------------------------------------------------------------------


def read_discards(path: Path) -> list[Row]:
    rows = []
    seen: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        line, _ = strip_comment(raw)
        phrase = " ".join(w for w in re.split(r"[_\s]+", line.strip().lstrip("+")) if w)
        if not any(c.isalpha() for c in phrase) or fold(phrase) in seen:
            continue  # years and numbers name nothing anyway
        seen.add(fold(phrase))
        # capitalised: names of teams, events and people ("Manchester United", "British Empire") hide what their
        # words would name; a lower-case "football" names nothing anyway
        rows.append(Row("none", display(phrase), number, "", [NO_ROLE], [display(phrase)]))
    return rows


def read_countries_csv(path: Path) -> list[Row]:
    rows = []
    for line, code, names, demonyms in read_country_table(path):
        if code not in ISO:
            continue
        title = f"[{code}] line {line}"
        rows.append(Row("country", names[0], line, "", [Role(code, None, None, None, title)], names))
        for dem in demonyms:
            plural = is_plural_demonym(dem, demonyms)
            rows.append(Row("demonym", names[0], line, "plural" if plural else "",
                            [Role(code, "CVL" if plural else None, None, None, title)], [dem]))
    return rows


# ---- output ------------------------------------------------------------------------------------------------------

NOTICE = """\
The files in this folder are generated by scripts/build_actor_dictionaries.py (geoevents) from these sources,
converted from CAMEO codes to PLOVER country codes and sectors (see docs/actors.md). Do not edit them: rerun the
script.

phoenix_countries.tsv      <- Phoenix.Countries.actors.txt       (openeventdata/petrarch2, commit 676801c)
phoenix_international.tsv  <- Phoenix.International.actors.txt   (openeventdata/petrarch2)
phoenix_milnonstate.tsv    <- Phoenix.MilNonState.actors.txt     (openeventdata/petrarch2)
phoenix_agents.tsv         <- Phoenix.agents.txt                 (openeventdata/petrarch2)
phoenix_discards.tsv       <- Phoenix.discards.txt               (openeventdata/petrarch2)
plover_agents.tsv          <- PLOVER_agents.txt                  (ahalterman/NGEC-2025, NGEC/assets)
ngec_countries.tsv         <- countries.csv                      (ahalterman/NGEC-2025, NGEC/assets)

The PETRARCH2 dictionaries and PLOVER_agents.txt (which states the same notice) are distributed under this license:

The MIT License (MIT)

Copyright (c) 2014 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

countries.csv is part of NGEC-2025 (ahalterman/NGEC-2025), released under the MIT License with the same terms as
above; the copyright belongs to its authors.
"""


def write(out: Path, source: str, original: str, rows: list[Row]) -> int:
    text = [f"# generated by scripts/build_actor_dictionaries.py from {original} (MIT, see LICENSE); do not edit",
            f"{SOURCE_PREFIX}{original}", "#" + "\t".join(COLUMNS)]
    text += [row.tsv() for row in rows]
    (out / f"{source}.tsv").write_text("\n".join(text) + "\n", encoding="utf-8")
    return len(rows)


def build(shared: Path = SHARED, out: Path = OUT) -> tuple[dict[str, int], list[str], dict[str, int]]:
    """Convert every source; returns (rows per output file, problems, counts of what was left out)."""
    out.mkdir(parents=True, exist_ok=True)
    problems = Problems()
    counts: dict[str, int] = _Counter()
    ctx = Context()
    petrarch, ngec = shared / "petrarch2", shared / "ngec"
    written = {}
    actor_files = {"phoenix_countries": "Phoenix.Countries.actors.txt",
                   "phoenix_international": "Phoenix.International.actors.txt",
                   "phoenix_milnonstate": "Phoenix.MilNonState.actors.txt"}
    for source, name in actor_files.items():
        rows = convert_actor_records(read_actors(petrarch / name, problems), ctx, counts,
                                     default_org=source != "phoenix_countries")
        written[source] = write(out, source, name, rows)
    agents = (("plover_agents", ngec / "PLOVER_agents.txt"), ("phoenix_agents", petrarch / "Phoenix.agents.txt"))
    for source, path in agents:
        written[source] = write(out, source, path.name, read_agents(path, problems, counts))
    written["phoenix_discards"] = write(out, "phoenix_discards", "Phoenix.discards.txt",
                                        read_discards(petrarch / "Phoenix.discards.txt"))
    written["ngec_countries"] = write(out, "ngec_countries", "countries.csv",
                                      read_countries_csv(ngec / "countries.csv"))
    (out / "LICENSE").write_text(NOTICE, encoding="utf-8")
    assert set(written) == set(SOURCES)
    return written, problems.found, dict(counts)


class _Counter(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the folder holding petrarch2/ and ngec/")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    written, problems, counts = build(args.shared, args.out)
    for problem in problems:
        print(f"warning: {problem} (line skipped)", file=sys.stderr)
    for source, n in written.items():
        print(f"{source}: {n} entries")
    for what, n in sorted(counts.items()):
        print(f"left out: {what}: {n}")
    print(f"{len(problems)} malformed lines skipped")


if __name__ == "__main__":
    main()
