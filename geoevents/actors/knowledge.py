"""Actor knowledge: the data files under geoevents/actors/data/ (and users' own files) loaded into one phrase index.

Every name, alias, demonym, city and sector word becomes a normalised token sequence (see `tokenize`) that maps to
one or more `Entry` records. The resolver looks phrases up by longest match, so loading builds plain dicts once and
every lookup afterwards is a dict access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from geoevents.errors import InputError
from geoevents.tsv import read_tsv, tsv_header
from geoevents.vocabulary import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTOR_FILE = "actor file"  # how errors name the files read here

# Kinds of entries, most specific first: when one phrase names several kinds, the earlier kind wins.
KINDS = ("person", "org", "region", "country", "demonym", "capital", "city", "sector")
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}

# Sector-word kinds (column `kind` of sectors.tsv).
SECTOR_KINDS = ("title", "person", "body", "generic", "rank", "weak", "qualified")

# Case rule per token of an alias: 0 any case, 1 must start with a capital, 2 must be all capitals (acronyms).
ANY, CAPITAL, UPPER = 0, 1, 2

_TOKEN_RE = re.compile(r"['’]s\b|[^\W_]+(?:\.[^\W_]+)*\.?")


class Token(NamedTuple):
    """One token of a text: `norm` is the lookup form (accents folded, lower case, no dots)."""

    norm: str
    orig: str
    start: int
    end: int
    joined: bool = False  # written right after a hyphen: "Somalia-based"

    @property
    def is_capitalised(self) -> bool:
        return self.orig[:1].isupper()

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.orig if c.isalpha()]
        return len(letters) > 0 and all(c.isupper() for c in letters)


def tokenize(text: str) -> list[Token]:
    """Split on spaces, hyphens and punctuation; keep possessive 's as a token; drop dots inside 'U.S.'."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        orig = m.group(0)
        norm = "'s" if orig[0] in "'’" else fold(orig).replace(".", "")
        if norm:
            start = m.start()
            out.append(Token(norm, orig, start, m.end(), start > 0 and text[start - 1] == "-"))
    return out


def phrase_key(tokens: Iterable[Token]) -> str:
    return " ".join(t.norm for t in tokens)


@dataclass(frozen=True)
class Role:
    """One dated role of a person or organisation. Dates are ISO strings; None is open."""

    code: str | None
    sector: str | None
    start: str | None = None
    end: str | None = None
    title: str = ""

    def active(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True)
class Entry:
    """What a phrase names. Places, countries and sector words carry one undated role."""

    kind: str
    name: str
    roles: tuple[Role, ...]
    source: str
    sector_kind: str = ""  # for sector words: one of SECTOR_KINDS
    plural: bool = False  # demonyms used as nouns for people ("Iraqis")

    @property
    def code(self) -> str | None:
        return self.roles[-1].code if self.roles else None

    @property
    def sector(self) -> str | None:
        return self.roles[-1].sector if self.roles else None

    def role_at(self, date: str | None) -> tuple[Role, str]:
        """The role at `date` and how it was chosen; ELI (a former office holder) once the last role before the date
        has ended. Without a date, the most recent role."""
        ordered = sorted(self.roles, key=lambda r: (r.start or "", r.end or "9999"))
        if date is None:
            return ordered[-1], "most recent role (no date)"
        active = [r for r in ordered if r.active(date)]
        if active:
            return active[-1], f"role at {date}"
        past = [r for r in ordered if r.end is not None and r.end <= date]
        if past:
            last = max(past, key=lambda r: r.end or "")
            return Role(last.code, "ELI", last.end, None, f"former {last.title}".strip()), f"role ended before {date}"
        first = ordered[0]
        return Role(first.code, None, None, first.start, first.title), f"before first role ({first.start})"


@dataclass(frozen=True)
class Alias:
    """An entry reachable by one spelling; `case` holds the case rule of each token."""

    entry: Entry
    case: tuple[int, ...]


@dataclass(frozen=True)
class Knowledge:
    """The phrase index: normalised phrase -> aliases, and the longest phrase length."""

    phrases: dict[str, tuple[Alias, ...]] = field(default_factory=dict)
    max_len: int = 1
    files: tuple[str, ...] = ()
    prefixes: frozenset[str] = frozenset()  # every proper prefix of a phrase: longest match stops early
    # (phrase, entry name) of organisation aliases that are the tail of a longer alias of the same organisation:
    # "Security Council" of "UN Security Council". Other countries have bodies called that too.
    shortened: frozenset[tuple[str, str]] = frozenset()

    def lookup(self, key: str) -> tuple[Alias, ...]:
        return self.phrases.get(key, ())


def case_rule(alias: str | list[Token]) -> tuple[int, ...]:
    """Acronyms (US, UK, DPRK) must be written in capitals; capitalised names must be capitalised."""
    rules = []
    for tok in tokenize(alias) if isinstance(alias, str) else alias:
        if tok.norm == "'s":
            rules.append(ANY)
        elif tok.is_upper and len([c for c in tok.orig if c.isalpha()]) >= 2:
            rules.append(UPPER)
        elif tok.is_capitalised:
            rules.append(CAPITAL)
        else:
            rules.append(ANY)
    return tuple(rules)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _date(cell: str, path: Path, line: int) -> str | None:
    cell = cell.strip()
    if not cell:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", cell):
        raise InputError(f"bad date {cell!r} (expected YYYY-MM-DD)", str(path), line)
    return cell


class _Builder:
    """Collects aliases; `build` freezes them into a Knowledge."""

    def __init__(self) -> None:
        self.phrases: dict[str, list[Alias]] = {}
        self.files: list[str] = []

    def add(self, alias: str, entry: Entry) -> None:
        tokens = tokenize(alias)
        if not tokens:
            return
        key = phrase_key(tokens)
        found = self.phrases.setdefault(key, [])
        found.append(Alias(entry, case_rule(tokens)))
        # "the Ivory Coast" should also be found as "Ivory Coast"
        if len(tokens) > 1 and tokens[0].norm == "the":
            self.add(alias[tokens[1].start :], entry)

    def build(self) -> Knowledge:
        frozen = {k: tuple(sorted(v, key=lambda a: KIND_RANK[a.entry.kind])) for k, v in self.phrases.items()}
        longest = max((len(k.split(" ")) for k in frozen), default=1)
        prefixes = set()
        for key in frozen:
            words = key.split(" ")
            for n in range(1, len(words)):
                prefixes.add(" ".join(words[:n]))
        return Knowledge(frozen, longest, tuple(self.files), frozenset(prefixes), _shortened(frozen))


def _shortened(phrases: dict[str, tuple[Alias, ...]]) -> frozenset[tuple[str, str]]:
    by_org: dict[str, set[str]] = {}
    for key, aliases in phrases.items():
        for alias in aliases:
            if alias.entry.kind == "org":
                by_org.setdefault(alias.entry.name, set()).add(key)
    out = set()
    for name, keys in by_org.items():
        for key in keys:
            if any(other.endswith(f" {key}") for other in keys):
                out.add((key, name))
    return frozenset(out)


def _load_countries(b: _Builder, data: Path) -> dict[str, str]:
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


def _load_places(b: _Builder, data: Path, capitals: dict[str, str]) -> None:
    path = data / "cities.tsv"
    for line, row in read_tsv(path, ACTOR_FILE):
        code = row["code"].strip()
        is_capital = row["capital"].strip() == "1" or capitals.get(code) == row["name"].strip()
        kind = "capital" if is_capital else "city"
        b.add(row["name"], Entry(kind, row["name"].strip(), (Role(code, None if is_capital else "CVL"),),
                                 f"{path.name}:{line}"))
    path = data / "regions.tsv"
    for line, row in read_tsv(path, ACTOR_FILE):
        role = Role(row["code"].strip(), row["sector"].strip() or None)
        for alias in _split(row["names"]):
            # a row lists places of one country that share a sector; each is named as written
            b.add(alias, Entry("region", alias, (role,), f"{path.name}:{line}"))


def _load_sectors(b: _Builder, path: Path) -> None:
    for line, row in read_tsv(path, ACTOR_FILE):
        kind = row.get("kind", "title").strip() or "title"
        if kind not in SECTOR_KINDS:
            raise InputError(f"unknown sector word kind {kind!r}; use one of {', '.join(SECTOR_KINDS)}", str(path),
                             line)
        sector = row["sector"].strip()
        for word in _split(row["words"]):
            b.add(word, Entry("sector", word, (Role(None, sector),), f"{path.name}:{line}", sector_kind=kind))


def load_actor_table(b: _Builder, path: Path, kind: str | None = None) -> None:
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


def load_user_file(b: _Builder, path: Path) -> None:
    """A user's file: our TSV format (header starting with `name`), a sector-word TSV (`words`), or a CAMEO
    actor dictionary (anything else)."""
    from geoevents.actors.cameo import add_cameo_dictionary

    if not path.is_file():
        raise InputError("actor file not found", str(path))
    b.files.append(str(path))
    first_column = (tsv_header(path, ACTOR_FILE) or [""])[0]
    if path.suffix in {".tsv", ".txt"} and first_column == "name":
        kind = None if path.name.startswith(("people", "org")) else "person"
        load_actor_table(b, path, kind)
        return
    if first_column == "words":
        _load_sectors(b, path)
        return
    add_cameo_dictionary(b, path)


def build_knowledge(extra_files: tuple[str, ...] = (), data: Path = DATA_DIR) -> Knowledge:
    b = _Builder()
    capitals = _load_countries(b, data)
    _load_places(b, data, capitals)
    _load_sectors(b, data / "sectors.tsv")
    load_actor_table(b, data / "organisations.tsv", "org")
    load_actor_table(b, data / "people.tsv", "person")
    b.files.extend(str(data / n) for n in ("countries.tsv", "country_names.tsv", "cities.tsv", "regions.tsv",
                                           "sectors.tsv", "organisations.tsv", "people.tsv"))
    for extra in extra_files:
        load_user_file(b, Path(extra))
    return b.build()


@lru_cache(maxsize=8)
def cached_knowledge(extra_files: tuple[str, ...] = ()) -> Knowledge:
    """The knowledge is immutable once built: build it once per set of extra files."""
    return build_knowledge(extra_files)
