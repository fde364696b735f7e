"""Property-based fuzzing of the coder itself (hypothesis): random and adversarial Unicode through the pipeline.

The texts are built from pieces that make events (actors, verbs, negation, dates, places, quotes) mixed with the
characters that break careless text handling (NUL, BOM, right-to-left and zero-width marks, line and paragraph
separators, combining marks, emoji, surrogate-free astral characters, long runs without a space), so that most
examples give events whose offsets can be checked - pure random text gives none.

Invariants, for every text: coding raises nothing; every offset (event, sentence, actors, recipients, speaker,
location) is inside the text and the text there is the one the event quotes; sentence spans are in order and
sentence indexes agree with them; event ids are unique and the same whether the article is coded alone or after
another one in the same batch (no state leaks between articles) and through `code_text`.

Profiles as in tests/test_ingest_fuzz.py: "fast" (default, derandomized, in `make test`) and "long"
(HYPOTHESIS_PROFILE=long, `make fuzz`: FUZZ_CODER_EXAMPLES examples a property).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import event as note_kind
from hypothesis import strategies as st
from spacy.language import Language

from geoevents.coding import code_articles, code_text
from geoevents.inprocess import CodedArticle
from geoevents.models import Article, Event
from geoevents.nlp import load_pipeline
from geoevents.settings import Settings

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
# The coder runs the whole spaCy pipeline on every example (tens of milliseconds each), so its long profile is
# smaller than the readers'.
EXAMPLES = int(os.environ.get("FUZZ_CODER_EXAMPLES", "3000")) if LONG else 15
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
coder_settings = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=not LONG, database=None, suppress_health_check=_QUIET
)

pytestmark = pytest.mark.fuzz

EVENT_WORDS = [
    "Russia", "Ukraine", "Russian President Vladimir Putin", "the United Nations", "police", "protesters",
    "South Korea", "North Korean soldiers", "Israel", "Hamas", "the government", "rebels", "Washington", "he", "they",
    "attacked", "condemned", "met", "fired warning shots at", "arrested", "will sanction", "did not attack",
    "threatened to invade", "may meet", "if", "said", "denied that", "agreed to", "called for talks with",
    "in Kyiv", "in Nairobi", "on Monday", "yesterday", "last year", "on 12 May 2024", "officials said", "not",
]  # fmt: skip
ODD_TEXT = [
    "\x00", "\ufeff", "\r\n", "\r", "\n", "\n\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1b", "\x7f",
    "\u200f", "\u202e", "\u2066", "\u200b", "\u200d", "\ufffd", "\uffff", "\U0010ffff", "e\u0301", "\u0301",
    "🇰🇷", "👩\u200d👩\u200d👧", "𝕏", "ﷺ", "ـــ", "שלום", "مرحبا", "日本語。", "\u3000", "\t", "\xa0",
    '"', "'", "“", "”", "«", "»", "(", ")", "[", "]", ".", "...", "…", "?!", "!", ";", ":", "-", "—", "&amp;", "<b>",
    "http://example.com/a?b=c", "@user", "#tag", "1,000", "2 pct", "$5", "U.S.", "Mr.", "e.g.", "'s", "n't",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "  ", "\n", ". ", ", ", "\u200f", "\xa0"]

piece = st.one_of(
    st.sampled_from(EVENT_WORDS),
    st.sampled_from(EVENT_WORDS),
    st.sampled_from(ODD_TEXT),
    st.text(max_size=12),
    st.builds(
        lambda p, n: p * n, st.sampled_from(["(", ".", "x", "🇰🇷", "\n", "\u200f", "-", "a "]), st.integers(1, 400)
    ),
)
texts = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), min_size=1, max_size=60).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield load_pipeline(Settings())


def assert_events_point_into_the_text(text: str, coded: CodedArticle) -> None:
    spans = coded.sentences
    assert all(0 <= s <= e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 <= index < len(spans) for index in coded.skipped_sentences)
    for event in coded.events:
        assert 0 <= event.event_start < event.event_end <= len(text)
        assert text[event.event_start : event.event_end] == event.event_text
        assert text[event.sentence_start : event.sentence_end] == event.sentence
        assert spans[event.sentence_index] == (event.sentence_start, event.sentence_end)
        assert event.sentence_start <= event.event_start and event.event_end <= event.sentence_end
        for entity in [*event.actor, *event.recipient, event.reported_by]:
            if entity is not None and entity.start is not None:
                assert entity.end is not None and 0 <= entity.start <= entity.end <= len(text)
                assert text[entity.start : entity.end] == entity.text
        if event.location is not None and event.location.start is not None:
            assert text[event.location.start : event.location.end] == event.location.text
    assert len({e.id for e in coded.events}) == len(coded.events)
    assert all(e.id == e.make_id() for e in coded.events)


def _dicts(events: list[Event]) -> list[dict[str, object]]:
    return [event.to_dict() for event in events]


@coder_settings
@given(text=texts)
@example(text="Russia attacked Ukraine on Monday.\x00\u200fPutin met\u2028Xi in Beijing.")
@example(text="(" * 5_000 + " Israel attacked Hamas." + "x" * 3_000)
@example(text="\ufeffPolice arrested 20 protesters in Nairobi, officials said" + " and" * 2_000)
def test_coding_any_text(nlp: Language, text: str) -> None:
    other = Article(id="before", text="France condemned the attack. Germany will not send troops.", date="2024-06-20")
    article = Article(id="fuzzed", text=text, date="2024-06-20")
    [alone] = code_articles([article], Settings(), nlp)
    note_kind("with events" if alone.events else "without events")  # --hypothesis-show-statistics shows the share
    assert_events_point_into_the_text(text, alone)
    _, after_another = code_articles([other, article], Settings(batch_size=2), nlp)
    assert _dicts(after_another.events) == _dicts(alone.events)
    assert after_another.sentences == alone.sentences


@coder_settings
@given(text=texts, date=st.one_of(st.none(), st.sampled_from(["2024-06-20", "1999-12-31", "2030-01-01"])))
def test_code_text_is_deterministic(nlp: Language, text: str, date: str | None) -> None:
    first = code_text(text, date=date, nlp=nlp)
    again = code_text(text, date=date, nlp=nlp)
    assert _dicts(first) == _dicts(again)
    assert all(text[e.event_start : e.event_end] == e.event_text for e in first)
    assert all(e.article_id == Article.make_id(text) for e in first)
