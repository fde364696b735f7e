"""What a pronoun or a group phrase refers to, within one article.

- `Referents` keeps the article's mentions in reading order - resolved or not - with their number (one or
  several) and kind (a person or a group). A pronoun takes the nearest mention of the same or the previous sentence
  that agrees with it ("he": one person; "it": one group or thing; "they": several), preferring the topic (a
  subject) as before; when that mention names no actor the pronoun names none either: it never jumps to an older
  coded entity ("the parents ... they" is not the judge of an earlier sentence).
- `quote_speakers` finds who speaks each quotation ('"I urge my colleagues ...," Cruz said'; an interview
  answer after "((Name))"), so that "I" and "we" inside it stand for the speaker.
- "the two sides", "both countries": the two latest distinct entities of the same or the previous two sentences.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from geoevents.actors.resolver import LOCATIVE_PREPS
from geoevents.extraction.syntax import nominal
from geoevents.models import Basis, Entity
from geoevents.vocabulary import ANY, GROUP, PERSON, PRONOUNS

PLURAL_TAGS = frozenset({"NNS", "NNPS"})
SINGULAR_NAMES = frozenset({"GPE", "ORG", "LOC", "FAC"})  # "the United States" is one
OPENING_QUOTES = frozenset({"“", "«", "„"})
CLOSING_QUOTES = frozenset({"”", "»"})
STRAIGHT_QUOTES = frozenset({'"'})
PAIR_WORDS = frozenset({"two", "both"})
PAIR_NOUNS = frozenset({"side", "country", "nation", "party", "leader", "government", "state", "neighbour",
                        "neighbor", "president", "minister", "delegation", "army", "military", "foe", "rival",
                        "adversary", "capital", "power"})
SENTENCE_WINDOW = 1  # a pronoun looks back to the previous sentence at most (resolved pronouns carry the chain on)
PAIR_WINDOW = 2


@dataclass(frozen=True)
class Mention:
    """One mention of the article: where, what it may be referred to by, and the entity it resolved to (if any)."""

    sentence: int
    start: int  # character offset of its head
    kind: str  # PERSON, GROUP or ANY (an unknown name)
    plural: bool
    entities: tuple[Entity, ...]  # empty: it names no actor ("the agreement", "prices")
    subject: bool
    text: str
    place: bool = False  # "in Istanbul": where something happens; never one of "the two sides"

    @property
    def entity(self) -> Entity | None:
        return self.entities[0] if self.entities else None


def is_plural(tok: Token) -> bool:
    """A plural noun ("officials", "Americans") or coordinated heads ("Russia and China"); a plural-looking name of
    one place or body ("the United States", "United Nations") is singular."""
    if any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") for c in tok.children):
        return True
    return tok.tag_ in PLURAL_TAGS and tok.ent_type_ not in SINGULAR_NAMES


@dataclass
class Referents:
    """The article's mentions in reading order, for pronouns and group phrases."""

    person_nouns: frozenset[str] = frozenset()
    mentions: list[Mention] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def kind(self, tok: Token, entity: Entity | None) -> str:
        person_name = tok.ent_type_ == "PERSON" or (entity is not None and entity.basis is Basis.PERSON)
        if person_name or (tok.lemma_.lower() in self.person_nouns and not is_plural(tok)):
            return PERSON
        if tok.pos_ == "PROPN" and not tok.ent_type_ and (entity is None or entity.basis is Basis.NO_CODE):
            return ANY  # a name nobody knows: a person or a body, it stops "he" and "it" alike
        return GROUP

    def known(self, tok: Token) -> bool:
        return tok.idx in self.seen

    def add(self, tok: Token, sentence: int, entities: list[Entity], subject: bool) -> None:
        """Record the mention headed by `tok` once (its first resolution decides)."""
        if tok.idx in self.seen:
            return
        self.seen.add(tok.idx)
        first = entities[0] if entities else None
        place = tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS
        self._insert(Mention(sentence, tok.idx, self.kind(tok, first), is_plural(tok) or len(entities) > 1,
                             tuple(entities), subject, tok.text, place))

    def _insert(self, mention: Mention) -> None:
        """Keep reading order: after the mentions starting before it or at the same offset (as a stable sort of
        the list with it appended would), without sorting the article's whole list again per mention."""
        insort(self.mentions, mention, key=_start)

    def add_pronoun(self, tok: Token, sentence: int, entities: list[Entity], antecedent: Mention) -> None:
        """A resolved pronoun is a fresh mention of its antecedent: "he" three sentences on still finds it."""
        if tok.idx in self.seen:
            return
        self.seen.add(tok.idx)
        self._insert(Mention(sentence, tok.idx, antecedent.kind, antecedent.plural, tuple(entities),
                             tok.dep_ in ("nsubj", "nsubjpass"), antecedent.text))

    def antecedent(self, pronoun: Token, sentence: int) -> Mention | None:
        """The mention a third-person pronoun stands for, by agreement, distance and topic; None if nothing fits."""
        spec = PRONOUNS.get(pronoun.lower_)
        if spec is None or spec.antecedent is None:
            return None
        as_subject = pronoun.dep_ in ("nsubj", "nsubjpass")
        best: tuple[bool, bool, int] | None = None
        found: Mention | None = None
        for mention in self.mentions:
            if mention.sentence < sentence - SENTENCE_WINDOW or mention.start >= pronoun.idx:
                continue
            if not _agrees(spec.antecedent, spec.plural, mention):
                continue
            # a subject pronoun, or any pronoun in a later sentence, continues the topic: an earlier subject first
            # ("The government is weighing supplies to Ukraine. This would change its policy"), then the nearest
            topic = mention.subject and not _guessed(mention.entity)
            key = (topic and mention.sentence == sentence, (as_subject or mention.sentence < sentence) and topic,
                   mention.start)
            if best is None or key > best:
                best, found = key, mention
        return found

    def topic(self, before: int, sentence: int, exclude: str | None = None) -> Entity | None:
        """The latest coded subject of the same or the previous sentence before a position (its code not
        `exclude`, not itself a guess): the country the article is talking about there."""
        for mention in reversed(self.mentions):
            if mention.start >= before or not mention.subject:
                continue
            if mention.sentence < sentence - SENTENCE_WINDOW:
                return None
            for ent in mention.entities:
                if ent.code and ent.code != exclude and not _guessed(ent):
                    return ent
        return None

    def pair(self, tok: Token, sentence: int) -> list[Entity]:
        """"the two sides": the two latest distinct coded entities before the phrase, when there are two."""
        out: list[Entity] = []
        own = _clause_subjects(tok)
        for mention in reversed(self.mentions):
            if mention.start >= tok.idx or mention.sentence < sentence - PAIR_WINDOW or mention.place \
                    or mention.start in own:
                continue
            for ent in reversed(mention.entities):
                if not ent.code or any(ent.code == o.code for o in out):
                    continue
                out.append(ent)
                if len(out) == 2:
                    return sorted(out, key=lambda e: e.start or 0)
        return []


def _start(mention: Mention) -> int:
    return mention.start


def _clause_subjects(tok: Token) -> set[int]:
    """Offsets of the subjects of the verb governing `tok`: "the envoy called on both sides" - the envoy is not
    one of the sides."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return {t.idx for h in heads for t in (h, *h.conjuncts)}


def _guessed(entity: Entity | None) -> bool:
    return entity is not None and entity.rests_on(Basis.NEAREST_COUNTRY)


def _agrees(kind: str, plural: bool | None, mention: Mention) -> bool:
    if plural is not None and mention.plural != plural:
        return False
    if mention.kind == ANY:
        return True
    if kind == PERSON:
        return mention.kind == PERSON
    if kind == GROUP:
        return mention.kind != PERSON
    return True


def is_pair_phrase(tok: Token) -> bool:
    """"the two sides", "both countries", "the two leaders"."""
    return tok.lemma_.lower() in PAIR_NOUNS and is_plural(tok) and any(
        c.lower_ in PAIR_WORDS for c in tok.children if c.dep_ in ("nummod", "det", "predet", "amod", "preconj"))


# ---------------------------------------------------------------------------------------------------------------
# Quotations and their speakers


def quotations(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) inside quotation marks. A straight quote opens or closes by turns; a paragraph
    break closes an open quotation (news reopens a quotation that runs on with a new mark)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            if open_at is not None:
                spans.append((open_at, tok.i + 1))
                open_at = None
            continue
        text = tok.text
        if text in OPENING_QUOTES or (text in STRAIGHT_QUOTES and open_at is None):
            open_at = tok.i + 1
        elif (text in CLOSING_QUOTES or text in STRAIGHT_QUOTES) and open_at is not None:
            spans.append((open_at, tok.i))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(doc)))
    return spans


def _speech_subject(tokens: Iterable[Token], speech: frozenset[str]) -> Token | None:
    for tok in tokens:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech:
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return nominal(subjects[0])
    return None


def _interview_speaker(doc: Doc, start: int) -> Token | None:
    """An interview answer opens its paragraph with "((Name))": the name's last word."""
    if start + 1 >= len(doc) or doc[start].text != "(" or doc[start + 1].text != "(":
        return None
    for i in range(start + 2, min(len(doc) - 1, start + 10)):
        if doc[i].text == ")" and doc[i + 1].text == ")":
            name = doc[i - 1] if i - 1 > start + 1 else None
            return name if name is not None and name.pos_ == "PROPN" else None
    return None


def _has_any(doc: Doc, words: frozenset[str]) -> bool:
    """Whether a token's lower-case form is one of `words`, read from the Doc's array (no Token objects made)."""
    if not len(doc):
        return False
    ids = numpy.fromiter((get_string_id(w) for w in words), dtype="uint64", count=len(words))
    return bool(numpy.isin(doc.to_array(LOWER), ids).any())


def quote_speakers(doc: Doc, speech: frozenset[str], first_person: frozenset[str]) -> dict[int, Token]:
    """First-person pronouns (token index) -> the token naming who speaks them: the subject of a speech verb
    outside the quotation in the sentence where it ends ('"...," Cruz said') or begins ('Cruz said: "..."'),
    or the "((Name))" that opens an interview answer's paragraph."""
    out: dict[int, Token] = {}
    if not _has_any(doc, first_person):
        return out
    for start, end in quotations(doc):
        if start >= end:
            continue
        last_sent, first_sent = doc[end - 1].sent, doc[start].sent
        after = [t for t in last_sent if t.i >= end]
        before = [t for t in first_sent if t.i < start - 1]
        speaker = _speech_subject(after, speech) or _speech_subject(reversed(before), speech)
        if speaker is None or speaker.lower_ in first_person:
            continue
        for tok in doc[start:end]:
            if tok.lower_ in first_person and tok.pos_ == "PRON":
                out[tok.i] = speaker
    paragraph_start = 0
    speaker = _interview_speaker(doc, 0)
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            paragraph_start = tok.i + 1
            speaker = _interview_speaker(doc, paragraph_start)
            continue
        if speaker is not None and tok.lower_ in first_person and tok.pos_ == "PRON" and tok.i not in out:
            out[tok.i] = speaker
    return out


__all__ = ["Mention", "Referents", "is_pair_phrase", "is_plural", "quotations", "quote_speakers"]
