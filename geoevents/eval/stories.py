"""Evaluation on stories written to report one PLOVER category (the `stories_dev.jsonl` format).

Each line: {id, title, text, date, event, mode, template}. The file is read and coded as `geoevents code` reads
and codes it (the same reader, `code_articles` with the same settings); only the stories of the chosen part of
the split are coded. Metrics, as shares of the stories:
- recall: the story has an event of its category (any factuality);
- top: its category is the most frequent coded category of the story (equal counts: the one coded first wins);
- mode: over the stories that name a mode, an event of their category with that mode was coded;
- empty: no event was coded at all.
`per_category` gives n, recall and top for each category.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geoevents.eval.jsonl import read_rows
from geoevents.eval.splits import select, story_key
from geoevents.models import Event
from geoevents.settings import Settings

# The stories' mode names as PLOVER spells them: two misspellings, and PLOVER's name for targeted assassinations.
MODE_ALIASES: Mapping[str, str] = MappingProxyType(
    {"primative": "primitive", "sieze": "seize", "assassinate": "targeted"}
)


def story_mode(raw: Any) -> str | None:
    if not raw:
        return None
    mode = str(raw).strip().lower()
    return MODE_ALIASES.get(mode, mode)


def top_category(events: list[Event]) -> str | None:
    """The most frequent category; equal counts go to the one coded first."""
    counts = Counter(event.event for event in events)
    if not counts:
        return None
    first: dict[str, int] = {}
    for event in sorted(events, key=lambda e: (e.sentence_index, e.event_start)):
        first.setdefault(event.event, len(first))
    return min(counts, key=lambda name: (-counts[name], first[name]))


def code_stories(path: str | Path, ids: set[str], nlp: Any, settings: Settings) -> dict[str, list[Event]]:
    """The events of the stories with these ids, read and coded as `geoevents code` reads and codes the file."""
    from geoevents.coding import code_articles
    from geoevents.ingest import read_articles

    articles = (article for article in read_articles([str(path)]) if article.id in ids)
    return {coded.article.id: coded.events for coded in code_articles(articles, settings, nlp)}


def evaluate_stories(
    path: str | Path, nlp: Any = None, settings: Settings | None = None, part: str = "all", errors: bool = False
) -> dict[str, Any]:
    """Score geoevents on stories written to report one category (see the module doc). JSON-ready dict."""
    settings = settings or Settings()
    rows = select(read_rows(path, ("id", "text", "event", "template")), story_key, part)
    if nlp is None:
        from geoevents.nlp import load_pipeline

        nlp = load_pipeline(settings)
    coded = code_stories(path, {str(row["id"]) for row in rows}, nlp, settings)
    totals = Counter[str]()
    by_category: dict[str, Counter[str]] = {}
    misses = []
    for row in rows:
        events = coded.get(str(row["id"]), [])
        wanted, mode = str(row["event"]), story_mode(row.get("mode"))
        found = {event.event for event in events}
        outcome = {
            "n": 1,
            "recall": wanted in found,
            "top": top_category(events) == wanted,
            "empty": not events,
            "mode_n": mode is not None,
            "mode": mode is not None and any(e.event == wanted and e.mode == mode for e in events),
        }
        for bucket in (totals, by_category.setdefault(wanted, Counter())):
            bucket.update({key: int(value) for key, value in outcome.items()})
        if errors and not outcome["top"]:
            misses.append({"id": row["id"], "event": wanted, "mode": mode, "title": row.get("title"),
                           "coded": dict(Counter(event.event for event in events).most_common())})
    result = _summary(totals)
    result["per_category"] = {name: _summary(bucket, brief=True) for name, bucket in sorted(by_category.items())}
    if errors:
        result["errors"] = misses
    return result


def _rate(ok: int, n: int) -> float:
    return round(ok / n, 4) if n else 0.0


def _summary(b: Counter[str], brief: bool = False) -> dict[str, Any]:
    if brief:
        return {"n": b["n"], "recall": _rate(b["recall"], b["n"]), "top": _rate(b["top"], b["n"]),
                "mode": _rate(b["mode"], b["mode_n"])}
    return {"n": b["n"], "recall": _rate(b["recall"], b["n"]), "top": _rate(b["top"], b["n"]),
            "mode": _rate(b["mode"], b["mode_n"]), "mode_n": b["mode_n"], "empty": _rate(b["empty"], b["n"])}


def format_stories_report(result: dict[str, Any]) -> str:
    """The report `geoevents eval stories` prints."""
    lines = [
        f"Stories evaluation: {result['n']} stories",
        f"  recall: {result['recall']:.3f}   top: {result['top']:.3f}   mode: {result['mode']:.3f} "
        f"(n={result['mode_n']})   empty: {result['empty']:.3f}",
        "",
        f"  {'category':<10} {'n':>5} {'recall':>7} {'top':>7} {'mode':>7}",
    ]
    for name, row in result["per_category"].items():
        lines.append(f"  {name:<10} {row['n']:5d} {row['recall']:7.3f} {row['top']:7.3f} {row['mode']:7.3f}")
    for miss in result.get("errors") or []:
        lines.append(f"  {miss['id']}: {miss['event']}/{miss['mode']} coded {miss['coded']}  {miss['title']!r}")
    return "\n".join(lines)


__all__ = ["evaluate_stories", "format_stories_report", "story_mode", "top_category"]
