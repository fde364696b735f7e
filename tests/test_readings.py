"""Word senses that are no event (geoevents/extraction/readings.py, senses.yaml), on sentences written for these
tests: a trigger word in its other sense gives no event at all, the event sense keeps its event."""

from __future__ import annotations

import pytest

from geoevents.models import Event


@pytest.fixture(scope="module")
def nlp_all():
    """Every event, also those below the default min_confidence: a blocked sense must give none at all."""
    from geoevents import Settings
    from geoevents.nlp import load_pipeline

    return load_pipeline(Settings(min_confidence=0.0))


def events(nlp, text: str) -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.geo_article_id = "t"
    doc._.geo_date = "2024-06-21"
    return [Event.from_dict(e) for e in nlp(doc)._.geo_events]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        # a state of emergency over a disaster is relief, not coercion
        ("The governor of Oregon declared a state of emergency after the wildfire spread.", "COERCE"),
        ("A state of emergency was declared in three provinces after the earthquake.", "COERCE"),
        # weather and profit warnings are forecasts
        ("The weather office issued a flash flood warning for the valley.", "THREATEN"),
        # holding an election, calling an election
        ("Ohio held the first round of its primary elections on Tuesday.", "CONSULT"),
        ("The prime minister may call a snap election in the spring.", "CONCEDE"),
        # defending one's own record, preventing damage, delivering a speech, providing details
        ("The mayor defended his record on housing.", "SUPPORT"),
        ("Volunteers worked through the night to prevent damage to the dam.", "COERCE"),
        ("The spokesman was not available to provide details on the deal.", "AID"),
        # agreeing that something is so is an opinion
        ("Analysts agreed that the figures painted a grim picture of the economy.", "AGREE"),
        # an illness kills, no one attacks
        ("The coronavirus killed three nurses at the hospital.", "ASSAULT"),
    ],
)
def test_a_word_in_its_other_sense_is_no_event(nlp_all, sentence, category):
    found = [e for e in events(nlp_all, sentence) if e.event == category]
    assert not found, [(e.event, e.event_text) for e in found]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("The army declared a state of emergency in the capital after the coup.", "COERCE"),
        ("Iran and Iraq held a round of talks in Geneva.", "CONSULT"),
        ("Riot police prevented the protesters from entering the square.", "COERCE"),
        ("The two governments agreed that talks would resume in May.", "AGREE"),
        ("The rebels killed three nurses at the hospital.", "ASSAULT"),
    ],
)
def test_the_event_sense_keeps_its_event(nlp_all, sentence, category):
    assert any(e.event == category for e in events(nlp_all, sentence)), [
        (e.event, e.event_text) for e in events(nlp_all, sentence)]


@pytest.mark.parametrize(
    ("sentence", "category", "low"),
    [
        ("Delta Air Lines and Ryanair offer flights to Moroccan cities.", "AGREE", True),
        ("Siemens AG will provide engineers to Acme Corp under the contract.", "AID", True),
        ("Exxon Corp agreed to supply oil to the Indian government.", "AGREE", False),
    ],
)
def test_firms_acting_on_no_political_actor_are_business(nlp_all, sentence, category, low):
    event = next(e for e in events(nlp_all, sentence) if e.event == category)
    assert (event.confidence <= 0.2) is low, event


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("The safety board said its investigation of the crash could take a year.", "ACCUSE"),
        ("Rangers will continue to monitor the situation overnight.", "ACCUSE"),
        ("A strong earthquake that struck the island on Friday killed four people.", "ASSAULT"),
    ],
)
def test_accidents_and_nature_are_no_event(nlp_all, sentence, category):
    found = [e for e in events(nlp_all, sentence) if e.event == category]
    assert not found, [(e.event, e.event_text) for e in found]
