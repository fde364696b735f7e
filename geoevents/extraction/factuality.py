"""Did it happen? Factuality of an event from its clause: negation, modals, embedding governors, conditions,
reported speech and explicit past years.

The rules look at the trigger's own auxiliaries and then climb the dependency tree through the clauses that embed
it: "considering supplying" (hypothetical), "plans to visit" (future), "refused to deploy" (negated), an if/unless
clause (conditional, with the clause's text), "X said that ..." (reported_by X, the event keeps its own actor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from spacy.tokens import Span, Token

from geoevents.extraction.dates import clause_hops, parse_iso
from geoevents.extraction.syntax import nominal
from geoevents.ontology import Cues, Readings

# Dependencies through which a clause or nominal is embedded in the clause above it.
EMBED_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "acomp", "advcl", "conj", "relcl",
                        "nsubjpass", "attr", "oprd", "amod"})
MAX_CLIMB = 6
PERIOD_DAYS = {"day": 0, "week": 6, "month": 30, "year": 364}  # a date of this precision covers start + days
NEGATING_DETERMINERS = frozenset({"neither", "no"})
CONTRASTING = frozenset({"but", "yet"})  # "did not attack but withdrew": the negation stays in its conjunct


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
        if c.dep_ in ("nsubj", "nsubjpass") and any(
                g.dep_ in ("det", "preconj") and g.lower_ in NEGATING_DETERMINERS for g in c.children):
            return True  # "neither the EU nor the US would endorse", "no country has recognised"
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


def _hedge(head: Token, cues: Cues) -> Token | None:
    """An adverb of likelihood on the clause ("probably will not offer"), or a certainty it weakens ("will almost
    certainly step down": a forecast, not a fact)."""
    for c in head.children:
        if c.dep_ != "advmod":
            continue
        if c.lower_ in cues.hedges or any(g.lower_ in ("almost", "nearly") for g in c.children):
            return c
    return None


def _mandative(head: Token) -> bool:
    """A that-clause verb in the base form with its own subject: the content of an order or a demand."""
    return head.tag_ == "VB" and head.dep_ in ("ccomp", "conj") and any(c.dep_ == "nsubj" for c in head.children) \
        and not any(c.dep_ in ("aux", "auxpass") for c in head.children)


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


def assess(head: Token, cues: Cues, passes_condition: bool = True, readings: Readings | None = None) -> Factuality:
    """Factuality of the event whose clause is headed by `head`.

    `passes_condition` is False for a governing event (a threat, a promise) whose if-clause belongs to the
    embedded event: the threat itself happened. With `readings`, an act someone is accused of ("accused Russia of
    bombing", "allegations that Russia bombed", "allegedly bombed") is `alleged`, with the accuser as speaker.
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
    elif value == "asserted" and _mandative(head):
        value = "hypothetical"  # "ordered that the army protect places of worship": what is to be done
    if readings is not None and value == "asserted" and any(
            c.dep_ == "advmod" and c.lower_ in readings.alleging_adverbs for c in head.children):
        value = "alleged"
    hedge = _hedge(head, cues)
    if hedge is not None and value in ("asserted", "future", "negated"):
        value, governor = "hypothetical", hedge  # "will probably step down": a prediction
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
            # inside an if-clause nothing is stated to have happened, not even a refusal ("if the owners refused")
            in_condition = True
            if value in ("asserted", "negated", "future"):
                value = "hypothetical"
            break
        if readings is not None and value == "asserted" and not locked:
            alleged, accuser = _allegation(tok, gov, readings)
            if alleged:
                value, governor = "alleged", gov
                speaker = speaker or accuser
                break
        if lemma in cues.speech and tok.dep_ in ("ccomp", "xcomp") and tok.pos_ != "NOUN":
            speaker = speaker or _speaker(gov)
            break
        if tok.dep_ == "relcl":
            locked = True
            if readings is not None and value == "asserted" and gov.lemma_.lower() in readings.proposal_nouns:
                value, governor = "hypothetical", gov  # "a bill that legalises abortion": its content
                break
        if value == "asserted" and _purpose(tok, gov):
            # "to help defend", "the intention to supply": an infinitive of purpose or under a noun is not a fact
            value = cues.governors.get(lemma, "hypothetical")
            governor = gov
            speaker = speaker or _speaker_above(gov, cues)
            break
        if locked:
            tok = gov
            continue
        if value == "asserted" and _to_be(tok, gov):
            value, governor = "future", gov  # "was to seek talks", "their obligation was to give"
            break
        if value == "asserted" and _must(tok, gov):
            value, governor = "hypothetical", gov  # "the cabinet will have to resign": an obligation
            break
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
            # coordinated verbs share their auxiliaries and negation ("will visit and meet", "did not visit or
            # meet"), unless the conjunct has its own subject or a "but" turns it ("did not attack but withdrew")
            shared = _modal(gov, cues)
            own = any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children)
            turned = any(c.dep_ == "cc" and c.lower_ in CONTRASTING for c in gov.children)
            if shared and not own:
                value, modal_tok = shared
                governor = modal_tok
            elif _negated(gov, cues) and not own and not turned:
                value = "negated"
        tok = gov
    if not in_condition and _inside_condition(tok, cues):
        # "if the owners refused to negotiate": the refusal decided the negotiation's value above, but the whole
        # is only a condition
        in_condition = True
        if value in ("asserted", "negated", "future"):
            value = "hypothetical"
    if condition is not None and value in ("asserted", "future", "hypothetical"):
        value = "conditional"
    return Factuality(value, condition, speaker, governor, modal_tok, in_condition)


def _inside_condition(tok: Token, cues: Cues) -> bool:
    for _ in range(MAX_CLIMB):
        if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditions for m in tok.children):
            return True
        if tok.dep_ in ("ROOT", "relcl", "ccomp", "parataxis") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _allegation(tok: Token, gov: Token, readings: Readings) -> tuple[bool, Token | None]:
    """(whether `tok` names the act of an accusation, the accuser): "accused Russia of bombing" (the accuser is
    the subject of "accused"; "Russia was accused of" names none), "allegations that Russia bombed", "claimed
    that Russia bombed"."""
    accusing: Token | None = None
    if tok.dep_ in ("pcomp", "pobj") and gov.dep_ == "prep" and gov.lower_ in ("of", "for", "with", "over"):
        accusing = gov.head
    elif tok.dep_ in ("ccomp", "acl"):
        accusing = gov
    if accusing is None or accusing.lemma_.lower() not in readings.alleging_verbs | readings.alleging_nouns:
        return False, None
    return True, _accuser(accusing)


def _accuser(word: Token) -> Token | None:
    """Who accuses: the agent of a passive, the subject of an active verb, the possessor or by-phrase of a noun."""
    for c in word.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            return next((nominal(g) for g in c.children if g.dep_ == "pobj"), None)
    for c in word.children:
        if c.dep_ in ("nsubj", "poss"):
            return nominal(c)
    return None


def _to_be(tok: Token, gov: Token) -> bool:
    """"was to seek", "the aim is to reach": an infinitive as the complement of "be" is planned, not done."""
    return tok.dep_ in ("xcomp", "attr", "ccomp", "advcl") and gov.lemma_.lower() == "be" \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _must(tok: Token, gov: Token) -> bool:
    """"has to resign", "will have to resign": an obligation, not a fact ("had to flee" happened)."""
    return tok.dep_ == "xcomp" and gov.lemma_.lower() == "have" and gov.tag_ != "VBD" \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


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


def historical(head: Token, date: str | None, precision: str, article_date: str | None, readings: Readings) -> bool:
    """Whether the event lies clearly before the article's time (the rule of docs/events.md):
    - the date of its own clause ends more than `readings.historical_days` (about six months) before the article
      date: "on August 20, 2018" in a December 2019 article, "in 2015", "two years ago";
    - its clause places it in a life stage or a named past period: "at age 10", "when I was eight", "in his
      youth", "during the war", "in the 1990s"."""
    if precision in PERIOD_DAYS and date and article_date:
        start, anchor = parse_iso(date), parse_iso(article_date)
        if start is not None and anchor is not None:
            end = start + timedelta(days=PERIOD_DAYS[precision])
            if (anchor - end).days > readings.historical_days:
                return True
    return any(_past_cue(tok, head, readings) for tok in head.subtree if clause_hops(tok, head) is not None
               or _when_clause(tok, head, readings))


def _past_cue(tok: Token, head: Token, readings: Readings) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in readings.life_stages or (lemma == "age" and any(c.like_num for c in tok.children)):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "during" and (
            lemma in readings.past_periods or any(c.lemma_.lower() in readings.past_periods for c in tok.lefts)):
        return True
    text = tok.text.lower().lstrip("'")
    return tok.dep_ == "pobj" and text.endswith("s") and text[:-1].isdigit() and len(text) in (3, 5)  # the 1990s


def _when_clause(tok: Token, head: Token, readings: Readings) -> bool:
    """A token of a "when" clause on the event that names a childhood: "when I was eight", "when he was young"."""
    clause = tok
    while clause.dep_ != "advcl" and clause.head.i != clause.i and clause.i != head.i:
        clause = clause.head
    if clause.dep_ != "advcl" or clause.head.i != head.i:
        return False
    if not any(c.dep_ == "advmod" and c.lower_ == "when" for c in clause.children):
        return False
    if tok.lemma_.lower() in readings.life_stages:
        return True  # "when both were in their late teens"
    return clause.lemma_ == "be" and (tok.like_num and tok.dep_ in ("attr", "acomp", "npadvmod")
                                      or tok.lower_ in ("young", "child", "boy", "girl", "teenager", "kid"))
