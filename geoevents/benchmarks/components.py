"""Where the time goes: wall seconds per pipeline component, bare spaCy against geoevents, on the same articles.

    python -m geoevents.benchmarks.components CORPUS [--limit N] [--no-prefilter] [--no-table-components]

Each side runs in its own fresh process (as `geoevents bench` does), one component at a time over the whole corpus
in batches (`pipe` of each component over all docs, then the next component), so each component's time is its own.
The geoevents side runs what `code_articles` runs: the prefilter reduces each doc to the sentences that can hold an
event before tok2vec, and the attribute ruler and lemmatizer are the table components unless turned off.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable
from itertools import islice
from typing import Any

from geoevents.benchmarks.spec import WARM_UP
from geoevents.settings import Settings


def _texts(corpus: str, limit: int | None) -> list[str]:
    from geoevents.ingest import read_articles

    return [article.text for article in islice(read_articles([corpus]), limit)]


def _timed_components(nlp: Any, inputs: Iterable[Any], batch_size: int) -> dict[str, float]:
    """Tokenize everything, then run each component over all docs; seconds per step."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in inputs]
    seconds["tokenizer"] = time.perf_counter() - started
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=batch_size))
        else:
            docs = [component(doc) for doc in docs]
        seconds[name] = time.perf_counter() - started
    seconds["tokens parsed"] = float(sum(len(doc) for doc in docs))
    return seconds


def time_components(mode: str, corpus: str, limit: int | None, settings: Settings) -> dict[str, float]:
    """One side's seconds per component ("baseline": bare spaCy; "geoevents": the coding pipeline)."""
    from geoevents.nlp import load_pipeline, load_spacy

    texts = _texts(corpus, limit)
    if mode == "baseline":
        nlp = load_spacy(settings)
        nlp(WARM_UP)
        return _timed_components(nlp, texts, settings.batch_size)
    from geoevents.inprocess import prepare_pipeline
    from geoevents.nlp.articles import ArticleText, ensure_article_tokenizer

    nlp = load_pipeline(settings)
    prefilter = prepare_pipeline(nlp, settings)
    ensure_article_tokenizer(nlp)
    nlp(WARM_UP)
    values = {"geo_article_id": "", "geo_date": None, "geo_prefilter": prefilter or None}
    return _timed_components(nlp, [ArticleText(text, values) for text in texts], settings.batch_size)


def _child(mode: str, corpus: str, limit: int | None, settings: Settings, queue: Any) -> None:
    queue.put(time_components(mode, corpus, limit, settings))


def bench_components(corpus: str, limit: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Seconds per component for both sides, each measured in a freshly spawned process."""
    import multiprocessing

    settings = settings or Settings()
    context = multiprocessing.get_context("spawn")
    result: dict[str, Any] = {"corpus": corpus, "limit": limit, "prefilter": settings.prefilter,
                              "table_components": settings.table_components}
    for mode in ("baseline", "geoevents"):
        queue = context.Queue()
        process = context.Process(target=_child, args=(mode, corpus, limit, settings, queue))
        process.start()
        result[mode] = queue.get()
        process.join()
    return result


def format_components(result: dict[str, Any]) -> str:
    base, geo = result["baseline"], result["geoevents"]
    names = list(dict.fromkeys([*base, *geo]))
    lines = [f"{'component':<22} {'bare spaCy s':>12} {'geoevents s':>12}"]
    for name in names:
        if name == "tokens parsed":
            continue
        lines.append(f"{name:<22} {base.get(name, 0.0):>12.2f} {geo.get(name, 0.0):>12.2f}")
    total_base = sum(v for k, v in base.items() if k != "tokens parsed")
    total_geo = sum(v for k, v in geo.items() if k != "tokens parsed")
    lines.append(f"{'total':<22} {total_base:>12.2f} {total_geo:>12.2f}   ratio {total_base / total_geo:.2f}x")
    lines.append(f"tokens through the models: {base['tokens parsed']:.0f} bare, {geo['tokens parsed']:.0f} geoevents")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m geoevents.benchmarks.components", description=__doc__.split("\n")[0]
    )
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-prefilter", action="store_true")
    parser.add_argument("--no-table-components", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings.load(prefilter=not args.no_prefilter, table_components=not args.no_table_components)
    print(format_components(bench_components(args.corpus, args.limit, settings)))


if __name__ == "__main__":
    main()
