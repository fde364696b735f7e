"""Long articles in pieces (geoevents.nlp.articles): where they are cut, and that the pieces' events, offsets and
sentence indexes come back as the article's - in this process and through the worker pool."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from geoevents.coding import code_articles
from geoevents.inprocess import CodedArticle
from geoevents.models import Article
from geoevents.nlp import load_pipeline
from geoevents.nlp.articles import MAX_TOKEN_CHARS, PIECE_CHARS, article_pieces, ensure_article_tokenizer, piece_limit
from geoevents.settings import Settings

PARAGRAPHS = [
    "Russian President Vladimir Putin dismissed Seoul's concerns on Tuesday. He said the pact was a matter for the "
    "two countries.",
    "North Korean soldiers briefly crossed the border. South Korea fired warning shots.",
    "The weather in the capital was mild.\nProtesters marched on parliament in Nairobi on Monday.",
    "France condemned the attack and said talks with Germany would go on. Shares rose 2 pct.",
]
ARTICLE = "\n\n".join(PARAGRAPHS * 6)


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    pipeline = load_pipeline(Settings())
    yield pipeline


@pytest.fixture
def small_pieces(nlp: Language) -> Iterator[int]:
    """The pipeline with a limit of 600 characters a doc, so that ARTICLE is coded in pieces."""
    before = nlp.max_length
    nlp.max_length = 600
    yield piece_limit(nlp)
    nlp.max_length = before


def assert_in_article_coordinates(coded: CodedArticle) -> None:
    """Every offset points into the article text, and sentence indexes agree with the sentence spans."""
    text = coded.article.text
    spans = coded.sentences
    assert all(0 <= s <= e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # in order, not overlapping
    for event in coded.events:
        assert text[event.event_start : event.event_end] == event.event_text
        assert text[event.sentence_start : event.sentence_end] == event.sentence
        assert spans[event.sentence_index] == (event.sentence_start, event.sentence_end)
        for entity in [*event.actor, *event.recipient, event.reported_by]:
            if entity is not None and entity.start is not None:
                assert text[entity.start : entity.end] == entity.text
        if event.location is not None and event.location.start is not None:
            assert text[event.location.start : event.location.end] == event.location.text
    assert all(0 <= index < len(spans) for index in coded.skipped_sentences)


# --- where an article is cut ------------------------------------------------------------------------------------------


def test_a_text_within_the_limit_is_one_piece() -> None:
    assert article_pieces("Talks resumed.", 100) == [(0, 14)]
    assert article_pieces("x" * 100, 100) == [(0, 100)]


def test_the_limit_is_spacys_or_ours_whichever_is_lower(nlp: Language) -> None:
    assert piece_limit(nlp) == min(PIECE_CHARS, nlp.max_length)


@pytest.mark.parametrize(
    ("text", "limit", "first_piece_ends_with"),
    [
        ("One. Two.\n\nThree and four. Five.\nSix seven eight.", 40, "Five.\n"),  # a line break, not mid-sentence
        ("One. Two.\nThree. Four.\n\nFive six seven eight nine ten.", 30, "Four.\n\n"),  # the blank line
        ("Alpha beta gamma. Delta epsilon zeta eta theta iota kappa", 30, "gamma. "),  # a sentence's end
        ("alpha beta gamma delta epsilon zeta eta theta iota kappa", 30, "delta "),  # a space
        ("x" * 95, 40, "x" * 40),  # no boundary at all: a hard cut
    ],
)
def test_pieces_end_at_the_best_boundary(text: str, limit: int, first_piece_ends_with: str) -> None:
    pieces = article_pieces(text, limit)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))  # contiguous: nothing lost
    assert all(0 < end - start <= limit for start, end in pieces)
    assert text[: pieces[0][1]].endswith(first_piece_ends_with)


# --- runs without a space ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "(" * 10_000,
        "Talks resumed. " + "$" * 250 + " Russia attacked Ukraine.",
        "x" * (MAX_TOKEN_CHARS + 1) + "\n\n" + "🇰🇷" * 400 + " " + ")" * 99,
        "https://example.com/" + "a/" * 200 + "  and (" + "." * 300 + ")",
    ],
)
def test_a_run_without_spaces_is_cut_into_long_tokens(nlp: Language, text: str) -> None:
    """spaCy's affix splitting is quadratic in a run without spaces (10,000 brackets take half a minute): a run of
    over MAX_TOKEN_CHARS characters becomes tokens of that many characters; the text stays the same."""
    assert ensure_article_tokenizer(nlp)
    doc = nlp.make_doc(text)
    assert doc.text == text
    long_runs = [token for token in doc if len(token.text) > 1 and set(token.text) <= set("($.x🇰🇷")]
    assert all(len(token.text) <= MAX_TOKEN_CHARS for token in doc)
    assert long_runs  # the runs became few long tokens, not thousands of one-character ones
    assert len(doc) < 250  # a run of 10,000 brackets: 100 tokens


def test_text_without_long_runs_is_tokenized_as_by_spacy(nlp: Language) -> None:
    from geoevents.nlp import load_spacy

    plain = load_spacy()
    assert ensure_article_tokenizer(nlp)
    text = "\n\n".join(PARAGRAPHS) + " (see https://example.com/news?id=1) " + "(" * MAX_TOKEN_CHARS
    assert [(t.text, t.whitespace_, t.norm_) for t in nlp.make_doc(text)] == [
        (t.text, t.whitespace_, t.norm_) for t in plain.make_doc(text)
    ]


# --- coding in pieces ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefilter", [True, False])
def test_an_article_in_pieces_codes_like_the_whole(nlp: Language, small_pieces: int, prefilter: bool) -> None:
    article = Article(id="long", text=ARTICLE, date="2024-06-20")
    settings = Settings(prefilter=prefilter)
    pieces = list(code_articles([article], settings, nlp))
    assert len(article_pieces(ARTICLE, small_pieces)) >= 4
    nlp.max_length = 1_000_000
    whole = list(code_articles([article], settings, nlp))
    assert len(pieces) == len(whole) == 1
    assert_in_article_coordinates(pieces[0])
    assert pieces[0].sentences == whole[0].sentences  # every piece ends where a sentence ends
    # Each event keeps its id (article, offsets, category); only the context a piece cannot see may differ.
    assert {e.id for e in pieces[0].events} == {e.id for e in whole[0].events}
    assert [e.sentence_index for e in pieces[0].events] == [e.sentence_index for e in whole[0].events]


def test_articles_around_a_long_one_are_coded_as_before(nlp: Language, small_pieces: int) -> None:
    short = [Article(id=f"s{i}", text=PARAGRAPHS[i % 4], date="2024-06-20") for i in range(4)]
    stream = [short[0], short[1], Article(id="long", text=ARTICLE), short[2], short[3]]
    coded = list(code_articles(stream, Settings(batch_size=2), nlp))
    assert [c.article.id for c in coded] == ["s0", "s1", "long", "s2", "s3"]
    alone = {c.article.id: c for c in code_articles(short, Settings(), nlp)}
    for c in coded:
        assert_in_article_coordinates(c)
        if c.article.id in alone:
            assert [e.to_dict() for e in c.events] == [e.to_dict() for e in alone[c.article.id].events]


@pytest.mark.slow
def test_pieces_through_the_worker_pool(nlp: Language, small_pieces: int) -> None:
    articles = [Article(id=f"long{i}", text=ARTICLE, date="2024-06-20") for i in range(3)]
    articles.insert(1, Article(id="short", text=PARAGRAPHS[0]))

    def coded(processes: int) -> list[tuple[object, ...]]:
        settings = Settings(processes=processes, batch_size=2)
        return [([e.to_dict() for e in c.events], c.sentences, c.skipped_sentences)
                for c in code_articles(articles, settings, nlp)]

    one, two = coded(1), coded(2)
    assert one == two
    assert all(events for events, _, _ in one)


@pytest.mark.slow
def test_geoevents_code_takes_a_text_over_spacys_limit(tmp_path: Path) -> None:
    """A 1.6-million-character line-broken text file (spaCy alone refuses texts over 1,000,000) through the CLI."""
    filler = "The weather was mild and the harvest was good this year. " * 40
    source = tmp_path / "long.txt"
    text = "".join(f"{filler}\n\nRussia attacked Ukraine on Monday.\n\n" for _ in range(700))
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = subprocess.run([sys.executable, "-m", "geoevents.cli", "code", str(source), "--out", str(out)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(events) == 700 and len({e["id"] for e in events}) == 700
    assert all(text[e["event_start"] : e["event_end"]] == e["event_text"] == "attacked" for e in events)
    assert all(text[e["sentence_start"] : e["sentence_end"]] == e["sentence"] for e in events)


# --- very long articles, whole ------------------------------------------------------------------------------------

_EVENT = "Russia attacked Ukraine on Monday."
_FILLER = "The weather was mild and the harvest was good this year, the farmers said."


def _one_line_text(length: int) -> str:
    """One line (no line break) of `length` characters: sentences, every 40th one an event."""
    sentences = (_EVENT if i % 40 == 0 else _FILLER for i in range(length // len(_FILLER) + 2))
    return " ".join(sentences)[:length]


def _sentences_text(count: int) -> str:
    return " ".join(_EVENT if i % 20 == 0 else _FILLER for i in range(count))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "least_sentences"),
    [(_one_line_text(1_500_000), 19_000), (_sentences_text(10_000), 10_000)],
    ids=["1.5-million-characters-one-line", "10000-sentences"],
)
def test_a_very_long_article_is_coded_whole(nlp: Language, text: str, least_sentences: int) -> None:
    """Texts far over spaCy's limit or with very many sentences are coded in pieces (not refused): every event's
    offsets are inside the text and point at its words; ids are unique."""
    [coded] = code_articles([Article(id="very-long", text=text, date="2024-06-20")], Settings(), nlp)
    assert_in_article_coordinates(coded)
    assert len(coded.sentences) >= least_sentences
    expected = text.count(_EVENT)
    assert len(coded.events) >= expected * 0.99  # a sentence cut between two pieces may lose its event
    assert all(0 <= e.event_start < e.event_end <= len(text) for e in coded.events)
    assert len({e.id for e in coded.events}) == len(coded.events)


@pytest.mark.slow
def test_the_ray_batch_coder_codes_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Ray actor (geoevents.distributed.worker.BatchCoder) codes through `code_in_process`, so it gets the
    pieces too: the same events as one process, for an article over the piece limit."""
    import geoevents.nlp.articles as articles_module
    from geoevents.distributed.worker import BatchCoder

    monkeypatch.setattr(articles_module, "PIECE_CHARS", 600)
    coder = BatchCoder.__new__(BatchCoder)  # the actor's coding step, without Ray's output files
    coder.settings = Settings(processes=1, progress=False)
    coder.nlp = load_pipeline(coder.settings)
    article = Article(id="long", text=ARTICLE, date="2024-06-20")
    assert len(article_pieces(ARTICLE, piece_limit(coder.nlp))) >= 4
    coded, failed = coder._code([article])
    assert not failed and len(coded) == 1
    assert_in_article_coordinates(coded[0])
    assert coded[0].events
