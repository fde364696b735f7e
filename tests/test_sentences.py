from __future__ import annotations

import pytest
import spacy

from geoevents.nlp.sentences import set_sentence_starts


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Putin met Xi. They talked.", ["Putin met Xi.", "They talked."]),
        ('He said "We will fight." Then he left.', ['He said "We will fight."', "Then he left."]),
        ("The U.S. envoy met Mr. Kim in Seoul.", ["The U.S. envoy met Mr. Kim in Seoul."]),
        ("A headline without a period\nThe body follows.", ["A headline without a period", "The body follows."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ("Putin met Xi.  They talked.", ["Putin met Xi.", "They talked."]),
        ('He said "We will fight."   Then he left.', ['He said "We will fight."', "Then he left."]),
        ("Did they agree?  No.  The talks ended.", ["Did they agree?", "No.", "The talks ended."]),
        ("The U.S.  envoy met Mr.  Kim.", ["The U.S.  envoy met Mr.  Kim."]),
    ],
)
def test_sentence_boundaries(blank, text: str, expected: list[str]) -> None:
    doc = set_sentence_starts(blank.make_doc(text))
    assert [s.text.strip() for s in doc.sents] == expected


def test_whitespace_stays_with_previous_sentence(blank) -> None:
    doc = set_sentence_starts(blank.make_doc("One.\n\nTwo."))
    assert [s.text for s in doc.sents] == ["One.\n\n", "Two."]


def test_seed_article_sentences(blank, seed_path) -> None:
    doc = set_sentence_starts(blank.make_doc(seed_path.read_text(encoding="utf-8")))
    sentences = [s.text.strip() for s in doc.sents]
    assert len(sentences) == 22
    assert sentences[6].startswith("During a press conference in Vietnam")
