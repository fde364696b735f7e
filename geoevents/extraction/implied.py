"""The events a statement implies, and what coded events lend each other in one sentence: "X will visit Y" is
also X expressing intent to meet (AGREE, asserted), "X will attack Y" a threat (THREATEN), "X said Y must withdraw"
a demand (REQUEST) by X of Y; a refusal or demand takes the mode and the recipients of what it refuses or asks for;
a threat is aimed at the one whose action its condition names."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from spacy.tokens import Span, Token

from geoevents.extraction import arguments as args
from geoevents.extraction.candidates import RECEIVING_VERBS, Candidate
from geoevents.extraction.factuality import Factuality
from geoevents.extraction.syntax import nominal
from geoevents.extraction.triggers import TriggerMatch
from geoevents.ontology import Category, Cues, Trigger

INTENT_CATEGORY_BY_QUAD: Mapping[int, str | None] = MappingProxyType({1: "AGREE", 2: "AGREE", 3: None, 4: "THREATEN"})
EMBEDDED_MODE: Mapping[str, str] = MappingProxyType(
    {"AID": "assist", "COOPERATE": "assist", "RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AGREE": "meet"}
)


class Implications:
    """Adds implied events and lends modes and recipients between a sentence's candidates."""

    def __init__(self, cues: Cues, categories: Mapping[str, Category]) -> None:
        self.cues = cues
        self.categories = categories

    def derived(self, cands: list[Candidate], sent: Span, index: int, mentions: args.Mentions) -> list[Candidate]:
        """The events the sentence's statements imply: stated intentions and demands."""
        out: list[Candidate] = []
        by_head = {c.match.head.i for c in cands}
        for cand in cands:
            intent = self._intent(cand)
            if intent is not None:
                out.append(intent)
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "aux" and c.lower_ in self.cues.demand_modals for c in tok.children
            ):
                demand = self._demand(tok, index, mentions, by_head, cands)
                if demand is not None:
                    out.append(demand)
        return out

    def _intent(self, cand: Candidate) -> Candidate | None:
        """A stated plan to act ("will visit", "is willing to send") is itself an expression of intent."""
        fact = cand.fact
        if cand.derived or fact.modal is None or fact.value not in ("future", "conditional", "negated"):
            return None
        if cand.match.head.lemma_.lower() in RECEIVING_VERBS:
            return None  # "China will receive loans from Japan": no one states an intention
        adjective = fact.modal.pos_ == "ADJ"
        if fact.modal.lower_ not in ("will", "'ll", "would", "shall", "wo") and not adjective:
            return None
        head = cand.match.head
        clause = head.head if adjective and head.dep_ == "xcomp" else head
        if adjective and clause.i != fact.modal.i:
            return None
        if adjective:
            clause = clause.head  # "is willing": the copula heads the clause
        if clause.dep_ not in ("ROOT", "ccomp", "conj") or not cand.actors:
            return None
        parties = {a.code for a in cand.actors} | {r.code for r in cand.recipients}
        if cand.reported_by is not None and cand.reported_by.code not in parties:
            return None  # an outsider's prediction about the actor is not the actor's intent
        quad = self.categories[cand.event].quad
        category = INTENT_CATEGORY_BY_QUAD[quad]
        if fact.value == "negated" and quad in (1, 2):
            category = "REJECT"
        if category is None or category == cand.event:
            return None
        start = min(fact.modal.i, cand.bounds[0])
        return Candidate(cand.match, category, None, cand.actors, cand.recipients,
                          Factuality("asserted", None, fact.speaker, fact.governor, None), cand.reported_by,
                          (start, cand.bounds[1]), derived=True)

    def _demand(self, verb: Token, index: int, mentions: args.Mentions, by_head: set[int],
                cands: list[Candidate]) -> Candidate | None:
        """"X said (that) Y must Z": X demands of Y."""
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in self.cues.speech:
            return None
        speaker_tok = next((nominal(c) for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        target_tok = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if speaker_tok is None or target_tok is None:
            return None
        if verb.lemma_ == "be" and not any(c.dep_ == "auxpass" for c in verb.children):
            return None  # "M-1 should be up", "the talks must be a priority": a forecast or a view, no demand
        actors = args.resolve_heads([speaker_tok], mentions, index)
        recipients = args.resolve_heads([target_tok], mentions, index)
        if not actors or {a.start for a in actors} & {r.start for r in recipients}:
            return None
        if not any(r.code or (r.sector and r.sector != "UNK") or r.name for r in recipients):
            return None  # "sales should exceed 100 mln": a demand is made of someone, a thing only gets a forecast
        modal = next(c for c in verb.children if c.dep_ == "aux" and c.lower_ in self.cues.demand_modals)
        embedded = next((c for c in cands if c.match.head.i == verb.i), None)
        mode = EMBEDDED_MODE.get(embedded.event, "change") if embedded else None
        trig = Trigger(event="REQUEST", kind="v", lemma=modal.lower_, source="implied: X said (that) Y must/should")
        match = TriggerMatch(trig, verb.head, modal, None)
        return Candidate(match, "REQUEST", mode, actors, recipients, Factuality("asserted"), None,
                          (modal.i, verb.i + 1), derived=True)

    def embedded_modes(self, cands: list[Candidate]) -> None:
        """REQUEST/REJECT take their mode from the event they ask for or refuse ("demanded the withdrawal")."""
        for cand in cands:
            if cand.event not in ("REQUEST", "REJECT") or cand.mode or cand.derived:
                continue
            head = cand.match.head
            for other in cands:
                if other is cand or other.derived:
                    continue
                o = other.match.head
                if o.head.i == head.i or (o.head.head.i == head.i and o.head.dep_ in ("prep", "dobj")):
                    cand.mode = EMBEDDED_MODE.get(other.event, "change")
                    break

    def embedded_recipients(self, cands: list[Candidate]) -> None:
        """"refused to deploy peacekeepers in Iraq": a refusal, demand or threat is aimed where its content is."""
        by_head = {c.match.head.i: c for c in cands if not c.derived}
        for cand in cands:
            if cand.recipients or cand.derived:
                continue
            for child in cand.match.head.children:
                purpose = child.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
                inner = by_head.get(child.i) if child.dep_ in ("xcomp", "ccomp") or purpose else None
                if inner is not None and inner is not cand:
                    if purpose:
                        # "began a hunger strike to protest the president's decision": aimed where its purpose is
                        actor_keys = {(a.code, a.sector) for a in cand.actors}
                        cand.recipients = [r for r in inner.recipients if (r.code, r.sector) not in actor_keys]
                    else:
                        actor_codes = {a.code for a in cand.actors}
                        cand.recipients = [r for r in inner.recipients if r.code not in actor_codes]
                    break

    def condition_targets(self, cands: list[Candidate], mentions: args.Mentions, index: int) -> None:
        """"X threatened to stop the talks if Y goes ahead": a threat without a named target is aimed at the one
        whose action its condition names."""
        for cand in cands:
            if cand.event != "THREATEN" or cand.recipients or cand.derived:
                continue
            clauses = [t for t in cand.match.head.subtree if t.dep_ == "advcl"
                       and any(m.dep_ == "mark" and m.lower_ in self.cues.conditions for m in t.children)]
            for verb in clauses[:1]:
                heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                actor_codes = {a.code for a in cand.actors}
                cand.recipients = [r for r in args.resolve_heads(heads, mentions, index) if r.code not in actor_codes]


__all__ = ["EMBEDDED_MODE", "INTENT_CATEGORY_BY_QUAD", "Implications"]
