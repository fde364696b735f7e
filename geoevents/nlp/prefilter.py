"""The prefilter: skip the expensive components for sentences that cannot hold an event.

Most sentences of a news stream hold no political event. Before tok2vec, the tagger, the parser and the entity
recogniser run, `geoevents_prefilter` looks at each rule-split sentence (see `sentences.py`) and keeps only those
where some lexicon entry could match. It does not know the lexicon's conditions itself: it asks the trigger lexicon
(`geoevents.extraction.triggers.TriggerScreen`: "could any entry match these words?", with the word forms of
`forms.py`) and the actor knowledge (`geoevents.actors.knowledge.NameWords`: "could this word name an actor?").
Kept as well, without being able to yield events themselves, is the context the event coder resolves actors from:
the sentence before one with a pronoun, and earlier sentences sharing a name with a kept one (the article's actor
memory).

The component then returns a *new* Doc made of the kept sentences only (same tokens, same norms, same whitespace,
same sentence starts); the rest of the pipeline runs on it. `doc._.geo_sentence_map` carries where the kept
sentences sit in the article (`geoevents.nlp.articles.OffsetMap`: the event coder writes events in article
offsets), and `doc._.geo_skipped` lists the skipped sentence indexes. It acts only on docs whose
`doc._.geo_prefilter` is true (set by `geoevents.coding`), so `nlp(text)` keeps returning whole documents. Its
actor files come through its spaCy config (`actors_files`), like the event coder's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from geoevents.actors.knowledge import NameWords, name_words
from geoevents.extraction.triggers import TriggerScreen
from geoevents.nlp.articles import sentence_map
from geoevents.nlp.extensions import register_extensions
from geoevents.nlp.forms import lexicon_forms
from geoevents.ontology import Lexicon
from geoevents.vocabulary import ACTOR_PRONOUNS, ANAPHORS, fold


@dataclass(frozen=True)
class PrefilterVocabulary:
    """What the prefilter tests sentences with (words in lower case)."""

    triggers: TriggerScreen
    names: NameWords
    pronouns: frozenset[str] = ACTOR_PRONOUNS  # pronouns that may stand for an actor
    anaphors: frozenset[str] = ANAPHORS  # pronouns that may take their antecedent from the previous sentence
    calendar: frozenset[str] = frozenset()  # month and weekday names: "March" is a date, not a protest march


def prefilter_vocabulary(nlp: Language | None = None, actors_files: tuple[str, ...] = (), lexicon: Lexicon | None = None
                         ) -> PrefilterVocabulary:
    """The vocabulary for `nlp`'s lemmatizer, the actor knowledge with `actors_files` and the trigger lexicon (by
    default the one the event coder loads: hand-written entries and dictionary knowledge); built once per pipeline,
    when the component is created."""
    from geoevents.extraction.dates import vocabulary as date_vocabulary
    from geoevents.ontology import load_cues, load_trigger_lexicon

    dates = date_vocabulary()
    calendar = frozenset(name.lower() for name in (*dates.months, *dates.weekdays))
    screen = TriggerScreen.build(lexicon or load_trigger_lexicon(), load_cues(), lexicon_forms(nlp))
    return PrefilterVocabulary(screen, name_words(tuple(actors_files)), calendar=calendar)


# ---------------------------------------------------------------------------------------------------------------
# Deciding per sentence


def _words(sent: Span, calendar: frozenset[str] = frozenset()) -> set[str]:
    """The sentence's lower-case word forms, without capitalised calendar names: the tagger reads "March" and
    "May" written so as dates or names (PROPN), never as the trigger nouns and verbs the lexicon holds."""
    return {token.lower_ for token in sent if not (token.is_title and token.lower_ in calendar)}


def has_actor_candidate(sent: Span, vocab: PrefilterVocabulary) -> bool:
    """A capitalised word (the first word only when it is not a capitalised stop word such as "The"), a pronoun,
    or a lower-case word that may name an actor ("police")."""
    first = True
    for token in sent:
        if token.is_space or token.is_punct:
            continue
        low = token.lower_
        if low in vocab.pronouns or vocab.names.could_name_actor(low):
            return True
        if token.text[:1].isupper() and not (first and token.is_stop and token.is_title):
            return True
        first = False
    return False


def has_trigger_candidate(sent: Span, vocab: PrefilterVocabulary, words: set[str] | None = None) -> bool:
    """True when some lexicon entry (or the trigger-less demand frame) could match in the sentence."""
    words = _words(sent, vocab.calendar) if words is None else words
    return vocab.triggers.could_match(words, lambda: has_actor_candidate(sent, vocab))


def _names(sent: Span, vocab: PrefilterVocabulary) -> set[str]:
    """Capitalised words that may be (part of) a person's name: what the actor memory recalls a person by."""
    return {t.text for t in sent if t.text[:1].isupper() and not t.is_stop and len(t.text) > 1
            and vocab.names.could_recall_person(t.text) and fold(t.text).replace(".", "") not in vocab.calendar}


def kept_sentences(doc: Doc, vocab: PrefilterVocabulary) -> tuple[list[Span], list[int]]:
    """All sentences of `doc` (its sentence starts must be set) and the indexes of those to parse.

    Kept: the sentences that can hold an event, and the context their actors may be resolved from -
    - the previous sentence of one holding a pronoun, when it names a possible actor: a pronoun's antecedent may
      come from there (geoevents.extraction.arguments.Mentions.antecedent);
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
        names = _names(sents[i], vocab)
        if i not in kept and not names.isdisjoint(wanted):
            kept.add(i)
        if i in kept:
            wanted |= names
    return sents, sorted(kept)


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
    sub._.geo_text_start = doc._.geo_text_start
    sub._.geo_sentence_map = sentence_map(sents, kept, sub)
    kept_set = set(kept)
    sub._.geo_skipped = [i for i in range(len(sents)) if i not in kept_set]
    return sub


# ---------------------------------------------------------------------------------------------------------------
# The component


class Prefilter:
    """Replaces a flagged doc by the doc of its event-capable sentences (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, actors_files: Iterable[str] = ()) -> None:
        self.name = name
        self.vocab = prefilter_vocabulary(nlp, tuple(actors_files))

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


@Language.factory("geoevents_prefilter", default_config={"actors_files": []})
def make_prefilter(nlp: Language, name: str, actors_files: list[str]) -> Prefilter:
    register_extensions()
    return Prefilter(nlp, name, actors_files)


def ensure_prefilter(nlp: Language, actors_files: Iterable[str] = ()) -> bool:
    """Add the prefilter right after the sentence splitter (idempotent); False when the pipeline has no splitter.
    `actors_files` must be the event coder's: the actor test must know what the resolver knows."""
    if "geoevents_prefilter" in nlp.pipe_names:
        return True
    if "geoevents_sentences" not in nlp.pipe_names:
        return False
    nlp.add_pipe("geoevents_prefilter", after="geoevents_sentences", config={"actors_files": list(actors_files)})
    return True


__all__ = [
    "Prefilter",
    "PrefilterVocabulary",
    "ensure_prefilter",
    "has_actor_candidate",
    "has_trigger_candidate",
    "kept_sentences",
    "prefilter_vocabulary",
    "reduced_doc",
]
