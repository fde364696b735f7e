"""Finding the knowledge's phrases in a mention: longest match, left to right, with the case rules, the choice among
entries that share a spelling, and the filters that tell a name from a place that looks like one ("Jordan Peterson").
Also the runs of capitalised words that nothing matched: names of people the knowledge does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        j = i
        while True:
            if key in phrases:
                candidates.append((j + 1, key))
            j += 1
            if j >= n or key not in prefixes:
                break
            key = f"{key} {tokens[j].norm}"
        for end, key in reversed(candidates):
            window = tokens[i:end]
            aliases = [a for a in phrases[key] if _case_ok(a, window, relaxed)]
            if aliases:
                chosen = _choose(aliases, date)
                roles = chosen.entry.roles
                # organisations change too: the Taliban were rebels until August 2021
                role = chosen.entry.role_at(date)[0] if len(roles) > 1 and chosen.entry.kind == "org" else roles[-1]
                found = PhraseMatch(i, end, chosen, part, role)
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
    return tok.is_capitalised and tok.norm not in FUNCTION_WORDS and not tok.norm.isdigit()


def _drop_name_lookalikes(matches: list[PhraseMatch], tokens: list[Word]) -> list[PhraseMatch]:
    """A city next to an unknown capitalised word is part of a person's name ("Leon Bobb"), not a place."""
    covered = {i for m in matches for i in range(m.start, m.end)}
    kept = []
    for m in matches:
        if len(tokens) == 2 and len(covered) == 1 and m.kind in {"country", "city", "capital"} \
                and is_name_word(tokens[1 - m.start]):
            continue  # "Jordan Peterson", "Chad Smith": a first name
        if m.kind == "city" and not _city_as_actor(m, tokens, matches):
            continue  # "Normal operation", "Mobile phones": a small city's name used as a word
        if m.kind in {"city", "capital"}:
            before = m.start - 1
            after = m.end
            if (before >= 0 and before not in covered and is_name_word(tokens[before])) or (
                after < len(tokens) and after not in covered and is_name_word(tokens[after])
            ):
                continue
        kept.append(m)
    return kept


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
