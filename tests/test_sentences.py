from __future__ import annotations

import pytest
import spacy

from geoevents.nlp.sentences import MAX_SENTENCE_TOKENS, set_sentence_starts


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


@pytest.mark.parametrize("words", [MAX_SENTENCE_TOKENS - 1, MAX_SENTENCE_TOKENS, 3 * MAX_SENTENCE_TOKENS + 7])
def test_a_sentence_ends_after_the_most_tokens_at_the_latest(blank, words: int) -> None:
    """A text without a full stop or a line break (hostile, or a table on one line) is cut into sentences of at
    most MAX_SENTENCE_TOKENS tokens: the coder's cost per sentence grows faster than its length."""
    doc = set_sentence_starts(blank.make_doc(" ".join(["attack"] * words) + "  and more  words"))
    lengths = [len(sent) for sent in doc.sents]
    assert sum(lengths) == len(doc)
    assert max(lengths) <= MAX_SENTENCE_TOKENS + 1  # + a whitespace token, which stays with its sentence
    assert len(lengths) == 1 + (len(doc) - 1) // MAX_SENTENCE_TOKENS
    assert not any(sent[0].is_space for sent in doc.sents)
