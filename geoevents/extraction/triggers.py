"""Finding event triggers in a parsed sentence by lemma lookups in the lexicon (no regexes, no per-sentence setup).

A verb matches an entry when its particle, preposition and object constraints hold; a noun matches when its required
modifiers are present. A trigger noun that is the object of a light verb ("hold talks", "launch an attack") is
merged with the verb: the verb carries tense, negation and the subject.

`TriggerScreen` answers, from a sentence's words alone and before any parse, whether some entry could match there:
the prefilter (geoevents.nlp.prefilter) asks it. It lives here, next to the matcher whose conditions it relaxes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from geoevents.ontology import Cues, Lexicon, Trigger

OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "obj"})
PREP_DEPS = frozenset({"prep", "agent", "dative", "prt"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
# Quantity nouns whose "of" complement is the real object ("a series of bombs", "10 days of war games").
QUANTIFIERS = frozenset(
    {"series", "number", "barrage", "wave", "round", "string", "couple", "dozen", "hundred", "thousand", "day",
     "week", "month", "spate", "volley", "salvo", "flurry", "host", "set", "batch", "kind", "type", "form", "state",
     "mission", "team", "group", "package", "shipment", "ton", "tonne"}
)  # fmt: skip
# Nouns that carry little meaning themselves: their compound modifier names the activity ("mediation efforts").
LIGHT_NOUNS = frozenset({"effort", "attempt", "process", "operation", "campaign", "programme", "program", "mission",
                         "initiative", "activity", "plan", "work"})  # fmt: skip
LIGHT_PREPS = frozenset({"on", "in", "into", "to", "under"})
NOMINAL_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "obj"})
PARTICIPLE_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger found in a sentence. `head` is the token whose clause gives tense, negation and subject."""

    trigger: Trigger
    head: Token  # the verb (or the light verb of a noun trigger, or the noun itself)
    anchor: Token  # the token the trigger's lemma matched
    obj: Token | None  # the object that satisfied an object constraint (or the light verb's trigger noun)
    light: bool = False

    @property
    def nominal(self) -> bool:
        return self.trigger.kind == "n"

    def text_bounds(self) -> tuple[int, int]:
        """Token range [start, end) covering the trigger words (verb, particle, object head / modifiers)."""
        toks = [self.head, self.anchor] + ([self.obj] if self.obj is not None else [])
        if self.trigger.particle:
            toks += [c for c in self.head.children if c.lower_ == self.trigger.particle]
        if self.trigger.kind == "n":
            toks += [
                c for c in self.anchor.children if c.dep_ in MODIFIER_DEPS and _mod_lemma(c) in self.trigger.modifiers
            ]
        return min(t.i for t in toks), max(t.i for t in toks) + 1


def lemma_keys(tok: Token) -> tuple[str, ...]:
    """The token's lemma, then its lower-case form with common inflections removed: the small model's lemmatizer
    sometimes errs ("staged" -> "stag"), and a lexicon lookup should not depend on it."""
    lower = tok.lower_
    keys = [tok.lemma_.lower(), lower]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
                         ("s", "")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            base = lower[: -len(suffix)] + repl
            keys.append(base)
            if repl == "" and len(base) > 3 and base[-1] == base[-2]:
                keys.append(base[:-1])  # "stopped" -> "stop"
    return tuple(dict.fromkeys(keys))


def _mod_lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _modifiers(tok: Token) -> set[str]:
    mods: set[str] = set()
    for c in tok.children:
        if c.dep_ in MODIFIER_DEPS or (c.dep_ == "poss" and c.tag_ != "PRP$"):
            mods.add(c.lemma_.lower())
            mods.add(c.lower_)
    # Hyphenated or split compounds the parser left flat: "cease - fire", "air strike" as two tokens.
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        mods.add(prev.lower_)
        mods.add(prev.lemma_.lower())
        if prev.text == "-" and tok.i > 1:
            mods.add(tok.doc[tok.i - 2].lower_)
    return mods


def _objects(verb: Token, prep: str | None) -> list[Token]:
    objs: list[Token] = []
    for c in verb.children:
        if c.dep_ in OBJECT_DEPS:
            objs.append(c)
        elif c.dep_ in PREP_DEPS and (prep is None or c.lower_ == prep):
            objs.extend(g for g in c.children if g.dep_ == "pobj")
    more: list[Token] = []
    for obj in objs:
        more.extend(obj.conjuncts)
        if obj.lemma_.lower() in QUANTIFIERS or obj.like_num:
            more.extend(g for p in obj.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj")
    return objs + more


def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for sub in list(subs):
        if sub.lemma_.lower() in QUANTIFIERS or sub.like_num:
            subs.extend(g for p in sub.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj")
    return subs


class _Described:
    """The names (lemma, form, and for a light noun its compounds: "mediation efforts") and the modifiers of
    tokens, each computed once per verb: the entries of a common verb ("launch", "attack") test the same objects
    dozens of times."""

    def __init__(self) -> None:
        self._names: dict[int, set[str]] = {}
        self._modifiers: dict[int, set[str]] = {}

    def names(self, tok: Token) -> set[str]:
        if tok.i not in self._names:
            names = {tok.lemma_.lower(), tok.lower_}
            if tok.lemma_.lower() in LIGHT_NOUNS:
                names |= {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod")}
            self._names[tok.i] = names
        return self._names[tok.i]

    def modifiers(self, tok: Token) -> set[str]:
        if tok.i not in self._modifiers:
            self._modifiers[tok.i] = _modifiers(tok)
        return self._modifiers[tok.i]


def _fits(candidates: list[Token], wanted: tuple[tuple[str, tuple[str, ...]], ...],
          described: _Described | None = None) -> Token | None:
    """The first candidate named by one of `wanted` (head lemma, with all its modifiers), or None."""
    described = described or _Described()
    for obj in candidates:
        names = described.names(obj)
        for head, mods in wanted:
            if head in names and (not mods or set(mods) <= described.modifiers(obj)):
                return obj
    return None


def _has_particle(verb: Token, particle: str) -> bool:
    if any(c.lower_ == particle and c.dep_ in ("prt", "advmod", "prep", "advcl") for c in verb.children):
        return True
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.lower_ == particle


def _has_prep(verb: Token, prep: str) -> bool:
    return any(c.lower_ == prep and c.dep_ in PREP_DEPS for c in verb.children)


def _rec_bonus(trig: Trigger, tok: Token) -> int:
    return int(any(c.lower_ in trig.recipient_preps for c in tok.children if c.dep_ == "prep"))


def match_verb(tok: Token, lexicon: Lexicon) -> TriggerMatch | None:
    if tok.tag_ not in VERB_TAGS and tok.pos_ != "VERB":
        return None
    entries = next((lexicon.verbs[k] for k in lemma_keys(tok) if k in lexicon.verbs), None)
    if not entries or tok.dep_ in PARTICIPLE_MODIFIER_DEPS or (tok.dep_ in NOMINAL_DEPS and tok.tag_ != "VBG"):
        return None  # "warning shots", "a united front": a participle used as a modifier names no event
    transitive = any(c.dep_ in ("dobj", "obj") for c in tok.children)
    verbal_noun = tok.dep_ in ("acl", "advcl") and tok.tag_ == "VBG"
    best: tuple[int, TriggerMatch] | None = None
    described = _Described()
    objects: dict[str | None, list[Token]] = {}  # by preposition
    for trig in entries:
        if (trig.intransitive and transitive) or (verbal_noun and trig.ambiguous):
            continue
        if trig.particle and not _has_particle(tok, trig.particle):
            continue
        if trig.prep and not _has_prep(tok, trig.prep) and not (trig.particle and trig.objects):
            continue
        if trig.subjects and _fits(_subjects(tok), trig.subjects, described) is None:
            continue
        obj = None
        if trig.objects:
            if trig.prep not in objects:
                objects[trig.prep] = _objects(tok, trig.prep)
            obj = _fits(objects[trig.prep], trig.objects, described)
            if obj is None:
                continue
        score = 10 * trig.specificity + _rec_bonus(trig, tok)
        if best is None or score > best[0]:
            best = (score, TriggerMatch(trig, tok, tok, obj))
    return best[1] if best else None


def match_noun(tok: Token, lexicon: Lexicon) -> Trigger | None:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    entries = lexicon.nouns.get(tok.lemma_.lower()) or lexicon.nouns.get(tok.lower_)
    if not entries:
        return None
    mods = None
    best: tuple[int, Trigger] | None = None
    for trig in entries:
        if trig.modifiers:
            mods = _modifiers(tok) if mods is None else mods
            if not set(trig.modifiers) <= mods:
                continue
        score = 10 * trig.specificity + _rec_bonus(trig, tok)
        if best is None or score > best[0]:
            best = (score, trig)
    return best[1] if best else None


def _light_head(noun: Token, cues: Cues) -> Token | None:
    """The light verb a trigger noun is the object of ("held talks", "went on strike"), if any."""
    head = noun.head
    if noun.dep_ == "compound" and head.lemma_.lower() in LIGHT_NOUNS and head.i != noun.i:
        return _light_head(head, cues)  # "launched a mediation effort", "began a relief operation"
    if noun.dep_ in OBJECT_DEPS and _is_light(head, cues):
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in LIGHT_PREPS and _is_light(head.head, cues):
        return head.head  # "went on strike", "took part in talks"; not "received a settlement during a march"
    # "launched 10 days of war games": the quantity noun is the object, the trigger its "of" complement.
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in OBJECT_DEPS:
        quant = head.head
        if (quant.lemma_.lower() in QUANTIFIERS or quant.like_num) and _is_light(quant.head, cues):
            return quant.head
    return None


def _is_light(verb: Token, cues: Cues) -> bool:
    return verb.tag_ in VERB_TAGS and any(k in cues.light_verbs for k in lemma_keys(verb))


def find_triggers(sent: Span, lexicon: Lexicon, cues: Cues) -> list[TriggerMatch]:
    """All trigger matches of a sentence, verbs first where a verb and its object noun both match."""
    matches: list[TriggerMatch] = []
    claimed: set[int] = set()  # object tokens consumed by a verb entry ("sign =agreement")
    verb_heads: set[int] = set()
    for tok in sent:
        m = match_verb(tok, lexicon)
        if m is not None:
            matches.append(m)
            verb_heads.add(tok.i)
            if m.obj is not None:
                claimed.add(m.obj.i)
    for tok in sent:
        if tok.i in claimed:
            continue
        trig = match_noun(tok, lexicon)
        if trig is None:
            continue
        light = _light_head(tok, cues)
        if light is not None and light.i not in verb_heads:
            matches.append(TriggerMatch(trig, light, tok, tok, light=True))
            verb_heads.add(light.i)
        else:
            matches.append(TriggerMatch(trig, tok, tok, None))
    return matches


# ---------------------------------------------------------------------------------------------------------------
# Before the parse: could any entry match?

# One way an entry could match: (needs an actor candidate, sets of word forms the sentence must each meet).
Condition = tuple[bool, tuple[frozenset[str], ...]]
FREE: Condition = (False, ())  # the head's form alone suffices


@dataclass(frozen=True)
class TriggerScreen:
    """For each surface form of a trigger head, the alternatives (one per lexicon entry) of what else the sentence
    must contain for that entry to match. Relaxes `match_verb`, `match_noun` and `find_triggers`:
    - every constraint word (particle, preposition, one of the objects, one of the subjects, noun modifiers) must
      be present, in any form and anywhere in the sentence;
    - a verb entry codes an event even without participants, so it needs no actor candidate - unless it is
      ambiguous (`amb`, every dictionary entry), which codes only with a resolved actor or recipient;
    - a noun entry codes one only with a participant, unless a light verb governs it ("held talks"): so either an
      actor candidate or a light verb's form must be present;
    - a verb entry with a particle and objects does not need its preposition;
    - "X said Y must Z" is a demand coded without a lexicon entry (geoevents.extraction.implied): a speech verb's form
      with one of the demand modals counts too."""

    conditions: Mapping[str, tuple[Condition, ...]] = field(hash=False, compare=False)

    @classmethod
    def build(cls, lexicon: Lexicon, cues: Cues, forms: Callable[[str], frozenset[str]]) -> TriggerScreen:
        """`forms(word)`: every lower-case token form that may carry the word (geoevents.nlp.forms)."""
        light = frozenset().union(*(forms(word) for word in cues.light_verbs))
        found: dict[str, set[Condition]] = {}
        for trigger in lexicon.triggers:
            for form in forms(str(trigger.lemma)):
                found.setdefault(form, set()).update(_alternatives(trigger, forms, light))
        if cues.demand_modals:
            demand: Condition = (False, (frozenset(m.lower() for m in cues.demand_modals),))
            for verb in cues.speech:
                for form in forms(verb):
                    found.setdefault(form, set()).add(demand)
        # An entry that needs nothing else makes the others of the same form irrelevant.
        return cls({form: (FREE,) if FREE in alternatives else tuple(sorted(alternatives, key=str))
                    for form, alternatives in found.items()})

    @property
    def forms(self) -> frozenset[str]:
        return frozenset(self.conditions)

    def could_match(self, words: set[str], actor_candidate: Callable[[], bool]) -> bool:
        """Whether some entry could match in a sentence of these lower-case `words`; `actor_candidate()` says
        whether the sentence may name an actor (asked at most once, and only when an entry needs it)."""
        actor: bool | None = None
        for word in words:
            for needs_actor, clauses in self.conditions.get(word, ()):
                if not all(not words.isdisjoint(clause) for clause in clauses):
                    continue
                if not needs_actor:
                    return True
                if actor is None:
                    actor = actor_candidate()
                if actor:
                    return True
        return False


def _alternatives(trigger: Trigger, forms: Callable[[str], frozenset[str]], light: frozenset[str]
                  ) -> list[Condition]:
    clauses: list[frozenset[str]] = [forms(m) for m in trigger.modifiers]
    if trigger.particle:
        clauses.append(frozenset({trigger.particle.lower()}))
    if trigger.prep and not (trigger.particle and trigger.objects):
        clauses.append(frozenset({trigger.prep.lower()}))
    if trigger.objects:
        clauses.append(frozenset().union(*(forms(head) for head, _mods in trigger.objects)))
    if trigger.subjects:  # "v fall @missile/shell": only with one of its subjects
        clauses.append(frozenset().union(*(forms(head) for head, _mods in trigger.subjects)))
    # A noun entry, and an ambiguous one (every dictionary entry), codes only with a participant.
    needs_actor = trigger.kind == "n" or trigger.ambiguous
    alternatives: list[Condition] = [(needs_actor, tuple(sorted(clauses, key=sorted)))]
    if trigger.kind == "n" and light:
        alternatives.append((False, tuple(sorted([*clauses, light], key=sorted))))
    return alternatives


__all__ = ["TriggerMatch", "TriggerScreen", "find_triggers", "lemma_keys", "match_noun", "match_verb"]
