"""Coding in this process: articles through the spaCy pipeline (`nlp.pipe`) and back as `CodedArticle`s.

`geoevents.coding.code_articles` runs this path with one process; each worker of geoevents.pool runs it on its
batches. The Docs carry their article's values (id, date, prefilter flag) from the start (geoevents.nlp.articles);
the `geoevents` component writes Event records in article coordinates with their final ids, so a Doc gives its
events as they are.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from geoevents.models import Article, Event
from geoevents.nlp.articles import ArticleText, article_sentences, ensure_article_tokenizer
from geoevents.settings import Settings


@dataclass
class CodedArticle:
    """One article with its events and the character spans of its sentences."""

    article: Article
    events: list[Event]
    sentences: list[tuple[int, int]]
    skipped_sentences: list[int] = field(default_factory=list)

    def as_store_item(self) -> tuple[Article, list[Event], list[tuple[int, int]]]:
        return self.article, self.events, self.sentences


def _doc_values(article: Article, prefilter: bool) -> dict[str, Any]:
    values: dict[str, Any] = {"geo_article_id": article.id, "geo_date": article.date}
    if prefilter:
        values["geo_prefilter"] = True  # the prefilter component acts only on docs flagged here
    return values


def _article_doc(nlp: Language, article: Article, prefilter: bool = False) -> Doc:
    doc = nlp.make_doc(article.text)
    for name, value in _doc_values(article, prefilter).items():
        doc._.set(name, value)
    return doc


def _pipeline_inputs(nlp: Language, articles: Iterable[Article], prefilter: bool) -> Iterator[str | Doc]:
    """What `nlp.pipe` gets per article: a text carrying its Doc's values, tokenized wherever spaCy runs the
    pipeline (see geoevents.nlp.articles), or - with a custom tokenizer - a Doc made here."""
    if ensure_article_tokenizer(nlp):
        return (ArticleText(article.text, _doc_values(article, prefilter)) for article in articles)
    return (_article_doc(nlp, article, prefilter) for article in articles)


def coded_from_doc(doc: Doc, article: Article) -> CodedArticle:
    """A processed Doc's events, the article's sentence spans (all of them, also those the prefilter skipped) and
    the skipped sentence indexes."""
    return CodedArticle(article, list(doc._.geo_records or []), article_sentences(doc), list(doc._.geo_skipped or []))


def prepare_pipeline(nlp: Language, settings: Settings) -> bool:
    """Make `nlp` code as the settings say (idempotent): the table components in place of spaCy's attribute ruler
    and lemmatizer (identical annotations, geoevents/nlp/tables.py), and the prefilter after the sentence splitter,
    with the event coder's actor files. The prefilter reduces only the docs flagged for it, so the same pipeline
    serves both paths (and plain `nlp(text)` calls) unchanged. Returns whether docs should be flagged for it."""
    from geoevents.nlp.prefilter import ensure_prefilter
    from geoevents.nlp.tables import use_table_components

    if settings.table_components:
        use_table_components(nlp)
    if not settings.prefilter:
        return False
    coder = nlp.get_pipe_config("geoevents") if "geoevents" in nlp.pipe_names else {}
    return ensure_prefilter(nlp, coder.get("actors_files", settings.actors_file))


def code_in_process(articles: Iterable[Article], settings: Settings, nlp: Language) -> Iterator[CodedArticle]:
    """Code a stream of articles in this process, in `settings.batch_size` batches, in input order."""
    prefilter = prepare_pipeline(nlp, settings)
    # nlp.pipe keeps the input order, so the articles wait here rather than travel as `as_tuples` contexts.
    waiting: deque[Article] = deque()

    def queued() -> Iterator[Article]:
        for article in articles:
            waiting.append(article)
            yield article

    inputs = _pipeline_inputs(nlp, queued(), prefilter)
    for doc in nlp.pipe(inputs, batch_size=settings.batch_size):
        yield coded_from_doc(doc, waiting.popleft())


__all__ = ["CodedArticle", "code_in_process", "coded_from_doc", "prepare_pipeline"]
