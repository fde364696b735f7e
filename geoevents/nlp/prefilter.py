"""The prefilter: skip the expensive components for sentences that cannot hold an event.

Most sentences of a news stream hold no political event. Before tok2vec, the tagger, the parser and the entity
recogniser run, `geoevents_prefilter` looks at each rule-split sentence (see `sentences.py`) and keeps only those
where some lexicon entry (`ontology/data/triggers.yaml`) could match:
- its head: a token whose lower-case form is an inflected form of the entry's lemma - the forms come from a small
  English inflection function, the inverse of the model's lemmatizer suffix rules and the irregular forms of its
  exception table, so every token the lemmatizer could map to a trigger lemma passes;
- a form of each of its constraint words (particle, preposition, one of its objects, noun modifiers);
- for a noun entry, which codes an event only with a participant, an actor candidate (a capitalised word, a
  pronoun, or a lower-case word of the actor knowledge such as "police") or a light verb ("held talks").
"X said Y must Z" (a demand coded without a lexicon trigger) is kept too. Kept as well, without being able to
yield events themselves, is the context the event coder resolves actors from: the sentence before one with a
pronoun, and earlier sentences sharing a name with a kept one (the article's actor memory).

The component then returns a *new* Doc made of the kept sentences only (same tokens, same norms, same whitespace,
same sentence starts); the rest of the pipeline runs on it. `doc._.geo_sentence_map` carries what the driver
needs to give the events back their article offsets and sentence indexes (`remap_events`), and
`doc._.geo_skipped` lists the skipped sentence indexes. It acts only on docs whose `doc._.geo_prefilter` is true
(set by `geoevents.coding`), so `nlp(text)` keeps returning whole documents.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from geoevents.actors.knowledge import fold  # the prefilter folds words as the actor knowledge does
from geoevents.nlp.extensions import register_extensions

VOWELS = frozenset("aeiou")
# Personal pronouns can stand for an actor named in an earlier sentence ("He accused ...").
PRONOUNS = frozenset(
    "i me we us you he him she her it they them who whom myself ourselves himself herself itself themselves".split()
)
# Entity-bearing keys of an event dict whose "start"/"end" offsets point into the doc text.
ENTITY_LIST_KEYS = ("actor", "recipient")
ENTITY_KEYS = ("location", "reported_by")
EVENT_OFFSET_KEYS = ("event_start", "event_end", "sentence_start", "sentence_end")

# (needs an actor candidate, sets of word forms the sentence must each meet)
Condition = tuple[bool, tuple[frozenset[str], ...]]


@dataclass(frozen=True)
class PrefilterVocabulary:
    """The words the prefilter tests for (all lower case)."""

    trigger_conditions: dict[str, tuple[Condition, ...]] = field(hash=False, compare=False)
    actor_words: frozenset[str]
    pronouns: frozenset[str] = PRONOUNS
    anaphors: frozenset[str] = frozenset()  # pronouns that may take their antecedent from the previous sentence
    calendar: frozenset[str] = frozenset()  # month and weekday names: "March" is a date, not a protest march
    # capitalised words that never recall a person: countries, demonyms, organisations, sector words ("U.S.",
    # "American", "OPEC", "Treasury") and calendar names, folded as the actor knowledge folds them
    not_person_names: frozenset[str] = frozenset()

    @property
    def trigger_forms(self) -> frozenset[str]:
        return frozenset(self.trigger_conditions)


# ---------------------------------------------------------------------------------------------------------------
# Surface forms of trigger lemmas


def _double_final(stem: str) -> bool:
    """Consonant-vowel-consonant endings double before -ed/-ing ("stop" -> "stopped"); over-generating is harmless."""
    return (
        len(stem) >= 3
        and stem[-1] not in VOWELS
        and stem[-1] not in "wxy"
        and stem[-2] in VOWELS
        and stem[-3] not in VOWELS
    )


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb or noun lemma: a superset of what the lemmatizer maps back to it."""
    word = lemma.lower()
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("ie"):
        forms.add(word[:-2] + "ying")
    if word.endswith("f"):
        forms.add(word[:-1] + "ves")
    if word.endswith("fe"):
        forms.add(word[:-2] + "ves")
    if word.endswith("man"):
        forms.add(word[:-3] + "men")
    if _double_final(word) or word.endswith(("l", "c")):
        last = word[-1] + ("k" if word.endswith("c") else "")
        forms |= {word + last + "ed", word + last + "ing"}
    return forms


def _lemmatizer_tables(nlp: Language | None) -> tuple[dict[str, list[tuple[str, str]]], dict[str, dict[str, Any]]]:
    """The rule lemmatizer's suffix rules and exceptions (per POS), when the model has them."""
    if nlp is None or "lemmatizer" not in nlp.component_names:
        return {}, {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_rules"):
        return {}, {}
    rules_table = lookups.get_table("lemma_rules")
    exc_table = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    rules = {pos: [tuple(r) for r in rules_table.get(pos, [])] for pos in ("verb", "noun")}
    exceptions = {pos: dict(exc_table.get(pos, {})) for pos in ("verb", "noun")} if exc_table else {}
    return rules, exceptions  # type: ignore[return-value]


def surface_forms_function(nlp: Language | None = None) -> Callable[[Iterable[str]], frozenset[str]]:
    """`trigger_surface_forms` for one pipeline, with the lemmatizer's tables read and inverted once: the trigger
    lexicon with the dictionary knowledge has thousands of words, and scanning the exception table per word would
    cost seconds at every pipeline start."""
    rules, exceptions = _lemmatizer_tables(nlp)
    rule_pairs = [(old, new) for pos_rules in rules.values() for old, new in pos_rules]
    irregular: dict[str, set[str]] = {}
    for table in exceptions.values():
        for form, form_lemmas in table.items():
            for lemma in form_lemmas:
                irregular.setdefault(str(lemma).lower(), set()).add(str(form).lower())

    def forms_of(lemmas: Iterable[str]) -> frozenset[str]:
        forms: set[str] = set()
        for lemma in {lemma.lower() for lemma in lemmas}:
            forms |= inflections(lemma)
            for old, new in rule_pairs:
                if lemma.endswith(new):
                    forms.add(lemma[: len(lemma) - len(new)] + old)
            forms |= irregular.get(lemma, set())
        return frozenset(forms)

    return forms_of


def trigger_surface_forms(lemmas: Iterable[str], nlp: Language | None = None) -> frozenset[str]:
    """Every lower-case token form that may carry one of `lemmas`.

    Regular inflections, the inverse of the model's suffix rules ("ies" <- "y"), and the irregular forms its
    exception table maps to the lemma ("fled" -> "flee")."""
    return surface_forms_function(nlp)(lemmas)


def _word_forms(lemma: str, forms_of: Callable[[Iterable[str]], frozenset[str]]) -> frozenset[str]:
    """Forms of one lexicon word. A hyphenated word ("cease-fire") is split by the tokenizer, so its first part
    stands for it (present whenever the word is), next to the joined and hyphenated spellings."""
    word = lemma.lower()
    if "-" not in word:
        return forms_of([word])
    joined = word.replace("-", "")
    return forms_of([word, joined, word.split("-", 1)[0]])


def trigger_conditions(
    lexicon: Any, nlp: Language | None = None, light_verbs: Iterable[str] = ()
) -> dict[str, tuple[Condition, ...]]:
    """For each surface form of a trigger head, the alternatives (one per lexicon entry) of what else the sentence
    must contain for that entry to match - every constraint word (particle, preposition, one of the objects, one of
    the subjects, noun modifiers) as a set of forms, all required. Mirrors geoevents.events.triggers:
    - a verb entry codes an event even without participants, so it needs no actor candidate - unless it is
      ambiguous (`amb`, every dictionary entry), which codes only with a resolved actor or recipient;
    - a noun entry codes one only with a participant, unless a light verb governs it ("held talks"): so either
      an actor candidate or a light verb's form must be present;
    - a verb entry with a particle and objects does not need its preposition."""
    cache: dict[str, frozenset[str]] = {}
    forms_of = surface_forms_function(nlp)

    def forms(word: str) -> frozenset[str]:
        if word not in cache:
            cache[word] = _word_forms(word, forms_of)
        return cache[word]

    light = frozenset().union(*(forms(word) for word in light_verbs)) if light_verbs else frozenset()
    conditions: dict[str, set[Condition]] = {}
    for trigger in lexicon.triggers:
        clauses: list[frozenset[str]] = [forms(m) for m in trigger.modifiers]
        if trigger.particle:
            clauses.append(frozenset({trigger.particle.lower()}))
        if trigger.prep and not (trigger.particle and trigger.objects):
            clauses.append(frozenset({trigger.prep.lower()}))
        if trigger.objects:
            clauses.append(frozenset().union(*(forms(head) for head, _mods in trigger.objects)))
        if trigger.subjects:  # "v fall @missile/shell": only with one of its subjects
            clauses.append(frozenset().union(*(forms(head) for head, _mods in trigger.subjects)))
        # A noun entry, and an ambiguous one (all of the dictionary's), codes only with a participant.
        needs_actor = trigger.kind == "n" or trigger.ambiguous
        alternatives: list[Condition] = [(needs_actor, tuple(sorted(clauses, key=sorted)))]
        if trigger.kind == "n" and light:
            alternatives.append((False, tuple(sorted([*clauses, light], key=sorted))))
        for form in forms(str(trigger.lemma)):
            conditions.setdefault(form, set()).update(alternatives)
    # An entry that needs nothing else makes the others of the same form irrelevant.
    free: Condition = (False, ())
    return {
        form: (free,) if free in alternatives else tuple(sorted(alternatives, key=str))
        for form, alternatives in conditions.items()
    }


def frame_conditions(speech_verbs: Iterable[str], modals: Iterable[str], nlp: Language | None = None
                     ) -> dict[str, tuple[Condition, ...]]:
    """Events coded without a lexicon trigger: "X said Y must Z" is a demand (EventExtractor._demand), so a
    speech verb's form together with one of those modals counts as a trigger candidate."""
    wanted = frozenset(m.lower() for m in modals)
    if not wanted:
        return {}
    return {form: ((False, (wanted,)),) for form in trigger_surface_forms(speech_verbs, nlp)}


def _anaphors() -> frozenset[str]:
    from geoevents.events.arguments import PRONOUNS as ARGUMENT_PRONOUNS

    return frozenset(word for word, kind in ARGUMENT_PRONOUNS.items() if kind != "rel")


NOT_PERSON_KINDS = frozenset({"country", "demonym", "org", "sector"})


def _not_person_names(actors_files: tuple[str, ...], calendar: frozenset[str]) -> frozenset[str]:
    """One-word knowledge phrases that only name countries, demonyms, organisations or sector words, and are no
    first or last name of a person the knowledge holds: the actor memory (geoevents.actors.ArticleMemory) recalls
    persons only, by such a name, so a sentence sharing just these words with a kept one is no context for it.
    Cities and regions stay out: many are surnames too ("Jackson", "Washington"). The words that end names of
    organisations ("Corp", "Ltd", "Bank": geoevents.actors.resolver.ORG_HEADS) are never part of a person's name."""
    try:
        from geoevents.actors.knowledge import cached_knowledge
        from geoevents.actors.resolver import ORG_HEADS
    except ImportError:
        return frozenset()
    phrases = cached_knowledge(tuple(actors_files)).phrases
    person_tokens = {word for phrase, aliases in phrases.items() if any(a.entry.kind == "person" for a in aliases)
                     for words in [phrase.split()] for word in (words[0], words[-1])}
    words = {phrase for phrase, aliases in phrases.items()
             if " " not in phrase and all(a.entry.kind in NOT_PERSON_KINDS for a in aliases)}
    return frozenset(((words | ORG_HEADS) - person_tokens) | calendar)


def _actor_words(actors_files: tuple[str, ...] = ()) -> frozenset[str]:
    """Lower-case words that may name an actor: the last word of every actor phrase of the actor knowledge that
    may be written in lower case ("police", "the army", "protesters"); capitalised names are caught anyway.
    Empty when the actor knowledge cannot be loaded: the actor test is then off."""
    try:
        from geoevents.actors.knowledge import ANY, cached_knowledge
    except ImportError:
        return frozenset()
    words: set[str] = set()
    for phrase, aliases in cached_knowledge(tuple(actors_files)).phrases.items():
        if any(all(rule == ANY for rule in alias.case) for alias in aliases):
            words.add(phrase.rsplit(" ", 1)[-1])
    return frozenset(words)


def prefilter_vocabulary(nlp: Language | None = None, actors_files: tuple[str, ...] = (), lexicon: Any = None
                         ) -> PrefilterVocabulary:
    """The vocabulary for `nlp`'s lemmatizer and the event coder's lexicon (default: the one it loads by default);
    built once per pipeline, when the component is created."""
    from geoevents.events.extract import DEMAND_MODALS
    from geoevents.ontology import load_cues, load_trigger_lexicon

    cues = load_cues()
    conditions = trigger_conditions(lexicon or load_trigger_lexicon(), nlp, cues.light_verbs)
    for form, alternatives in frame_conditions(cues.speech, DEMAND_MODALS, nlp).items():
        conditions[form] = tuple(sorted(set(conditions.get(form, ())) | set(alternatives), key=str))
    anaphors = _anaphors()
    calendar = _calendar()
    return PrefilterVocabulary(conditions, _actor_words(actors_files), PRONOUNS | anaphors, anaphors, calendar,
                               _not_person_names(actors_files, calendar))


def _calendar() -> frozenset[str]:
    from geoevents.events.dates import vocabulary

    dates = vocabulary()
    return frozenset(name.lower() for name in (*dates.months, *dates.weekdays))


# ---------------------------------------------------------------------------------------------------------------
# Deciding per sentence


def _words(sent: Span, calendar: frozenset[str] = frozenset()) -> set[str]:
    """The sentence's lower-case word forms, without capitalised calendar names: the tagger reads "March" and
    "May" written so as dates or names (PROPN), never as the trigger nouns and verbs the lexicon holds."""
    return {token.lower_ for token in sent if not (token.is_title and token.lower_ in calendar)}


def has_actor_candidate(sent: Span, vocab: PrefilterVocabulary) -> bool:
    """A capitalised word (the first word only when it is not a capitalised stop word such as "The"), a pronoun,
    or a word of the actor knowledge. Without actor knowledge loaded every sentence passes: the resolver may
    know lower-case actor words ("police") that this test could not see."""
    if not vocab.actor_words:
        return True
    first = True
    for token in sent:
        if token.is_space or token.is_punct:
            continue
        low = token.lower_
        if low in vocab.pronouns or low in vocab.actor_words:
            return True
        if not low.isascii() and fold(low) in vocab.actor_words:  # the knowledge folds accents
            return True
        if token.text[:1].isupper() and not (first and token.is_stop and token.is_title):
            return True
        first = False
    return False


def has_trigger_candidate(sent: Span, vocab: PrefilterVocabulary, words: set[str] | None = None) -> bool:
    """True when some lexicon entry could match: its head's form and a form of each of its constraint words
    (and, for a noun entry that needs a participant, an actor candidate)."""
    words = _words(sent, vocab.calendar) if words is None else words
    conditions = vocab.trigger_conditions
    actor: bool | None = None
    for word in words:
        for needs_actor, clauses in conditions.get(word, ()):
            if not all(not words.isdisjoint(clause) for clause in clauses):
                continue
            if not needs_actor:
                return True
            if actor is None:
                actor = has_actor_candidate(sent, vocab)
            if actor:
                return True
    return False


def can_hold_event(sent: Span, vocab: PrefilterVocabulary) -> bool:
    """False only when no lexicon entry (or trigger-less frame) could match in the sentence."""
    return has_trigger_candidate(sent, vocab)


def _names(sent: Span, not_person: frozenset[str] = frozenset()) -> set[str]:
    """Capitalised words that may be (part of) a person's name: what the actor memory recalls a person by."""
    return {t.text for t in sent if t.text[:1].isupper() and not t.is_stop and len(t.text) > 1
            and fold(t.text).replace(".", "") not in not_person}


def kept_sentences(doc: Doc, vocab: PrefilterVocabulary) -> tuple[list[Span], list[int]]:
    """All sentences of `doc` (its sentence starts must be set) and the indexes of those to parse.

    Kept: the sentences that can hold an event, and the context their actors may be resolved from -
    - the previous sentence of one holding a pronoun, when it names a possible actor: a pronoun's antecedent may
      come from there (geoevents.events.arguments.Mentions.antecedent);
    - an earlier sentence sharing a name with a kept one: the article's actor memory finds a person again by a
      name seen before ("Peladeau" after "Pierre Peladeau, chairman of ...")."""
    sents = list(doc.sents)
    kept: set[int] = set()
    for i, sent in enumerate(sents):
        words = _words(sent, vocab.calendar)
        if has_trigger_candidate(sent, vocab, words):
            kept.add(i)
            if i > 0 and not words.isdisjoint(vocab.anaphors) and has_actor_candidate(sents[i - 1], vocab):
                kept.add(i - 1)
    wanted: set[str] = set()
    for i in range(len(sents) - 1, -1, -1):  # backwards: names of later kept sentences pull earlier ones in
        names = _names(sents[i], vocab.not_person_names)
        if i not in kept and not names.isdisjoint(wanted):
            kept.add(i)
        if i in kept:
            wanted |= names
    return sents, sorted(kept)


# ---------------------------------------------------------------------------------------------------------------
# The reduced doc and the way back


def reduced_doc(doc: Doc, sents: list[Span], kept: list[int]) -> Doc:
    """A Doc of the kept sentences only, token for token as in `doc` (text, whitespace, norms, sentence starts)."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | int | None] = []
    norms: list[tuple[int, str]] = []
    for index in kept:
        for token in sents[index]:
            if token.norm != token.lex.norm:  # tokenizer exceptions set norms the models read ("n't" -> "not")
                norms.append((len(words), token.norm_))
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            starts.append(token.i == sents[index].start)
    sub = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts)
    for i, norm in norms:
        sub[i].norm_ = norm
    sub._.geo_article_id = doc._.geo_article_id
    sub._.geo_date = doc._.geo_date
    sub_starts = [sent.start_char for sent in sub.sents] if len(sub) else []
    sub._.geo_sentence_map = {
        "sentences": [[sent.start_char, sent.end_char] for sent in sents],
        "kept": kept,
        "sub_starts": sub_starts,
    }
    kept_set = set(kept)
    sub._.geo_skipped = [i for i in range(len(sents)) if i not in kept_set]
    return sub


class OffsetMap:
    """Maps character offsets of a reduced doc back to the article, sentence by sentence."""

    def __init__(self, mapping: dict[str, Any]) -> None:
        self.sentences = [tuple(s) for s in mapping["sentences"]]
        self.kept = list(mapping["kept"])
        self.sub_starts = list(mapping["sub_starts"])

    def _sentence(self, offset: int) -> int:
        return max(0, bisect_right(self.sub_starts, offset) - 1)

    def start(self, offset: int) -> int:
        k = self._sentence(offset)
        return offset - self.sub_starts[k] + self.sentences[self.kept[k]][0]

    def end(self, offset: int) -> int:
        # An end offset belongs to the sentence holding its last character.
        return self.start(offset - 1) + 1 if offset > 0 else self.start(offset)

    def sentence_index(self, offset: int) -> int:
        return self.kept[self._sentence(offset)]


def _remap_entity(entity: dict[str, Any] | None, offsets: OffsetMap) -> dict[str, Any] | None:
    if not entity:
        return entity
    out = dict(entity)
    if out.get("start") is not None:
        out["start"] = offsets.start(out["start"])
    if out.get("end") is not None:
        out["end"] = offsets.end(out["end"])
    return out


def remap_event(event: dict[str, Any], offsets: OffsetMap) -> dict[str, Any]:
    """One event dict with its offsets and sentence index moved from the reduced doc to the article."""
    out = dict(event)
    out["sentence_index"] = offsets.sentence_index(event["sentence_start"])
    for key in EVENT_OFFSET_KEYS:
        if out.get(key) is not None:
            out[key] = offsets.end(out[key]) if key.endswith("end") else offsets.start(out[key])
    for key in ENTITY_LIST_KEYS:
        out[key] = [_remap_entity(e, offsets) for e in out.get(key) or []]
    for key in ENTITY_KEYS:
        out[key] = _remap_entity(out.get(key), offsets)
    return out


def remap_events(events: list[dict[str, Any]], mapping: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Event dicts in article coordinates (unchanged when the doc was not reduced)."""
    if not mapping or not events:
        return list(events)
    offsets = OffsetMap(mapping)
    return [remap_event(event, offsets) for event in events]


def remap_entities(entities: list[dict[str, Any]], mapping: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not mapping or not entities:
        return list(entities)
    offsets = OffsetMap(mapping)
    return [_remap_entity(entity, offsets) or {} for entity in entities]


def article_sentences(mapping: dict[str, Any]) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in mapping["sentences"]]


# ---------------------------------------------------------------------------------------------------------------
# The component


class Prefilter:
    """Replaces a flagged doc by the doc of its event-capable sentences (see the module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        # The actor test must know what the pipeline's resolver knows, extra actor files included, and the trigger
        # test the lexicon its event coder uses.
        coder = nlp.get_pipe("geoevents") if "geoevents" in nlp.pipe_names else None
        lexicon = getattr(getattr(coder, "extractor", None), "lexicon", None)
        self.vocab = prefilter_vocabulary(nlp, tuple(getattr(coder, "actors_files", ())), lexicon)

    def __call__(self, doc: Doc) -> Doc:
        if not doc._.geo_prefilter:
            return doc
        if not doc.has_annotation("SENT_START"):
            from geoevents.nlp.sentences import set_sentence_starts

            set_sentence_starts(doc)
        sents, kept = kept_sentences(doc, self.vocab)
        sub = reduced_doc(doc, sents, kept)
        # nlp.pipe(as_tuples=True) carries each input's context on the doc: the new doc must carry it on.
        sub._context = getattr(doc, "_context", None)
        return sub

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("geoevents_prefilter")
def make_prefilter(nlp: Language, name: str) -> Prefilter:
    register_extensions()
    return Prefilter(nlp, name)


def ensure_prefilter(nlp: Language) -> bool:
    """Add the prefilter right after the sentence splitter (idempotent); False when the pipeline has no splitter."""
    if "geoevents_prefilter" in nlp.pipe_names:
        return True
    if "geoevents_sentences" not in nlp.pipe_names:
        return False
    nlp.add_pipe("geoevents_prefilter", after="geoevents_sentences")
    return True


__all__ = [
    "OffsetMap",
    "Prefilter",
    "PrefilterVocabulary",
    "can_hold_event",
    "ensure_prefilter",
    "inflections",
    "kept_sentences",
    "prefilter_vocabulary",
    "reduced_doc",
    "remap_events",
    "trigger_surface_forms",
]
