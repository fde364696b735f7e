"""The actor knowledge's phrase index: how a text splits into words, the records a phrase leads to, and the
builder that collects aliases into an immutable `Knowledge`.

Every name, alias, demonym, city and sector word becomes a normalised word sequence (see `tokenize`) that maps to
one or more `Entry` records. The resolver looks phrases up by longest match, so loading builds plain dicts once and
every lookup afterwards is a dict access. The data files are read by geoevents.actors.knowledge (and CAMEO
dictionaries by geoevents.actors.cameo), both through `KnowledgeBuilder`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from geoevents.errors import InputError
from geoevents.vocabulary import fold

# Kinds of entries, most specific first: when one phrase names several kinds, the earlier kind wins. "none": the
# phrase names no actor ("Manchester United", "British Empire": the discards of the open dictionaries).
KINDS = ("none", "person", "org", "region", "country", "demonym", "capital", "city", "sector")
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}

# Sector-word kinds (column `kind` of sectors.tsv).
SECTOR_KINDS = ("title", "person", "body", "generic", "rank", "weak", "qualified")

# Case rule per token of an alias: 0 any case, 1 must start with a capital, 2 must be all capitals (acronyms).
ANY, CAPITAL, UPPER = 0, 1, 2

_TOKEN_RE = re.compile(r"['’]s\b|[^\W_]+(?:\.[^\W_]+)*\.?")

# Words that end the head of a mention and start a complement: "Ministry | of Mines", "rebels | in Darfur".
BOUNDARY = frozenset(
    "of to in at from for on with near across against based loyal operating living ordered fleeing who which that "
    "by over under inside outside around along into during after before since named called".split()
)
# Words that are never part of a name.
FUNCTION_WORDS = frozenset(
    "the a an and or of to in at from for on with by some two three four five six seven eight nine ten dozen "
    "dozens hundreds thousands several many few its their his her this that these those new top senior current "
    "over about up more than 's was were is are be been has have had".split()
) | BOUNDARY
# Words that end the names of organisations and events, never of people: "Foreign Terrorist Organization" is no one.
ORG_HEADS = frozenset(
    "organization organisation centre center committee council association union party front movement forum agency "
    "company corporation corp inc ltd group bank university college school hospital clinic appeal fund foundation "
    "institute authority office commission service services network league alliance coalition federation ministry "
    "department board court tribunal army force forces brigade brigades corps guard police airport station port "
    "embassy academy church mosque temple day act law treaty agreement accord plan program programme project summit "
    "conference games cup festival prize award war crisis affairs health defence defense justice education".split()
)


class Word(NamedTuple):
    """One word of a text as the knowledge reads it (not a spaCy token): `norm` is the lookup form (accents folded,
    lower case, no dots)."""

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


def tokenize(text: str) -> list[Word]:
    """Split on spaces, hyphens and punctuation; keep possessive 's as a token; drop dots inside 'U.S.'."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        orig = m.group(0)
        norm = "'s" if orig[0] in "'’" else fold(orig).replace(".", "")
        if norm:
            start = m.start()
            out.append(Word(norm, orig, start, m.end(), start > 0 and text[start - 1] == "-"))
    return out


def phrase_key(tokens: Iterable[Word]) -> str:
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
        has ended. Without a date, the most recent office (any role but ELI), else the most recent role: an
        undated mention names the person by what they are known as, not by what they are on some day (the
        dictionaries' ELI roles fill the years around the offices)."""
        ordered = sorted(self.roles, key=lambda r: (r.start or "", r.end or "9999"))
        if date is None:
            offices = [r for r in ordered if r.sector != "ELI"]
            if offices and offices[-1] is not ordered[-1]:
                return offices[-1], "most recent office (no date)"
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
class Variants:
    """What finds names written another way (geoevents.actors.names): place words under their skeleton, people
    under the consonants of their surname."""

    places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    surnames: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    given: frozenset[str] = frozenset()  # first words of people's names: "President John" names no Radek John


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
    problems: tuple[InputError, ...] = ()  # lines of users' files skipped as malformed
    variants: Variants = field(default_factory=Variants)

    def lookup(self, key: str) -> tuple[Alias, ...]:
        return self.phrases.get(key, ())


def case_rule(alias: str | list[Word]) -> tuple[int, ...]:
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


class KnowledgeBuilder:
    """Collects aliases (`add`) and the files they came from (`add_file`); `build` freezes them into a Knowledge."""

    def __init__(self) -> None:
        self.phrases: dict[str, list[Alias]] = {}
        self.files: list[str] = []
        self.problems: list[InputError] = []  # malformed lines skipped (users' CAMEO dictionaries)

    def add(self, alias: str, entry: Entry) -> None:
        tokens = tokenize(alias)
        if not tokens:
            return
        self.add_alias(phrase_key(tokens), Alias(entry, case_rule(tokens)))
        # "the Ivory Coast" should also be found as "Ivory Coast"
        if len(tokens) > 1 and tokens[0].norm == "the":
            self.add(alias[tokens[1].start :], entry)

    def add_alias(self, key: str, alias: Alias) -> None:
        """An alias under its normalised phrase (`phrase_key`): the converted dictionaries come normalised."""
        self.phrases.setdefault(key, []).append(alias)

    def add_file(self, path: str) -> None:
        self.files.append(path)

    def build(self) -> Knowledge:
        frozen = {k: tuple(sorted(v, key=lambda a: KIND_RANK[a.entry.kind])) for k, v in self.phrases.items()}
        longest = max((len(k.split(" ")) for k in frozen), default=1)
        prefixes = set()
        for key in frozen:
            words = key.split(" ")
            for n in range(1, len(words)):
                prefixes.add(" ".join(words[:n]))
        return Knowledge(frozen, longest, tuple(self.files), frozenset(prefixes), _shortened(frozen),
                         tuple(self.problems))


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


__all__ = [
    "ANY",
    "BOUNDARY",
    "CAPITAL",
    "FUNCTION_WORDS",
    "KINDS",
    "ORG_HEADS",
    "SECTOR_KINDS",
    "UPPER",
    "Alias",
    "Entry",
    "Knowledge",
    "KnowledgeBuilder",
    "Role",
    "Variants",
    "Word",
    "case_rule",
    "phrase_key",
    "tokenize",
]
