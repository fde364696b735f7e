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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from spacy.language import Language

from geoevents.batching import batches
from geoevents.errors import InputError, InputWarning
from geoevents.inprocess import CodedArticle, code_in_process, prepare_pipeline
from geoevents.models import Article, Event
from geoevents.reports import CodeReport, progress_bar
from geoevents.settings import Settings

if TYPE_CHECKING:
    from geoevents.store import Store


def code_articles(
    articles: Iterable[Article],
    settings: Settings | None = None,
    nlp: Language | None = None,
) -> Iterator[CodedArticle]:
    """Code a stream of articles. Memory stays flat: articles are read, parsed and yielded in batches."""
    from geoevents.nlp import load_pipeline

    settings = settings or Settings()
    nlp = nlp or load_pipeline(settings)
    if settings.processes > 1:
        from geoevents.pool import code_in_processes

        prepare_pipeline(nlp, settings)  # once, before the pipeline is copied to the workers
        yield from code_in_processes(articles, settings, nlp)
        return
    yield from code_in_process(articles, settings, nlp)


def code_text(text: str, date: str | None = None, nlp: Language | None = None, **article_fields: Any) -> list[Event]:
    """Code one text and return its events: the shortest way in from Python."""
    article_id = article_fields.pop("id", None) or Article.make_id(text)
    article = Article(id=article_id, text=text, date=date, **article_fields)
    return next(code_articles([article], nlp=nlp)).events


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
        (report.warnings if isinstance(error, InputWarning) else report.problems).append(str(error))
        if on_problem is not None:
            on_problem(error)

    def counted(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            report.articles_read += 1
            yield article

    if settings.actors_file:
        from geoevents.actors.knowledge import cached_knowledge

        for skipped in cached_knowledge(tuple(settings.actors_file)).problems:
            problem(skipped)  # malformed lines of users' actor dictionaries, skipped
    read = read_articles(inputs, columns=columns, on_problem=problem, stdin=stdin, date_order=settings.date_order)
    articles = counted(read)
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
        progress = progress_bar(settings, sys.stderr)
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
        for chunk in batches(items, max(1, settings.store_batch)):
            stored = store.stored_text_hashes(article.id for article in chunk)
            for article in chunk:
                if stored.get(article.id) == article.text_hash:
                    report.articles_unchanged += 1
                    continue
                yield article

    run_id = store.start_run(__version__, settings.to_dict())
    progress = progress_bar(settings, sys.stderr)
    coded_stream = progress(code_articles(new_or_changed(articles), settings, nlp))
    for batch in batches(coded_stream, max(1, settings.store_batch)):
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
        progress = progress_bar(settings, sys.stderr)
        coded_stream = progress(code_articles(store.recode_articles(), settings, nlp))
        for batch in batches(coded_stream, max(1, settings.store_batch)):
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
