"""Finding the knowledge's phrases in a mention: longest match, left to right, with the case rules, the choice among
entries that share a spelling, and the filters that tell a name from a place that looks like one ("Jordan Peterson").
Also the runs of capitalised words that nothing matched: names of people the knowledge does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from geoevents.actors.index import (
    ANY,
    BOUNDARY,
    CAPITAL,
    FUNCTION_WORDS,
    ORG_HEADS,
    UPPER,
    Alias,
    Entry,
    Knowledge,
    Role,
    Word,
    tokenize,
)


@dataclass(frozen=True)
class PhraseMatch:
    """A phrase of the mention found in the knowledge: tokens [start, end), the chosen entry, and the part of the
    mention (0 = head, 1.. = complements) it sits in."""

    start: int
    end: int
    alias: Alias
    part: int
    role: Role
    word: Alias | None = None  # the phrase as a sector word, when a place of that name was chosen ("Union")
    variant: str = ""  # the text as written when it is another spelling of the phrase (geoevents.actors.names)

    @property
    def code(self) -> str | None:
        return self.role.code

    @property
    def sector(self) -> str | None:
        return self.role.sector

    @property
    def entry(self) -> Entry:
        return self.alias.entry

    @property
    def kind(self) -> str:
        return self.alias.entry.kind


PLACE_NAMES = frozenset({"country", "city", "capital"})
# Words around a name that are no part of it: honorifics before, suffixes after.
HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame madam madame mme monsieur herr frau senor senora sr sra "
                       "signor signora hon rev".split())
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())


def _case_ok(alias: Alias, tokens: list[Word], relaxed: bool) -> bool:
    for rule, tok in zip(alias.case, tokens, strict=False):
        if rule == UPPER and not tok.is_upper:
            return False
        if relaxed and rule != UPPER and len(tok.norm) <= 3 and tok.is_upper:
            return False  # in capitals, a short word is an acronym: "ICO" is no town
        if rule == CAPITAL and not relaxed and not tok.is_capitalised:
            return False
        if rule == ANY:
            continue
    return True


def _choose(aliases: list[Alias], date: str | None) -> Alias:
    """Several entries share a spelling: the most specific kind; among people, one in office at the date."""
    best_kind = aliases[0].entry.kind
    same = [a for a in aliases if a.entry.kind == best_kind]
    if len(same) > 1 and date is not None:
        active = [a for a in same if any(r.active(date) for r in a.entry.roles)]
        if active:
            return active[-1]
    # later files (users' own) override the bundled knowledge
    return same[-1] if best_kind in {"person", "org"} else same[0]


def match_phrases(knowledge: Knowledge, tokens: list[Word], date: str | None = None) -> list[PhraseMatch]:
    """Longest-match lookup, left to right."""
    letters = "".join(t.orig for t in tokens)
    relaxed = letters.isupper()  # "TEHRAN SAYS": case tells nothing
    matches: list[PhraseMatch] = []
    part = 0
    i = 0
    n = len(tokens)
    phrases, prefixes = knowledge.phrases, knowledge.prefixes
    while i < n:
        found = None
        # walk right while the words so far begin some phrase; try the longest full phrases first
        key = tokens[i].norm
        candidates = []
        skipped: tuple[int, ...] = ()
        j = i
        while True:
            if key in phrases:
                candidates.append((j + 1, key))
            j += 1
            if j >= n or key not in prefixes:
                break
            if j + 1 < n and is_initial(tokens[j]) and f"{key} {tokens[j].norm}" not in prefixes \
                    and f"{key} {tokens[j].norm}" not in phrases:
                skipped, j = (*skipped, j), j + 1  # a middle initial: "George W. Bush" finds "george bush"
            key = f"{key} {tokens[j].norm}"
        for end, key in reversed(candidates):
            window = [t for x, t in enumerate(tokens[i:end], i) if x not in skipped] if skipped else tokens[i:end]
            aliases = [a for a in phrases[key] if _case_ok(a, window, relaxed)]
            if aliases:
                chosen = _choose(aliases, date)
                roles = chosen.entry.roles
                # organisations change too: the Taliban were rebels until August 2021
                role = chosen.entry.role_at(date)[0] if len(roles) > 1 and chosen.entry.kind == "org" else roles[-1]
                word = next((a for a in aliases if a.entry.kind == "sector"), None) if chosen.entry.kind in \
                    PLACE_NAMES else None
                found = PhraseMatch(i, end, chosen, part, role, word)
                break
        if found is None:
            if tokens[i].norm in BOUNDARY and i > 0 and not tokens[i].joined:
                part += 1
            i += 1
            continue
        matches.append(found)
        i = found.end
    return _drop_name_lookalikes(matches, tokens)


def is_name_word(tok: Word) -> bool:
    return tok.is_capitalised and tok.norm not in FUNCTION_WORDS and tok.norm not in HONORIFICS \
        and not tok.norm.isdigit()


@lru_cache(maxsize=1 << 16)
def name_words(name: str) -> tuple[str, ...]:
    """The normalised words of a known name (cached: tokenising is most of a variant lookup's cost)."""
    return tuple(t.norm for t in tokenize(name))


def is_initial(tok: Word) -> bool:
    """'W.' in 'George W. Bush', 'J' in 'J Smith'."""
    return len(tok.norm) == 1 and tok.orig[:1].isupper() and tok.norm.isalpha()


def _someone_else(m: PhraseMatch, tokens: list[Word], covered: set[int]) -> bool:
    """A known person's name inside a longer unknown name is someone else's: 'Minister Juan Carlos Jobet' is not
    Juan Carlos I, 'Jimmy Morales' not Evo Morales. An unknown name word right after the name, or right before it
    (initials count when they are not the person's: 'V. Putin' is, 'K. Putin' is not), that is no word of the
    person's own name. Honorifics ('Mr', 'Dr') and suffixes ('Jr') are no name words."""
    own = set(name_words(m.entry.name))
    after = m.end
    if after < len(tokens) and after not in covered and is_name_word(tokens[after]) \
            and tokens[after].norm not in own | NAME_SUFFIXES:
        return True
    i = m.start - 1
    while i >= 0 and i not in covered and is_initial(tokens[i]):
        if not any(word.startswith(tokens[i].norm) for word in own):
            return True  # "K. Putin"
        i -= 1
    return i >= 0 and i not in covered and is_name_word(tokens[i]) and not tokens[i].joined \
        and tokens[i].norm not in own


def _drop_name_lookalikes(matches: list[PhraseMatch], tokens: list[Word]) -> list[PhraseMatch]:
    """A city next to an unknown capitalised word is part of a person's name ("Leon Bobb"), not a place. A place
    dropped so that is also a sector word stays that word ("Nigerian Union of Teachers": no town of Union)."""
    covered = {i for m in matches for i in range(m.start, m.end)}
    kept = []
    for m in matches:
        if m.kind == "person" and _someone_else(m, tokens, covered):
            continue
        if _name_lookalike(m, tokens, matches, covered):
            if m.word is not None:
                kept.append(replace(m, alias=m.word, role=m.word.entry.roles[-1], word=None))
            continue
        kept.append(m)
    return kept


def _name_lookalike(m: PhraseMatch, tokens: list[Word], matches: list[PhraseMatch], covered: set[int]) -> bool:
    if len(tokens) == 2 and len(covered) == 1 and m.kind in {"country", "city", "capital"} \
            and is_name_word(tokens[1 - m.start]):
        return True  # "Jordan Peterson", "Chad Smith": a first name
    if m.kind == "city" and not _city_as_actor(m, tokens, matches):
        return True  # "Normal operation", "Mobile phones": a small city's name used as a word
    if m.kind in {"city", "capital"}:
        before = m.start - 1
        after = m.end
        return (before >= 0 and before not in covered and is_name_word(tokens[before])) or (
            after < len(tokens) and after not in covered and is_name_word(tokens[after]))
    return False


def backing(tokens: list[Word], m: PhraseMatch) -> bool:
    """'US-backed', 'Iranian-led', 'pro-Iranian': the country stands behind the actor, it is not the actor."""
    if m.start > 0 and tokens[m.start].joined and tokens[m.start - 1].norm in {"pro", "anti"}:
        return True
    return m.end < len(tokens) and tokens[m.end].joined and tokens[m.end].norm in {"backed", "led", "funded",
                                                                                   "trained", "allied", "supported"}


def _city_as_actor(m: PhraseMatch, tokens: list[Word], matches: list[PhraseMatch]) -> bool:
    """A (non-capital) city counts when it is the whole mention, follows a preposition ("militias in Tripoli"), or
    modifies a sector word ("Shanghai authorities", "Minsk police station")."""
    if m.start == 0 and m.end == len(tokens):
        return True
    if m.start > 0 and tokens[m.start - 1].norm in BOUNDARY | {"the"}:
        return True
    after = m.end + 1 if m.end < len(tokens) and tokens[m.end].norm == "'s" else m.end
    return any(x.start == after and x.kind == "sector" for x in matches)


def person_names(tokens: list[Word], matches: list[PhraseMatch], unknown: list[list[Word]]) -> list[list[Word]]:
    """Unknown capitalised runs that look like people's names: two words or more, or one word right after a title,
    and no word of an organisation's name ("Ministry of Health", "Foreign Terrorist Organization")."""
    titles = {m.end for m in matches if m.kind == "sector" and m.entry.sector_kind in {"title", "rank", "generic"}}
    sector_starts = {m.start for m in matches if m.kind == "sector"}
    index = {tok.start: i for i, tok in enumerate(tokens)}
    out = []
    for run in unknown:
        first, last = index[run[0].start], index[run[-1].start]
        if any(t.norm in ORG_HEADS for t in run) or last + 1 in sector_starts:
            continue
        if last + 1 < len(tokens) and tokens[last + 1].norm in ORG_HEADS:
            continue
        if len(run) >= 2 or first in titles:
            out.append(run)
    return out


def unknown_names(tokens: list[Word], matches: list[PhraseMatch]) -> list[list[Word]]:
    """Runs of capitalised tokens that nothing matched: names of people the knowledge does not hold."""
    covered = {i for m in matches for i in range(m.start, m.end)}
    runs: list[list[Word]] = []
    current: list[Word] = []
    for i, tok in enumerate(tokens):
        if i not in covered and is_name_word(tok) and not (i == 0 and tok.norm in FUNCTION_WORDS):
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


__all__ = ["PhraseMatch", "backing", "is_name_word", "match_phrases", "person_names", "unknown_names"]
