"""Is a trigger match an event at all? Word senses, generic statements and commerce (issue 13: events, not words).

- `sense_blocks`: the senses of geoevents/ontology/data/senses.yaml - a trigger word in a sense that is no event
  of its category ("met the demand", "crimes committed", "asked if", "released a statement", "discussed climate
  change with Wikinews") - checked on the parse and on the resolved participants.
- `generic`: a statement about nobody in particular ("each country must negotiate", "you can ask them"), a
  question ("Can we expect it to be released?") or an indirect question ("unclear whether they attacked").
- `commercial`: every participant is a firm: commerce, not politics, unless a state or a government body takes
  part (the event keeps a low confidence and falls under `min_confidence`).
"""

from __future__ import annotations

from spacy.tokens import Token

from geoevents.extraction.arguments import Mentions, subjects
from geoevents.extraction.reference import is_plural
from geoevents.extraction.triggers import QUANTIFIERS, TriggerMatch
from geoevents.models import Basis, Entity
from geoevents.ontology import Readings, Sense
from geoevents.vocabulary import INTERNATIONAL_CODES

OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "acomp", "oprd"})
PERSON_OBJECTS = frozenset({"him", "her", "them", "me", "us", "himself", "herself", "themselves"})
PARTNER_PREPS = frozenset({"with", "to", "between", "among", "alongside"})
WH_WORDS = frozenset({"whether", "if", "what", "who", "whom", "why", "how", "when", "where", "which"})
# Sectors of political actors: a state's bodies, armed groups, parties and the opposition.
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "PRM", "OPP", "PTY", "UAF", "ELI"})
PRIVATE_SECTORS = frozenset({"CVL", "UNK"})
GUESSED_CODES = (Basis.ARTICLE_COUNTRY, Basis.EVENT_PLACE, Basis.NO_CODE, Basis.NEAREST_COUNTRY, Basis.TOPIC,
                 Basis.UNKNOWN_COUNTRY)
ALWAYS_GENERIC = frozenset({"you", "one", "anyone", "anybody", "everyone", "everybody", "whoever", "nobody"})
COUNT_NOUNS = frozenset({"dozen", "hundred", "thousand", "million", "billion", "score"})
HABIT_QUADS = frozenset({2})  # material cooperation: "which provides the EC with soybeans" is trade, not aid
QUOTES = frozenset({'"', "“", "”"})
PAST_TAGS = frozenset({"VBD", "VBN"})
QUALIFYING_DEPS = frozenset({"det", "poss", "compound", "nummod", "prep", "relcl", "acl"})  # "the people", "its people"
GENERIC_DETERMINERS = frozenset({"each", "every", "any", "no"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def objects(m: TriggerMatch) -> list[Token]:
    """The trigger's objects: direct object, passive subject, complements; the noun a participle modifies
    ("a deal struck with", "crimes committed by"); a noun trigger's of-complement."""
    head = m.anchor if m.nominal and not m.light else m.head
    found = [c for c in head.children if c.dep_ in OBJECT_DEPS]
    found += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "about") for g in c.children
              if g.dep_ == "pobj"]  # "warned of floods", "talked about his life"
    if head.dep_ == "acl" and head.tag_ == "VBN":
        found.append(head.head)
    if m.obj is not None and m.obj is not head:  # "held the first round of primary elections"
        found += [g for c in m.obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                  if g.dep_ == "pobj"]
    # "released dozens of activists", "freed a group of hostages": the quantity's of-complement is the object
    found += [g for t in found if t.lemma_.lower() in QUANTIFIERS or t.like_num for c in t.children
              if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return found


def _subjects(m: TriggerMatch) -> list[Token]:
    """Who the trigger's clause says acts, inherited through xcomp, conj and relative clauses."""
    return subjects(m.head)[0]


def _antecedents(tokens: list[Token]) -> list[Token]:
    """A relative pronoun stands for the noun its clause hangs on: "an earthquake that struck" -> earthquake."""
    return [t.head.head if t.tag_ in ("WDT", "WP") and t.head.dep_ == "relcl" else t for t in tokens]


def _words(tokens: list[Token]) -> set[str]:
    return {w for t in tokens for w in (t.lemma_.lower(), t.lower_)}


def _thing(tok: Token, mentions: Mentions) -> bool:
    """A common noun that names no actor ("the financing", "his politics"); a relative pronoun for one."""
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.pos_ != "NOUN" or tok.ent_type_ or tok.lemma_.lower() in mentions.referents.person_nouns:
        return False
    return not mentions.actor_word(tok) and not mentions.is_event_noun(tok)


def _syntax_blocks(sense: Sense, m: TriggerMatch, mentions: Mentions, actors: list[Entity]) -> bool:
    head = m.anchor if m.nominal and not m.light else m.head
    if sense.not_objects and _words(objects(m)) & sense.not_objects:
        return True
    if sense.not_subjects and _words(_antecedents(_subjects(m))) & sense.not_subjects:
        return True
    if sense.not_modifiers and _words(_modifiers(m)) & sense.not_modifiers:
        return True
    if sense.not_in_sentence and _words(list(m.head.sent)) & sense.not_in_sentence:
        return True
    if sense.no_object and any(c.dep_ in ("dobj", "obj") for c in head.children):
        return True
    if sense.no_thing_subject and not m.nominal and not actors and any(_thing(t, mentions) for t in _subjects(m)):
        return True  # a thing with an owner acts for it ("Poland has a stockpile of shells, which could help")
    complements = [c for c in head.children if c.dep_ in ("xcomp", "ccomp") and not _answers_an_event(c, mentions)]
    if sense.not_complements and _words(complements) & sense.not_complements:
        return True
    if sense.not_clauses:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in sense.not_clauses:
                return True
            if child.dep_ in ("ccomp", "advcl", "xcomp") and _opener(child) in sense.not_clauses:
                return True
    return False


def _modifiers(m: TriggerMatch) -> list[Token]:
    """The noun modifiers of the trigger noun, or of the object a verb trigger needs ("issued a flood warning"),
    down a chain of compounds ("flash flood warning")."""
    nouns = [m.anchor] + ([m.obj] if m.obj is not None else [])
    found: list[Token] = []
    for noun in nouns:
        stack = [c for c in noun.children if c.dep_ in MODIFIER_DEPS]
        while stack:
            tok = stack.pop()
            found.append(tok)
            stack += [c for c in tok.children if c.dep_ in ("compound", "amod")]
    return found


def _answers_an_event(verb: Token, mentions: Mentions) -> bool:
    """"refused to respond to the ultimatum", "declined to reply to the call for talks": the complement answers an
    act of the other side (a noun the lexicon codes), so the refusal is one; "refused to respond to questions",
    "declined to comment on the attack" are no comment."""
    return any(mentions.is_event_noun(g) for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
               for g in c.children if g.dep_ == "pobj")


def _opener(clause: Token) -> str:
    """The word that opens a complement clause: its mark ("if", "whether") or its wh-word."""
    for tok in clause.subtree:
        if tok.dep_ == "mark" or tok.tag_ in ("WDT", "WP", "WRB", "WP$"):
            return tok.lower_
        if tok.i >= clause.i:
            break
    return ""


def _actor_like(tok: Token, mentions: Mentions) -> bool:
    return tok.lower_ in PERSON_OBJECTS or tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON" or (
        tok.pos_ == "NOUN" and (mentions.actor_word(tok) or tok.lemma_.lower() in mentions.referents.person_nouns)) or (
        tok.pos_ == "PRON" and tok.lower_ not in ("it", "this", "that", "something", "anything", "everything"))


def _has(need: str, m: TriggerMatch, actors: list[Entity], recipients: list[Entity], mentions: Mentions,
         readings: Readings) -> bool:
    head = m.anchor if m.nominal and not m.light else m.head
    if need == "actor_object":
        return any(_actor_like(t, mentions) for t in objects(m))
    if need == "event_object":
        return any(mentions.is_event_noun(t) for t in objects(m))
    if need == "recipient":
        return bool(recipients)
    if need == "object":
        return any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in head.children)
    if need == "infinitive":
        return any(c.dep_ in ("xcomp", "ccomp") and any(a.lower_ == "to" for a in c.children) for c in head.children)
    if need == "for":
        return any(c.dep_ == "prep" and c.lower_ == "for" for c in head.children)
    if need == "that":
        return any(c.dep_ == "ccomp" and _opener(c) in ("that", "") for c in head.children)
    if need == "political":
        return any(_political(e) for e in actors + recipients)
    if need == "party":
        return _party(m, head, actors, recipients, mentions, readings)
    return False


def _party(m: TriggerMatch, head: Token, actors: list[Entity], recipients: list[Entity], mentions: Mentions,
           readings: Readings) -> bool:
    """Someone to meet: a recipient that is not the press, an actor object, or several actors as subject (or a
    body of several members: "the council met")."""
    if any(r.sector != "JRN" for r in recipients):
        return True
    partners = [g for c in head.children if c.dep_ == "prep" and c.lower_ in PARTNER_PREPS for g in c.children
                if g.dep_ == "pobj"]
    if any(_actor_like(t, mentions) for t in partners) and not recipients:
        return False  # a partner the coder could not resolve: the press ("with Wikinews") or a thing
    subjects = _subjects(m)
    several = any((is_plural(t) or t.lemma_.lower() in readings.collective_nouns) and t.lower_ not in ("we", "you")
                  for t in subjects) or len(actors) > 1
    return several and bool(actors)


def _political(entity: Entity) -> bool:
    if entity.sector in POLITICAL_SECTORS:
        return True
    return (bool(entity.code) and entity.sector is None) or entity.code in INTERNATIONAL_CODES


def sense_blocks(m: TriggerMatch, readings: Readings, actors: list[Entity], recipients: list[Entity],
                 mentions: Mentions) -> Sense | None:
    """The sense entry that makes this match no event of its category, if any."""
    lemma = m.anchor.lemma_.lower() if m.nominal and not m.light else m.trigger.lemma
    for sense in readings.senses_of(lemma, m.trigger.event, m.trigger.kind):
        if _syntax_blocks(sense, m, mentions, actors):
            return sense
        if sense.not_sectors and any(e.sector in sense.not_sectors for e in actors + recipients):
            return sense
        if sense.needs and not any(_has(need, m, actors, recipients, mentions, readings) for need in sense.needs):
            return sense
    return None


# ---------------------------------------------------------------------------------------------------------------
# Generic statements and questions


def generic(m: TriggerMatch, readings: Readings, quad: int) -> bool:
    """A statement about nobody in particular, a habit, a question, or an event inside an indirect question."""
    head = m.head
    past = head.tag_ in PAST_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in head.children)
    participants = _subjects(m) + [c for c in head.children if c.dep_ == "nsubjpass"]
    for subject in participants:
        if subject.lower_ in ALWAYS_GENERIC and not any(c.dep_ == "prep" for c in subject.children):
            return True  # "you", "one"; not "one of the two states"
        if past:
            continue
        words = {subject.lower_, subject.lemma_.lower()} | {c.lower_ for c in subject.children
                                                           if c.dep_ in ("det", "amod", "advmod", "nummod")}
        if words & readings.generic_subjects or words & GENERIC_DETERMINERS:
            return True  # "each country must negotiate", "so many women being attacked", "57 percent oppose"
        if _bare_plural(subject) and head.tag_ == "VBP" and not any(c.dep_ == "aux" for c in head.children):
            return True  # "people reject ideas", "governments protect their borders": a habit, not an event
    if quad in HABIT_QUADS and _habitual(head):
        return True  # "the United States, which provides the EC with soybeans": a habit, not an event
    return _question(head) or _indirect_question(head, readings)


def _habitual(head: Token) -> bool:
    """A verb in the simple present, not in a quotation or a report: what someone does, not what they did."""
    if head.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return False
    if any(c.dep_ in ("dobj", "obj") and _counted(c) for c in head.children):
        return False  # a headline's present: "Venezuela releases dozens of activists", "EU provides EUR 45m"
    tok = head
    while tok.dep_ in ("conj", "relcl", "acl", "xcomp") and tok.head.i != tok.i:
        tok = tok.head
    # a report, a quotation or a condition ("if they supply arms") is no habit
    return not (tok.dep_ in ("ccomp", "parataxis", "advcl") or any(t.text in QUOTES for t in head.sent))


def _counted(obj: Token) -> bool:
    """An object that counts what was given or done once: a number, an amount, "dozens of"."""
    return any(t.like_num or t.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY") or t.lemma_.lower() in COUNT_NOUNS
               for t in obj.subtree)


def _bare_plural(subject: Token) -> bool:
    return subject.tag_ == "NNS" and not subject.ent_type_ and not any(
        c.dep_ in QUALIFYING_DEPS or c.ent_type_ for c in subject.children)


def _question(head: Token) -> bool:
    """The trigger's sentence is a question and the trigger is not inside a quotation or a clause of another."""
    sent = head.sent
    last = next((t for t in reversed(sent) if not t.is_space and t.text not in ('"', "'", "”", "’", ")")), None)
    if last is None or last.text != "?":
        return False
    return not any(t.text in ('"', "“", "”") for t in sent)


def _indirect_question(head: Token, readings: Readings) -> bool:
    tok = head
    for _ in range(3):
        if tok.dep_ in ("ccomp", "xcomp", "advcl", "pcomp", "pobj", "acl") and tok.head.i != tok.i:
            if _opener(tok) in WH_WORDS - {"when", "if"} and tok.head.lemma_.lower() in readings.question_heads:
                return True
            if _opener(tok) == "if" and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in readings.question_heads:
                return True
            tok = tok.head
        else:
            return False
    return False


def commercial(actors: list[Entity], recipients: list[Entity], readings: Readings) -> bool:
    """Every participant is a firm ("Exxon signed a contract with Ecolab"): commerce, not politics."""
    parties = actors + recipients
    return bool(parties) and all(
        e.sector in readings.commercial_sectors or e.code in readings.commercial_codes for e in parties)


def firms_with_customers(actors: list[Entity], recipients: list[Entity], readings: Readings) -> bool:
    """Firms act on no political actor ("the airlines offer flights to Cuban cities", "Red Hat will not prevent its
    employees", "ITDC will provide programmers to Springboard"): business, not politics."""
    return bool(actors) and bool(recipients) and all(
        e.sector in readings.commercial_sectors or e.code in readings.commercial_codes for e in actors) and not any(
        _political(e) for e in recipients)


def private(actors: list[Entity], recipients: list[Entity]) -> bool:
    """Every participant is a private person or group: civilians, or a name with no office the coder knows
    ("my family rejected me", "they still talk to me")."""
    parties = actors + recipients
    return bool(parties) and all((e.sector in PRIVATE_SECTORS or e.sector is None) and _no_stated_country(e)
                                 for e in parties)


def _no_stated_country(entity: Entity) -> bool:
    """The text gives no country for the entity (its code, if any, comes from the story or the place)."""
    return not entity.code or any(entity.rests_on(b) for b in GUESSED_CODES)


__all__ = ["commercial", "firms_with_customers", "generic", "objects", "private", "sense_blocks"]
