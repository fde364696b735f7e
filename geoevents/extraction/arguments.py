"""Actors and recipients from the dependency parse.

The subject of the trigger's clause is the actor (through xcomp/conj/relative clauses and control verbs), a
by-phrase is the actor of a passive whose subject is the recipient, objects and prepositional objects are
recipients. A mention is expanded from its head token to its modifiers ("South Korea's National Security Council")
before it is resolved; coordinated heads give one entity each ("The US and France accused Russia").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from spacy.tokens import Span, Token

from geoevents.extraction.syntax import nominal
from geoevents.models import Basis, Entity
from geoevents.vocabulary import ANY, GROUP, PERSON, RELATIVE
from geoevents.vocabulary import REFERRING_PRONOUNS as PRONOUNS

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
LEFT_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "case", "punct", "npadvmod"})
DEFAULT_RECIPIENT_PREPS = ("against", "with", "to", "on", "at", "into", "toward", "towards", "upon", "from")
# Verbs whose object is the subject of their infinitive: "urged the EC to support the PLO".
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "call", "order", "invite", "press", "encourage", "force", "pressure", "allow", "persuade", "tell",
     "permit", "request", "demand", "implore", "beg", "push", "advise", "instruct", "help", "compel", "oblige"}
)
PERSON_ENTS = frozenset({"PERSON"})
NAME_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC"})
FINITE_VERB_TAGS = frozenset({"VB", "VBP", "VBZ", "VBD", "MD"})
# Nouns for the sides of a conflict or a deal: "the parties to the conflict in Iraq" are named by their complement.
SIDE_NOUNS = frozenset({"party", "side", "signatory", "participant"})


class Resolver(Protocol):
    def resolve_span(self, span: Span, date: str | None = None, memory: Any = None) -> Entity | None: ...

    def resolve(self, text: str, context: str | None = None, date: str | None = None,
                memory: Any = None) -> Entity | None: ...


@dataclass
class Mentions:
    """Per-article mention state: resolutions by token span (each mention is resolved once) and the recent
    resolved entities, for pronouns ("he", "it", "they") in the same or the next sentence."""

    resolver: Resolver
    date: str | None
    memory: Any = None
    cache: dict[tuple[int, int], Entity | None] = field(default_factory=dict)
    recent: list[tuple[int, str, Entity, bool]] = field(default_factory=list)  # (sentence, kind, entity, subject?)
    group_nouns: frozenset[str] = frozenset()  # "countries", "allies": actors without a sector word
    owning_verbs: frozenset[str] = frozenset()  # "has a stockpile": the object belongs to the subject
    words: dict[str, bool] = field(default_factory=dict)  # common noun -> does the actor knowledge know it?

    def actor_word(self, tok: Token) -> bool:
        """Whether a common noun can name an actor: a sector word the knowledge holds ("forces", "ministry",
        "warplanes"), a group noun ("countries"), a name or a part of one. "stockpile", "visit", "concerns" cannot."""
        if tok.pos_ != "NOUN" or tok.ent_type_ or tok.lemma_.lower() in self.group_nouns:
            return True
        key = tok.lower_
        if key not in self.words:
            self.words[key] = self.resolver.resolve(tok.text) is not None
        return self.words[key]

    def resolve(self, span: Span, sent_index: int, kind: str, subject: bool = False) -> Entity | None:
        key = (span.start, span.end)
        if key not in self.cache:
            ent = self.resolver.resolve_span(span, date=self.date, memory=self.memory)
            if ent is not None and not ent.code:
                ent = None
            self.cache[key] = ent
            if ent is not None:
                if ent.basis is Basis.PERSON:
                    kind = PERSON  # the resolver knows this name as a person
                self.recent.append((sent_index, kind, ent, subject))
        return self.cache[key]

    def topic(self, before: int, sent_index: int, exclude: str | None) -> Entity | None:
        """The latest subject entity (same or previous sentence) before a position whose code is not `exclude`."""
        found = [e for idx, _, e, subject in self.recent
                 if subject and idx >= sent_index - 1 and e.start is not None and e.start < before
                 and e.code and e.code != exclude and not e.rests_on(Basis.NEAREST_COUNTRY)]
        return max(found, key=lambda e: e.start or 0) if found else None

    def antecedent(self, pronoun: Token, sent_index: int) -> Entity | None:
        want = PRONOUNS.get(pronoun.lower_)
        as_subject = pronoun.dep_ in ("nsubj", "nsubjpass")
        best: tuple[bool, bool, int] | None = None
        found: Entity | None = None
        for idx, kind, ent, subject in self.recent:
            if idx < sent_index - 1 or ent.start is None or ent.start >= pronoun.idx:
                continue
            if ent.text.lower() in PRONOUNS:
                continue
            if want == ANY or want == kind or (want == GROUP and kind != PERSON):
                # a subject pronoun, or any pronoun in a later sentence, continues the topic: prefer an earlier
                # subject ("The government is weighing supplies to Ukraine. This would change its policy"), then
                # the nearest mention
                topic = subject and not ent.rests_on(Basis.NEAREST_COUNTRY)  # not a guessed country
                key = (topic and idx == sent_index, (as_subject or idx < sent_index) and topic, ent.start)
                if best is None or key > best:
                    best, found = key, ent
        return found


def mention_span(tok: Token) -> Span:
    """The head token with its left modifiers and an "of"-complement: "the president of Armenia"."""
    start = tok.i
    for child in tok.lefts:
        if child.tag_ in FINITE_VERB_TAGS:
            continue  # "violate UN resolutions": the parser took the verb for a modifier
        if child.dep_ in LEFT_MODIFIER_DEPS or (child.dep_ == "det" and child.tag_ == "WP$"):
            start = min(start, child.left_edge.i)
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("flat", "compound", "nummod") and child.i == end:
            end = child.i + 1
        elif child.dep_ == "prep" and child.lower_ == "of" and child.right_edge.i - tok.i <= 8:
            end = max(end, child.right_edge.i + 1)
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.lemma_.lower() in SIDE_NOUNS and nxt is not None and nxt.lower_ == "to" and nxt.dep_ == "prep" \
            and nxt.right_edge.i - tok.i <= 8:
        # "parties to the conflict in Iraq": the parser often hangs the "to" phrase on the verb
        end = max(end, nxt.right_edge.i + 1)
    # Keep the span inside one sentence and drop a trailing punctuation or a leading determiner.
    doc = tok.doc
    while start < tok.i and doc[start].dep_ in ("det", "punct", "cc", "case"):
        start += 1
    while end - 1 > tok.i and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def coordinated(tok: Token) -> list[Token]:
    """The head and its conjuncts ("the US and France"), in text order."""
    heads = [tok] + [c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")]
    return sorted(heads, key=lambda t: t.i)


def _split_modifiers(tok: Token) -> list[Token]:
    """Coordinated nationality modifiers: "Hungarian and Romanian officials" -> [Hungarian, Romanian]."""
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "nmod") and child.conjuncts:
            return sorted([child, *child.conjuncts], key=lambda t: t.i)
    return []


def _with_offsets(ent: Entity, tok: Token, text: str | None = None) -> Entity:
    return replace(ent, text=text or tok.text, start=tok.idx, end=tok.idx + len(tok.text))


def resolve_token(tok: Token, mentions: Mentions, sent_index: int) -> list[Entity]:
    """Entities for the mention headed by `tok` (pronouns through the article's recent entities)."""
    if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
        if PRONOUNS[tok.lower_] == RELATIVE:
            # "forces, who attacked": the relative pronoun stands for the noun the clause modifies.
            head = tok.head.head if tok.head.dep_ == "relcl" else None
            return resolve_token(head, mentions, sent_index) if head is not None else []
        ent = mentions.antecedent(tok, sent_index)
        if ent is None:
            return []
        return [replace(_with_offsets(ent, tok), reason=f"pronoun '{tok.text}' -> {ent.text!r}: {ent.reason}",
                        basis=Basis.PRONOUN, source=None, antecedent=ent)]
    parts = _split_modifiers(tok)
    if parts:
        out = []
        for part in parts:
            words = tok.doc[part.left_edge.i : part.i + 1]
            ent = mentions.resolver.resolve(f"{words.text} {tok.text}", date=mentions.date, memory=mentions.memory)
            if ent is not None and ent.code:
                out.append(replace(ent, text=words.text, start=words.start_char, end=words.end_char))
        if out:
            return out
    if not mentions.actor_word(tok):
        return _owners(tok, mentions, sent_index)
    kind = PERSON if tok.ent_type_ in PERSON_ENTS else GROUP
    ent = mentions.resolve(mention_span(tok), sent_index, kind, tok.dep_ in ("nsubj", "nsubjpass"))
    if ent is not None:
        return [ent]
    # Fall back to parts of the phrase that name someone: an apposition, a possessor, an "of"-complement.
    for child in tok.children:
        if child.dep_ in ("appos", "poss") or (child.dep_ == "prep" and child.lower_ in ("of", "from")):
            target = child if child.dep_ != "prep" else next((g for g in child.children if g.dep_ == "pobj"), None)
            if target is not None and target.pos_ in ("PROPN", "NOUN", "ADJ", "PRON"):
                found = resolve_token(target, mentions, sent_index)
                if found:
                    return found
    # The parser often hangs a name in apposition on the wrong word: "Secretary of State for Asia, Daniel K.,".
    for other in tok.subtree:
        if other.dep_ == "appos" and other.ent_type_ == "PERSON" and other.i > tok.i and other.i - tok.i <= 12:
            found = resolve_token(other, mentions, sent_index)
            if found:
                return found
    return []


def _owners(tok: Token, mentions: Mentions, sent_index: int) -> list[Entity]:
    """A mention whose head names a thing, not an actor: the actor is its possessor ("Putin's visit"), an actor in
    its complement ("the concerns of Seoul", "threats from North Korea"), its country modifiers ("Iraqi exports",
    "the Russia-North Korea treaty") or its owner ("South Korea has a stockpile of shells, which ...")."""
    possessors = [c for c in tok.children if c.dep_ == "poss"]
    complements = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "by")
                   for g in c.children if g.dep_ == "pobj"
                   and (g.pos_ == "PROPN" or (g.pos_ == "NOUN" and mentions.actor_word(g)))]
    for head in possessors + complements:
        found = resolve_heads([head], mentions, sent_index)
        if found:
            return found
    modifiers = _modifier_owners(tok, mentions, sent_index)
    if modifiers:
        return modifiers
    if tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in mentions.owning_verbs:
        return resolve_heads(subjects(tok.head)[0], mentions, sent_index)
    # last: the country where the thing is ("terrorist activities in Israel")
    places = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
              for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "GPE"]
    return resolve_heads(places, mentions, sent_index)


def _modifier_owners(tok: Token, mentions: Mentions, sent_index: int) -> list[Entity]:
    found: list[Entity] = []
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "nmod") and (child.ent_type_ in NAME_ENTS or child.pos_ == "PROPN"):
            for ent in _modifier_entities(child, mentions, sent_index):
                if ent.code not in {f.code for f in found}:
                    found.append(ent)
    return found


def _modifier_entities(mod: Token, mentions: Mentions, sent_index: int) -> list[Entity]:
    """Each name inside a modifier: "Russia-North Korea" in "the Russia-North Korea treaty" is two countries."""
    doc = mod.doc
    names = [ent for ent in doc.ents if mod.left_edge.i <= ent.start and ent.end <= mod.i + 1
             and ent.label_ in NAME_ENTS]
    found = [e for ent in names for e in [mentions.resolve(ent, sent_index, GROUP)] if e is not None]
    return found or resolve_token(mod, mentions, sent_index)


def resolve_heads(heads: list[Token], mentions: Mentions, sent_index: int) -> list[Entity]:
    out: list[Entity] = []
    seen: set[tuple[str | None, str | None]] = set()
    for head in heads:
        for tok in coordinated(head):
            for ent in resolve_token(tok, mentions, sent_index):
                key = (ent.code, ent.sector)  # "Vietnam and its partnership": one participant, named twice
                if key not in seen:
                    seen.add(key)
                    out.append(ent)
    return out


def prep_objects(prep: Token) -> list[Token]:
    """The objects of a preposition. When the parser left it without one because the noun phrase after it has a
    verb of its own ("granted asylum to five Panamanian officers holed up in ..."), the subject of that verb which
    opens right after the preposition is its object."""
    found = [g for g in prep.children if g.dep_ == "pobj"]
    if found or prep.dep_ not in ("prep", "dative") or prep.pos_ != "ADP":
        return found
    end = min(prep.sent.end, prep.i + 12)
    return [t for t in prep.doc[prep.i + 1 : end] if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
            and t.left_edge.i == prep.i + 1 and t.head.i > t.i][:1]


def pobjs(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            out.extend(prep_objects(c))
    return out


CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acomp", "ccomp", "acl", "prep", "pobj", "dobj", "attr"})


def subjects(verb: Token, depth: int = 0) -> tuple[list[Token], list[Token]]:
    """(actor heads, passive-subject heads) of a verb, inherited through xcomp, conj, relative clauses and the
    nouns that embed a clause ("its stance on supplying weapons": the possessor supplies)."""
    actors = [nominal(c) for c in verb.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        actors = agents
    if actors or passive or depth >= 5 or verb.dep_ == "ROOT" or verb.dep_ not in CLIMB_DEPS | {"relcl"}:
        return actors, passive
    head = verb.head
    if verb.dep_ == "relcl":
        return [head], []
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [], [head]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [head], []
    if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
        objs = [c for c in head.children if c.dep_ in ("dobj", "obj")] or pobjs(head, ("on", "upon"))
        if objs:
            return objs, []
    if head.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("acl", "pcomp", "prep"):
        possessors = [c for c in head.children if c.dep_ == "poss"]
        if possessors:
            return possessors, []
    return subjects(head, depth + 1)


def noun_actors(noun: Token, exclude: tuple[str, ...] = ()) -> list[Token]:
    """Who carries out a nominal event: "Russia's intention", "Israeli strikes", "shots from the military"."""
    out = [c for c in noun.children if c.dep_ == "poss"]
    out += noun_agents(noun, exclude)
    if not out:
        out = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG")]
    return out


def noun_agents(noun: Token, exclude: tuple[str, ...] = ()) -> list[Token]:
    return pobjs(noun, tuple(p for p in ("by", "from") if p not in exclude))


def noun_recipients(noun: Token, preps: tuple[str, ...]) -> list[Token]:
    return pobjs(noun, preps or DEFAULT_RECIPIENT_PREPS)
