"""Event dates resolved against the article date (geoevents.extraction.dates), on real spaCy parses."""

from __future__ import annotations

import pytest
from spacy.language import Language

from geoevents.extraction.dates import is_future, parse_iso, resolve_date_text, resolve_event_date
from tests.helpers import trigger_span

ARTICLE = "2024-06-20"  # a Thursday


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("June 19", False, ("2024-06-19", "day")),
        ("19 June 2024", False, ("2024-06-19", "day")),
        ("19th of June", False, ("2024-06-19", "day")),
        ("June 19, 2024", False, ("2024-06-19", "day")),
        ("Dec. 25", False, ("2023-12-25", "day")),  # after the article date, past tense: the year before
        ("Dec. 25", True, ("2024-12-25", "day")),
        ("2024-06-19", False, ("2024-06-19", "day")),
        ("2021-02-30", False, None),  # no such day
        ("in June", False, ("2024-06-01", "month")),
        ("in July", False, ("2023-07-01", "month")),  # the most recent July not after the article date
        ("in July", True, ("2024-07-01", "month")),
        ("in March", True, ("2025-03-01", "month")),
        ("last June", False, ("2023-06-01", "month")),
        ("June 2024", False, ("2024-06-01", "month")),
        ("in 2023", False, ("2023-01-01", "year")),
        ("on Wednesday", False, ("2024-06-19", "day")),
        ("on Wednesday", True, ("2024-06-26", "day")),
        ("Thursday", False, ("2024-06-20", "day")),  # the article's own weekday is that day
        ("last Thursday", False, ("2024-06-13", "day")),
        ("next Monday", False, ("2024-06-24", "day")),
        ("yesterday", False, ("2024-06-19", "day")),
        ("today", False, ("2024-06-20", "day")),
        ("tomorrow", True, ("2024-06-21", "day")),
        ("the day before yesterday", False, ("2024-06-18", "day")),
        ("two days ago", False, ("2024-06-18", "day")),
        ("in three days", True, ("2024-06-23", "day")),
        ("last week", False, ("2024-06-10", "week")),
        ("earlier this week", False, ("2024-06-17", "week")),
        ("next week", True, ("2024-06-24", "week")),
        ("2 weeks ago", False, ("2024-06-03", "week")),
        ("this month", False, ("2024-06-01", "month")),
        ("earlier this month", False, ("2024-06-01", "month")),
        ("last month", False, ("2024-05-01", "month")),
        ("next month", True, ("2024-07-01", "month")),
        ("last year", False, ("2023-01-01", "year")),
        ("this year", False, ("2024-01-01", "year")),
        ("recent days", False, None),
        ("may", False, None),  # the modal verb, not the month
    ],
)
def test_resolve_date_text(text: str, future: bool, expected: tuple[str, str] | None) -> None:
    assert resolve_date_text(text, ARTICLE, future=future) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", (None, "day")),
        ("on Wednesday", (None, "day")),
        ("last week", (None, "week")),
        ("this month", (None, "month")),
        ("in June", (None, "month")),
        ("June 19, 2024", ("2024-06-19", "day")),  # absolute dates need no anchor
        ("in 2023", ("2023-01-01", "year")),
    ],
)
def test_without_article_date(text: str, expected: tuple[str | None, str]) -> None:
    assert resolve_date_text(text, None) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("2024-06-20", "2024-06-20"), ("2024-06-20T08:00:00Z", "2024-06-20"), ("June", None)]
)
def test_parse_iso(value: str, expected: str | None) -> None:
    found = parse_iso(value)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "future"),
    [
        ("Russia attacked Ukraine on Wednesday.", "attacked", False),
        ("Kritenbrink will visit Hanoi on Wednesday.", "visit", True),
        ("Kritenbrink is going to visit Hanoi.", "visit", True),
        ("Kritenbrink plans to visit Hanoi.", "visit", True),
        ("Putin's planned visit to Hanoi was confirmed.", "visit", True),
        ("The minister visited Hanoi.", "visited", False),
    ],
)
def test_is_future(spacy_nlp: Language, sentence: str, trigger: str, future: bool) -> None:
    _, span = trigger_span(spacy_nlp(sentence), trigger)
    assert is_future(span) is future


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Russia attacked Ukraine on Wednesday.", "attacked", ("2024-06-19", "day")),
        ("Kritenbrink will visit Hanoi on Wednesday.", "visit", ("2024-06-26", "day")),
        ("The ministers met last week and agreed to meet again next month.", "met", ("2024-06-10", "week")),
        ("The ministers met last week and agreed to meet again next month.", "meet", ("2024-07-01", "month")),
        ("Officials said on Monday that troops had withdrawn earlier this week.", "said", ("2024-06-17", "day")),
        ("Officials said on Monday that troops had withdrawn earlier this week.", "withdrawn", ("2024-06-17", "week")),
        ("Multiple border incidents were reported this month.", "reported", ("2024-06-01", "month")),
        ("The treaty was signed on June 19, 2024 in Pyongyang.", "signed", ("2024-06-19", "day")),
        ("The leader resigned in 2023.", "resigned", ("2023-01-01", "year")),
        ("The two leaders signed a treaty in Pyongyang.", "signed", (ARTICLE, "article")),
        ("The 2000 troops arrived.", "arrived", (ARTICLE, "article")),  # a count, not the year 2000
    ],
)
def test_resolve_event_date(spacy_nlp: Language, sentence: str, trigger: str, expected: tuple[str, str]) -> None:
    sent, span = trigger_span(spacy_nlp(sentence), trigger)
    assert resolve_event_date(sent, span, ARTICLE) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Russia attacked Ukraine yesterday.", "attacked", (None, "day")),
        ("The two leaders signed a treaty.", "signed", (None, "article")),
        ("The treaty was signed on 19 June 2024.", "signed", ("2024-06-19", "day")),
    ],
)
def test_resolve_event_date_without_article_date(
    spacy_nlp: Language, sentence: str, trigger: str, expected: tuple[str | None, str]
) -> None:
    sent, span = trigger_span(spacy_nlp(sentence), trigger)
    assert resolve_event_date(sent, span, None) == expected


def test_deterministic(spacy_nlp: Language) -> None:
    doc = spacy_nlp("Officials said on Monday that troops had withdrawn earlier this week.")
    sent, span = trigger_span(doc, "withdrawn")
    assert {resolve_event_date(sent, span, ARTICLE) for _ in range(5)} == {("2024-06-17", "week")}
