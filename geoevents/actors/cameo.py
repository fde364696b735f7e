"""Read CAMEO / Phoenix / PETRARCH actor dictionaries: users' own files by path (`--actors-file`), and the open
dictionaries that scripts/build_actor_dictionaries.py converts into the bundled knowledge, with one reader.

The format, as those dictionaries write it:

    # comment                                  (also ';' after a space)
    VLADIMIR_PUTIN_  [RUSGOV 000507-080507]    a phrase, words joined by '_', then one or more [CODE DATES]
    +PUTIN_                                    '+' lines are aliases of the entry above
    +V._PUTIN_
                     [RUSGOV >120507]          a line of only codes adds roles to the entry above
    BORIS_YELTSIN_                             a phrase with no code of its own, followed by more phrases: one entry
    PRESIDENT_YELTSIN                          (PETRARCH reads them so), whose codes follow
                     [RUSGOV 910710-991231]
    JOHN_DOE_ [USAELI]

Dates are YYMMDD (or YYYYMMDD): `<D` until D, `>D` from D (also written `> D`), `D1-D2` between. A code is
3-letter chunks, read into PLOVER by geoevents.vocabulary.cameo_actor (the country or international code, the
sector). A code of a lone sector chunk (`[~MIL]` or `[MIL]`) makes the phrase a sector word. An undated code is the
default, which holds where no dated role does (`roles_of`).

Real dictionaries have quirks: a line that cannot be read (a date like '>201005011', '[~ENV}') is skipped and reported
to `on_problem` with its file and line (by default logged as a warning); the rest of the file loads.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geoevents.actors.index import Entry, KnowledgeBuilder, Role
from geoevents.errors import InputError
from geoevents.tsv import read_tsv
from geoevents.vocabulary import cameo_actor

COUNTRIES_FILE = Path(__file__).resolve().parent / "data" / "countries.tsv"
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_RESTRICTION = re.compile(r"^(?:<(\d+)|>(\d+)|(\d+)-(\d+))$")
log = logging.getLogger("geoevents.actors")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The PLOVER country codes of the bundled countries.tsv (ISO 3166 alpha-3 and KOS)."""
    return frozenset(row["code"].strip() for _line, row in read_tsv(COUNTRIES_FILE, "actor file"))


@dataclass
class CameoSpec:
    """One [CODE DATES] of an entry, as written, with its line."""

    code: str
    start: str | None
    end: str | None
    line: int
    text: str

    @property
    def title(self) -> str:
        """How a role from this code names its source: "[RUSGOV >120507] line 5"."""
        return f"[{self.text}] line {self.line}"


@dataclass
class CameoRecord:
    """One entry of a CAMEO actor dictionary: its phrase, the comment of its first line, aliases and codes."""

    name: str
    line: int
    note: str
    aliases: list[str] = field(default_factory=list)
    specs: list[CameoSpec] = field(default_factory=list)
    open: bool = True  # no code, blank line or comment yet: a next phrase joins it (PETRARCH's reading)


def iso_date(raw: str) -> str | None:
    """YYMMDD (years below 30 are 20xx) or YYYYMMDD -> YYYY-MM-DD; None when it is no calendar date."""
    if len(raw) == 6:
        year = int(raw[:2])
        raw = f"{2000 + year if year < 30 else 1900 + year}{raw[2:]}"
    if len(raw) != 8:
        return None
    year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:8])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= month <= 12 and 1 <= day <= days[month - 1]):
        return None
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"


def parse_spec(text: str, line: int) -> CameoSpec | str:
    """'EGYGOV > 140608' -> CameoSpec; a message when it cannot be read."""
    parts = text.split()
    if not parts:
        return "empty code in [ ]"
    restriction = "".join(parts[1:])  # "> 140608" is ">140608"
    if not restriction:
        return CameoSpec(parts[0], None, None, line, text.strip())
    m = _RESTRICTION.match(restriction)
    iso = [iso_date(d) for d in m.groups() if d is not None] if m else []
    if m is None or None in iso:
        return f"bad date restriction {restriction!r} (expected <YYMMDD, >YYMMDD or YYMMDD-YYMMDD)"
    before, after, _first, _last = m.groups()
    shown = " ".join(parts)
    if before:
        return CameoSpec(parts[0], None, iso[0], line, shown)
    if after:
        return CameoSpec(parts[0], iso[0], None, line, shown)
    return CameoSpec(parts[0], iso[0], iso[1], line, shown)


def strip_comment(raw: str) -> tuple[str, str]:
    """(content, comment): '#' starts a comment anywhere, ';' at the start or after a space (TABARI's comments)."""
    m = re.search(r"#|(?:^|\s);", raw)
    if m is None:
        return raw.rstrip(), ""
    return raw[: m.start()].rstrip(), raw[m.end() :].strip()


def phrases(head: str) -> list[str]:
    """'ADEN_ISLAMIC_ARMY_+JAYSH_ADAN_' -> ['ADEN ISLAMIC ARMY', 'JAYSH ADAN']: '_' and spaces separate words."""
    return [p for p in (" ".join(w for w in re.split(r"[_\s]+", part) if w) for part in head.split("+")) if p]


def read_cameo_records(path: Path, on_problem: Callable[[InputError], None]) -> list[CameoRecord]:
    """The entries of a CAMEO actor dictionary with their codes as written. A malformed line goes to `on_problem`
    and is skipped."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read CAMEO dictionary: {exc.strerror}", str(path)) from exc
    records: list[CameoRecord] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line, comment = strip_comment(raw)
        if not line.strip():
            if records:
                records[-1].open = False  # a blank or comment line ends a group of phrases without codes
            continue
        problem = _read_line(line, raw, number, comment, records)
        if problem:
            on_problem(InputError(problem, str(path), number))
    return records


def _read_line(line: str, raw: str, number: int, comment: str, records: list[CameoRecord]) -> str:
    """Add one line to `records`; the problem when it cannot be read ('' when none)."""
    head = re.sub(r"\{[^{}]*\}", " ", _BRACKET.sub(" ", line)).strip()  # agents' {PLURAL} forms are no names
    if any(c in head for c in "[]{}"):
        return f"unbalanced brackets in {raw.strip()!r}"
    specs = [parse_spec(c, number) for c in _BRACKET.findall(line)]
    bad = [s for s in specs if isinstance(s, str)]
    if bad:
        return bad[0]
    good = [s for s in specs if isinstance(s, CameoSpec)]
    names = phrases(head)
    if head.startswith("+") or not head:
        if not records:
            return "alias line '+' before any entry" if head else "code line before any entry"
        records[-1].aliases.extend(names)
    elif not good and ": " in head:
        return f"not an entry: {raw.strip()!r} (a phrase with a colon and no code)"  # "Source: MNC.MLH.actors"
    elif records and records[-1].open and not records[-1].specs:
        records[-1].aliases.extend(names)  # "BORIS_YELTSIN_" then "PRESIDENT_YELTSIN": one entry
    else:
        records.append(CameoRecord(names[0], number, comment, names[1:]))
    records[-1].specs.extend(good)
    if good:
        records[-1].open = False
    return ""


def roles_of(specs: list[tuple[CameoSpec, str | None, str | None]]) -> list[Role]:
    """(spec, PLOVER code, sector) -> roles: dated ones as they are; the last undated code (CAMEO's default) over the
    gaps between them. Without a default, the resolver makes a person ELI after the last role (`Entry.role_at`)."""
    dated = [Role(c, s, sp.start, sp.end, sp.title) for sp, c, s in specs if sp.start or sp.end]
    defaults = [(sp, c, s) for sp, c, s in specs if not (sp.start or sp.end)]
    if not defaults:
        return dated
    sp, code, sector = defaults[-1]
    title = f"{sp.title} (default)"
    if not dated:
        return [Role(code, sector, None, None, title)]
    forever = "9999-99-99"
    cursor = ""  # covered up to here; "" = the beginning of time
    gaps = []
    for start, end in sorted((r.start or "", r.end or forever) for r in dated):
        if start > cursor:
            gaps.append(Role(code, sector, cursor or None, start, title))
        cursor = max(cursor, end)
    if cursor < forever:
        gaps.append(Role(code, sector, cursor, None, title))
    return dated + gaps


def parse_code(code: str, countries: Collection[str] | None = None) -> tuple[str | None, str | None]:
    """'RUSGOV' -> ('RUS', 'GOV'); 'IGOUNO' -> ('UNO', None); '~MED' -> (None, 'JRN') (CAMEO's MED is the media);
    codes that name no actor (JNK, '---') -> (None, None). See geoevents.vocabulary.cameo_actor."""
    return cameo_actor(code, country_codes() if countries is None else countries) or (None, None)


def _warn(problem: InputError) -> None:
    log.warning("%s", problem)


def parse_cameo(path: Path, on_problem: Callable[[InputError], None] | None = None,
                countries: Collection[str] | None = None) -> list[tuple[str, list[str], list[Role], int]]:
    """Entries of a CAMEO actor dictionary: (name, aliases, roles, line), codes read into PLOVER. A malformed line
    goes to `on_problem` (default: a logged warning) and is skipped."""
    known = country_codes() if countries is None else countries
    entries = []
    for record in read_cameo_records(path, on_problem or _warn):
        specs = [(sp, *parse_code(sp.code, known)) for sp in record.specs]
        entries.append((record.name, record.aliases, roles_of(specs), record.line))
    return entries


def add_cameo_dictionary(b: KnowledgeBuilder, path: Path) -> None:
    """Add every entry of a CAMEO dictionary. Entries without a code are skipped (nothing says what they are); lone
    sector codes become sector words; malformed lines are skipped into `b.problems`."""
    for name, aliases, roles, line in parse_cameo(path, b.problems.append):
        roles = [r for r in roles if r.code or r.sector]
        if not roles:
            continue
        source = f"{path.name}:{line}"
        if all(r.code is None for r in roles):
            entry = Entry("sector", name.title(), (roles[0],), source, sector_kind="title")
        else:
            entry = Entry("person", name.title(), tuple(roles), source)
        for alias in [name, *aliases]:
            # CAMEO writes everything in capitals: match any case, so give the alias in lower case
            b.add(alias.lower(), entry)


__all__ = ["CameoRecord", "CameoSpec", "add_cameo_dictionary", "country_codes", "parse_cameo", "parse_code",
           "read_cameo_records", "roles_of"]
