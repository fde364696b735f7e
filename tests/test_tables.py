"""The table twins of spaCy's attribute ruler and lemmatizer: the very same annotations, in place of the originals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from geoevents.coding import code_articles
from geoevents.models import Article
from geoevents.nlp import model_name
from geoevents.nlp.tables import TableAttributeRuler, TableLemmatizer, token_predicate, use_table_components
from geoevents.settings import Settings

# Our own text for the rare rules of the model's attribute ruler: rules over two tokens ("gon na", "y' all",
# "let 's", "ai n't", expletive "there is"), regular expressions ("nothin'"), dependency labels (pronoun case,
# auxiliaries, "but" as adverb), whitespace tokens and subordinating "that".
RARE_RULES = (
    "I ain't gonna do it, y'all. Let's go, c'mon!  There is nothin' left here.\n\n"
    "Gotta run: it is what it is, but I do. They said that we'd have had it. Whether it gets better, who got it? "
    "You saw me and I saw you.   It was all but over.\tWe do n't know."
)


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, str(t.head.i)) for t in doc]


@pytest.fixture(scope="module")
def original() -> Language:
    return spacy.load(model_name())


@pytest.fixture(scope="module")
def tabled() -> Language:
    nlp = spacy.load(model_name())
    assert use_table_components(nlp) == ["attribute_ruler", "lemmatizer"]
    return nlp


def _reuters(shared_dir: Path, n: int) -> list[str]:
    texts = []
    with (shared_dir / "corpus" / "reuters21578.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == n:
                break
    return texts


def test_same_annotations_on_our_text(original: Language, tabled: Language) -> None:
    assert _annotations(tabled(RARE_RULES)) == _annotations(original(RARE_RULES))
    # The text does reach the rules it was written for: a two-token rule and a regex rule set lemmas.
    lemmas = {t.text: t.lemma_ for t in tabled(RARE_RULES)}
    assert lemmas["gon"] == "go" and lemmas["nothin'"] == "nothing"


def test_same_annotations_on_news(original: Language, tabled: Language, shared_dir: Path) -> None:
    texts = _reuters(shared_dir, 120)
    for ours, theirs in zip(tabled.pipe(texts, batch_size=16), original.pipe(texts, batch_size=16), strict=True):
        assert _annotations(ours) == _annotations(theirs), ours.text[:80]


def test_same_annotations_without_a_parse(original: Language, tabled: Language) -> None:
    """Rules over DEP meet tokens without dependency labels when the parser is off, as in spaCy (allow_missing)."""
    with original.select_pipes(disable=["parser"]), tabled.select_pipes(disable=["parser"]):
        assert _annotations(tabled(RARE_RULES)) == _annotations(original(RARE_RULES))


def test_swap_keeps_names_order_and_is_idempotent(tabled: Language) -> None:
    names = list(tabled.pipe_names)
    assert isinstance(tabled.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(tabled.get_pipe("lemmatizer"), TableLemmatizer)
    assert use_table_components(tabled) == ["attribute_ruler", "lemmatizer"]
    assert tabled.pipe_names == names
    assert len(tabled("")) == 0


def test_other_classes_are_left_alone() -> None:
    class MyRuler(AttributeRuler):
        pass

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = MyRuler(nlp.vocab)
    assert use_table_components(nlp) == []
    assert type(nlp.get_pipe("lemmatizer")) is EnglishLemmatizer
    assert type(ruler) is MyRuler


def test_rules_added_after_the_swap_apply(original: Language) -> None:
    nlp = spacy.load(model_name())
    use_table_components(nlp)
    for pipeline in (nlp, original):
        ruler = pipeline.get_pipe("attribute_ruler")
        before = len(ruler.attrs)
        ruler.add([[{"LOWER": "frobnicated"}]], {"POS": "VERB", "LEMMA": "frobnicate"})
        ruler.add([[{"LOWER": "the"}, {"LOWER": "widget"}]], {"POS": "PROPN"}, index=-1)
        text = "They frobnicated the widget yesterday."
        try:
            doc = pipeline(text)
            assert (doc[1].pos_, doc[1].lemma_, doc[3].pos_) == ("VERB", "frobnicate", "PROPN")
        finally:
            # The module's `original` is shared: put its rules back as they were.
            patterns = ruler.patterns[:before]
            ruler.clear()
            ruler.add_patterns(patterns)


def test_bad_index_raises_as_spacy_does() -> None:
    nlp = spacy.blank("en")
    ruler = TableAttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b"}]], {"LEMMA": "x"}, index=5)
    with pytest.raises(ValueError, match="E1001"):
        ruler(nlp.make_doc("a b"))


@pytest.mark.parametrize(
    ("spec", "view", "expected"),
    [
        ({"TAG": "NN"}, {"tag": "NN"}, True),
        ({"TAG": "NN"}, {"tag": "NNS"}, False),
        ({"LOWER": {"IN": ["is", "'s"]}, "TAG": "VBZ"}, {"lower": "'s", "tag": "VBZ"}, True),
        ({"TAG": {"NOT_IN": ["TO", ""]}}, {"tag": ""}, False),
        ({"LOWER": {"REGEX": "^n[ou]thin'$"}}, {"lower": "nuthin'"}, True),
        ({"IS_SPACE": True}, {"is_space": True}, True),
        ({"IS_SPACE": False, "TAG": "_SP"}, {"is_space": True, "tag": "_SP"}, False),
        ({"ORTH": "US"}, {"orth": "us"}, False),
        ({}, {}, True),
    ],
)
def test_token_predicate(spec: dict[str, Any], view: dict[str, Any], expected: bool) -> None:
    test = token_predicate(spec)
    assert test is not None and test(view) is expected


@pytest.mark.parametrize(
    "spec",
    [
        {"POS": "NOUN"},  # set by the ruler itself: not a function of (ORTH, TAG, DEP)
        {"LOWER": "a", "OP": "?"},
        {"LENGTH": {">=": 3}},
        {"TAG": {"IN": [1, 2]}},
        {"IS_SPACE": {"IN": [True]}},
        {"_": {"geo_date": "x"}},
    ],
)
def test_token_predicate_leaves_other_patterns_to_the_matcher(spec: dict[str, Any]) -> None:
    assert token_predicate(spec) is None


@pytest.mark.parametrize("table_components", [True, False])
def test_setting_decides_the_swap(table_components: bool) -> None:
    from geoevents.nlp import load_pipeline

    settings = Settings(table_components=table_components, progress=False)
    nlp = load_pipeline(settings)
    article = Article(id="t1", text="Russian troops attacked the town on Monday.", date="2024-01-02")
    events = next(code_articles([article], settings, nlp)).events
    assert events and events[0].event == "ASSAULT"
    assert isinstance(nlp.get_pipe("attribute_ruler"), TableAttributeRuler) is table_components
    assert isinstance(nlp.get_pipe("lemmatizer"), TableLemmatizer) is table_components


def test_same_events_with_and_without_tables(shared_dir: Path) -> None:
    articles = [Article(id=f"r{i}", text=text) for i, text in enumerate(_reuters(shared_dir, 60))]
    on = [c.events for c in code_articles(articles, Settings(table_components=True, progress=False))]
    off = [c.events for c in code_articles(articles, Settings(table_components=False, progress=False))]
    assert [[e.to_dict() for e in evs] for evs in on] == [[e.to_dict() for e in evs] for evs in off]
    assert sum(map(len, on)) > 20


def test_pickled_pipeline_annotates_the_same(tabled: Language, original: Language) -> None:
    """spaCy pickles the pipeline for worker processes started with "spawn": the tables stay behind and refill."""
    import pickle

    tabled(RARE_RULES)  # fill the tables first: they must not travel
    copy = pickle.loads(pickle.dumps(tabled))
    ruler, lemmatizer = copy.get_pipe("attribute_ruler"), copy.get_pipe("lemmatizer")
    assert isinstance(ruler, TableAttributeRuler) and isinstance(lemmatizer, TableLemmatizer)
    assert ruler._compiled is None and not lemmatizer._lemma_ids
    assert _annotations(copy(RARE_RULES)) == _annotations(original(RARE_RULES))
