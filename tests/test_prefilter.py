"""The prefilter: which sentences it skips, and that coding with it gives exactly what coding without it gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from geoevents.coding import CodedArticle, code_articles
from geoevents.models import Article
from geoevents.nlp.articles import OffsetMap
from geoevents.nlp.forms import inflections, trigger_surface_forms
from geoevents.nlp.prefilter import kept_sentences, prefilter_vocabulary, reduced_doc
from geoevents.nlp.sentences import set_sentence_starts
from geoevents.settings import Settings

ON = Settings(prefilter=True, progress=False)
OFF = Settings(prefilter=False, progress=False)

# Our own sentences: no trigger (numbers, weather, prices), and trigger + actor.
NO_TRIGGER = "Shares of the company were unchanged at 12 dlrs in quiet trading on Tuesday."
WITH_EVENT = "Egyptian President Hosni Mubarak met Israeli Prime Minister Shimon Peres in Cairo on Monday."
ARTICLE = (
    "Heavy rain fell across the region on Sunday. "
    f"{WITH_EVENT} "
    "The weather was mild and the markets were calm.\n"
    "Peres told reporters he would visit Jordan next month. "
    "Iraqi troops attacked Iranian positions near Basra, Tehran radio said."
)


@pytest.fixture(scope="module")
def pipeline() -> Language:
    from geoevents.nlp import load_pipeline

    return load_pipeline(OFF)


def _sentences(nlp: Language, text: str) -> tuple[list[Any], list[int]]:
    doc = set_sentence_starts(nlp.make_doc(text))
    return kept_sentences(doc, prefilter_vocabulary(nlp))


def _code(nlp: Language, articles: list[Article], settings: Settings) -> list[CodedArticle]:
    return list(code_articles(articles, settings, nlp))


@pytest.mark.parametrize(
    ("lemma", "form"),
    [("agree", "agreed"), ("agree", "agreeing"), ("stop", "stopped"), ("deny", "denied"), ("deny", "denies"),
     ("talk", "talks"), ("protest", "protesting"), ("release", "releasing"), ("ally", "allies")],
)
def test_inflections_cover_regular_forms(lemma: str, form: str) -> None:
    assert form in inflections(lemma)


@pytest.mark.parametrize(("lemma", "form"), [("meet", "met"), ("flee", "fled"), ("seize", "seized")])
def test_irregular_forms_come_from_the_model_tables(spacy_nlp: Language, lemma: str, form: str) -> None:
    assert form in trigger_surface_forms([lemma], spacy_nlp)
    assert form not in trigger_surface_forms(["talk"], spacy_nlp)


@pytest.mark.parametrize(("text", "kept"), [(NO_TRIGGER, []), (WITH_EVENT, [0])])
def test_sentence_without_trigger_is_skipped(spacy_nlp: Language, text: str, kept: list[int]) -> None:
    assert _sentences(spacy_nlp, text)[1] == kept


def test_constraint_words_are_required(spacy_nlp: Language) -> None:
    # "hold" is a trigger only with objects such as talks/meeting; "held" alone is not a candidate.
    assert _sentences(spacy_nlp, "The company held its dividend at 10 cts, Smith Corp said.")[1] == []
    assert _sentences(spacy_nlp, "The unions held talks with Smith Corp on Monday.")[1] == [0]


def test_previous_sentence_kept_for_a_pronoun(spacy_nlp: Language) -> None:
    text = "Ruth Smith is the Foreign Minister. Yesterday the weather was fine. She met Peres on Monday."
    sents, kept = _sentences(spacy_nlp, text)
    assert len(sents) == 3
    assert kept == [1, 2]  # "She" may refer back to sentence 1 (the parser must see it, in its place)


def test_earlier_sentence_naming_a_kept_actor_is_kept(spacy_nlp: Language) -> None:
    text = ("Pierre Peladeau is chairman of Quebecor. Profits rose 12 pct last year. "
            "Prices were steady. Peladeau met union leaders on Friday.")
    assert _sentences(spacy_nlp, text)[1] == [0, 3]  # the actor memory finds "Peladeau" again from sentence 0


@pytest.mark.parametrize(
    "shared",
    ["The U.S. trade deficit widened.", "In January the Treasury sold bills.", "Bank of Japan Corp shares rose."],
)
def test_earlier_sentence_sharing_only_non_person_names_is_skipped(spacy_nlp: Language, shared: str) -> None:
    # countries, demonyms, organisations, sector words, organisation heads and months recall no person
    text = (f"{shared} Prices were steady. "
            "The U.S. Treasury and the American Bank of Japan Corp met in January on the deficit.")
    assert _sentences(spacy_nlp, text)[1] == [2]


def test_reduced_doc_keeps_tokens_and_maps_offsets_back(spacy_nlp: Language) -> None:
    doc = set_sentence_starts(spacy_nlp.make_doc(ARTICLE))
    sents, kept = kept_sentences(doc, prefilter_vocabulary(spacy_nlp))
    assert 0 not in kept and 1 in kept
    sub = reduced_doc(doc, sents, kept)
    assert sub.text == "".join(sents[i].text_with_ws for i in kept)
    offsets = OffsetMap(sub._.geo_sentence_map)
    for k, sent in enumerate(sub.sents):
        original = sents[kept[k]]
        assert offsets.start(sent.start_char) == original.start_char
        assert offsets.end(sent.end_char) == original.end_char
        assert offsets.sentence_index(sent.start_char) == kept[k]
        assert offsets.doc_start(original.start_char) == sent.start_char
        assert offsets.doc_end(original.end_char) == sent.end_char
    assert sub._.geo_skipped == [i for i in range(len(sents)) if i not in kept]


def test_offset_map_is_none_for_a_whole_doc(spacy_nlp: Language) -> None:
    assert OffsetMap.of(set_sentence_starts(spacy_nlp.make_doc(ARTICLE))) is None


def test_plain_nlp_call_is_not_reduced(pipeline: Language) -> None:
    list(code_articles([Article(id="x", text=ARTICLE)], ON, pipeline))  # adds the prefilter component
    assert "geoevents_prefilter" in pipeline.pipe_names
    assert pipeline(ARTICLE).text == ARTICLE


def _as_records(coded: list[CodedArticle]) -> list[dict[str, Any]]:
    return [
        {"id": c.article.id, "sentences": c.sentences, "events": [e.to_dict() for e in c.events]} for c in coded
    ]


def test_same_events_with_and_without_filter(pipeline: Language) -> None:
    articles = [Article(id="a1", text=ARTICLE, date="1987-03-02"), Article(id="a2", text=NO_TRIGGER)]
    with_filter = _code(pipeline, articles, ON)
    without = _code(pipeline, articles, OFF)
    assert _as_records(with_filter) == _as_records(without)
    assert with_filter[0].skipped_sentences and not without[0].skipped_sentences
    for event in with_filter[0].events:  # offsets point into the full article text
        assert ARTICLE[event.event_start : event.event_end] == event.event_text
        assert ARTICLE[event.sentence_start : event.sentence_end] == event.sentence


# Our own sentences with triggers of the CAMEO dictionary knowledge (a particle, a preposition with its object, a
# subject constraint) next to sentences that hold only one of their words.
DICTIONARY_ARTICLE = (
    "Thousands of Kenyans took to the streets of Nairobi on Friday. "
    "A rocket fired by militants fell on a school in Sderot, Israeli police said. "
    "Snow fell on the streets of Oslo overnight. "
    "The Polish government slapped sanctions on Belarusian officials."
)


def test_dictionary_triggers_pass_the_filter(pipeline: Language) -> None:
    _, kept = _sentences(pipeline, DICTIONARY_ARTICLE)
    assert kept == [0, 1, 3]  # snow falling on streets matches no entry's subject
    articles = [Article(id="d1", text=DICTIONARY_ARTICLE, date="2023-05-02")]
    with_filter, without = _code(pipeline, articles, ON), _code(pipeline, articles, OFF)
    assert _as_records(with_filter) == _as_records(without)
    assert {"PROTEST", "SANCTION"} <= {e.event for e in without[0].events}


@pytest.mark.slow
def test_same_events_with_two_processes(pipeline: Language) -> None:
    articles = [Article(id=f"p{i}", text=ARTICLE, date="1987-03-02") for i in range(6)]
    two = _code(pipeline, articles, ON.with_(processes=2, batch_size=2))
    assert _as_records(two) == _as_records(_code(pipeline, articles, OFF))


def _gold_articles(shared_dir: Path) -> list[Article]:
    records = json.loads((shared_dir / "eval" / "plover_gsr_dev.json").read_text(encoding="utf-8"))
    return [
        Article(id=str(r["id"]), text=r["text"], date=r.get("date"))
        for r in records
        if r.get("event") != "DOCUMENT" and r.get("text")
    ]


def test_gold_sentences_code_identically_with_and_without_filter(shared_dir: Path, pipeline: Language) -> None:
    """The filter may only skip sentences that yield no event: an equality check of the two paths."""
    articles = _gold_articles(shared_dir)
    with_filter = _code(pipeline, articles, ON)
    without = _code(pipeline, articles, OFF)
    assert _as_records(with_filter) == _as_records(without)
    categories_on = [sorted(e.event for e in c.events) for c in with_filter]
    categories_off = [sorted(e.event for e in c.events) for c in without]
    assert categories_on == categories_off
    for filtered, full in zip(with_filter, without, strict=True):  # no skipped sentence had an event
        assert {e.sentence_index for e in full.events}.isdisjoint(filtered.skipped_sentences)
    assert any(c.skipped_sentences for c in with_filter)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Rice output rose 4 pct in March, officials said.", False),  # the month, not a protest
        ("March 3 - Canada's trade surplus widened to 1.2 billion dlrs.", False),
        ("Thousands of students joined a march against the government in Seoul.", True),
        ("Opposition supporters march on parliament in Nairobi.", True),
    ],
)
def test_month_names_are_not_triggers(spacy_nlp: Language, sentence: str, kept: bool) -> None:
    _, indexes = _sentences(spacy_nlp, sentence)
    assert (indexes == [0]) is kept
