"""Did it happen? Factuality of an event from its clause: negation, modals, embedding governors, conditions,
reported speech and explicit past years.

The rules look at the trigger's own auxiliaries and then climb the dependency tree through the clauses that embed
it: "considering supplying" (hypothetical), "plans to visit" (future), "refused to deploy" (negated), an if/unless
clause (conditional, with the clause's text), "X said that ..." (reported_by X, the event keeps its own actor).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from geoevents.extraction.syntax import nominal
from geoevents.ontology import Cues

# Dependencies through which a clause or nominal is embedded in the clause above it.
EMBED_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "acomp", "advcl", "conj", "relcl",
                        "nsubjpass", "attr", "oprd", "amod"})
MAX_CLIMB = 6


@dataclass(frozen=True)
class Factuality:
    value: str = "asserted"
    condition: Span | None = None  # the if/unless clause of a conditional event
    speaker: Token | None = None  # subject of the speech verb that reports the event
    governor: Token | None = None  # the word that made the event non-asserted ("considering", "will")
    modal: Token | None = None  # the modal or adjective ("will", "willing") the value came from, if any
    in_condition: bool = False  # the event is itself inside an if/unless clause


def _negated(tok: Token, cues: Cues) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in cues.negators):
            return True
    return False


def _modal(tok: Token, cues: Cues) -> tuple[str, Token] | None:
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass"):
            lemma = c.lemma_.lower()
            lower = c.lower_
            if lower in cues.future_modals or lemma in cues.future_modals:
                return "future", c
            if lower in cues.hypothetical_modals or lemma in cues.hypothetical_modals:
                # "would" reporting one's own plan ("said it would allow") reads as future.
                value = "future" if lower in ("would", "'d") and _reported(tok, cues) else "hypothetical"
                return value, c
    return None


def _reported(tok: Token, cues: Cues) -> bool:
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # "said it would prohibit aid and would deny entry"
        tok = tok.head
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in cues.speech


def condition_clause(tok: Token, cues: Cues) -> Span | None:
    """The if/unless clause attached to a verb."""
    for c in tok.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditions for m in c.children):
            return tok.doc[c.left_edge.i : c.right_edge.i + 1]
    return None


def _speaker(verb: Token) -> Token | None:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    found = agent or subj
    return nominal(found[0]) if found else None


def _according_to(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            for p in c.children:
                for g in p.children:
                    if g.dep_ == "pobj":
                        return g
    return None


def _paratactic_speaker(tok: Token, cues: Cues) -> Token | None:
    """"X attacked Y, police said": the speech verb hangs off the event's verb."""
    for c in tok.children:
        if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in cues.speech and c.i > tok.i:
            return _speaker(c)
    return _according_to(tok)


def assess(head: Token, cues: Cues, passes_condition: bool = True) -> Factuality:
    """Factuality of the event whose clause is headed by `head`.

    `passes_condition` is False for a governing event (a threat, a promise) whose if-clause belongs to the
    embedded event: the threat itself happened.
    """
    value = "asserted"
    governor = modal_tok = None
    if _negated(head, cues):
        value = "negated"
    found = _modal(head, cues)
    if found:
        modal_tok = governor = found[1]
        if value == "asserted":
            value = found[0]
    condition = condition_clause(head, cues) if passes_condition else None
    speaker = _paratactic_speaker(head, cues)
    in_condition = False
    locked = False  # a relative clause keeps its own tense: "resolutions that Russia has supported"
    tok = head
    for _ in range(MAX_CLIMB):
        if tok.dep_ == "ROOT" or tok.dep_ not in EMBED_DEPS or tok.head.i == tok.i:
            break
        gov = tok.head
        lemma = gov.lower_ if gov.lower_ in cues.governors else gov.lemma_.lower()
        if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditions for m in tok.children):
            in_condition = True
            if value == "asserted":
                value = "hypothetical"
            break
        if lemma in cues.speech and tok.dep_ in ("ccomp", "xcomp") and tok.pos_ != "NOUN":
            speaker = speaker or _speaker(gov)
            break
        if tok.dep_ == "relcl":
            locked = True
        if value == "asserted" and _purpose(tok, gov):
            # "to help defend", "the intention to supply": an infinitive of purpose or under a noun is not a fact
            value = cues.governors.get(lemma, "hypothetical")
            governor = gov
            speaker = speaker or _speaker_above(gov, cues)
            break
        if locked:
            tok = gov
            continue
        if tok.dep_ not in ("conj", "advcl") and lemma in cues.governors and value == "asserted":
            value = cues.governors[lemma]
            governor = gov
            if value == "future" and gov.pos_ == "ADJ":
                modal_tok = gov  # "is willing to", "is prepared to": a stated intention
            if _negated(gov, cues) and value != "negated":
                value = "negated"
            if condition is None and passes_condition:
                condition = condition_clause(gov, cues)
            if tok.dep_ in ("xcomp", "ccomp", "acl", "pcomp", "dobj", "pobj", "prep"):
                # the clause above decides nothing more about this event, except reported speech
                speaker = speaker or _speaker_above(gov, cues)
                break
        if tok.dep_ == "conj" and value == "asserted":
            # coordinated verbs share their auxiliaries and negation: "will visit and meet"
            shared = _modal(gov, cues)
            if shared:
                value, modal_tok = shared
                governor = modal_tok
            elif _negated(gov, cues):
                value = "negated"
        tok = gov
    if condition is not None and value in ("asserted", "future", "hypothetical"):
        value = "conditional"
    return Factuality(value, condition, speaker, governor, modal_tok, in_condition)


def _purpose(tok: Token, gov: Token) -> bool:
    if tok.dep_ not in ("advcl", "acl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return tok.dep_ == "advcl" or gov.pos_ in ("NOUN", "PROPN")


def _speaker_above(gov: Token, cues: Cues) -> Token | None:
    tok = gov
    for _ in range(3):
        if tok.dep_ in ("ccomp", "xcomp") and tok.head.lemma_.lower() in cues.speech:
            return _speaker(tok.head)
        if tok.dep_ == "ROOT":
            return _paratactic_speaker(tok, cues)
        tok = tok.head
    return None


def historical(head: Token, article_year: int | None) -> bool:
    """An explicit year before the article's year on the event's clause: "blew up a plane in 1988"."""
    if article_year is None:
        return False
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            for g in c.children:
                if g.dep_ == "pobj" and g.like_num and len(g.text) == 4 and g.text.isdigit():
                    return int(g.text) < article_year
    return False
