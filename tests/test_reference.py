"""Pronoun referents and quotation speakers (geoevents/extraction/reference.py)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from geoevents.extraction.reference import Mention, Referents, quote_speakers
from geoevents.vocabulary import FIRST_PERSON_PRONOUNS, GROUP

SPEECH = frozenset({"say", "tell", "declare"})


def _mention(start: int, text: str, sentence: int = 0) -> Mention:
    return Mention(sentence, start, GROUP, False, (), True, text)


def test_mentions_stay_in_reading_order_as_a_stable_sort_would_keep_them() -> None:
    referents = Referents()
    added = [_mention(40, "c"), _mention(10, "a"), _mention(40, "d"), _mention(25, "b"), _mention(10, "a2")]
    for mention in added:
        referents._insert(mention)
    assert [m.text for m in referents.mentions] == [m.text for m in sorted(added, key=lambda m: m.start)]
    assert [m.text for m in referents.mentions] == ["a", "a2", "b", "c", "d"]


@pytest.mark.parametrize(
    ("text", "pronoun", "speaker"),
    [
        ('"We will not give up our claims," Harold Finch said on Monday.', "We", "Finch"),
        ('Harold Finch told reporters: "I expect an answer by Friday."', "I", "Finch"),
    ],
)
def test_first_person_in_a_quotation_is_its_speaker(spacy_nlp: Language, text: str, pronoun: str,
                                                     speaker: str) -> None:
    doc = spacy_nlp(text)
    found = quote_speakers(doc, SPEECH, FIRST_PERSON_PRONOUNS)
    index = next(t.i for t in doc if t.text == pronoun)
    assert index in found and found[index].text == speaker


def test_no_first_person_word_no_speakers(spacy_nlp: Language) -> None:
    assert quote_speakers(spacy_nlp('"Talks will resume," the ministry said.'), SPEECH, FIRST_PERSON_PRONOUNS) == {}
    assert quote_speakers(spacy_nlp(""), SPEECH, FIRST_PERSON_PRONOUNS) == {}
