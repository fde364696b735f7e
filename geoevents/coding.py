"""From articles to coded events: the driver around the spaCy pipeline.

`code_articles` streams articles through `nlp.pipe` (batched, optionally in several processes) and yields one
`CodedArticle` per article. `code` is the library function behind `geoevents code`: read inputs, code them, and
write event JSONL or store them in DuckDB, skipping articles the store already holds unchanged.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from geoevents.errors import InputError
from geoevents.models import Article, Event
from geoevents.settings import Settings

if TYPE_CHECKING:
    from geoevents.store import Store



@dataclass
class CodedArticle:
    """One article with its events and the character spans of its sentences."""

    article: Article
    events: list[Event]
    sentences: list[tuple[int, int]]
    skipped_sentences: list[int] = field(default_factory=list)

    def as_store_item(self) -> tuple[Article, list[Event], list[tuple[int, int]]]:
        return self.article, self.events, self.sentences


@dataclass
class CodeReport:
    """What a `code` run did; the CLI prints it and decides the exit status from it."""

    articles_read: int = 0
    articles_coded: int = 0
    articles_unchanged: int = 0
    sentences: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    destination: str = ""

    @property
    def nothing_read(self) -> bool:
        return self.articles_read == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles_read": self.articles_read,
            "articles_coded": self.articles_coded,
            "articles_unchanged": self.articles_unchanged,
            "sentences": self.sentences,
            "events": self.events,
            "problems": list(self.problems),
            "seconds": round(self.seconds, 3),
            "destination": self.destination,
        }


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
    from geoevents.nlp.articles import ArticleText, ensure_article_tokenizer

    if ensure_article_tokenizer(nlp):
        return (ArticleText(article.text, _doc_values(article, prefilter)) for article in articles)
    return (_article_doc(nlp, article, prefilter) for article in articles)


def coded_from_doc(doc: Doc, article: Article) -> CodedArticle:
    """Turn a processed Doc back into records; the Doc's extensions hold plain dicts (they cross processes).

    A doc the prefilter reduced to its event-capable sentences carries `geo_sentence_map`: events get their
    article offsets and sentence indexes back, and the sentence spans are the article's, not the reduced doc's."""
    from geoevents.nlp.prefilter import article_sentences, remap_events

    mapping = doc._.geo_sentence_map
    raw = doc._.geo_events or []
    events = [Event.from_dict(data) for data in remap_events(raw, mapping)]
    renamed: dict[str, str] = {}
    for data, event in zip(raw, events, strict=True):
        event.article_id = article.id
        event.id = event.make_id()
        if data.get("id"):
            renamed[data["id"]] = event.id
    for event in events:  # a condition names another event by id: follow the ids' change
        if event.condition_event_id:
            event.condition_event_id = renamed.get(event.condition_event_id, event.condition_event_id)
    if mapping:
        sentences = article_sentences(mapping)
    elif doc.has_annotation("SENT_START"):
        sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    else:
        sentences = []
    return CodedArticle(article, events, sentences, list(doc._.geo_skipped or []))


def prepare_pipeline(nlp: Language, settings: Settings) -> bool:
    """Make `nlp` code as the settings say (idempotent): the table components in place of spaCy's attribute ruler
    and lemmatizer (identical annotations, geoevents/nlp/tables.py), and the prefilter after the sentence splitter.
    The prefilter reduces only the docs flagged for it, so the same pipeline serves both paths (and plain
    `nlp(text)` calls) unchanged. Returns whether docs should be flagged for the prefilter."""
    from geoevents.nlp.prefilter import ensure_prefilter
    from geoevents.nlp.tables import use_table_components

    if settings.table_components:
        use_table_components(nlp)
    return bool(settings.prefilter) and ensure_prefilter(nlp)


def code_articles(
    articles: Iterable[Article],
    settings: Settings | None = None,
    nlp: Language | None = None,
) -> Iterator[CodedArticle]:
    """Code a stream of articles. Memory stays flat: articles are read, parsed and yielded in batches."""
    from geoevents.nlp import load_pipeline

    settings = settings or Settings()
    nlp = nlp or load_pipeline(settings)
    prefilter = prepare_pipeline(nlp, settings)
    if settings.processes > 1:
        from geoevents.pool import code_in_processes

        yield from code_in_processes(articles, settings, nlp)
        return
    # nlp.pipe keeps the input order, so the articles wait here rather than travel as `as_tuples` contexts.
    waiting: deque[Article] = deque()

    def queued() -> Iterator[Article]:
        for article in articles:
            waiting.append(article)
            yield article

    inputs = _pipeline_inputs(nlp, queued(), prefilter)
    for doc in nlp.pipe(inputs, batch_size=settings.batch_size):
        yield coded_from_doc(doc, waiting.popleft())


def code_text(text: str, date: str | None = None, nlp: Language | None = None, **article_fields: Any) -> list[Event]:
    """Code one text and return its events: the shortest way in from Python."""
    article_id = article_fields.pop("id", None) or Article.make_id(text)
    article = Article(id=article_id, text=text, date=date, **article_fields)
    return next(code_articles([article], nlp=nlp)).events


def _progress(settings: Settings, stream: IO[str]) -> Callable[[Iterable[Any]], Iterable[Any]]:
    show = settings.progress if settings.progress is not None else stream.isatty()
    if not show:
        return lambda items: items
    from tqdm import tqdm

    return lambda items: tqdm(items, unit=" articles", file=stream, mininterval=0.5)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def code(
    inputs: Iterable[str | Path],
    *,
    out: str | Path | IO[str] | None = None,
    settings: Settings | None = None,
    columns: dict[str, str] | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: IO[str] | None = None,
    nlp: Language | None = None,
) -> CodeReport:
    """Read `inputs`, code them, and write events to `out` (JSONL; "-" is stdout) or, without `out`, to the store."""
    from geoevents.ingest import read_articles

    settings = settings or Settings.load()
    if settings.engine != "local":  # a cluster: geoevents.distributed (Ray) codes into Parquet at `out`
        from geoevents.distributed.engine import code_on_engine

        return code_on_engine(inputs, out, settings=settings, columns=columns, on_problem=on_problem)
    report = CodeReport()
    started = time.perf_counter()

    def problem(error: InputError) -> None:
        report.problems.append(str(error))
        if on_problem is not None:
            on_problem(error)

    def counted(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            report.articles_read += 1
            yield article

    articles = counted(read_articles(inputs, columns=columns, on_problem=problem, stdin=stdin))
    if out is not None:
        _code_to_jsonl(articles, out, settings, report, nlp)
    else:
        from geoevents.store import Store

        with Store.open(settings.db) as store:
            _code_to_store(articles, store, settings, report, nlp)
    report.seconds = time.perf_counter() - started
    return report


def _tally(report: CodeReport, coded: CodedArticle) -> None:
    report.articles_coded += 1
    report.sentences += len(coded.sentences)
    report.events += len(coded.events)


def write_events_jsonl(events: Iterable[Event], stream: IO[str]) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=False) + "\n")
        count += 1
    return count


def _code_to_jsonl(
    articles: Iterable[Article], out: str | Path | IO[str], settings: Settings, report: CodeReport, nlp: Language | None
) -> None:
    if isinstance(out, io.IOBase) or hasattr(out, "write"):
        stream, close = out, False
        report.destination = getattr(out, "name", "<stream>")
    elif str(out) == "-":
        stream, close = sys.stdout, False
        report.destination = "<stdout>"
    else:
        stream, close = open(out, "w", encoding="utf-8"), True  # noqa: SIM115 (closed below)
        report.destination = str(out)
    try:
        progress = _progress(settings, sys.stderr)
        for coded in progress(code_articles(articles, settings, nlp)):
            write_events_jsonl(coded.events, stream)  # type: ignore[arg-type]
            _tally(report, coded)
        stream.flush()  # type: ignore[union-attr]
    finally:
        if close:
            stream.close()  # type: ignore[union-attr]


def _code_to_store(
    articles: Iterable[Article], store: Store, settings: Settings, report: CodeReport, nlp: Language | None
) -> None:
    from geoevents import __version__

    report.destination = str(settings.db)

    def new_or_changed(items: Iterable[Article]) -> Iterator[Article]:
        for chunk in _batches(items, max(1, settings.store_batch)):
            stored = store.stored_text_hashes(article.id for article in chunk)
            for article in chunk:
                if stored.get(article.id) == article.text_hash:
                    report.articles_unchanged += 1
                    continue
                yield article

    run_id = store.start_run(__version__, settings.to_dict())
    progress = _progress(settings, sys.stderr)
    coded_stream = progress(code_articles(new_or_changed(articles), settings, nlp))
    for batch in _batches(coded_stream, max(1, settings.store_batch)):
        store.add_articles([coded.as_store_item() for coded in batch], run_id=run_id)
        for coded in batch:
            _tally(report, coded)
    store.finish_run(run_id, report.to_dict())


def recode(settings: Settings | None = None, nlp: Language | None = None) -> CodeReport:
    """Re-code every stored article with the current lexicons and knowledge, without re-reading the sources.

    Articles whose events come out the same are left as they are; the others get their events replaced.
    """
    from geoevents import __version__
    from geoevents.store import Store

    settings = settings or Settings.load()
    report = CodeReport(destination=str(settings.db))
    started = time.perf_counter()
    with Store.open(settings.db) as store:
        run_id = store.start_run(__version__, {**settings.to_dict(), "command": "recode"})
        progress = _progress(settings, sys.stderr)
        coded_stream = progress(code_articles(store.recode_articles(), settings, nlp))
        for batch in _batches(coded_stream, max(1, settings.store_batch)):
            result = store.add_articles([coded.as_store_item() for coded in batch], run_id=run_id)
            report.articles_read += len(batch)
            report.articles_unchanged += result.unchanged
            for coded in batch:
                _tally(report, coded)
        report.articles_coded -= report.articles_unchanged
        store.finish_run(run_id, report.to_dict())
    report.seconds = time.perf_counter() - started
    return report


__all__ = [
    "CodeReport",
    "CodedArticle",
    "code",
    "code_articles",
    "code_text",
    "prepare_pipeline",
    "recode",
    "write_events_jsonl",
]
