"""EventExtractor: PLOVER events from a parsed spaCy Doc.

Per sentence: find triggers (lexicon lemma lookups), take arguments from the dependency parse, decide factuality,
then add the events a statement implies: "X will visit Y" is also X expressing intent to meet (AGREE, asserted),
"X will attack Y" is a threat (THREATEN), "X said Y must withdraw" is a demand (REQUEST) by X of Y.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from spacy.tokens import Doc, Span, Token

from geoevents.events import arguments as args
from geoevents.events.factuality import Factuality, assess, historical
from geoevents.events.triggers import Match, find_matches
from geoevents.models import Entity, Event, Location
from geoevents.ontology import Cues, Lexicon, Ontology, Trigger, load_cues, load_ontology, load_trigger_lexicon

CONTEXT_DEPS = frozenset({"dobj", "obj", "pobj", "prep", "nsubj", "nsubjpass", "xcomp", "attr", "dative", "compound",
                          "amod", "agent"})
PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST", "SANCTION", "MOBILIZE"})
DEMAND_MODALS = frozenset({"must", "should"})
INTENT_CATEGORY_BY_QUAD: Mapping[int, str | None] = MappingProxyType({1: "AGREE", 2: "AGREE", 3: None, 4: "THREATEN"})
EMBEDDED_MODE: Mapping[str, str] = MappingProxyType(
    {"AID": "assist", "COOPERATE": "assist", "RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AGREE": "meet"}
)


@dataclass
class ExtractionResult:
    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


@dataclass
class _Candidate:
    match: Match
    event: str
    mode: str | None
    actors: list[Entity]
    recipients: list[Entity]
    fact: Factuality
    reported_by: Entity | None
    bounds: tuple[int, int]  # token range of the trigger text
    derived: bool = False


@functools.lru_cache(maxsize=1)
def _date_resolvers() -> tuple[Callable[..., Any] | None, Callable[..., Any] | None]:
    """The date and place resolvers (geoevents.events.dates / places) when they are installed."""
    try:
        from geoevents.events.dates import resolve_event_date
    except ImportError:
        resolve_event_date = None  # type: ignore[assignment]
    try:
        from geoevents.events.places import resolve_location
    except ImportError:
        resolve_location = None  # type: ignore[assignment]
    return resolve_event_date, resolve_location


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


class EventExtractor:
    """Codes PLOVER events. One instance per process: the ontology and lexicon are loaded once."""

    def __init__(self, resolver: Any, coder: str = "geoevents", lexicon: Lexicon | None = None,
                 ontology: Ontology | None = None, cues: Cues | None = None) -> None:
        self.resolver = resolver
        self.coder = coder
        self.lexicon = lexicon or load_trigger_lexicon()
        self.ontology = ontology or load_ontology()
        self.cues = cues or load_cues()
        self.categories = {c.name: c for c in self.ontology.categories}
        self.context_cues = self.ontology.cue_map()

    # -- public -----------------------------------------------------------------------------------------------
    def extract(self, doc: Doc, article_id: str = "", article_date: str | None = None) -> ExtractionResult:
        mentions = args.Mentions(self.resolver, article_date, self._memory(), group_nouns=self.cues.group_nouns,
                                 owning_verbs=self.cues.owning_verbs)
        result = ExtractionResult()
        year = int(article_date[:4]) if article_date and article_date[:4].isdigit() else None
        for index, sent in enumerate(doc.sents):
            cands = self._sentence(sent, index, mentions)
            result.events.extend(self._events(cands, sent, index, article_id, article_date, year))
        seen: set[tuple[int | None, int | None]] = set()
        for ent in mentions.cache.values():
            if ent is not None and (ent.start, ent.end) not in seen:
                seen.add((ent.start, ent.end))
                result.entities.append(ent)
        result.entities.sort(key=lambda e: (e.start or 0, e.end or 0))
        return result

    # -- per sentence -----------------------------------------------------------------------------------------
    def _memory(self) -> Any:
        try:
            from geoevents.actors import ArticleMemory
        except ImportError:
            return None
        return ArticleMemory()

    def _sentence(self, sent: Span, index: int, mentions: args.Mentions) -> list[_Candidate]:
        # Resolve every sentence's subjects first so pronouns later in the article find their antecedents.
        matches = find_matches(sent, self.lexicon, self.cues)
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN"):
                args.resolve_token(tok, mentions, index)  # antecedents for later pronouns
        cands: list[_Candidate] = []
        for m in matches:
            if self._is_speech_frame(m):
                continue
            cand = self._candidate(m, index, mentions)
            if cand is not None:
                cands.append(cand)
        self._embedded_recipients(cands)
        self._condition_targets(cands, mentions, index)
        # implied events last: a stated intention takes the recipients its event found in embedded clauses
        cands.extend(self._derived(cands, sent, index, mentions))
        self._embedded_modes(cands)
        return cands

    def _is_speech_frame(self, m: Match) -> bool:
        """"X warned that ...", "X announced that ...": a report of another statement, not itself the event."""
        lemma = m.head.lemma_.lower()
        if m.nominal or lemma not in self.cues.speech or m.trigger.event == "ACCUSE":
            return False
        return any(c.dep_ == "ccomp" for c in m.head.children)

    def _candidate(self, m: Match, index: int, mentions: args.Mentions) -> _Candidate | None:
        trig = m.trigger
        preps = trig.recipient_preps or args.DEFAULT_RECIPIENT_PREPS
        embeds = any(c.dep_ in ("xcomp", "ccomp") for c in m.head.children)
        fact = assess(m.head, self.cues, passes_condition=not (embeds and m.head.lemma_.lower() in self.cues.governors))
        if m.nominal and not m.light:
            actor_heads = args.noun_actors(m.anchor, trig.recipient_preps)
            rec_heads = args.noun_recipients(m.anchor, preps)
            gov = m.anchor.head
            if not actor_heads and m.anchor.dep_ in ("dobj", "obj") and self._self_governor(gov):
                actor_heads = args.subjects(gov)[0]  # "Japan is weighing sanctions": Japan would impose them
            if not rec_heads and m.anchor.dep_ in ("dobj", "obj") and trig.recipient_preps and self._self_governor(gov):
                # "evaluating weapons supplies to Ukraine": the parser often hangs the noun's "to" on the verb
                rec_heads = args.pobjs(gov, trig.recipient_preps)
            if m.anchor.dep_ in ("nsubj", "nsubjpass") and not actor_heads:
                # "talks between X and Y" / "an attack killed ...": nothing more from the verb
                rec_heads += [g for c in m.anchor.children if c.lower_ == "between" for g in c.children]
        else:
            actor_heads, passive = args.subjects(m.head)
            if m.light:
                # "warning shots from the military", "talks by X": the noun's own agent beats the verb's subject
                actor_heads = args.noun_agents(m.anchor, trig.recipient_preps) or actor_heads
            if trig.agent_preps:
                actor_heads = args.pobjs(m.head, trig.agent_preps) or actor_heads
            rec_heads = self._verb_recipients(m, preps)
            if passive and trig.passive_actor and not actor_heads:
                actor_heads = passive  # an adjectival passive: "Israel is opposed to French mediation"
            elif passive:
                rec_heads = passive + rec_heads
            if m.light and not actor_heads:
                actor_heads = args.noun_actors(m.anchor, trig.recipient_preps)
            if m.light:
                rec_heads += args.noun_recipients(m.anchor, preps)
        actors = args.resolve_heads(actor_heads, mentions, index)
        if not actors and m.head.dep_ in ("acl", "relcl") and not m.nominal:
            # "issued a declaration demanding ...": the noun names no one; its clause's subject does
            actors = args.resolve_heads(args.subjects(m.head.head)[0], mentions, index)
        recipients = args.resolve_heads(rec_heads, mentions, index)
        if not recipients and not (m.nominal and not m.light):
            recipients = args.resolve_heads(self._secondary_recipients(m), mentions, index)
        actors = [self._unguess(a, recipients, mentions, index) for a in actors]
        actor_keys = {(a.start, a.code) for a in actors}
        actor_codes = {a.code for a in actors}
        # A possessive pronoun pointing back at the actor ("reinforcing its commitments") is not a recipient.
        recipients = [r for r in recipients if (r.start, r.code) not in actor_keys
                      and not (r.text.lower().split()[0] in args.PRONOUNS and r.code in actor_codes)]
        if not actors and not recipients and ((m.nominal and not m.light) or trig.ambiguous):
            # a bare noun ("the attack") or an ambiguous verb ("helped", "allowed") with no participant adds
            # nothing checkable and is mostly not a political event
            return None
        speaker = None
        if fact.speaker is not None:
            found = args.resolve_heads([fact.speaker], mentions, index)
            speaker = found[0] if found else None
        event, mode = trig.event, trig.mode
        if trig.joint and len({a.code for a in actors}) > 1:
            event = trig.joint
        if event != trig.event:
            mode = None
        return _Candidate(m, event, mode, actors, recipients, fact, speaker, m.text_bounds())

    @staticmethod
    def _unguess(actor: Entity, recipients: list[Entity], mentions: args.Mentions, index: int) -> Entity:
        """A title whose country was only guessed from the nearest country in the sentence ("Assistant Secretary
        of State ... will visit Hanoi" -> VNM) is not the recipient's own country: take the article's current
        topic (the latest subject before it with another code) instead."""
        if "nearest in the sentence" not in (actor.reason or "") or actor.code not in {r.code for r in recipients}:
            return actor
        topic = mentions.topic(actor.start or 0, index, exclude=actor.code)
        if topic is None:
            return actor
        return replace(actor, code=topic.code, reason=f"{actor.reason}; country of the article's topic {topic.text!r}")

    def _self_governor(self, verb: Token) -> bool:
        """A verb whose object names the subject's own possible action ("weigh sanctions", "plan an attack")."""
        lemma = verb.lemma_.lower()
        return self.cues.governors.get(lemma) in ("future", "hypothetical") and lemma not in args.OBJECT_CONTROL

    def _secondary_recipients(self, m: Match) -> list[Token]:
        """Where a verb has no recipient of its own: the addressee of a demand ("demanded that the US cancel"), the
        author or target of the thing acted on ("rejected calls by Belarus", "threatened action against Russia"),
        the recipient of the infinitive ("offered to hand over to Britain", "threatened to ban Ugandan parties")."""
        verb = m.head
        heads: list[Token] = []
        for child in verb.children:
            if child.dep_ == "ccomp" and m.trigger.event == "REQUEST":
                heads += [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            elif child.dep_ in ("dobj", "obj"):
                heads += args.pobjs(child, ("by", "from", *args.DEFAULT_RECIPIENT_PREPS))
            elif child.dep_ == "xcomp":
                heads += [c for c in child.children if c.dep_ in ("dobj", "obj", "dative")]
                heads += args.pobjs(child, args.DEFAULT_RECIPIENT_PREPS)
        return heads

    def _verb_recipients(self, m: Match, preps: tuple[str, ...]) -> list[Token]:
        verb = m.head
        heads: list[Token] = [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        heads += [g for c in verb.children if c.dep_ == "dative" for g in args.prep_objects(c)]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and (m.obj is None or c.i != m.obj.i)]
        if m.obj is not None and m.obj.dep_ not in ("dobj", "obj"):
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")] if m.obj.dep_ == "pobj" else objects
        heads += objects
        # Prepositional recipients: entry prepositions first ("attack on", "talks with"), then the default set.
        for prep_set in (m.trigger.recipient_preps, args.DEFAULT_RECIPIENT_PREPS):
            found = [g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in prep_set
                     for g in args.prep_objects(c) if m.obj is None or g.i != m.obj.i]
            # two-word prepositions the parser nests: "along with Japan", "together with France"
            found += [g for c in verb.children if c.dep_ == "prep" and not any(x.dep_ == "pobj" for x in c.children)
                      for p in c.children if p.dep_ == "prep" and p.lower_ in prep_set
                      for g in p.children if g.dep_ == "pobj"]
            if found:
                heads += found
                break
        if m.obj is not None and m.obj.dep_ in ("dobj", "obj", "nsubjpass"):
            for obj in (m.obj, *m.obj.conjuncts):  # "launched artillery, mortar and rocket fire against X"
                heads += args.noun_recipients(obj, m.trigger.recipient_preps or args.DEFAULT_RECIPIENT_PREPS)
            if not heads:
                heads += args.noun_recipients(m.obj, ("to",))  # "recalled its ambassador to Uganda"
        if not heads and m.obj is not None and m.obj.dep_ in ("dobj", "obj"):
            heads.append(m.obj)  # "expelled two Canadian diplomats": the constrained object is the recipient
        if not heads and m.trigger.prep:
            # "called for sanctions against Nigeria": the recipient of what is called for
            for obj in args.pobjs(verb, (m.trigger.prep,)):
                heads += args.noun_recipients(obj, args.DEFAULT_RECIPIENT_PREPS)
        return heads

    # -- implied events ---------------------------------------------------------------------------------------
    def _derived(self, cands: list[_Candidate], sent: Span, index: int,
                 mentions: args.Mentions) -> list[_Candidate]:
        out: list[_Candidate] = []
        by_head = {c.match.head.i for c in cands}
        for cand in cands:
            intent = self._intent(cand)
            if intent is not None:
                out.append(intent)
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in tok.children
            ):
                demand = self._demand(tok, index, mentions, by_head, cands)
                if demand is not None:
                    out.append(demand)
        return out

    def _intent(self, cand: _Candidate) -> _Candidate | None:
        """A stated plan to act ("will visit", "is willing to send") is itself an expression of intent."""
        fact = cand.fact
        if cand.derived or fact.modal is None or fact.value not in ("future", "conditional", "negated"):
            return None
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
        return _Candidate(cand.match, category, None, cand.actors, cand.recipients,
                          Factuality("asserted", None, fact.speaker, fact.governor, None), cand.reported_by,
                          (start, cand.bounds[1]), derived=True)

    def _demand(self, verb: Token, index: int, mentions: args.Mentions, by_head: set[int],
                cands: list[_Candidate]) -> _Candidate | None:
        """"X said (that) Y must Z": X demands of Y."""
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in self.cues.speech:
            return None
        speaker_tok = next((args.nominal(c) for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        target_tok = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if speaker_tok is None or target_tok is None:
            return None
        actors = args.resolve_heads([speaker_tok], mentions, index)
        recipients = args.resolve_heads([target_tok], mentions, index)
        if not actors or {a.start for a in actors} & {r.start for r in recipients}:
            return None
        modal = next(c for c in verb.children if c.dep_ == "aux" and c.lower_ in DEMAND_MODALS)
        embedded = next((c for c in cands if c.match.head.i == verb.i), None)
        mode = EMBEDDED_MODE.get(embedded.event, "change") if embedded else None
        trig = Trigger(event="REQUEST", kind="v", lemma=modal.lower_, source="implied: X said (that) Y must/should")
        match = Match(trig, verb.head, modal, None)
        return _Candidate(match, "REQUEST", mode, actors, recipients, Factuality("asserted"), None,
                          (modal.i, verb.i + 1), derived=True)

    def _embedded_modes(self, cands: list[_Candidate]) -> None:
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

    def _embedded_recipients(self, cands: list[_Candidate]) -> None:
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

    def _condition_targets(self, cands: list[_Candidate], mentions: args.Mentions, index: int) -> None:
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

    # -- records ----------------------------------------------------------------------------------------------
    def _events(self, cands: list[_Candidate], sent: Span, index: int, article_id: str,
                article_date: str | None, year: int | None) -> list[Event]:
        resolve_date, resolve_place = _date_resolvers()
        events: list[Event] = []
        ids: dict[int, str] = {}
        doc = sent.doc
        for cand in cands:
            start_tok, end_tok = cand.bounds
            trigger_span = doc[start_tok:end_tok]
            value = cand.fact.value
            if value == "asserted" and historical(cand.match.head, year):
                value = "historical"
            date, precision = self._date(resolve_date, sent, trigger_span, article_date)
            location = self._place(resolve_place, sent, trigger_span)
            if not cand.recipients and cand.event in PLACE_TARGETS and location is not None and location.country \
                    and self._in_clause(cand, location):
                # "warplanes struck targets in Gaza": violence or coercion in a place is aimed at that place
                cand.recipients = [Entity(text=location.text, code=location.country, start=location.start,
                                          end=location.end, reason="location of the event")]
            category = self.categories[cand.event]
            event = Event(
                article_id=article_id,
                sentence_index=index,
                sentence=sent.text,
                event=cand.event,
                event_text=trigger_span.text,
                event_start=trigger_span.start_char,
                event_end=trigger_span.end_char,
                mode=cand.mode,
                context=self._contexts(cand, sent),
                actor=cand.actors,
                recipient=cand.recipients,
                quad_code=category.quad,
                intensity=category.mode_score(cand.mode),
                date=date,
                date_precision=precision,
                location=location,
                factuality=value,
                condition=cand.fact.condition.text if cand.fact.condition is not None else None,
                reported_by=cand.reported_by,
                confidence=self._confidence(cand),
                coder=self.coder,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
            )
            events.append(event)
            if not cand.derived:
                ids.setdefault(cand.match.head.i, event.id)
        self._link_conditions(cands, events, ids)
        return events

    @staticmethod
    def _in_clause(cand: _Candidate, location: Location) -> bool:
        """The place is part of the event's own clause ("struck targets in Gaza"), not of another one ("during a
        press conference in Vietnam, he said the pact applies if either country is attacked")."""
        head = cand.match.head
        scope = head.head if cand.match.nominal and not cand.match.light and head.dep_ != "ROOT" else head
        start, end = scope.left_edge.idx, scope.right_edge.idx + len(scope.right_edge.text)
        return location.start is None or start <= location.start < end

    def _link_conditions(self, cands: list[_Candidate], events: list[Event], ids: dict[int, str]) -> None:
        """condition_event_id: the event coded inside the if/unless clause, when there is one."""
        for cand, event in zip(cands, events, strict=True):
            cond = cand.fact.condition
            if cond is None:
                continue
            inside = [c for c in cands if not c.derived and cond.start <= c.match.anchor.i < cond.end]
            if inside:
                event.condition_event_id = ids.get(inside[0].match.head.i)

    @staticmethod
    def _date(resolve: Callable[..., Any] | None, sent: Span, trigger: Span,
              article_date: str | None) -> tuple[str | None, str]:
        if resolve is None:
            return article_date, "article"
        found = resolve(sent, trigger, article_date)
        if not found:
            return article_date, "article"
        date, precision = found[0], found[1]
        return (date, precision) if date else (article_date, "article")

    @staticmethod
    def _place(resolve: Callable[..., Any] | None, sent: Span, trigger: Span) -> Location | None:
        return resolve(sent, trigger) if resolve is not None else None

    def _contexts(self, cand: _Candidate, sent: Span) -> list[str]:
        labels = list(cand.match.trigger.context)
        head = cand.match.head
        # The trigger's own phrase and its arguments, not the clauses hanging off it.
        scope = [head, cand.match.anchor] + [t for c in head.children if c.dep_ in CONTEXT_DEPS for t in c.subtree]
        for tok in scope:
            for label in self.context_cues.get(tok.lemma_.lower(), ()):
                if label not in labels:
                    labels.append(label)
        return labels

    def _confidence(self, cand: _Candidate) -> float:
        score = 0.45
        score += 0.2 if cand.actors else -0.1
        required = self.categories[cand.event].recipient_required
        score += 0.15 if cand.recipients else (-0.1 if required else 0.05)
        if cand.match.trigger.ambiguous:
            score -= 0.15
        if cand.match.nominal and not cand.match.light:
            score -= 0.1
        if cand.derived:
            score -= 0.05
        return round(min(0.95, max(0.05, score)), 2)


def primary_event(doc_sent: Span, events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The sentence's main event, by one general rule: prefer events that happened (asserted, historical), then the
    trigger highest in the dependency tree, then unambiguous over ambiguous (higher confidence), then the earliest.
    Used where one event per sentence is wanted (the PLOVER gold standard codes one)."""
    if not events:
        return None
    doc = doc_sent.doc

    def rank(ev: dict[str, Any]) -> tuple[int, int, float, int]:
        span = doc.char_span(ev["event_start"], ev["event_end"], alignment_mode="expand")
        depth = min((_depth(t) for t in span), default=99) if span is not None else 99
        happened = 0 if ev["factuality"] in ("asserted", "historical") else 1
        return happened, depth, -float(ev.get("confidence") or 0), ev["event_start"]

    return min(events, key=rank)
