"""Names as people write them: what the exact phrase lookup (geoevents.actors.phrases) misses.

- Variant names of countries, capitals and major cities ("Teheran", "Kazakstan", "Irak"): a capitalised word nothing
  matched, of four letters or more, equal to exactly one word of those names once both are written in a common
  transliteration (`skeleton`: kh = h, q = k, zh = j, y = i, doubled letters once ...). The word is read as that name
  and the mention matched again, so a corrected place next to an unknown name is still part of a person's name
  ("Mohammad Tehrani"). A word one edit away is not corrected: in real news that is mostly an ordinary word
  ("Change" for Changde, "Hungry" for Hungary); the dictionaries' own misspellings ("Afghanestan") stay phrases.
- People in another transliteration ("Kassym-Jomart Tokayev" for "Kasymzhomart Tokayev", "Sergei Lavrov" for
  "Sergey Lavrov"): an unknown full name whose surname and given names are close to exactly one known person's.
- A surname after a title or an honorific ("President Tokayev", "Mrs. Thatcher"), at a date: the one known person
  with that surname who holds an office at that date. Without a date, never.
- "Surname, Given" ("Putin, Vladimir"): read in the other order when that names a known person.

The indexes (`Variants`) are built with the knowledge (`build_variants`): the words of the hand-written places, and
every known person's surname under its consonants, so a lookup is a few dict accesses and short comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from geoevents.actors.index import Alias, Entry, Knowledge, Variants, Word, case_rule
from geoevents.actors.phrases import HONORIFICS, PhraseMatch, is_name_word, match_phrases, name_words

# Spellings that transliterations swap.
TRANSLITERATIONS = {"dzh": "j", "zh": "j", "dj": "j", "kh": "h", "gh": "g", "dh": "d", "th": "t", "ph": "f", "ck": "k",
                    "ou": "u", "ee": "i", "oo": "u", "q": "k", "w": "v", "y": "i"}
_SPELLINGS = re.compile("|".join(sorted(TRANSLITERATIONS, key=len, reverse=True)))
_DOUBLED = re.compile(r"(.)\1+")
_GLIDE = re.compile(r"(?<=[aeo])i(?=[aeiou])")  # a y between vowels is often left out: "Tokayev", "Tokaev"
_NO_VOWELS = str.maketrans("", "", "aeiou")
PLACE_KINDS = frozenset({"country", "capital", "demonym"})
SHORTEST_VARIANT = 4  # letters of a surname written another way ("Tokaev")
SHORTEST_PLACE_VARIANT = 5  # letters of a place word written another way: four-letter ones are names ("Pert", "Fuju")
SHORTEST_MISSPELLING = 6  # letters, for one edit away ("Schlueter", and capitals in the dictionary build)
CLOSE = 0.8  # SequenceMatcher ratio of two spellings of one name
TITLE_KINDS = frozenset({"title", "rank"})


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A word in a common transliteration: 'Qadhafi' -> 'kadafi', 'Tokayev' -> 'tokaiev', 'Teheran' -> 'teheran'."""
    common = _SPELLINGS.sub(lambda m: TRANSLITERATIONS[m.group()], word.lower())
    return _DOUBLED.sub(r"\1", _GLIDE.sub("", common))


@lru_cache(maxsize=1 << 16)
def consonants(word: str) -> str:
    """The blocking key of a surname: its skeleton without vowels ('tokaiev' -> 'tkv')."""
    return skeleton(word).translate(_NO_VOWELS)


def one_edit(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                   and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def build_variants(place_words: Iterable[str], people: Iterable[tuple[str, Entry]]) -> Variants:
    """The index of place words (under their skeletons) and of people (phrase key of a name of
    two words or more, entry) by the consonants of the surname."""
    places: dict[str, set[str]] = {}
    for word in place_words:
        if len(skeleton(word)) >= SHORTEST_PLACE_VARIANT and word.isalpha():
            places.setdefault(skeleton(word), set()).add(word)
    by_surname: dict[str, dict[int, Entry]] = {}
    given = set()
    for key, entry in people:
        given.add(key.partition(" ")[0])
        last = key.rpartition(" ")[2]
        if len(last) >= SHORTEST_VARIANT:
            by_surname.setdefault(last, {})[id(entry)] = entry
    surnames: dict[str, dict[int, Entry]] = {}
    for last, entries in by_surname.items():
        surnames.setdefault(consonants(last), {}).update(entries)
    return Variants({k: tuple(sorted(v)) for k, v in places.items()},
                    {k: tuple(v.values()) for k, v in surnames.items()}, frozenset(given))


def place_spelling(variants: Variants, word: str) -> str | None:
    """The one place word `word` is written another way of (the same in the common transliteration), or None.
    A word one edit away is no evidence: ordinary words are one edit from some place ("Change" and Changde,
    "Hungry" and Hungary, "Indeed" and India), so misspellings beyond the transliterations are left alone."""
    sk = skeleton(word)
    exact = {w for w in variants.places.get(sk, ()) if skeleton(w) == sk}
    return exact.pop() if len(exact) == 1 and word not in exact else None


def correct_places(knowledge: Knowledge, tokens: list[Word], matches: list[PhraseMatch], relaxed: bool
                   ) -> list[Word] | None:
    """The tokens with misspelt place words corrected, or None when there is none."""
    covered = {i for m in matches for i in range(m.start, m.end)}
    out = None
    for i, tok in enumerate(tokens):
        if i in covered or not (is_name_word(tok) or relaxed and tok.norm.isalpha()) or \
                tok.norm in knowledge.prefixes or tok.norm in knowledge.phrases:
            continue
        word = place_spelling(knowledge.variants, tok.norm)
        if word is not None:
            out = out or list(tokens)
            out[i] = tok._replace(norm=word)
    return out


def _given_close(given: list[str], entry: Entry) -> bool:
    """'kassym jomart' and 'Kasymzhomart', 'sergei' and 'Sergey': the given names of `entry` written another way."""
    theirs = list(name_words(entry.name)[:-1])
    if not theirs or theirs[0][:1] != given[0][:1]:
        return False
    return _close(skeleton("".join(given)), skeleton("".join(theirs)))


def _surname_close(surname: str, entry: Entry) -> bool:
    theirs = name_words(entry.name)[-1]
    a, b = skeleton(surname), skeleton(theirs)
    return a == b or len(a) >= SHORTEST_MISSPELLING - 1 and _close(a, b)


def _close(a: str, b: str) -> bool:
    """difflib's ratio >= CLOSE, its cheap upper bounds first (most candidates fail those)."""
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= CLOSE and matcher.quick_ratio() >= CLOSE and matcher.ratio() >= CLOSE


def _before(entry: Entry, date: str | None) -> bool:
    """A date before every dated role of the person: a close name then is more often someone else's ("Pete Stark"
    in 1987 is no Peter Struck, minister from 2003)."""
    starts = [r.start for r in entry.roles]
    return date is not None and None not in starts and date < min(s for s in starts if s is not None)


def _in_office(entries: list[Entry], date: str) -> list[Entry]:
    """Those holding an office at `date` (the dictionaries' ELI roles fill the years around offices)."""
    return [e for e in entries if any(r.active(date) and r.sector != "ELI" for r in e.roles)]


def known_person(knowledge: Knowledge, run: list[Word], titled: bool, date: str | None) -> Entry | None:
    """The known person an unknown name written another way names: a full name close to exactly one person's, or a
    surname after a title or honorific that one person (at the date) or the people of one country bear."""
    surname = run[-1].norm
    if len(surname) < SHORTEST_VARIANT:
        return None
    people = [e for e in knowledge.variants.surnames.get(consonants(surname), ()) if _surname_close(surname, e)]
    if len(run) >= 2:
        people = [e for e in people if _given_close([t.norm for t in run[:-1]], e) and not _before(e, date)]
        return people[0] if len({e.name for e in people}) == 1 else None
    if surname in knowledge.variants.given:
        return None  # "President John", "General Bernardo": a given name is no surname to go by
    # a lone surname is weaker evidence: it must be the same name in the common transliteration ("Tokaev"), not
    # a close one ("Chancellor Scholtz" is no Schiltz)
    people = [e for e in people if skeleton(name_words(e.name)[-1]) == skeleton(surname)]
    # and only at a date when exactly one of them holds an office: with fifty thousand people known, a surname after a
    # title is often someone else's ("Treasury Loan", "Fleet Street", "President Howard Dean")
    if not titled or not people or date is None:
        return None
    people = _in_office(people, date)
    return people[0] if len({e.name for e in people}) == 1 else None


def find_people(knowledge: Knowledge, tokens: list[Word], matches: list[PhraseMatch], date: str | None
                ) -> list[PhraseMatch]:
    """`matches` with a person found for an unknown name written another way (see `known_person`)."""
    if any(m.kind == "person" for m in matches):
        return matches
    covered = {i for m in matches for i in range(m.start, m.end)}
    titles = {m.end for m in matches if m.kind == "sector" and m.entry.sector_kind in TITLE_KINDS}
    i = 0
    while i < len(tokens):
        if i in covered or not is_name_word(tokens[i]):
            i += 1
            continue
        j = i
        while j < len(tokens) and j not in covered and is_name_word(tokens[j]):
            j += 1
        run = tokens[i:j]
        # a lone surname is a title's object only when the name ends there ("President Howard Dean" is not Howard)
        titled = (i in titles or i > 0 and tokens[i - 1].norm in HONORIFICS) and \
            (j == len(tokens) or not tokens[j].is_capitalised)
        entry = known_person(knowledge, run, titled, date)
        if entry is not None:
            part = max([m.part for m in matches if m.start < i] + [0])
            alias = Alias(entry, case_rule(run))
            found = PhraseMatch(i, j, alias, part, entry.roles[-1], variant=" ".join(t.orig for t in run))
            return sorted([*matches, found], key=lambda m: m.start)
        i = j
    return matches


def find_variants(knowledge: Knowledge, tokens: list[Word], matches: list[PhraseMatch], date: str | None
                  ) -> tuple[list[Word], list[PhraseMatch]]:
    """Tokens and matches once misspelt places are corrected and people written another way found."""
    relaxed = "".join(t.orig for t in tokens).isupper()
    corrected = correct_places(knowledge, tokens, matches, relaxed)
    if corrected is not None:
        changed = {i for i, (a, b) in enumerate(zip(tokens, corrected, strict=True)) if a.norm != b.norm}
        tokens = corrected
        matches = [replace(m, variant=" ".join(t.orig for t in tokens[m.start : m.end]))
                   if changed & set(range(m.start, m.end)) else m for m in match_phrases(knowledge, tokens, date)]
    return tokens, find_people(knowledge, tokens, matches, date)


def surname_first(text: str, tokens: list[Word]) -> list[Word] | None:
    """'Putin, Vladimir' -> the tokens of 'Vladimir Putin'; None when the text is not written so."""
    if text.count(",") != 1:
        return None
    comma = text.index(",")
    before = [t for t in tokens if t.end <= comma]
    after = [t for t in tokens if t.start > comma]
    if not (1 <= len(before) <= 3 and 1 <= len(after) <= 3) or not all(is_name_word(t) for t in before + after):
        return None
    return after + before


__all__ = ["build_variants", "find_variants", "known_person", "one_edit", "place_spelling", "skeleton",
           "surname_first"]
