"""Event locations and the offline gazetteer (geoevents.extraction.places), on real spaCy parses."""

from __future__ import annotations

import pytest
from spacy.language import Language

from geoevents.extraction.places import gazetteer, lookup_place, normalise, resolve_location
from tests.helpers import trigger_span


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Hanoi", "Hanoi", "VNM"),
        ("Vietnam", "Vietnam", "VNM"),
        ("the United States", "United States", "USA"),
        ("U.S.", "United States", "USA"),
        ("Kiev", "Kyiv", "UKR"),
        ("Kharkiv region", "Kharkiv", "UKR"),
        ("the Demilitarized Zone", "Demilitarized Zone", "KOR"),
        ("Gaza", "Gaza Strip", "PSE"),
        ("Crimea", "Crimea", "UKR"),
        ("Donbas", "Donbas", "UKR"),
        ("Sao Paulo", "São Paulo", "BRA"),  # accents folded for the lookup
        ("Georgia", "Georgia", "GEO"),  # the country outranks the US state's namesakes
        ("Seoul's", "Seoul", "KOR"),
    ],
)
def test_lookup_place(name: str, canonical: str, country: str) -> None:
    loc = lookup_place(name)
    assert loc is not None
    assert (loc.name, loc.country, loc.text) == (canonical, country, name)
    assert loc.lat is not None and -90 <= loc.lat <= 90
    assert loc.lon is not None and -180 <= loc.lon <= 180


@pytest.mark.parametrize("name", ["Xqzzyville", "", "the"])
def test_lookup_unknown(name: str) -> None:
    assert lookup_place(name) is None


def test_ambiguous_name_takes_most_populous() -> None:
    # GeoNames holds several cities called Tripoli and Alexandria; the most populous of each wins.
    assert lookup_place("Tripoli").country == "LBY"  # type: ignore[union-attr]
    assert lookup_place("Alexandria").country == "EGY"  # type: ignore[union-attr]


def test_country_coordinates_are_its_capital() -> None:
    country, capital = lookup_place("South Korea"), lookup_place("Seoul")
    assert country is not None and capital is not None
    assert (country.lat, country.lon) == (capital.lat, capital.lon)


@pytest.mark.parametrize(("raw", "key"), [("The Netherlands", "netherlands"), ("U.S.", "us"), ("Zürich", "zurich")])
def test_normalise(raw: str, key: str) -> None:
    assert normalise(raw) == key


def test_gazetteer_size() -> None:
    table = gazetteer()
    assert len(table) > 10_000
    assert all(len(p.country) == 3 for p in table.values())


@pytest.mark.parametrize(
    ("sentence", "trigger", "place", "country"),
    [
        ("During a press conference in Vietnam, Putin dismissed Seoul's concerns.", "dismissed", "Vietnam", "VNM"),
        ("The situation at the Demilitarized Zone remains tense.", "remains", "the Demilitarized Zone", "KOR"),
        ("Russian forces shelled villages near Kharkiv.", "shelled", "Kharkiv", "UKR"),
        ("Kritenbrink will visit Hanoi to reaffirm support for Vietnam.", "visit", "Hanoi", "VNM"),
        ("The US criticised Putin's visit to Vietnam.", "visit", "Vietnam", "VNM"),
        ("Protesters gathered outside the White House.", "gathered", "the White House", "USA"),
        ("The two leaders signed a treaty in Pyongyang on Wednesday.", "signed", "Pyongyang", "PRK"),
        ("Israel said its troops had fought in the Gaza Strip.", "fought", "the Gaza Strip", "PSE"),
    ],
)
def test_resolve_location(spacy_nlp: Language, sentence: str, trigger: str, place: str, country: str) -> None:
    doc = spacy_nlp(sentence)
    sent, span = trigger_span(doc, trigger)
    loc = resolve_location(sent, span)
    assert loc is not None
    assert (loc.text, loc.country) == (place, country)
    assert loc.start is not None and loc.end is not None
    assert doc.text[loc.start : loc.end] == place


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Russia attacked Ukraine.", "attacked"),  # both countries are participants, not places
        ("The US imposed sanctions on Iran.", "imposed"),
        ("South Korea received weapons from Germany.", "received"),
        ("The minister condemned the attack.", "condemned"),
    ],
)
def test_no_location(spacy_nlp: Language, sentence: str, trigger: str) -> None:
    sent, span = trigger_span(spacy_nlp(sentence), trigger)
    assert resolve_location(sent, span) is None


def test_fallback_in_anywhere(spacy_nlp: Language) -> None:
    # "in Kyiv" hangs on another verb; it is still the best the sentence offers.
    doc = spacy_nlp("Officials who met in Kyiv said Russia fired missiles.")
    sent, span = trigger_span(doc, "fired")
    loc = resolve_location(sent, span)
    assert loc is not None and loc.country == "UKR"


def test_attached_place_beats_fallback(spacy_nlp: Language) -> None:
    doc = spacy_nlp("Officials in Kyiv said Russian troops attacked villages near Kharkiv.")
    sent, span = trigger_span(doc, "attacked")
    loc = resolve_location(sent, span)
    assert loc is not None and loc.name == "Kharkiv"


def test_unknown_place_keeps_text(spacy_nlp: Language) -> None:
    doc = spacy_nlp("Fighting broke out in Xqzzyville on Tuesday.")
    sent, span = trigger_span(doc, "broke")
    loc = resolve_location(sent, span)  # the NER tags the invented name as a GPE: the sentence names a place
    assert loc is not None
    assert (loc.text, loc.name, loc.country, loc.lat) == ("Xqzzyville", None, None, None)
