"""Coding in worker processes (geoevents.pool): input order, errors, early stops, bounded batches in flight."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from geoevents.coding import code_articles
from geoevents.models import Article
from geoevents.nlp import load_pipeline
from geoevents.settings import Settings

SHORT = "Russian troops attacked the town on Monday."
LONG = " ".join(["France condemned the attack on Tuesday and said talks with Germany would go on."] * 30)


@Language.component("test_pool_boom")
def _boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise ValueError("a component failed on purpose")
    return doc


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings())


def _articles(n: int) -> list[Article]:
    # Alternate long and short texts: batches take very different times, results must still come in order.
    return [Article(id=f"a{i:03d}", text=LONG if i % 3 == 0 else SHORT, date="2024-03-04") for i in range(n)]


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_results_come_in_input_order(nlp: Language, batch_size: int) -> None:
    articles = _articles(14)
    coded = list(code_articles(articles, Settings(processes=2, batch_size=batch_size, progress=False), nlp))
    assert [c.article.id for c in coded] == [a.id for a in articles]
    assert all(c.article is a for c, a in zip(coded, articles, strict=True))  # the caller's own objects
    single = list(code_articles(articles, Settings(processes=1, progress=False), nlp))
    assert [[e.to_dict() for e in c.events] for c in coded] == [[e.to_dict() for e in c.events] for c in single]


def test_a_worker_error_reaches_the_caller(nlp: Language) -> None:
    failing = load_pipeline(Settings())
    failing.add_pipe("test_pool_boom", before="geoevents")
    articles = [*_articles(4), Article(id="bad", text="BOOM went the article.")]
    with pytest.raises(ValueError, match="on purpose"):
        list(code_articles(articles, Settings(processes=2, batch_size=2, prefilter=False, progress=False), failing))
    assert not multiprocessing.active_children()


def test_stopping_early_ends_the_workers(nlp: Language) -> None:
    stream = code_articles(_articles(40), Settings(processes=2, batch_size=2, progress=False), nlp)
    first = next(stream)
    assert first.article.id == "a000"
    stream.close()
    for child in multiprocessing.active_children():  # terminated by the pool; give them a moment to go
        child.join(timeout=10)
    assert not multiprocessing.active_children()


def test_articles_are_read_as_they_are_needed(nlp: Language) -> None:
    """At most 2 * processes + 1 batches are read ahead of what the caller has taken: memory stays flat."""
    read = 0

    def endless() -> Iterator[Article]:
        nonlocal read
        while True:
            read += 1
            yield Article(id=f"e{read}", text=SHORT)

    stream = code_articles(endless(), Settings(processes=2, batch_size=2, progress=False), nlp)
    taken = [next(stream) for _ in range(6)]
    stream.close()
    assert [c.article.id for c in taken] == [f"e{i}" for i in range(1, 7)]
    assert read <= 6 + (2 * 2 + 2) * 2


@pytest.mark.slow
def test_workers_started_by_spawn(nlp: Language) -> None:
    """Where processes are spawned (macOS, Windows), each worker gets a pickled copy of the pipeline."""
    previous = multiprocessing.get_start_method()
    multiprocessing.set_start_method("spawn", force=True)
    try:
        articles = _articles(5)
        spawned = list(code_articles(articles, Settings(processes=2, batch_size=2, progress=False), nlp))
    finally:
        multiprocessing.set_start_method(previous, force=True)
    single = list(code_articles(articles, Settings(processes=1, progress=False), nlp))
    assert [[e.to_dict() for e in c.events] for c in spawned] == [[e.to_dict() for e in c.events] for c in single]
