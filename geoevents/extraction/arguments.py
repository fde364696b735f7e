"""Actors and recipients from the dependency parse.

The subject of the trigger's clause is the actor (through xcomp/conj/relative clauses and control verbs), a
by-phrase is the actor of a passive whose subject is the recipient, objects and prepositional objects are
recipients. A mention is expanded from its head token to its modifiers ("South Korea's National Security Council")
before it is resolved; coordinated heads give one entity each ("The US and France accused Russia").

Long because the walk from a trigger to its participants (subjects, objects, owners, pronouns, pairs) and the
resolution of the heads it finds call each other; split apart they would pass the same Mentions back and forth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from spacy.tokens import Span, Token

from geoevents.extraction.reference import Referents, is_pair_phrase
from geoevents.extraction.syntax import nominal
from geoevents.models import Basis, Entity
from geoevents.vocabulary import FIRST_PERSON_PRONOUNS, RELATIVE, fold
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
NAMED_ACTORS = frozenset({"PERSON", "ORG"})  # unknown names of these kinds are kept as uncoded entities
CITY_TABLE = "cities.tsv"  # the actor knowledge's gazetteer of towns (geoevents/actors/data)
PLACE_NAMES = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG"})
# Sectors of a state's offices and of politics: a subject of these with no country is of the article's topic.
TOPIC_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "PTY"})
# The right-hand parts of a mention's own phrase: "police in Paris", "militants loyal to Iraq's Zarqawi", "workers
# affiliated with the Serbian Workers' Union", "the minister, a Georgian" (not its relative clauses)
PHRASE_DEPS = frozenset({"prep", "appos", "amod", "acl", "npadvmod"})
NAME_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC"})
FINITE_VERB_TAGS = frozenset({"VB", "VBP", "VBZ", "VBD", "MD"})
# Nouns for the sides of a conflict or a deal: "the parties to the conflict in Iraq" are named by their complement.
SIDE_NOUNS = frozenset({"party", "side", "signatory", "participant"})


class Resolver(Protocol):
    def resolve_span(self, span: Span, date: str | None = None, memory: Any = None,
                     linked: Sequence[tuple[int, int]] | None = None, doc_text: str | None = None
                     ) -> Entity | None: ...

    def resolve(self, text: str, context: str | None = None, date: str | None = None,
                memory: Any = None) -> Entity | None: ...

    def countries_named(self, text: str, date: str | None = None) -> frozenset[str]: ...


@dataclass
class Mentions:
    """Per-article mention state: resolutions by token span (each mention is resolved once), the article's
    mentions for pronouns and group phrases (geoevents.extraction.reference) and the speakers of its quotations."""

    resolver: Resolver
    date: str | None
    memory: Any = None
    cache: dict[tuple[int, int], Entity | None] = field(default_factory=dict)
    group_nouns: frozenset[str] = frozenset()  # "countries", "allies": actors without a sector word
    owning_verbs: frozenset[str] = frozenset()  # "has a stockpile": the object belongs to the subject
    company_suffixes: frozenset[str] = frozenset()  # "Corp", "Inc": an unknown name with one is a firm
    accusing: frozenset[str] = frozenset()  # "accused Y of Z": Y does Z (geoevents.ontology.senses)
    event_nouns: frozenset[str] = frozenset()  # the lexicon's trigger nouns ("attack", "talks")
    speech: frozenset[str] = frozenset()  # speech verbs: their subject speaks, it does not act
    affiliations: frozenset[str] = frozenset()  # "workers employed by the UN": the agent says whose they are
    words: dict[str, bool] = field(default_factory=dict)  # common noun -> does the actor knowledge know it?
    referents: Referents = field(default_factory=Referents)
    speakers: dict[int, Token] = field(default_factory=dict)  # first-person pronoun -> who speaks it
    speaking: set[int] = field(default_factory=set)  # speaker tokens being resolved (no loop through "my")
    countries: dict[int, frozenset[str]] = field(default_factory=dict)  # sentence start -> the codes it names
    text: str | None = None  # the Doc's text (Doc.text joins its tokens on every call)

    def actor_word(self, tok: Token) -> bool:
        """Whether a common noun can name an actor: a sector word the knowledge holds ("forces", "ministry",
        "warplanes"), a group noun ("countries"), a name or a part of one. "stockpile", "visit", "concerns" cannot."""
        if tok.pos_ != "NOUN" or tok.ent_type_ or tok.lemma_.lower() in self.group_nouns:
            return True
        if tok.is_title and self.memory is not None and self.memory.recall(fold(tok.text)) is not None:
            return True  # a name the article used before, that the parser took for a common noun
        key = tok.lower_
        if key not in self.words:
            self.words[key] = self.resolver.resolve(tok.text) is not None
        return self.words[key]

    def subjects(self, verb: Token) -> tuple[list[Token], list[Token]]:
        """`subjects` with the article coder's accusing and speech verbs."""
        return subjects(verb, accusing=self.accusing, speech=self.speech)

    def is_event_noun(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.event_nouns or tok.lower_ in self.event_nouns

    def resolve(self, span: Span, sent_index: int) -> Entity | None:
        """The entity a mention names: resolved by the actor knowledge (also with a sector and no country: "the
        government", "Prime Minister Yasuhiro Nakasone"), or a name the knowledge does not hold, kept uncoded."""
        key = (span.start, span.end)
        if key not in self.cache:
            ent = self.resolver.resolve_span(span, date=self.date, memory=self.memory,
                                             linked=linked_ranges(span, self.affiliations), doc_text=self.text)
            if ent is not None and not ent.code and ent.sector in (None, "UNK") and ent.basis is Basis.PRONOUN:
                ent = None  # a pronoun with no antecedent names no one
            if ent is not None and ent.code and _city_in_a_name(ent, span):
                ent = None  # "David and Louise Turpin", "the Imus family": a town's name read in a person's
            if ent is not None and not ent.code and ent.sector in TOPIC_SECTORS and span.root.dep_ == "nsubj":
                ent = self._of_topic(ent, span, sent_index)
            self.cache[key] = ent if ent is not None else self.name_entity(span)
        return self.cache[key]

    def countries_in(self, sent: Span) -> frozenset[str]:
        """The country (and other place or people) codes a sentence names, once per sentence."""
        if sent.start not in self.countries:
            self.countries[sent.start] = self.resolver.countries_named(sent.text, self.date)
        return self.countries[sent.start]

    def topic(self, before: int, sent_index: int, exclude: str | None = None) -> Entity | None:
        return self.referents.topic(before, sent_index, exclude)

    def _of_topic(self, ent: Entity, span: Span, sent_index: int) -> Entity:
        """A state's office with no country as a subject ("Assistant Secretary of State ... will visit Hanoi",
        "The military said") belongs to the country the article is talking about: the latest coded subject of
        the same or the previous sentence."""
        topic = self.topic(span.start_char, sent_index)
        if topic is None:
            return ent
        return replace(ent, code=topic.code, basis=Basis.TOPIC, source=None,
                       reason=f"{ent.reason}; country of the article's topic {topic.text!r}")

    def name_entity(self, span: Span) -> Entity | None:
        """A person or an organisation the knowledge does not hold ("Blankenship", "Ecolab Co"): kept as an entity
        with no country (a company suffix makes it a firm), remembered so that its later mentions find it."""
        root = span.root
        unlabelled_subject = not root.ent_type_ and root.dep_ == "nsubj" and root.is_title
        if root.pos_ != "PROPN" or not (root.ent_type_ in NAMED_ACTORS or unlabelled_subject):
            return None  # a place the knowledge does not hold is no actor; a name the NER missed may be one
        words = [t for t in span if t.ent_type_ == root.ent_type_ and not t.is_punct and t.pos_ == "PROPN"] or [root]
        name = " ".join(t.text for t in words).strip("<> ")
        firm = any(t.lower_.rstrip(".") in self.company_suffixes for t in words)
        sector = "BUS" if firm else None
        reason = "a name the actor knowledge does not hold" + ("; company suffix -> BUS" if firm else "")
        ent = Entity(text=span.text, code=None, sector=sector, name=name, start=span.start_char, end=span.end_char,
                     reason=reason, basis=Basis.NO_CODE)
        if self.memory is not None and root.ent_type_ == "PERSON":
            self.memory.remember(ent, [fold(t.text) for t in words])
        return ent

    def note(self, tok: Token, sent_index: int) -> None:
        """Record a subject or object mention for later pronouns, resolved or not: a thing ("the agreement") stops
        "it" from jumping to an older actor."""
        if self.referents.known(tok):
            return
        subject = tok.dep_ in ("nsubj", "nsubjpass")
        named = tok.pos_ == "PROPN" or self.actor_word(tok)
        entities = resolve_heads([tok], self, sent_index) if named else []
        self.referents.add(tok, sent_index, entities, subject)

    def antecedent(self, pronoun: Token, sent_index: int) -> list[Entity]:
        """The entities a third-person pronoun stands for (empty when its antecedent names no actor)."""
        found = self.referents.antecedent(pronoun, sent_index)
        if found is None or not found.entities:
            return []
        out = [replace(_with_offsets(ent, pronoun), reason=f"pronoun '{pronoun.text}' -> {ent.text!r}: {ent.reason}",
                       basis=Basis.PRONOUN, source=None, antecedent=ent) for ent in found.entities]
        self.referents.add_pronoun(pronoun, sent_index, out, found)
        return out

    def speaker(self, pronoun: Token, sent_index: int) -> list[Entity]:
        """"I", "we" in a quotation: its speaker."""
        tok = self.speakers.get(pronoun.i)
        if tok is None or tok.i in self.speaking:
            return []  # no speaker, or "my father said": the speaker is named through the pronoun itself
        self.speaking.add(tok.i)
        try:
            found = resolve_token(tok, self, sent_index)
        finally:
            self.speaking.discard(tok.i)
        return [replace(_with_offsets(ent, pronoun),
                        reason=f"'{pronoun.text}' in a quotation of {ent.text!r}: {ent.reason}",
                        basis=Basis.PRONOUN, source=None, antecedent=ent) for ent in found]


def _pair_complement(tok: Token) -> Token | None:
    """"the leaders of the two countries": the pair phrase in the of-complement."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and is_pair_phrase(pobj):
                    return pobj
    return None


def _city_in_a_name(ent: Entity, span: Span) -> bool:
    """The code comes from the city table, but the parser read no place in the mention: a person's name or a
    common word that a small town shares ("David", "Imus", "Most")."""
    if ent.basis is not Basis.KNOWLEDGE or (ent.source or "").partition(":")[0] != CITY_TABLE:
        return False
    return not any(t.ent_type_ in PLACE_NAMES for t in span)


def linked_ranges(span: Span, affiliations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Character ranges (relative to the sentence) of the mention's own phrase: the span, and the prepositional
    phrases, appositions and participles of its head ("officials in Baghdad", "workers affiliated with the
    Serbian union"), not its relative clauses, nor the agent of a participle unless the participle says whose the
    people are (`affiliations`: "employed by")."""
    base = span.sent.start_char
    ranges = [(span.start_char - base, span.end_char - base)]
    for child in span.root.children:
        if child.i < span.root.i or child.dep_ not in PHRASE_DEPS or (child.dep_ == "acl" and child.tag_ != "VBN"):
            continue
        last = child.right_edge
        agent = next((c for c in child.children if c.dep_ == "agent"), None) if child.dep_ == "acl" else None
        if agent is not None and child.lemma_.lower() not in affiliations:
            # "the people wounded by US soldiers": the agent is the other side, not the noun's own phrase (but
            # "workers employed by the UN" are the UN's); the rest of the participle's phrase stays
            ranges.append((child.left_edge.idx - base, agent.idx - base))
            doer = max((g.i for g in agent.children if g.dep_ == "pobj"), default=agent.i)
            if doer < last.i:  # "wounded by soldiers in Iraq": where it happened is still the noun's phrase
                after = span.doc[doer + 1]
                ranges.append((after.idx - base, last.idx + len(last.text) - base))
            continue
        ranges.append((child.left_edge.idx - base, last.idx + len(last.text) - base))
    return ranges


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
    """Entities for the mention headed by `tok` (pronouns through the article's mentions and quotations)."""
    if tok.pos_ == "PRON" and tok.lower_ in FIRST_PERSON_PRONOUNS:
        return mentions.speaker(tok, sent_index)
    if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
        if PRONOUNS[tok.lower_] == RELATIVE:
            # "forces, who attacked": the relative pronoun stands for the noun the clause modifies.
            head = tok.head.head if tok.head.dep_ == "relcl" else None
            return resolve_token(head, mentions, sent_index) if head is not None else []
        return mentions.antecedent(tok, sent_index)
    pair_tok = tok if is_pair_phrase(tok) else _pair_complement(tok)
    if pair_tok is not None:
        pair = mentions.referents.pair(pair_tok, sent_index)
        if pair:
            return [replace(_with_offsets(ent, tok, tok.doc[tok.left_edge.i : tok.i + 1].text),
                            reason=f"'{tok.text}' -> {ent.text!r}, one of the two named before: {ent.reason}",
                            basis=Basis.PRONOUN, source=None, antecedent=ent) for ent in pair]
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
    ent = mentions.resolve(mention_span(tok), sent_index)
    if ent is not None:
        return [_stated_office(tok, ent, mentions, sent_index) or ent]
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


def _stated_office(tok: Token, person: Entity, mentions: Mentions, sent_index: int) -> Entity | None:
    """"Maria Lopez, the UN's refugee envoy, said ...": an apposition naming the office a person holds says what
    they act as in this text. It beats the people knowledge, whose dated roles are a guess about the day (a
    diplomat before or after the years a dictionary gives, a minister who moved to an international post), and
    it gives a name the knowledge does not hold its code ("Juan Perez, a former Colombian senator"). Only an
    apposition the knowledge itself resolves counts, not a country guessed for it."""
    unknown = person.basis is Basis.NO_CODE and not person.code
    if person.basis is not Basis.PERSON and not unknown:
        return None
    for child in tok.children:
        if child.dep_ != "appos" or child.pos_ not in ("NOUN", "PROPN") or child.ent_type_ == "PERSON":
            continue
        office = mentions.resolve(mention_span(child), sent_index)
        if office is None or not office.code or office.code == person.code or office.basis is not Basis.KNOWLEDGE:
            continue
        if unknown:  # the name stays the mention; the apposition gives what the knowledge did not
            return replace(person, code=office.code, sector=office.sector or person.sector, basis=Basis.KNOWLEDGE,
                           source=office.source, reason=f"{person.reason}; apposition {office.text!r}: {office.reason}")
        return replace(office, reason=f"{person.text!r} is {office.text!r} here (apposition): {office.reason}")
    return None


def _named(preps: list[Token], mentions: Mentions) -> list[Token]:
    """The objects of prepositions that can name an actor: a name, or a common noun for one."""
    return [g for c in preps for g in c.children if g.dep_ == "pobj"
            and (g.pos_ == "PROPN" or (g.pos_ == "NOUN" and mentions.actor_word(g)))]


def _owners(tok: Token, mentions: Mentions, sent_index: int) -> list[Entity]:
    """A mention whose head names a thing, not an actor: the actor is its possessor ("Putin's visit"), an actor in
    its complement ("the concerns of Seoul", "threats from North Korea"), its country modifiers ("Iraqi exports",
    "the Russia-North Korea treaty"), the agent of a participle on it ("a bill signed by the minister") or its
    owner ("South Korea has a stockpile of shells, which ...")."""
    possessors = [c for c in tok.children if c.dep_ == "poss"]
    # the doer before an of-complement, which often suffers the act ("the arrest of their leader by the police")
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"]
    preps += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from")]
    for head in possessors + _named(preps, mentions):
        found = resolve_heads([head], mentions, sent_index)
        if found:
            return found
    modifiers = _modifier_owners(tok, mentions, sent_index)
    if any(m.code for m in modifiers):
        return modifiers
    phrase = _modifier_phrase(tok, mentions, sent_index)  # "Kurdish militant positions" -> "Kurdish militant"
    if phrase is not None:
        return [phrase]
    if modifiers:
        return modifiers
    # the agent of a participle on the thing: "a bill signed by the labour minister"
    agents = [a for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN" for a in c.children if a.dep_ == "agent"]
    found = resolve_heads(_named(agents, mentions), mentions, sent_index)
    if found:
        return found
    if tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in mentions.owning_verbs:
        return resolve_heads(mentions.subjects(tok.head)[0], mentions, sent_index)
    # last: the country where the thing is ("terrorist activities in Israel")
    places = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
              for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "GPE"]
    return resolve_heads(places, mentions, sent_index)


def _modifier_phrase(tok: Token, mentions: Mentions, sent_index: int) -> Entity | None:
    """The words before a thing noun as one mention, when they name a group ("Kurdish militant positions")."""
    lefts = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod")]
    if not lefts:
        return None
    span = tok.doc[lefts[0].left_edge.i : tok.i]
    if not any(t.ent_type_ in NAME_ENTS or (t.is_title and t.pos_ == "ADJ") for t in span):
        return None  # "a three-year labor contract": the words describe the thing, they name no one
    ent = mentions.resolve(span, sent_index) if len(span) else None
    return ent if ent is not None and ent.sector not in (None, "UNK", "CVL") else None


def _modifier_owners(tok: Token, mentions: Mentions, sent_index: int) -> list[Entity]:
    found: list[Entity] = []
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "nmod") and _name_like(child):
            for ent in _modifier_entities(child, mentions, sent_index):
                if ent.code not in {f.code for f in found}:
                    found.append(ent)
    return found


def _name_like(tok: Token) -> bool:
    """A name, or a capitalised adjective the recognizer missed ("Azerbaijani hackers"): the knowledge decides."""
    return tok.ent_type_ in NAME_ENTS or tok.pos_ == "PROPN" or (tok.is_title and tok.pos_ == "ADJ")


def _modifier_entities(mod: Token, mentions: Mentions, sent_index: int) -> list[Entity]:
    """Each name inside a modifier: "Russia-North Korea" in "the Russia-North Korea treaty" is two countries."""
    doc = mod.doc
    names = [ent for ent in doc.ents if mod.left_edge.i <= ent.start and ent.end <= mod.i + 1
             and ent.label_ in NAME_ENTS]
    found = [e for ent in names for e in [mentions.resolve(ent, sent_index)] if e is not None]
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


ACCUSED_PREPS = frozenset({"of", "for", "with", "over"})
CAUSATIVE = frozenset({"have", "get"})  # "had him arrested": the object of the participle's act
CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acomp", "ccomp", "acl", "prep", "pobj", "dobj", "attr"})


def accused(tok: Token, accusing: frozenset[str]) -> list[Token]:
    """"X accused Y of bombing", "Y was charged with bombing", "X blamed Y for the attack": Y does the act named
    in the complement of an accusing verb (its object, or its passive subject)."""
    prep = tok.head
    if tok.dep_ not in ("pcomp", "pobj") or prep.dep_ != "prep" or prep.lower_ not in ACCUSED_PREPS:
        return []
    verb = prep.head
    if verb.lemma_.lower() not in accusing:
        return []
    return [c for c in verb.children if c.dep_ in ("dobj", "obj")] or \
        [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]


def subjects(verb: Token, depth: int = 0, accusing: frozenset[str] = frozenset(),
             speech: frozenset[str] = frozenset()) -> tuple[list[Token], list[Token]]:
    """(actor heads, passive-subject heads) of a verb, inherited through xcomp, conj, relative clauses and the
    nouns that embed a clause ("its stance on supplying weapons": the possessor supplies); the act an accusing
    verb names is its object's ("accused Russia of bombing": Russia bombs); a speech verb's subject speaks, it
    does not act ("reported by The Guardian as convicted": the Guardian convicted no one)."""
    actors = [nominal(c) for c in verb.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        actors = agents
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not passive:
            passive = [verb.head]  # "three protesters killed by troops": the noun suffers the act
    if actors or passive or depth >= 5 or verb.dep_ == "ROOT" or verb.dep_ not in CLIMB_DEPS | {"relcl"}:
        if verb.tag_ == "VBN" and actors and not passive and verb.head.lemma_.lower() in CAUSATIVE \
                and verb.dep_ in ("ccomp", "xcomp", "oprd"):
            # "tried to have Waseem released": Waseem is released; the one who has it done acts
            return subjects(verb.head, depth + 1, accusing, speech)[0], actors
        return actors, passive
    if accusing:
        found = accused(verb, accusing)
        if found:
            return found, []
    head = verb.head
    if head.lemma_.lower() in speech and verb.dep_ in ("ccomp", "advcl", "pcomp", "prep", "pobj") \
            and not _speakers_participle(verb):
        return [], []
    if verb.dep_ == "relcl":
        return [head], []
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [], [head]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [head], []
    if verb.dep_ == "xcomp":
        raised = [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if raised:  # "the commission is scheduled to discuss", "Serbia was urged to reject": it acts
            return raised, []
    if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
        objs = [c for c in head.children if c.dep_ in ("dobj", "obj")] or pobjs(head, ("on", "upon"))
        if objs:
            return objs, []
    if head.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("acl", "pcomp", "prep"):
        possessors = [c for c in head.children if c.dep_ == "poss"]
        if possessors:
            return possessors, []
    return subjects(head, depth + 1, accusing, speech)


def _speakers_participle(verb: Token) -> bool:
    """"The ministry said in a statement, accusing Kyiv of ...": a participle on a main-clause speech verb that
    reports no other clause is the speaker's own act (not so in "X overran the base, officials said, killing 17",
    where the parser hangs the participle on the report)."""
    speech = verb.head
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and speech.dep_ == "ROOT" \
        and not any(c.dep_ in ("ccomp", "parataxis") for c in speech.children) \
        and any(c.dep_ in SUBJECT_DEPS and c.i < speech.i for c in speech.children)


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
