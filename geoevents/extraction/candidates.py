"""A trigger match's participants: its actors and recipients from the dependency parse, its factuality and the
speaker who reported it - one `Candidate` per match, which geoevents.extraction.extract turns into an Event."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from geoevents.extraction import arguments as args
from geoevents.extraction.factuality import Factuality, assess
from geoevents.extraction.triggers import TriggerMatch
from geoevents.models import Basis, Entity
from geoevents.ontology import Cues
from geoevents.vocabulary import REFERRING_PRONOUNS


@dataclass
class Candidate:
    """An event in the making: a match (or an implied event) with its participants and factuality."""

    match: TriggerMatch
    event: str
    mode: str | None
    actors: list[Entity]
    recipients: list[Entity]
    fact: Factuality
    reported_by: Entity | None
    bounds: tuple[int, int]  # token range of the trigger text
    derived: bool = False


class Participants:
    """Finds each match's participants; holds the factuality cues."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues

    def candidate(self, m: TriggerMatch, index: int, mentions: args.Mentions) -> Candidate | None:
        """The match with its actors, recipients, factuality and speaker; None for a bare noun or an ambiguous verb
        without any participant."""
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
                      and not (r.text.lower().split()[0] in REFERRING_PRONOUNS and r.code in actor_codes)]
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
        return Candidate(m, event, mode, actors, recipients, fact, speaker, m.text_bounds())

    @staticmethod
    def _unguess(actor: Entity, recipients: list[Entity], mentions: args.Mentions, index: int) -> Entity:
        """A title whose country was only guessed from the nearest country in the sentence ("Assistant Secretary
        of State ... will visit Hanoi" -> VNM) is not the recipient's own country: take the article's current
        topic (the latest subject before it with another code) instead."""
        if not actor.rests_on(Basis.NEAREST_COUNTRY) or actor.code not in {r.code for r in recipients}:
            return actor
        topic = mentions.topic(actor.start or 0, index, exclude=actor.code)
        if topic is None:
            return actor
        return replace(actor, code=topic.code, reason=f"{actor.reason}; country of the article's topic {topic.text!r}",
                       basis=Basis.TOPIC, source=None)

    def _self_governor(self, verb: Token) -> bool:
        """A verb whose object names the subject's own possible action ("weigh sanctions", "plan an attack")."""
        lemma = verb.lemma_.lower()
        return self.cues.governors.get(lemma) in ("future", "hypothetical") and lemma not in args.OBJECT_CONTROL

    def _secondary_recipients(self, m: TriggerMatch) -> list[Token]:
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

    def _verb_recipients(self, m: TriggerMatch, preps: tuple[str, ...]) -> list[Token]:
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


__all__ = ["Candidate", "Participants"]
