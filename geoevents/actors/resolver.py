"""Resolve an actor mention to a PLOVER entity (code, sector, name, reason).

Resolution order (docs/actors.md explains each rule):
1. Article memory: a name already resolved in this article ("Chang" after "Chang Ho-jin").
2. Longest-match lookup of the mention's tokens in the knowledge index (people, organisations, places, countries,
   demonyms, cities, sector words). The mention splits at prepositions into a head ("Chile's Ministry") and
   complements ("of Mines"); the head decides first.
3. A known person gives code and sector from the role held at the article's date (ELI once it ended); a title
   written in the mention ("Senator Marco Rubio", "General Michel Aoun") decides the sector.
4. Otherwise the code comes from the head's rightmost code-bearing phrase (else the first in a complement), the
   sector from the head noun ("Iraqi towns" -> CVL; "rebel leaders" -> REB; "president of the Riigikogu" -> LEG).
5. Context: a bare country or demonym takes the sector of the noun it modifies in the sentence ("Hungarian and
   Romanian officials" -> GOV); a capital is the government where it acts or is acted upon (subject, object,
   "sanctions on Moscow"), a place as the object of a locative preposition ("in Moscow"); a mention with a sector
   but no country takes a country named in its own phrase (`linked`), else the nearest country named in the
   sentence (a guess the event coder may veto), else, for "the ...", the article memory.
6. Nothing known and no title: None ("a cat named Frank", "Joseph Monka").
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from geoevents.actors.index import FUNCTION_WORDS, Knowledge, Word, tokenize
from geoevents.actors.knowledge import cached_knowledge
from geoevents.actors.memory import ArticleMemory
from geoevents.actors.names import find_variants, surname_first
from geoevents.actors.phrases import PhraseMatch, is_name_word, match_phrases, person_names, unknown_names
from geoevents.actors.rules import (
    CODE_KINDS,
    PLACE_KINDS,
    Resolution,
    code_rule,
    is_former,
    person_rule,
    sector_rule,
)
from geoevents.models import Basis, Entity
from geoevents.vocabulary import ANAPHORS, PERSON_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Span

# Where a capital (or any mention) acts: a subject, a possessor, an object, an agent. As the object of one of the
# LOCATIVE_PREPS it is a place ("fighting in Kyiv", "flew to Moscow" is a place too, but "talks with Tehran" or
# "sanctions on Moscow" name the government).
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "poss", "dobj", "obj", "dative", "ROOT", "appos"})
MOTION_VERBS = frozenset({"fly", "travel", "go", "come", "return", "move", "head", "arrive", "flee", "drive", "sail",
                          "march", "walk", "evacuate", "transfer", "take", "bring", "relocate", "escape", "deport"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
                            "into", "from", "over", "through", "beyond", "along", "between", "off"})
# Sizes of the resolver's caches of word splits and phrase matches (pure functions of a text and a date): mention
# texts recur across an article and a stream ("the government", a minister's name: 55 % of the lookups on Reuters);
# sentence-long texts recur within an article (every mention of a sentence reads its sentence). A full cache starts
# afresh, so memory stays bounded (~20 MB at most for both) and the answers never depend on what came before.
MENTION_CACHE_SIZE = 10_000
CONTEXT_CACHE_SIZE = 1_000

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A bounded cache of a pure function's answers: `get(key, compute)` computes once per key until the cache is
    full, then starts afresh. Only for values nobody mutates (callers get the cached object itself)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: dict[K, V] = {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        found = self.values.get(key)
        if found is None:
            if len(self.values) >= self.size:
                self.values.clear()
            found = self.values[key] = compute()
        return found


class ActorResolver:
    """Resolves mentions against loaded knowledge. Build with `ActorResolver.load()`; thread-safe. Its only state is
    its caches of word splits and phrase matches, pure functions of (text, date) of the immutable knowledge."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._mention_words: Memo[str, tuple[Word, ...]] = Memo(MENTION_CACHE_SIZE)
        self._mention_phrases: Memo[tuple[str, str | None], tuple[tuple[Word, ...], tuple[PhraseMatch, ...]]] = \
            Memo(MENTION_CACHE_SIZE)
        self._context_phrases: Memo[tuple[str, str | None], tuple[tuple[Word, ...], tuple[PhraseMatch, ...]]] = \
            Memo(CONTEXT_CACHE_SIZE)

    def _words(self, text: str) -> list[Word]:
        """`tokenize(text)` of a mention, cached."""
        return list(self._mention_words.get(text, lambda: tuple(tokenize(text))))

    def _read(self, text: str, date: str | None) -> tuple[list[Word], list[PhraseMatch]]:
        """A mention's words and the knowledge's phrases in them, also as written another way
        (`_names_as_written`), cached."""
        def compute() -> tuple[tuple[Word, ...], tuple[PhraseMatch, ...]]:
            tokens = self._words(text)
            found = self._names_as_written(text, tokens, match_phrases(self.knowledge, tokens, date), date)
            return tuple(found[0]), tuple(found[1])

        tokens, matches = self._mention_phrases.get((text, date), compute)
        return list(tokens), list(matches)

    def _phrases(self, text: str, date: str | None) -> tuple[list[Word], list[PhraseMatch]]:
        """The words of a sentence (or a stretch of one) and the knowledge's phrases in them, cached."""
        def compute() -> tuple[tuple[Word, ...], tuple[PhraseMatch, ...]]:
            tokens = tokenize(text)
            return tuple(tokens), tuple(match_phrases(self.knowledge, tokens, date))

        tokens, matches = self._context_phrases.get((text, date), compute)
        return list(tokens), list(matches)

    @classmethod
    def load(cls, extra_files: tuple[str, ...] | list[str] = ()) -> ActorResolver:
        """The bundled knowledge plus users' files (geoevents TSV or CAMEO dictionaries), built once and cached."""
        return cls(cached_knowledge(tuple(str(f) for f in extra_files)))

    # ---- public API -------------------------------------------------------------------------------------------

    def resolve(self, text: str, context: str | None = None, date: str | None = None,
                memory: ArticleMemory | None = None) -> Entity | None:
        """The entity a mention names, or None when it names no political actor."""
        offset = None
        if context:
            found = context.find(text.strip())
            offset = found if found >= 0 else None
        return self._resolve(text, context, offset, date, memory, None)

    def countries_named(self, text: str, date: str | None = None) -> frozenset[str]:
        """The codes of the countries, coded places and peoples that `text` names."""
        found = self._phrases(text, date)[1]
        return frozenset(m.code for m in found if m.kind in CODE_KINDS and m.code is not None)

    def resolve_span(self, span: Span, date: str | None = None, memory: ArticleMemory | None = None,
                     linked: Sequence[tuple[int, int]] | None = None, doc_text: str | None = None) -> Entity | None:
        """Resolve a spaCy span; the sentence is the context and start/end are character offsets in the Doc.

        `linked`: the character ranges of the sentence (relative to its start) that belong to the mention's own
        phrase ("officials in Baghdad"); a mention with a sector but no country takes a country from there first,
        and only then guesses the nearest country of the sentence. `doc_text`: the Doc's text, when the caller
        holds it (the sentence is cut from it instead of joined from its tokens on every call)."""
        sent = span.sent
        sent_text = sent.text if doc_text is None else doc_text[sent.start_char : sent.end_char]
        root = span.root
        # the possessor of an act or a view ("Seoul's concerns", "Moscow's decision") acts too; a capital is the
        # government wherever it is not the place of something ("sanctions on Moscow", "talks with Tehran")
        role = root
        while role.dep_ == "conj" and role.head.i != role.i:  # "Moscow and Kyiv": the first conjunct's role
            role = role.head
        acting = role.dep_ in ACTING_DEPS or (role.dep_ == "pobj" and role.head.lower_ not in LOCATIVE_PREPS
                                              and not _destination(role))
        entity = self._resolve(span.text, sent_text, span.start_char - sent.start_char, date, memory, acting, linked)
        if entity is not None:
            entity.start, entity.end = span.start_char, span.end_char
        return entity

    def find_mentions(self, doc_or_span: Any, date: str | None = None,
                      memory: ArticleMemory | None = None) -> list[Entity]:
        """Entities for the named entities and noun chunks of a parsed doc or span that name an actor."""
        seen: list[tuple[int, int]] = []
        out = []
        spans = list(doc_or_span.ents) + list(getattr(doc_or_span, "noun_chunks", []))
        for span in spans:
            if any(s <= span.start_char < e or s < span.end_char <= e for s, e in seen):
                continue
            entity = self.resolve_span(span, date=date, memory=memory)
            if entity is not None:
                seen.append((span.start_char, span.end_char))
                out.append(entity)
        return sorted(out, key=lambda e: e.start or 0)

    # ---- the rules --------------------------------------------------------------------------------------------

    def _resolve(self, text: str, context: str | None, offset: int | None, date: str | None,
                 memory: ArticleMemory | None, subject: bool | None,
                 linked: Sequence[tuple[int, int]] | None = None) -> Entity | None:
        tokens = self._words(text)
        if not tokens:
            return None
        if memory is not None:
            recalled = self._recall(text, tokens, memory)
            if recalled is not None:
                return recalled
        tokens, matches = self._read(text, date)
        res = Resolution()
        person = person_rule(self.knowledge, tokens, matches, date, res)
        if person and context and offset is not None and not res.sector_reason:
            self._context_title(context, offset, date, res)
        if not person:
            code_rule(self.knowledge, tokens, matches, res)
            sector_rule(tokens, matches, res)
        self._capital_rule(matches, res, context, offset, len(text), subject)
        if context and res.code is not None and res.sector is None and offset is not None:
            self._modifier_rule(tokens, matches, context, offset + len(text.rstrip()), res, date)
        if res.code is None and res.sector is not None:
            self._fill_code(context, offset, len(text), date, memory, tokens, res, linked)
        unknown = unknown_names(tokens, matches)
        if res.code is None and res.sector is None:
            return self._pronoun(text, tokens, memory)
        person_like = person_names(tokens, matches, unknown)
        if person_like and res.person is None and not any(m.kind == "org" for m in matches):
            res.name = " ".join(t.orig for t in person_like[0])  # a person the knowledge does not hold
        elif res.name is None:
            res.name = text.strip()
        entity = res.entity(text)
        if memory is not None:
            names = res.name_tokens or ([t.norm for t in person_like[-1]] if person_like else [])
            memory.remember(entity, names)
        return entity

    def _names_as_written(self, text: str, tokens: list[Word], matches: list[PhraseMatch], date: str | None
                          ) -> tuple[list[Word], list[PhraseMatch]]:
        """'Putin, Vladimir' in the usual order, misspelt places and people written another way
        (geoevents.actors.names)."""
        if "," in text and not any(m.kind == "person" for m in matches):
            turned = surname_first(text, tokens)
            if turned is not None:
                found = find_variants(self.knowledge, turned, match_phrases(self.knowledge, turned, date), date)
                if any(m.kind == "person" for m in found[1]):
                    return found
        covered = {i for m in matches for i in range(m.start, m.end)}
        relaxed = "".join(t.orig for t in tokens).isupper()
        if not any(i not in covered and (is_name_word(t) or relaxed and t.norm.isalpha())
                   for i, t in enumerate(tokens)):
            return tokens, matches  # no unknown name word: nothing written another way (most mentions)
        return find_variants(self.knowledge, tokens, matches, date)

    def _recall(self, text: str, tokens: list[Word], memory: ArticleMemory) -> Entity | None:
        names = [t for t in tokens if is_name_word(t)]
        if not names or len(names) != len([t for t in tokens if t.norm not in FUNCTION_WORDS]):
            return None
        found = memory.recall(" ".join(t.norm for t in names))
        if found is None:
            return None
        return Entity(text=text, code=found.code, sector=found.sector, name=found.name,
                      reason=f"memory: {found.name} earlier in the article ({found.reason})", basis=Basis.MEMORY,
                      antecedent=found)

    def _pronoun(self, text: str, tokens: list[Word], memory: ArticleMemory | None) -> Entity | None:
        if len(tokens) != 1 or tokens[0].norm not in ANAPHORS:
            return None
        if memory is not None:
            wanted = tokens[0].norm in PERSON_PRONOUNS
            found = memory.last_entity(person=True if wanted else None)
            if found is not None:
                return Entity(text=text, code=found.code, sector=found.sector, name=found.name,
                              reason=f"pronoun: {found.name} ({found.reason})", basis=Basis.PRONOUN, antecedent=found)
        return Entity(text=text, code=None, sector="UNK", name=None, reason="pronoun with no antecedent",
                      basis=Basis.PRONOUN)


    def _context_title(self, context: str, offset: int, date: str | None, res: Resolution) -> None:
        """'former president Carlos Menem': a title written just before the name in the sentence decides."""
        before, found = self._phrases(context[max(0, offset - 60) : offset], date)
        if not found or found[-1].end != len(before) or found[-1].kind != "sector":
            return
        title = found[-1]
        if title.entry.sector_kind in {"weak", "generic"}:
            return
        if is_former(before, title.start, found) or title.sector == "ELI":
            res.sector, res.sector_reason = "ELI", f"'former {title.entry.name}' before the name in the sentence"
        else:
            res.sector = title.sector
            res.sector_reason = f"title '{title.entry.name}' before the name in the sentence ({title.entry.source})"

    def _capital_rule(self, matches: list[PhraseMatch], res: Resolution, context: str | None, offset: int | None,
                      length: int, subject: bool | None) -> None:
        """A capital that acts is its government ("Tehran said"); a capital where things happen is a place."""
        capitals = [m for m in matches if m.kind == "capital"]
        if res.sector is not None or res.person is not None or not capitals or res.code != capitals[-1].entry.code:
            return
        if subject is None:
            subject = context is None or offset is None or _subject_position(context, offset)
        if subject:
            res.sector, res.sector_reason = "GOV", "capital as actor -> government"
        else:
            res.sector, res.sector_reason = "CVL", "capital as place"

    def _modifier_rule(self, tokens: list[Word], matches: list[PhraseMatch], context: str, end: int, res: Resolution,
                       date: str | None) -> None:
        """'Hungarian' in 'Hungarian and Romanian officials' takes the sector of the noun it modifies."""
        if not matches or matches[-1].end != len(tokens) or matches[-1].kind not in PLACE_KINDS | {"org"}:
            return
        if any(m.part > 0 for m in matches):
            return
        following, after = self._phrases(context[end : end + 80], date)
        by_start = {m.start: m for m in after}
        i = 0
        while i < min(len(following), 6):
            m = by_start.get(i)
            tok = following[i]
            if m is not None and m.kind == "sector" and m.entry.sector_kind != "weak":
                res.sector = m.sector
                res.sector_reason = f"modifies '{m.entry.name}' in the sentence ({m.entry.source})"
                return
            if m is not None and m.kind in {"country", "demonym"}:
                i = m.end
                continue
            if tok.norm in {"and", "or"} or tok.joined and tok.norm in {"led", "backed", "based", "owned", "run"}:
                i += 1
                continue
            return

    def _fill_code(self, context: str | None, offset: int | None, length: int, date: str | None,
                   memory: ArticleMemory | None, tokens: list[Word], res: Resolution,
                   linked: Sequence[tuple[int, int]] | None = None) -> None:
        """A sector without a country: a country named in the mention's own phrase (the `linked` ranges), else the
        nearest country named in the sentence (a guess, Basis.NEAREST_COUNTRY, that the event coder may veto), else,
        for "the ..." ("the government"), the article's last fitting actor."""
        if context:
            ctx_tokens, ctx_matches = self._phrases(context, date)
            found = [m for m in ctx_matches if m.kind in CODE_KINDS and m.code is not None]
            if offset is not None:
                found = [m for m in found if not (offset <= ctx_tokens[m.start].start < offset + length)]
            where = offset if offset is not None else 0
            own = [m for m in found if any(a <= ctx_tokens[m.start].start < b for a, b in linked or ())]
            if own:
                # "officials in Baghdad", "workers affiliated with the Serbian union": the phrase names its country
                nearest = min(own, key=lambda m: abs(ctx_tokens[m.start].start - where))
                res.decide_code(nearest.code, Basis.PHRASE,
                                f"in its own phrase: '{nearest.entry.name}' ({nearest.entry.source})",
                                nearest.entry.source)
                return
            if found:
                nearest = min(found, key=lambda m: abs(ctx_tokens[m.start].start - where))
                res.decide_code(nearest.code, Basis.NEAREST_COUNTRY,
                                f"nearest in the sentence: '{nearest.entry.name}' ({nearest.entry.source})",
                                nearest.entry.source)
                return
        if memory is not None and tokens[0].norm == "the":
            prior = memory.last_entity(sector=res.sector) or memory.last_entity()
            if prior is not None and prior.code is not None:
                res.decide_code(prior.code, Basis.EARLIER_ACTOR, f"earlier in the article: {prior.name or prior.text}")


def _destination(tok: Any) -> bool:
    """"flown to Moscow", "returned to Kabul": the goal of a journey is a place."""
    prep = tok.head
    return prep.lower_ == "to" and prep.head.lemma_.lower() in MOTION_VERBS


def _subject_position(context: str, offset: int) -> bool:
    """The mention opens the sentence (after 'The'), or follows 'by' (the agent of a passive)."""
    before = tokenize(context[:offset])
    words = [t.norm for t in before]
    return not words or words == ["the"] or words[-1] == "by"


__all__ = ["ActorResolver", "ArticleMemory"]
