"""Coding in this process: articles through the spaCy pipeline (`nlp.pipe`) and back as `CodedArticle`s.

`geoevents.coding.code_articles` runs this path with one process; each worker of geoevents.pool runs it on its
batches. The Docs carry their article's values (id, date, prefilter flag) from the start (geoevents.nlp.articles);
the `geoevents` component writes Event records in article coordinates with their final ids, so a Doc gives its
events as they are. An article longer than the pipeline takes in one doc goes in as several pieces, one doc each,
joined back into one CodedArticle (geoevents.nlp.articles.article_pieces / join_pieces).
"""

from __future__ import annotations

import atexit
import gc
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from geoevents.models import Article, Event
from geoevents.nlp.articles import (
    ArticleText,
    article_pieces,
    article_sentences,
    ensure_article_tokenizer,
    join_pieces,
    piece_limit,
)
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


# A piece of an article: the article, and where the piece starts and ends in its text.
Piece = tuple[Article, int, int]
PieceResult = tuple[list[Event], list[tuple[int, int]], list[int]]


def _doc_values(article: Article, prefilter: bool, start: int = 0) -> dict[str, Any]:
    values: dict[str, Any] = {"geo_article_id": article.id, "geo_date": article.date}
    if prefilter:
        values["geo_prefilter"] = True  # the prefilter component acts only on docs flagged here
    if start:
        values["geo_text_start"] = start  # a later piece of a long article
    return values


def _piece_doc(nlp: Language, piece: Piece, prefilter: bool = False) -> Doc:
    article, start, end = piece
    doc = nlp.make_doc(article.text[start:end])
    for name, value in _doc_values(article, prefilter, start).items():
        doc._.set(name, value)
    return doc


def _piece_text(piece: Piece, prefilter: bool) -> ArticleText:
    article, start, end = piece
    text = article.text if (start, end) == (0, len(article.text)) else article.text[start:end]
    return ArticleText(text, _doc_values(article, prefilter, start))


def _pipeline_inputs(nlp: Language, pieces: Iterable[Piece], prefilter: bool) -> Iterator[str | Doc]:
    """What `nlp.pipe` gets per piece: a text carrying its Doc's values, tokenized wherever spaCy runs the
    pipeline (see geoevents.nlp.articles), or - with a custom tokenizer - a Doc made here."""
    if ensure_article_tokenizer(nlp):
        return (_piece_text(piece, prefilter) for piece in pieces)
    return (_piece_doc(nlp, piece, prefilter) for piece in pieces)


def _piece_result(doc: Doc) -> PieceResult:
    """A processed Doc's events, its sentence spans in the article (all of them, also those the prefilter
    skipped) and the skipped sentence indexes."""
    return list(doc._.geo_records or []), article_sentences(doc), list(doc._.geo_skipped or [])


def coded_from_doc(doc: Doc, article: Article) -> CodedArticle:
    """The CodedArticle of an article coded in one Doc."""
    return CodedArticle(article, *_piece_result(doc))


def prepare_pipeline(nlp: Language, settings: Settings) -> bool:
    """Make `nlp` code as the settings say (idempotent): the table components in place of spaCy's attribute ruler
    and lemmatizer (identical annotations, geoevents/nlp/tables.py), and the prefilter after the sentence splitter,
    with the event coder's actor files. The prefilter reduces only the docs flagged for it, so the same pipeline
    serves both paths (and plain `nlp(text)` calls) unchanged. Returns whether docs should be flagged for it."""
    from geoevents.nlp.prefilter import ensure_prefilter
    from geoevents.nlp.tables import use_table_components

    if settings.table_components:
        use_table_components(nlp)
    prefilter = False
    if settings.prefilter:
        coder = nlp.get_pipe_config("geoevents") if "geoevents" in nlp.pipe_names else {}
        prefilter = ensure_prefilter(nlp, coder.get("actors_files", settings.actors_file))
    freeze_loaded()
    return prefilter


def freeze_loaded() -> None:
    """Leave what is loaded by now - the model, the actor knowledge, the lexicons: half a million objects that live
    as long as the process - out of the cyclic garbage collector (`gc.freeze`), once per process. Its full passes
    would otherwise walk all of them again and again while coding (on Reuters 3 % of the coding time, 0.7 s per
    1,000 stories). Forked pool workers inherit the frozen objects (and share their memory pages longer)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        # Give them back at exit: objects still frozen at interpreter shutdown are never collected, and DuckDB's
        # nanobind bindings then print a "leaked instances" report on every command.
        atexit.register(gc.unfreeze)


def code_in_process(articles: Iterable[Article], settings: Settings, nlp: Language) -> Iterator[CodedArticle]:
    """Code a stream of articles in this process, in `settings.batch_size` batches, in input order."""
    prefilter = prepare_pipeline(nlp, settings)
    limit = piece_limit(nlp)
    # nlp.pipe keeps the input order, so the articles wait here (with their number of pieces) rather than travel
    # as `as_tuples` contexts.
    waiting: deque[tuple[Article, int]] = deque()

    def pieces() -> Iterator[Piece]:
        for article in articles:
            bounds = article_pieces(article.text, limit)
            waiting.append((article, len(bounds)))
            for start, end in bounds:
                yield article, start, end

    parts: list[PieceResult] = []
    for doc in nlp.pipe(_pipeline_inputs(nlp, pieces(), prefilter), batch_size=settings.batch_size):
        parts.append(_piece_result(doc))
        article, count = waiting[0]
        if len(parts) == count:
            waiting.popleft()
            yield CodedArticle(article, *join_pieces(parts))
            parts = []


__all__ = ["CodedArticle", "code_in_process", "coded_from_doc", "freeze_loaded", "prepare_pipeline"]
