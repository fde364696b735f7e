"""Evaluation against PLOVER gold-standard records (the `PLOVER_GSR` JSON format).

Each record's `text` is coded as its own article (date = the record's `date`). The gold codes one event per
record, so it is compared with our *primary* event (`geoevents.extraction.primary_event`: the event that happened,
highest in the dependency tree). Old (0.5b1) category names are mapped with the ontology's crosswalk.

Actor/recipient accuracy is measured on matched events (category correct) whose gold record names actors:
`actor_accuracy` (the headline) counts a match when the predicted and gold country-code sets overlap;
`actor_accuracy_strict` requires the sets to be equal. The same for recipients.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geoevents.errors import InputError
from geoevents.eval.jsonl import read_gold_text
from geoevents.ontology import load_ontology
from geoevents.settings import Settings
from geoevents.vocabulary import CODE_ALIASES as VOCABULARY_ALIASES
from geoevents.vocabulary import INTERGOVERNMENTAL, UN_BODIES

# Codes compare in their PLOVER spelling (geoevents.vocabulary.CODE_ALIASES: legacy CAMEO codes, Kosovo). PLOVER
# 0.5b1 (the gold-standard records) codes every intergovernmental body, UN ones included, as IGO; PLOVER 2.0 gives
# UN bodies their own code UNO. Both sides are mapped to IGO before comparing.
CODE_ALIASES: Mapping[str, str] = MappingProxyType({**VOCABULARY_ALIASES, UN_BODIES: INTERGOVERNMENTAL})
NONE = "NONE"


def _codes(value: Any) -> set[str] | None:
    """The 3-letter codes of a gold `source`/`target` (a list of {actorText, code, sector}); None when absent."""
    if not isinstance(value, list):
        return None
    codes = set()
    for item in value:
        code = item.get("code") if isinstance(item, dict) else None
        if code:
            code = str(code).strip().upper()[:3]
            codes.add(CODE_ALIASES.get(code, code))
    return codes or None


def _pred_codes(entities: list[dict[str, Any]] | None) -> set[str]:
    out = set()
    for ent in entities or []:
        code = (ent.get("code") or "").upper()[:3]
        if code:
            out.add(CODE_ALIASES.get(code, code))
    return out


def load_records(path: str | Path) -> list[dict[str, Any]]:
    file = Path(path)
    text = read_gold_text(file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", str(file), exc.lineno) from exc
    if not isinstance(data, list):
        raise InputError("expected a JSON array of gold-standard records", str(file))
    records = []
    for i, rec in enumerate(data):
        if not isinstance(rec, dict) or rec.get("event") == "DOCUMENT":
            continue  # the header documents the file
        if not rec.get("text") or not rec.get("event"):
            raise InputError(f"record {i} ({rec.get('id', '?')}) has no text or event", str(file))
        records.append(rec)
    return records


def _predict(records: list[dict[str, Any]], nlp: Any, settings: Settings
             ) -> list[tuple[dict[str, Any] | None, list[dict[str, Any]]]]:
    """Each record's events and primary event, coded as `geoevents code` codes (prefilter and table components as
    `settings` say), so that the scores show what the settings change."""
    from geoevents.extraction import primary_event
    from geoevents.inprocess import prepare_pipeline
    from geoevents.nlp.articles import OffsetMap

    prefilter = prepare_pipeline(nlp, settings)
    docs = []
    for rec in records:
        doc = nlp.make_doc(str(rec["text"]).strip("{} "))
        doc._.geo_article_id = str(rec.get("id", ""))
        doc._.geo_date = rec.get("date") or None
        doc._.geo_prefilter = prefilter or None
        docs.append(doc)
    out = []
    for doc in nlp.pipe(docs):
        events = doc._.geo_events or []
        out.append((primary_event(doc[:], events, OffsetMap.of(doc)), events))
    return out


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate_plover(
    path: str | Path, nlp: Any = None, errors: bool = False, settings: Settings | None = None, part: str = "all"
) -> dict[str, Any]:
    """Score geoevents against a PLOVER gold-standard file. Returns a JSON-ready dict.

    `nlp` is a loaded geoevents pipeline; without it one is loaded with `settings` (model, actors files).
    `part` scores only the records of that part of the split (geoevents.eval.splits)."""
    from geoevents.eval.splits import plover_key, select

    records = select(load_records(path), plover_key, part)
    settings = settings or Settings()
    if nlp is None:
        from geoevents.nlp import load_pipeline

        nlp = load_pipeline(settings)
    ontology = load_ontology()
    predictions = _predict(records, nlp, settings)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    roles = {"actor": [0, 0, 0], "recipient": [0, 0, 0]}  # [n, overlap, exact]
    any_hits = factual = 0
    misses: list[dict[str, Any]] = []
    for rec, (primary, events) in zip(records, predictions, strict=True):
        gold, _mode = ontology.translate(str(rec["event"]))
        pred = primary["event"] if primary else NONE
        confusion[gold][pred] += 1
        any_hits += any(e["event"] == gold for e in events)
        if pred == gold:
            tp[gold] += 1
            factual += primary is not None and primary["factuality"] in ("asserted", "historical")
            role_ok = {}
            for role, key in (("actor", "source"), ("recipient", "target")):
                gold_codes = _codes(rec.get(key))
                if gold_codes is None:
                    continue
                predicted = _pred_codes(primary.get(role) if primary else [])
                roles[role][0] += 1
                roles[role][1] += bool(predicted & gold_codes)
                roles[role][2] += predicted == gold_codes
                role_ok[role] = (bool(predicted & gold_codes), sorted(gold_codes), sorted(predicted))
            if errors and any(not ok for ok, _, _ in role_ok.values()):
                misses.append(_miss(rec, gold, primary, "role", role_ok))
        else:
            fn[gold] += 1
            if pred != NONE:
                fp[pred] += 1
            if errors:
                misses.append(_miss(rec, gold, primary, "category", {}))
    return _summary(records, tp, fp, fn, confusion, roles, any_hits, factual, misses if errors else None)


def _miss(rec: dict[str, Any], gold: str, primary: dict[str, Any] | None, kind: str,
          roles: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rec.get("id"),
        "kind": kind,
        "text": rec.get("text"),
        "gold": gold,
        "gold_text": rec.get("eventText"),
        "predicted": primary["event"] if primary else NONE,
        "predicted_text": primary["event_text"] if primary else None,
        "gold_actor": sorted(_codes(rec.get("source")) or []),
        "predicted_actor": sorted(_pred_codes(primary["actor"])) if primary else [],
        "gold_recipient": sorted(_codes(rec.get("target")) or []),
        "predicted_recipient": sorted(_pred_codes(primary["recipient"])) if primary else [],
    }


def _summary(records: list[dict[str, Any]], tp: Counter[str], fp: Counter[str], fn: Counter[str],
             confusion: dict[str, Counter[str]], roles: dict[str, list[int]], any_hits: int, factual: int,
             misses: list[dict[str, Any]] | None) -> dict[str, Any]:
    cats = sorted(set(tp) | set(fp) | set(fn))
    per_category = {}
    for cat in cats:
        p, r, f = _f1(tp[cat], fp[cat], fn[cat])
        per_category[cat] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                             "support": tp[cat] + fn[cat], "tp": tp[cat], "fp": fp[cat], "fn": fn[cat]}
    mp, mr, mf = _f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    gold_cats = [c for c in cats if per_category[c]["support"]]
    macro = sum(per_category[c]["f1"] for c in gold_cats) / len(gold_cats) if gold_cats else 0.0

    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    result: dict[str, Any] = {
        "n": len(records),
        "matched": sum(tp.values()),
        "micro_precision": round(mp, 4),
        "micro_recall": round(mr, 4),
        "micro_f1": round(mf, 4),
        "macro_f1": round(macro, 4),
        "any_event_recall": ratio(any_hits, len(records)),
        "matched_asserted": ratio(factual, sum(tp.values())),
        "actor_accuracy": ratio(roles["actor"][1], roles["actor"][0]),
        "actor_accuracy_strict": ratio(roles["actor"][2], roles["actor"][0]),
        "actor_n": roles["actor"][0],
        "recipient_accuracy": ratio(roles["recipient"][1], roles["recipient"][0]),
        "recipient_accuracy_strict": ratio(roles["recipient"][2], roles["recipient"][0]),
        "recipient_n": roles["recipient"][0],
        "per_category": per_category,
        "confusion": {g: dict(sorted(c.items())) for g, c in sorted(confusion.items())},
    }
    if misses is not None:
        result["errors"] = misses
    return result


def format_plover_report(result: dict[str, Any]) -> str:
    """A plain-text report for the CLI."""
    lines = [
        f"PLOVER gold-standard evaluation: {result['n']} records, {result['matched']} matched",
        f"  category micro P/R/F1: {result['micro_precision']:.3f} / {result['micro_recall']:.3f} / "
        f"{result['micro_f1']:.3f}   macro F1: {result['macro_f1']:.3f}   any-event recall: "
        f"{result['any_event_recall']:.3f}",
        f"  actor accuracy (overlap): {result['actor_accuracy']:.3f}  exact: {result['actor_accuracy_strict']:.3f}"
        f"  (n={result['actor_n']})",
        f"  recipient accuracy (overlap): {result['recipient_accuracy']:.3f}  exact: "
        f"{result['recipient_accuracy_strict']:.3f}  (n={result['recipient_n']})",
        "",
        f"  {'category':<10} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}",
    ]
    for cat, row in result["per_category"].items():
        lines.append(f"  {cat:<10} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['support']:8d}")
    preds = sorted({p for row in result["confusion"].values() for p in row})
    header = " ".join(f"{p[:5]:>5}" for p in preds)
    lines += ["", "  confusion (rows gold, columns predicted):", "  " + " " * 10 + header]
    for gold, row in result["confusion"].items():
        cells = " ".join(f"{row.get(p, 0):5d}" for p in preds)
        lines.append(f"  {gold:<10}{cells}")
    for miss in result.get("errors") or []:
        lines.append(
            f"\n  [{miss['kind']}] {miss['id']}: gold {miss['gold']} ({miss['gold_text']}) {miss['gold_actor']}->"
            f"{miss['gold_recipient']}; predicted {miss['predicted']} ({miss['predicted_text']}) "
            f"{miss['predicted_actor']}->{miss['predicted_recipient']}\n    {miss['text']}"
        )
    return "\n".join(lines)
