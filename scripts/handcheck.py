"""The project's repeatable hand-check of coded events (issue 13): draw a random sample, judge it, print figures.

    python scripts/handcheck.py sample --n 60 --seed 13 --out docs/handcheck/before.jsonl
    (judge every record by hand: fill its `judgment`, see docs/handcheck.md)
    python scripts/handcheck.py report docs/handcheck/before.jsonl [--json]
    python scripts/handcheck.py rate [--json]

`sample` codes the hand-check corpora with the library (`geoevents.code_articles`, default `Settings()`: what
`geoevents code` does without a config file or GEOEVENTS_ variables) and draws N events with a fixed seed: N // 2
from Wikinews (wikinews_2019.csv + wikinews_2020.csv, all 295 articles) and the rest from the first 300 Reuters
stories. Each corpus has its own random generator, `random.Random(f"{seed}:{corpus}")`, sampling without
replacement from that corpus's events in coding order, so the draw is the same on every machine and Python >= 3.2.

`report` prints the five judgments' figures (with 95 % Wilson intervals and per corpus; several files are pooled)
and the error table; `rate` prints events per 1,000 words (words are whitespace-separated tokens of the article
text) on each corpus. The judgment rules and the error types are in
docs/handcheck.md; ERROR_TYPES below is their machine-readable list.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REUTERS_LIMIT = 300
CONTEXT_SENTENCES = 2
DEFAULT_SEED = 13

# The judgments a judge records for each event, and the error types that may explain a "wrong". The first four
# make "all four right"; `date` is judged too but reported apart (the figures do not include it).
CORE_JUDGMENTS = ("category", "actor", "recipient", "factuality")
JUDGMENTS = (*CORE_JUDGMENTS, "date")

# error type -> (group, what it means); groups follow issue 13's grouping of the work.
ARGUMENTS, FACTUALITY, NON_EVENTS, DATES, CODES = (
    "arguments", "factuality", "word sense / non-events", "dates", "codes/sectors"
)
GROUPS = (ARGUMENTS, FACTUALITY, NON_EVENTS, DATES, CODES)
ERROR_TYPES: dict[str, tuple[str, str]] = {
    "actor-missing": (ARGUMENTS, "no actor, though the sentence (or a pronoun in it) names the one who acts"),
    "actor-wrong-entity": (ARGUMENTS, "the actor is someone else: victim, bystander, speaker, object, bad antecedent"),
    "actor-partial": (ARGUMENTS, "a co-actor is missing, or an entity that does not act is listed with the actor"),
    "recipient-missing": (ARGUMENTS, "no recipient, though the sentence names the one acted upon"),
    "recipient-wrong-entity": (ARGUMENTS, "the recipient is someone else: the actor again, a bystander, a speaker"),
    "recipient-place-thing": (ARGUMENTS, "a place or a thing as recipient, not the government or people it stands for"),
    "recipient-partial": (ARGUMENTS, "a co-recipient is missing, or a non-recipient is listed with the recipient"),
    "unrealised-asserted": (FACTUALITY, "a plan, demand, decision, 'would', purpose or possibility marked asserted"),
    "historical-missed": (FACTUALITY, "an event clearly before the article's time not marked historical"),
    "allegation-asserted": (FACTUALITY, "an allegation or someone's claim marked asserted with no reported_by"),
    "realised-not-asserted": (FACTUALITY, "an event that happened marked negated, hypothetical, future or conditional"),
    "factuality-other": (FACTUALITY, "another factuality error (negation scope, a condition, fiction, ...)"),
    "word-sense": (NON_EVENTS, "the trigger is used in a sense that is no event of its category"),
    "generic-statement": (NON_EVENTS, "a generic, habitual, normative or rhetorical statement: no specific event"),
    "not-political": (NON_EVENTS, "a real happening, but no political event (a firms' deal, private life, nature)"),
    "wrong-category": (NON_EVENTS, "a political event, but of another PLOVER category"),
    "date-other-clause": (DATES, "the date belongs to another clause or event of the sentence"),
    "date-wrong": (DATES, "another date error (a date in the event's own clause missed or misread)"),
    "code-wrong": (CODES, "the right entity with a wrong or missing country/organisation code"),
    "sector-wrong": (CODES, "the right entity with a wrong or missing sector"),
}


# ---------------------------------------------------------------------------------------------------------------
# Coding the corpora


class HandcheckError(ValueError):
    """A judged file this script cannot read; the message names the file and line."""


@dataclass
class CorpusCoding:
    """One corpus coded: its articles' word count and the sample candidates (one record per event)."""

    name: str
    articles: int
    words: int
    records: list[dict[str, Any]]


def corpus_inputs(shared: Path = SHARED) -> dict[str, tuple[list[Path], int | None]]:
    """The hand-check corpora: name -> (files, article limit)."""
    corpus = shared / "corpus"
    return {
        "wikinews": ([corpus / "wikinews_2019.csv", corpus / "wikinews_2020.csv"], None),
        "reuters300": ([corpus / "reuters21578.jsonl"], REUTERS_LIMIT),
    }


def code_corpus(name: str, files: list[Path], limit: int | None = None, nlp: Any = None) -> CorpusCoding:
    """Code the articles of `files` (the first `limit`) as `geoevents code` does and make one record per event."""
    import geoevents

    articles = geoevents.read_articles([str(path) for path in files])
    records: list[dict[str, Any]] = []
    count = words = 0
    for coded in geoevents.code_articles(islice(articles, limit), geoevents.Settings(), nlp=nlp):
        count += 1
        words += len(coded.article.text.split())
        records.extend(event_record(name, coded, event) for event in coded.events)
    return CorpusCoding(name, count, words, records)


def code_corpora(shared: Path = SHARED) -> list[CorpusCoding]:
    """Code every hand-check corpus with one pipeline, in the order of `corpus_inputs`."""
    import geoevents

    nlp = geoevents.load_pipeline(geoevents.Settings())
    return [code_corpus(name, files, limit, nlp) for name, (files, limit) in corpus_inputs(shared).items()]


def _entities(entities: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"text": e.text, "code": e.code, "sector": e.sector} for e in entities]


def empty_judgment() -> dict[str, Any]:
    return {name: {"right": None, "error": None, "note": ""} for name in JUDGMENTS} | {"note": ""}


def event_record(corpus: str, coded: Any, event: Any) -> dict[str, Any]:
    """What a judge needs to see of one event, with its judgment still empty."""
    article, spans = coded.article, coded.sentences
    before = spans[max(0, event.sentence_index - CONTEXT_SENTENCES) : event.sentence_index]
    return {
        "corpus": corpus,
        "event_id": event.id,
        "article_id": article.id,
        "article_date": article.date,
        "article_title": article.title,
        "sentence_index": event.sentence_index,
        "context": [" ".join(article.text[start:end].split()) for start, end in before],
        "sentence": event.sentence,
        "event_text": event.event_text,
        "event_offset": event.event_start - event.sentence_start,  # where the trigger is in `sentence`
        "event": event.event,
        "mode": event.mode,
        "actor": _entities(event.actor),
        "recipient": _entities(event.recipient),
        "factuality": event.factuality,
        "condition": event.condition,
        "reported_by": _entities([event.reported_by])[0] if event.reported_by else None,
        "date": event.date,
        "date_precision": event.date_precision,
        "confidence": event.confidence,
        "judgment": empty_judgment(),
    }


# ---------------------------------------------------------------------------------------------------------------
# Sampling


def draw(codings: list[CorpusCoding], n: int, seed: int) -> list[dict[str, Any]]:
    """N events shared evenly among the corpora (an odd one to the last): N // 2 from Wikinews, the rest from
    Reuters. Each corpus draws with its own generator, so one corpus's events do not move the other's draw."""
    base, extra = divmod(n, len(codings))
    shares = [base + (1 if i >= len(codings) - extra else 0) for i in range(len(codings))]
    sample: list[dict[str, Any]] = []
    for coding, k in zip(codings, shares, strict=True):
        rng = random.Random(f"{seed}:{coding.name}")
        chosen = rng.sample(coding.records, min(k, len(coding.records)))
        sample.extend(chosen)
    return [{"n": number, **record} for number, record in enumerate(sample, 1)]


def write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise HandcheckError(f"{path}:{number}: malformed JSON: {error.msg}") from None
    return records


# ---------------------------------------------------------------------------------------------------------------
# Figures


def _errors(verdict: dict[str, Any]) -> list[str]:
    error = verdict.get("error")
    if not error:
        return []
    return [error] if isinstance(error, str) else list(error)


def check_record(record: dict[str, Any], where: str) -> list[str]:
    """Problems that make a judged record unusable: an unjudged core judgment, an unknown error type."""
    problems = []
    judgment = record.get("judgment") or {}
    for name in JUDGMENTS:
        verdict = judgment.get(name) or {}
        if name in CORE_JUDGMENTS and verdict.get("right") not in (True, False):
            problems.append(f"{where}: {name} is not judged (right must be true or false)")
        for error in _errors(verdict):
            if error not in ERROR_TYPES:
                problems.append(f"{where}: unknown error type {error!r} in {name}")
        if verdict.get("right") is False and not _errors(verdict):
            problems.append(f"{where}: {name} is wrong but names no error type")
    return problems


def _judged(record: dict[str, Any]) -> bool:
    return any((record.get("judgment") or {}).get(name, {}).get("right") is not None for name in JUDGMENTS)


def is_useful(record: dict[str, Any]) -> bool:
    """Right category, and a right non-empty actor or a right non-empty recipient."""
    judgment = record["judgment"]
    actor = judgment["actor"]["right"] and bool(record["actor"])
    recipient = judgment["recipient"]["right"] and bool(record["recipient"])
    return bool(judgment["category"]["right"] and (actor or recipient))


def _right(record: dict[str, Any], name: str) -> bool:
    return (record["judgment"].get(name) or {}).get("right") is True


# figure -> (label, test of one record); the first six are the table
MEASURES: dict[str, tuple[str, Any]] = {
    "category": ("category", lambda r: _right(r, "category")),
    "actor": ("actor", lambda r: _right(r, "actor")),
    "recipient": ("recipient", lambda r: _right(r, "recipient")),
    "factuality": ("factuality", lambda r: _right(r, "factuality")),
    "useful": ("useful record (right category, and a right non-empty actor or recipient)", is_useful),
    "all_four": ("all four right", lambda r: all(_right(r, name) for name in CORE_JUDGMENTS)),
}


def wilson(count: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion, in percent: the sampling noise of a figure."""
    if total == 0:
        return 0.0, 0.0
    p = count / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * ((p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5) / (1 + z * z / total)
    return round(100 * (centre - half), 1), round(100 * (centre + half), 1)


def _percent(count: int, total: int) -> float:
    return round(100.0 * count / total, 1) if total else 0.0


def _scores(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    total = len(records)
    scores = {}
    for name, (_, test) in MEASURES.items():
        count = sum(1 for r in records if test(r))
        scores[name] = {"right": count, "percent": _percent(count, total), "interval": wilson(count, total)}
    return scores


def _error_order(item: tuple[str, int]) -> tuple[int, int, str]:
    name, count = item
    return GROUPS.index(ERROR_TYPES[name][0]), -count, name


def error_table(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors counted by type, and how many of them are on events whose category is right (what remains once
    non-events are filtered out)."""
    errors: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for record in records:
        for name in JUDGMENTS:
            found = _errors(record["judgment"].get(name) or {})
            errors.update(found)
            if _right(record, "category"):
                kept.update(found)
    return [
        {"group": ERROR_TYPES[name][0], "error": name, "count": count, "right_category": kept[name]}
        for name, count in sorted(errors.items(), key=_error_order)
    ]


def figures(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The hand-check's figures: percent right (one decimal) with 95 % intervals, overall and per corpus, the date
    judgment, how often actor or recipient are empty, and the error table."""
    total = len(records)
    corpora = sorted({r.get("corpus", "?") for r in records})
    dated = [r for r in records if (r["judgment"].get("date") or {}).get("right") in (True, False)]
    dated_right = sum(1 for r in dated if _right(r, "date"))
    return {
        "events": total,
        "by_corpus": {c: sum(1 for r in records if r.get("corpus", "?") == c) for c in corpora},
        **{name: score["percent"] for name, score in _scores(records).items()},
        "scores": _scores(records),
        "per_corpus": {c: _scores([r for r in records if r.get("corpus", "?") == c]) for c in corpora},
        "date": _percent(dated_right, len(dated)) if dated else None,
        "date_judged": len(dated),
        "empty_actor": _percent(sum(1 for r in records if not r["actor"]), total),
        "empty_both": _percent(sum(1 for r in records if not r["actor"] and not r["recipient"]), total),
        "errors": error_table(records),
    }


def format_report(result: dict[str, Any], source: str) -> str:
    corpora = list(result["by_corpus"])
    sizes = ", ".join(f"{corpus} {count}" for corpus, count in result["by_corpus"].items())
    lines = [f"hand-check {source}: {result['events']} events ({sizes})", ""]
    lines.append("| judgment | right | 95 % interval | " + " | ".join(corpora) + " |")
    lines.append("|---|---|---|" + "---|" * len(corpora))
    for name, (label, _) in MEASURES.items():
        low, high = result["scores"][name]["interval"]
        per = " | ".join(f"{result['per_corpus'][c][name]['percent']:.1f} %" for c in corpora)
        lines.append(f"| {label} | {result[name]:.1f} % | {low:.1f}-{high:.1f} | {per} |")
    if result["date"] is not None:
        lines.append(f"| date ({result['date_judged']} judged) | {result['date']:.1f} % |" + " |" * (len(corpora) + 1))
    lines += ["", f"no actor: {result['empty_actor']:.1f} %; neither actor nor recipient: {result['empty_both']:.1f} %"]
    lines += ["", "| group | error | count | on right-category events |", "|---|---|---|---|"]
    lines += [
        f"| {row['group']} | {row['error']} | {row['count']} | {row['right_category']} |" for row in result["errors"]
    ]
    return "\n".join(lines)


def rates(codings: list[CorpusCoding]) -> list[dict[str, Any]]:
    return [
        {
            "corpus": c.name,
            "articles": c.articles,
            "words": c.words,
            "events": len(c.records),
            "events_per_article": round(len(c.records) / c.articles, 2) if c.articles else 0.0,
            "events_per_1000_words": round(1000.0 * len(c.records) / c.words, 2) if c.words else 0.0,
        }
        for c in codings
    ]


# ---------------------------------------------------------------------------------------------------------------
# Command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="handcheck.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="code the corpora and draw N events to judge")
    sample.add_argument("--n", type=int, default=60, help="events to draw (half from each corpus; default 60)")
    sample.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    sample.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    sample.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    sample.add_argument("--force", action="store_true", help="overwrite an --out file that holds judgments")
    report = commands.add_parser("report", help="print the figures of a judged sample")
    report.add_argument("files", type=Path, nargs="+", metavar="FILE", help="judged JSONL (several are pooled)")
    report.add_argument("--json", action="store_true", help="print the figures as JSON")
    rate = commands.add_parser("rate", help="events per 1,000 words on each corpus")
    rate.add_argument("--shared", type=Path, default=SHARED)
    rate.add_argument("--json", action="store_true")
    return parser


def _report(paths: list[Path], as_json: bool) -> int:
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for path in paths:
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            return 2
        try:
            loaded = read_jsonl(path)
        except HandcheckError as error:
            print(error, file=sys.stderr)
            return 2
        problems += [p for number, r in enumerate(loaded, 1) for p in check_record(r, f"{path}:{number}")]
        records += loaded
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    result = figures(records)
    print(json.dumps(result, indent=2) if as_json else format_report(result, " + ".join(map(str, paths))))
    return 0


def _rate(shared: Path, as_json: bool) -> Iterator[str]:
    rows = rates(code_corpora(shared))
    if as_json:
        yield json.dumps(rows, indent=2)
        return
    yield "| corpus | articles | words | events | events/article | events per 1,000 words |"
    yield "|---|---|---|---|---|---|"
    for row in rows:
        yield (
            f"| {row['corpus']} | {row['articles']} | {row['words']} | {row['events']} | "
            f"{row['events_per_article']} | {row['events_per_1000_words']} |"
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "report":
        return _report(args.files, args.json)
    if args.command == "rate":
        print("\n".join(_rate(args.shared, args.json)))
        return 0
    if args.out.is_file() and not args.force and any(_judged(r) for r in read_jsonl(args.out)):
        print(f"{args.out} holds judgments; not overwritten (give --force to replace it)", file=sys.stderr)
        return 2
    codings = code_corpora(args.shared)
    sample = draw(codings, args.n, args.seed)
    write_jsonl(sample, args.out)
    sizes = ", ".join(f"{c.name}: {len(c.records)} events in {c.articles} articles" for c in codings)
    print(f"{args.out}: {len(sample)} events drawn with seed {args.seed} ({sizes})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
