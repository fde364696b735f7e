"""Evaluation against sentences coded with a CAMEO quad class (the `conflibert_dev.jsonl` format).

Each line: {id, text, quad, source?, target?}; `quad` is STATEMENT, VERBAL_COOPERATION, MATERIAL_COOPERATION,
VERBAL_CONFLICT or MATERIAL_CONFLICT; `source`/`target` list the words of the event's source and target actors
(tokenised: "the EU 's chief"). Each sentence is coded as its own article, as `geoevents code` codes. Metrics:
- accuracy: the CAMEO quad class of the sentence's most confident event (ties: the earliest) equals the gold
  class; a sentence without an event predicts STATEMENT. The gold classes are CAMEO's (the Phoenix/PETRARCH
  convention: STATEMENT = roots 01 statements and 02 appeals; 16 reduce relations is verbal conflict; 08 yield is
  material cooperation; 03 intents to yield or to give are verbal cooperation), and PLOVER's own quads differ
  from them where PLOVER regrouped CAMEO's roots, so the event is read back through the CAMEO to PLOVER table
  (`cameo_class`, below);
- plover_quad_accuracy: the same with the event's own PLOVER quad (`quad_code`), as scored before 2026-12-02;
- per_class (precision, recall, F1, support) and macro_f1 over the gold classes;
- statement_event_rate: of the STATEMENT sentences, the share where an event was coded;
- source_accuracy / target_accuracy: over the sentences with source (target) spans, the share where one of the
  chosen event's actor (recipient) mentions overlaps one of the spans in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geoevents.errors import InputError
from geoevents.eval.jsonl import read_rows
from geoevents.eval.splits import quad_key, select
from geoevents.models import Article, Entity, Event
from geoevents.settings import Settings
from geoevents.vocabulary import ANAPHORS, FIRST_PERSON_PRONOUNS

STATEMENT = "STATEMENT"
# CAMEO's quad names -> PLOVER quad codes (1 verbal cooperation .. 4 material conflict); STATEMENT has none.
QUAD_CODES: Mapping[str, int] = MappingProxyType(
    {"VERBAL_COOPERATION": 1, "MATERIAL_COOPERATION": 2, "VERBAL_CONFLICT": 3, "MATERIAL_CONFLICT": 4}
)
QUAD_NAMES: Mapping[int, str] = MappingProxyType({code: name for name, code in QUAD_CODES.items()})
CLASSES = (STATEMENT, *QUAD_CODES)
# Typographic apostrophes and quotes written plainly: the gold spans and the texts do not always agree.
_PLAIN = str.maketrans({"\u02bc": "'", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def read_quad_rows(path: str | Path) -> list[dict[str, Any]]:
    rows = read_rows(path, ("id", "text", "quad"))
    for number, row in enumerate(rows, start=1):
        if row["quad"] not in CLASSES:
            raise InputError(f"unknown quad class {row['quad']!r} (record {number}, id {row['id']})", str(path))
    return rows


def span_offsets(text: str, span: str) -> tuple[int, int] | None:
    """Where the tokenised `span` occurs in `text`: its words in order with any spacing between them, case and
    apostrophe style ignored. None when it does not occur."""
    words = span.translate(_PLAIN).split()
    if not words:
        return None
    pattern = r"\s*".join(re.escape(word) for word in words)
    found = re.search(pattern, text.translate(_PLAIN), flags=re.IGNORECASE)
    return (found.start(), found.end()) if found else None


def best_event(events: list[Event]) -> Event | None:
    """The most confident event; among equals the earliest in the text."""
    if not events:
        return None
    return min(events, key=lambda e: (-e.confidence, e.event_start, e.event_end))


def predicted_class(event: Event | None) -> str:
    """The event's own PLOVER quad as a class name (STATEMENT when there is none)."""
    if event is None or event.quad_code is None:
        return STATEMENT
    return QUAD_NAMES.get(event.quad_code, STATEMENT)


# The CAMEO quad of the CAMEO roots each PLOVER category comes from (../shared/reference/CAMEO2PLOVER-2021.txt)
# where it is not the PLOVER quad: CONCEDE is CAMEO's 08 "yield" (material cooperation), SANCTION its 16 "reduce
# relations" (verbal conflict in the CAMEO quads).
CAMEO_CLASS: Mapping[str, str] = MappingProxyType(
    {"CONCEDE": "MATERIAL_COOPERATION", "SANCTION": "VERBAL_CONFLICT"}
)
# PLOVER's REQUEST joins CAMEO's 02 "appeal" (STATEMENT in the CAMEO quads) and 10 "demand" (verbal conflict).
# The verbs of the DEMAND and INSIST blocks of the CAMEO verb dictionary (PETRARCH2 CAMEO.2.0.txt), and ORDER
# [100], demand; every other request verb (ask, urge, call for, appeal, plead, seek ...) appeals.
DEMAND_STEMS = ("demand", "insist", "order", "press", "push", "exhort", "entreat", "adjure", "clamo", "ultimat")
# A material event that is only promised or intended is CAMEO's 03 "express intent to ..." (verbal cooperation)
# when cooperative and its 13 "threaten" (verbal conflict) when hostile; PLOVER codes the category with its
# factuality instead.
UNREALISED = frozenset({"future", "conditional"})
# A cooperative act said not to happen ("will not release", "failed to reach a deal") is CAMEO's 12 "reject"
# (verbal conflict): CAMEO codes the refusal, PLOVER the category with its negation.
REFUSED = frozenset({"negated"})


# An alleged event is an allegation or a claim, and CAMEO codes that: a claim of one's own act is its 015 "claim
# responsibility" (STATEMENT), another's allegation its 11 "disapprove" / 112 "accuse" (verbal conflict).
ALLEGED = "alleged"
SELF_REFERENCES = ANAPHORS | FIRST_PERSON_PRONOUNS  # "they", "it", "we" ... stand for someone named before


def own_claim(event: Event) -> bool:
    """The speaker who reports the event is its actor ("the rebels claimed that they had attacked")."""
    speaker = event.reported_by
    if speaker is None:
        return False
    return any((actor.code and actor.code == speaker.code) or actor.text.lower() in SELF_REFERENCES
               or actor.text.lower() == speaker.text.lower() for actor in event.actor)


def cameo_class(event: Event | None) -> str:
    """The CAMEO quad class the event would have in CAMEO's coding (CAMEO_CLASS, DEMAND_STEMS, UNREALISED,
    REFUSED, ALLEGED)."""
    if event is None or event.quad_code is None:
        return STATEMENT
    if event.factuality == ALLEGED:
        return STATEMENT if own_claim(event) else "VERBAL_CONFLICT"
    if event.event == "REQUEST":
        words = event.event_text.lower().split()
        return "VERBAL_CONFLICT" if any(w.startswith(DEMAND_STEMS) for w in words) else STATEMENT
    name = CAMEO_CLASS.get(event.event, QUAD_NAMES.get(event.quad_code, STATEMENT))
    if event.factuality in REFUSED and name.endswith("_COOPERATION"):
        return "VERBAL_CONFLICT"
    if event.factuality in UNREALISED and name.startswith("MATERIAL_"):
        return "VERBAL_COOPERATION" if name == "MATERIAL_COOPERATION" else "VERBAL_CONFLICT"
    return name


def mentions_overlap(text: str, spans: list[str], mentions: list[Entity]) -> bool:
    for span in spans:
        where = span_offsets(text, str(span))
        if where is None:
            continue
        for mention in mentions:
            if mention.start is not None and mention.end is not None and mention.start < where[1] \
                    and where[0] < mention.end:
                return True
    return False


def code_rows(rows: list[dict[str, Any]], nlp: Any, settings: Settings) -> list[list[Event]]:
    """Each row's text coded as its own article (as `geoevents code` codes), in the rows' order."""
    from geoevents.coding import code_articles

    articles = [Article(id=str(row["id"]), text=str(row["text"]), date=row.get("date") or None) for row in rows]
    return [coded.events for coded in code_articles(articles, settings, nlp)]


def evaluate_quad(
    path: str | Path, nlp: Any = None, settings: Settings | None = None, part: str = "all", errors: bool = False
) -> dict[str, Any]:
    """Score geoevents' quad classes and actors on a quad-coded file (see the module doc). JSON-ready dict."""
    settings = settings or Settings()
    rows = select(read_quad_rows(path), quad_key, part)
    if nlp is None:
        from geoevents.nlp import load_pipeline

        nlp = load_pipeline(settings)
    confusion: dict[str, Counter[str]] = {name: Counter() for name in CLASSES}
    plover_right = 0
    statements_with_event = 0
    roles = {"source": [0, 0], "target": [0, 0]}  # [n, matched]
    misses = []
    for row, events in zip(rows, code_rows(rows, nlp, settings), strict=True):
        event = best_event(events)
        predicted = cameo_class(event)
        confusion[row["quad"]][predicted] += 1
        plover_right += predicted_class(event) == row["quad"]
        statements_with_event += row["quad"] == STATEMENT and event is not None
        for role, mentions in (("source", event.actor if event else []), ("target", event.recipient if event else [])):
            spans = row.get(role) or []
            if spans:
                roles[role][0] += 1
                roles[role][1] += mentions_overlap(row["text"], spans, mentions)
        if errors and predicted != row["quad"]:
            misses.append({"id": row["id"], "gold": row["quad"], "predicted": predicted,
                           "event": event.event if event else None, "factuality": event.factuality if event else None,
                           "event_text": event.event_text if event else None,
                           "text": row["text"]})
    result = _summary(confusion, roles, statements_with_event)
    result["plover_quad_accuracy"] = _rate(plover_right, result["n"])
    if errors:
        result["errors"] = misses
    return result


def _rate(ok: int, n: int) -> float:
    return round(ok / n, 4) if n else 0.0


def _summary(confusion: dict[str, Counter[str]], roles: dict[str, list[int]], statements_with_event: int
             ) -> dict[str, Any]:
    n = sum(sum(row.values()) for row in confusion.values())
    per_class = {}
    for name in CLASSES:
        tp = confusion[name][name]
        support = sum(confusion[name].values())
        predicted = sum(row[name] for row in confusion.values())
        precision, recall = _rate(tp, predicted), _rate(tp, support)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        per_class[name] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    scored = [c for c in CLASSES if per_class[c]["support"]]
    statements = confusion[STATEMENT]
    return {
        "n": n,
        "accuracy": _rate(sum(confusion[c][c] for c in CLASSES), n),
        "macro_f1": round(sum(per_class[c]["f1"] for c in scored) / len(scored), 4) if scored else 0.0,
        "per_class": per_class,
        "statement_event_rate": _rate(statements_with_event, sum(statements.values())),
        "source_accuracy": _rate(roles["source"][1], roles["source"][0]),
        "source_n": roles["source"][0],
        "target_accuracy": _rate(roles["target"][1], roles["target"][0]),
        "target_n": roles["target"][0],
        "confusion": {gold: {p: row[p] for p in CLASSES if row[p]} for gold, row in confusion.items()},
    }


def format_quad_report(result: dict[str, Any]) -> str:
    """The report `geoevents eval quad` prints."""
    lines = [
        f"Quad-class evaluation: {result['n']} sentences",
        f"  accuracy: {result['accuracy']:.3f}   macro F1: {result['macro_f1']:.3f}   "
        f"statements with an event: {result['statement_event_rate']:.3f}   "
        f"PLOVER-quad accuracy: {result['plover_quad_accuracy']:.3f}",
        f"  source accuracy: {result['source_accuracy']:.3f} (n={result['source_n']})   "
        f"target accuracy: {result['target_accuracy']:.3f} (n={result['target_n']})",
        "",
        f"  {'class':<22} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}",
    ]
    for name, row in result["per_class"].items():
        lines.append(f"  {name:<22} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['support']:8d}")
    for miss in result.get("errors") or []:
        lines.append(f"\n  {miss['id']}: gold {miss['gold']}, predicted {miss['predicted']} "
                     f"({miss['event']} {miss['event_text']!r})\n    {miss['text']}")
    return "\n".join(lines)


__all__ = ["cameo_class", "evaluate_quad", "format_quad_report", "span_offsets"]
