"""From articles to coded events: the driver around the spaCy pipeline.

`code_articles` streams articles through `nlp.pipe` (batched, optionally in several processes) and yields one
`CodedArticle` per article. `code` is the library function behind `geoevents code`: read inputs, code them, and
write event JSONL or store them in DuckDB, skipping articles the store already holds unchanged.
"""

from __future__ import annotations

import datetime as dt
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
from geoevents.paths import output_file
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
    """Read `inputs`, code them, and write events to `out` (JSONL; "-" is stdout) or, without `out`, to the store.

    Before anything is read or the model loads, the paths are checked: a missing input (InputError), an output
    folder that does not exist (OutputError) or a store that cannot be opened (StoreError) fails at once, and
    nothing is created. The store is opened only to write each batch (and read-only to skip stored articles), so
    other processes may read and write it between batches; the store file and the output file are made only once
    there is something to write."""
    from geoevents.ingest import read_articles

    settings = settings or Settings.load()
    if settings.engine != "local":  # a cluster: geoevents.distributed (Ray) codes into Parquet at `out`
        from geoevents.distributed.engine import code_on_engine

        return code_on_engine(inputs, out, settings=settings, columns=columns, on_problem=on_problem)
    inputs = list(inputs)
    check_inputs(inputs)
    if out is not None:
        _check_output(out)
    else:
        _check_store(Path(settings.db), settings.wait)
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
        _code_to_store(articles, settings, report, nlp)
    report.seconds = time.perf_counter() - started
    return report


def check_inputs(inputs: Iterable[str | Path]) -> None:
    """Every input path exists (or is "-", stdin): a mistyped one fails the run before anything is coded."""
    for item in inputs:
        if str(item) != "-" and not Path(item).exists():
            raise InputError("no such file or folder; nothing was coded (check the path)", str(item))


def _is_stream(out: object) -> bool:
    return isinstance(out, io.IOBase) or hasattr(out, "write")


def _check_output(out: str | Path | IO[str]) -> None:
    if not _is_stream(out) and str(out) != "-":
        output_file(out, "event JSONL")  # type: ignore[arg-type]


def _check_store(path: Path, wait: float) -> None:
    """The store can be written: its folder exists, and an existing file is a store this process can open."""
    from geoevents.store import Store

    if path.exists() or path.is_dir() or not path.parent.is_dir():
        Store.open(path, wait=wait).close()  # raises the StoreError that says what is wrong


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
    stream: IO[str] | None = None
    close = False
    if _is_stream(out):
        stream = out  # type: ignore[assignment]
        report.destination = getattr(out, "name", "<stream>")
    elif str(out) == "-":
        stream = sys.stdout
        report.destination = "<stdout>"
    else:
        report.destination = str(out)
    try:
        progress = progress_bar(settings, sys.stderr)
        for coded in progress(code_articles(articles, settings, nlp)):
            if stream is None:  # the file is made with the first coded article: a failed run leaves none
                stream, close = open(out, "w", encoding="utf-8"), True  # type: ignore[arg-type]  # noqa: SIM115
            write_events_jsonl(coded.events, stream)
            _tally(report, coded)
        if stream is not None:
            stream.flush()
    finally:
        if close and stream is not None:
            stream.close()


class _StoreRun:
    """One `code` run into the store, opened batch by batch: the run is recorded with the first batch written (or
    at the end, when the store exists and nothing was new), with the time it started."""

    def __init__(self, settings: Settings) -> None:
        from geoevents import __version__

        self.settings = settings
        self.path = Path(settings.db)
        self.version = __version__
        self.started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.run_id: str | None = None

    def open(self, read_only: bool = False) -> Store:
        from geoevents.store import Store

        return Store.open(self.path, read_only=read_only, wait=self.settings.wait)

    def stored(self, articles: list[Article]) -> dict[str, str]:
        if not self.path.exists():
            return {}
        with self.open(read_only=True) as store:
            return store.stored_text_hashes(article.id for article in articles)

    def write(self, items: list[Any]) -> None:
        with self.open() as store:
            if self.run_id is None:
                self.run_id = store.start_run(self.version, self.settings.to_dict(), started=self.started)
            store.add_articles(items, run_id=self.run_id)

    def finish(self, counts: dict[str, Any]) -> None:
        if self.run_id is None and not self.path.exists():
            return
        with self.open() as store:
            if self.run_id is None:
                self.run_id = store.start_run(self.version, self.settings.to_dict(), started=self.started)
            store.finish_run(self.run_id, counts)


def _code_to_store(articles: Iterable[Article], settings: Settings, report: CodeReport, nlp: Language | None) -> None:
    report.destination = str(settings.db)
    run = _StoreRun(settings)

    def new_or_changed(items: Iterable[Article]) -> Iterator[Article]:
        for chunk in batches(items, max(1, settings.store_batch)):
            stored = run.stored(chunk)
            for article in chunk:
                if stored.get(article.id) == article.text_hash:
                    report.articles_unchanged += 1
                    continue
                yield article

    progress = progress_bar(settings, sys.stderr)
    coded_stream = progress(code_articles(new_or_changed(articles), settings, nlp))
    for batch in batches(coded_stream, max(1, settings.store_batch)):
        run.write([coded.as_store_item() for coded in batch])
        for coded in batch:
            _tally(report, coded)
    run.finish(report.to_dict())


def recode(settings: Settings | None = None, nlp: Language | None = None) -> CodeReport:
    """Re-code every stored article with the current lexicons and knowledge, without re-reading the sources.

    Articles whose events come out the same are left as they are; the others get their events replaced.
    """
    from geoevents import __version__
    from geoevents.store import Store

    settings = settings or Settings.load()
    report = CodeReport(destination=str(settings.db))
    started = time.perf_counter()
    # Holds the store for the whole run: it reads the stored articles while it writes their new events.
    with Store.open(settings.db, wait=settings.wait) as store:
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
    "check_inputs",
    "prepare_pipeline",
    "recode",
    "write_events_jsonl",
]
