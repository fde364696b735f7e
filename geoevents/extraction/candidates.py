"""A trigger match's participants: its actors and recipients from the dependency parse, its factuality and the
speaker who reported it - one `Candidate` per match, which geoevents.extraction.extract turns into an Event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Token

from geoevents.extraction import arguments as args
from geoevents.extraction.factuality import Factuality, assess
from geoevents.extraction.readings import generic, sense_blocks
from geoevents.extraction.triggers import TriggerMatch
from geoevents.models import Basis, Entity
from geoevents.ontology import Cues, Readings
from geoevents.vocabulary import REFERRING_PRONOUNS

# Categories whose verbs are mostly intransitive ("protested", "met", "agreed", "withdrew"): a participle hanging on a
# verbless sentence's first noun is its predicate, not a passive.
PLACE_ENTS = frozenset({"FAC", "LOC"})
TIME_ENTS = frozenset({"DATE", "TIME"})  # "on Saturday": when, never whom
INTRANSITIVE_READINGS = frozenset({"PROTEST", "CONSULT", "AGREE", "RETREAT", "REJECT"})
GRIEVANCE_EVENTS = frozenset({"PROTEST"})  # categories whose recipient is what the event is against
SIDE_WORDS = args.SIDE_NOUNS | {w[:-1] + "ies" if w.endswith("y") else w + "s" for w in args.SIDE_NOUNS}


def _not_places(actors: list[Entity], heads: list[Token], mentions: args.Mentions, index: int) -> list[Entity]:
    """"the Raqqa battle", "the Gaza strikes": a city before an event noun is where it happened, not who did it
    (a country or a nationality - "US strikes", "Israeli strikes" - still acts)."""
    places = [h for h in heads if h.dep_ in ("compound", "amod") and h.ent_type_ in ("GPE", "LOC", "FAC")]
    starts = {e.start for e in args.resolve_heads(places, mentions, index) if e.sector == "CVL"}
    return [a for a in actors if a.start not in starts]


def _vetoed(entities: list[Entity], others: list[Entity], named: Callable[[], frozenset[str]]) -> list[Entity]:
    """A nearest-country guess that is the code the other side states is taken back when the sentence names
    another country too ("Turkish jets struck Kurdish positions in northern Iraq": the Kurds need not be Turkish);
    with one country named, the domestic reading stands ("a judge opened investigations against Chilean officials").
    Two guesses of the same country ("Rebels attacked villages in Mali") are both local and stay."""
    codes = {o.code for o in others if o.code and not o.rests_on(Basis.NEAREST_COUNTRY)}
    return [replace(e, code=None, basis=Basis.UNKNOWN_COUNTRY, source=None,
                    reason=f"{e.reason}; not the other side's country") if e.code in codes
            and e.rests_on(Basis.NEAREST_COUNTRY) and (_names_sides(e) or len(named()) > 1) else e for e in entities]


def _heads_the_sentence(noun: Token) -> bool:
    """The noun is the root of a verbless sentence, or the parser hung it on a trailing report that has a subject
    of its own ("youths resorted to throwing stones, officials said": a subject or a loose dependent of "said")."""
    if noun.dep_ == "ROOT":
        return True
    return noun.dep_ in ("nsubj", "dep") and any(c.dep_ == "nsubj" and c.i > noun.i for c in noun.head.children)


def _not_the_actor(recipients: list[Entity], actors: list[Entity], pronouns_only: bool = False) -> list[Entity]:
    """A possessive pronoun pointing back at the actor ("reinforcing its commitments", "laid down their arms") is
    not a recipient; `pronouns_only`: only a pronoun standing for the actor, before guesses are taken back (it is
    no other side that could take back the actor's guessed country)."""
    keys = {(a.start, a.code) for a in actors}
    codes = {a.code for a in actors}
    return [r for r in recipients if (r.start, r.code) not in keys and not (
        r.text.lower().split()[0] in REFERRING_PRONOUNS and r.code in codes
        and (r.basis is Basis.PRONOUN or not pronouns_only))]


def _names_sides(entity: Entity) -> bool:
    """"both parties", "the two sides": the sides of a conflict or a deal are never the country of whoever
    addresses them, whatever the sentence names."""
    return any(w in SIDE_WORDS for w in entity.text.lower().split())


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

    def __init__(self, cues: Cues, readings: Readings, quads: dict[str, int]) -> None:
        self.cues = cues
        self.readings = readings
        self.quads = quads  # category -> quad class

    def candidate(self, m: TriggerMatch, index: int, mentions: args.Mentions) -> Candidate | None:
        """The match with its actors, recipients, factuality and speaker; None for a bare noun or an ambiguous verb
        without any participant."""
        trig = m.trigger
        preps = trig.recipient_preps or args.DEFAULT_RECIPIENT_PREPS
        embeds = any(c.dep_ in ("xcomp", "ccomp") for c in m.head.children)
        fact = assess(m.head, self.cues, passes_condition=not (embeds and m.head.lemma_.lower() in self.cues.governors),
                      readings=self.readings)
        if m.nominal and not m.light:
            actor_heads = args.noun_actors(m.anchor, trig.recipient_preps)
            rec_heads = args.noun_recipients(m.anchor, preps)
            patients = args.pobjs(m.anchor, ("of",))
            if m.anchor.lemma_.lower() in self.readings.patient_nouns:
                # "the release of the hostages": the of-complement suffers it; "Jamal's killing": so does the
                # possessor, unless an of-complement names the victim ("the United States' killing of Soleimani")
                if not patients:
                    patients = [h for h in actor_heads if h.dep_ == "poss"]
                    actor_heads = [h for h in actor_heads if h.dep_ != "poss"]
                rec_heads = patients + rec_heads
            gov = m.anchor.head
            if not actor_heads and m.anchor.dep_ in ("dobj", "obj") and self._self_governor(gov):
                actor_heads = args.subjects(gov)[0]  # "Japan is weighing sanctions": Japan would impose them
            if not rec_heads and m.anchor.dep_ in ("dobj", "obj") and trig.recipient_preps and self._self_governor(gov):
                # "evaluating weapons supplies to Ukraine": the parser often hangs the noun's "to" on the verb
                rec_heads = args.pobjs(gov, trig.recipient_preps)
            if not actor_heads:
                actor_heads = args.accused(m.anchor, mentions.accusing)  # "accused Russia of the bombing"
            if m.anchor.dep_ in ("nsubj", "nsubjpass") and not actor_heads:
                # "talks between X and Y" / "an attack killed ...": nothing more from the verb
                rec_heads += [g for c in m.anchor.children if c.lower_ == "between" for g in c.children]
        else:
            actor_heads, passive = mentions.subjects(m.head)
            participle = self._misread_participle(m)
            if participle is not None:
                # "Thousands of students protested in Belgrade", "youths resorted to throwing stones": a sentence
                # with no verb but a participle on its first noun is a misparse of an intransitive clause; the noun
                # acts
                actor_heads, passive = [participle.head], []
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
            if m.obj is not None and m.head.lemma_.lower() in RECEIVING_VERBS and trig.event not in HOSTING_EVENTS:
                # "Regan received strong criticism", "China will receive loans from Japan": the subject is done to;
                # the giver is the noun's or the verb's from/by phrase
                rec_heads = mentions.subjects(m.head)[0]
                actor_heads = args.noun_actors(m.obj, ()) or args.pobjs(m.head, ("from", "by"))
        actors = args.resolve_heads(actor_heads, mentions, index)
        if m.nominal and not m.light:
            actors = _not_places(actors, actor_heads, mentions, index)
        if not actors and m.head.dep_ in ("acl", "relcl") and not m.nominal and m.head.tag_ != "VBN":
            # "issued a declaration demanding ...": the noun names no one; its clause's subject does
            actors = args.resolve_heads(mentions.subjects(m.head.head)[0], mentions, index)
        recipients = _outside_trigger(args.resolve_heads(rec_heads, mentions, index), m)
        if not recipients and not (m.nominal and not m.light):
            recipients = args.resolve_heads(self._secondary_recipients(m), mentions, index)
        if not recipients and trig.event in GRIEVANCE_EVENTS:
            recipients = args.resolve_heads(self._grievances(m), mentions, index)
        actors = [self._unguess(a, recipients, mentions, index) for a in actors]
        # "Turkish jets struck Kurdish militant positions", "the Qatari envoy called on them to release hostages":
        # a country guessed from the nearest name that is the other side's own is no guess (no TUR -> TUR)
        def named() -> frozenset[str]:  # looked up only for a guess that could be taken back
            return mentions.countries_in(m.head.sent)

        recipients = _not_the_actor(recipients, actors, pronouns_only=True)  # no side to take back a guess
        actors, recipients = _vetoed(actors, recipients, named), _vetoed(recipients, actors, named)
        recipients = _not_the_actor(recipients, actors)
        if not actors and not recipients and ((m.nominal and not m.light) or trig.ambiguous):
            # a bare noun ("the attack") or an ambiguous verb ("helped", "allowed") with no participant adds
            # nothing checkable and is mostly not a political event
            return None
        if sense_blocks(m, self.readings, actors, recipients, mentions) is not None or generic(
                m, self.readings, self.quads[trig.event]):
            return None  # a word in a sense that is no event of its category, or a statement of no event
        speaker = None
        if fact.speaker is not None:
            found = args.resolve_heads([fact.speaker], mentions, index)
            speaker = found[0] if found else None
        event, mode = trig.event, trig.mode
        if event == "MOBILIZE" and (_peacekeeping(m) or any("peacekeep" in a.text.lower() for a in actors)):
            event = "AID"  # troops sent to keep the peace are protection given (CAMEO 074 -> PLOVER AID)
        if trig.joint and len({a.code for a in actors}) > 1:
            event = trig.joint
        if event != trig.event:
            mode = None
        return Candidate(m, event, mode, actors, recipients, fact, speaker, m.text_bounds())

    @staticmethod
    def _misread_participle(m: TriggerMatch) -> Token | None:
        """The participle on a verbless sentence's first noun that the trigger's clause hangs from (the trigger
        itself, or the verb whose complement it is: "youths resorted to throwing stones"), when it is a misread
        finite verb; None otherwise."""
        head = m.head
        while head.dep_ in ("xcomp", "pcomp", "prep") and head.head.i != head.i:
            head = head.head
        if head.dep_ != "acl" or not _heads_the_sentence(head.head) or head.head.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        if any(c.dep_ in ("auxpass", "nsubj", "nsubjpass") for c in head.children):
            return None
        if head.tag_ == "VBD" and head is m.head:
            return head  # "The UN envoy called on both sides to ...": a past tense is no participle
        if head.tag_ == "VBN" and m.trigger.event in INTRANSITIVE_READINGS \
                and not any(c.dep_ in ("dobj", "obj") for c in head.children):
            return head
        return None

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
        if m.obj is not None:  # "launched missiles targeting US troops"
            heads += [g for c in m.obj.children if c.dep_ == "acl" and c.lemma_.lower() in AIMING_VERBS
                      for g in c.children if g.dep_ in ("dobj", "obj")]
        for child in verb.children:
            if child.dep_ == "ccomp" and m.trigger.event in CLAUSE_ADDRESSEES:
                # "demanded that the US cancel", "alleged (that) Mahan had contributed": the clause's subject
                heads += [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            elif child.dep_ == "conj" and m.trigger.event in SHARED_OBJECT_EVENTS and child.i - verb.i <= 2 \
                    and not _has_dep(verb, ("dobj", "obj")) \
                    and not _has_dep(child, ("nsubj", "nsubjpass")):
                # "killed or wounded 1,500 soldiers": two verbs side by side share the second one's object
                heads += [c for c in child.children if c.dep_ in ("dobj", "obj")]
            elif child.dep_ in ("dobj", "obj"):
                heads += args.pobjs(child, ("by", "from", *args.DEFAULT_RECIPIENT_PREPS))
            elif child.dep_ == "xcomp":
                heads += [c for c in child.children if c.dep_ in ("dobj", "obj", "dative")]
                heads += args.pobjs(child, args.DEFAULT_RECIPIENT_PREPS)
        return heads

    def _grievances(self, m: TriggerMatch) -> list[Token]:
        """What a protest is against, for its recipient: "struck over a law signed by the president", "a hunger
        strike in protest at the government's decision" (the owner of the thing protested is the recipient)."""
        heads: list[Token] = []
        holders = dict.fromkeys(t for t in (m.head, m.anchor, m.obj) if t is not None)
        for prep in (c for holder in holders for c in holder.children if c.dep_ == "prep"):
            if prep.lower_ in self.cues.grievance_preps:
                heads += args.prep_objects(prep)
                continue
            for noun in args.prep_objects(prep):
                if noun.lemma_.lower() in self.cues.protest_nouns:
                    heads += args.pobjs(noun, self.cues.protest_noun_preps)
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
            # a facility or a natural place ("at the custody centre", "in the Red Sea") is where, not whom (a day: when)
            found = [g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in prep_set
                     for g in args.prep_objects(c) if (m.obj is None or g.i != m.obj.i)
                     and not (g.ent_type_ in PLACE_ENTS and c.lower_ not in m.trigger.recipient_preps)
                     and g.ent_type_ not in TIME_ENTS]
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


# Weapons a trigger's object may name ("launched missiles", "fired rockets"): what is used, not whom it is used on.
INSTRUMENTS = frozenset({"missile", "rocket", "shell", "bomb", "grenade", "mortar", "drone", "torpedo", "shot",
                         "bullet", "round", "projectile", "munition", "warhead", "weapon", "gas", "strike"})
# Receiving visitors or observers is the host's own act ("received a delegation", "received OSCE observers").
HOSTING_EVENTS = frozenset({"CONSULT", "RETREAT"})
AIMING_VERBS = frozenset({"target", "aim", "hit"})  # "missiles targeting US troops": the target is the recipient
RECEIVING_VERBS = frozenset({"receive", "get", "obtain"})  # light verbs whose subject suffers or gets the event
CLAUSE_ADDRESSEES = frozenset({"REQUEST", "ACCUSE"})  # the subject of their that-clause is the one addressed
# Acts done to someone, whose verb can share its object with the next verb ("killed or wounded 1,500 soldiers");
# not so an intransitive act ("resigned and joined the opposition").
SHARED_OBJECT_EVENTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "ACCUSE", "SUPPORT", "AID"})


def _has_dep(tok: Token, deps: tuple[str, ...]) -> bool:
    return any(c.dep_ in deps for c in tok.children)


def _outside_trigger(recipients: list[Entity], m: TriggerMatch) -> list[Entity]:
    """The trigger's own words are never its recipient: "declared a state of emergency" is done to no "state of
    emergency", "launched missiles" to no missiles. Only an object that names the event (a light verb's noun, a
    multi-word object of the lexicon) or its weapon is left out: "expelled two diplomats" keeps the diplomats."""
    obj = m.obj
    if obj is None or not (m.light or obj.lemma_.lower() in INSTRUMENTS
                           or any(mods for lemma, mods in m.trigger.objects if lemma == obj.lemma_.lower())):
        return recipients
    start_tok, end_tok = m.text_bounds()
    span = m.head.doc[start_tok:end_tok]
    return [r for r in recipients if r.start is None or not span.start_char <= r.start < span.end_char]


def _peacekeeping(m: TriggerMatch) -> bool:
    """The deployment is one of peacekeepers ("sent troops to the UN peacekeeping force", "peacekeepers deployed")."""
    words = list(m.head.subtree) + list(m.anchor.subtree)
    for subject in (c for c in m.head.children if c.dep_ in ("nsubj", "nsubjpass")):
        words.extend(subject.subtree)
    return any(t.lemma_.lower().startswith("peacekeep") for t in words)
