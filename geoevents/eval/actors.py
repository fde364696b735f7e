"""Evaluate actor resolution on a JSONL file of mentions with expected country and sector.

Each line: {id, text, context, date, country, sector, resolves, origin}. Metrics (docs/actors.md):
- country_accuracy: over lines with resolves=true; the predicted code must equal the expected one (an expected None
  needs no code). Codes compare in their PLOVER spelling (KOS for XKX, the legacy CAMEO spellings:
  geoevents.vocabulary.CODE_ALIASES); a UN body (UNO) counts as the intergovernmental organisation (IGO) it is.
- sector_accuracy: over lines with resolves=true whose expected sector is a real sector code (first 3 letters,
  upper case: 'CVLalb' -> CVL); '***', '????', None and unknown codes are skipped; a list accepts any member.
- both_accuracy: over the lines scored for sector, both country and sector right.
- false_resolution_rate: over lines with resolves=false, the share where an entity came back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geoevents.eval.jsonl import read_rows
from geoevents.vocabulary import INTERGOVERNMENTAL, PLOVER_SECTORS, SECTOR_ALIASES, UN_BODIES, plover_code

# A prediction of the key is right when the expected code is one of the values.
CODE_SUBSUMED = {UN_BODIES: {INTERGOVERNMENTAL}}


def _norm_code(code: str | None) -> str | None:
    if code is None:
        return None
    code = str(code).strip().upper()
    return plover_code(code) or None


def country_ok(predicted: str | None, expected: str | None) -> bool:
    p, e = _norm_code(predicted), _norm_code(expected)
    return p == e or (p is not None and e in CODE_SUBSUMED.get(p, set()))


def expected_sectors(raw: Any) -> set[str] | None:
    """The sectors that count as right, or None when the line is not scored for sector."""
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for value in values:
        if not isinstance(value, str) or len(value) < 3:
            continue
        code = value[:3].upper()
        code = SECTOR_ALIASES.get(code, code)
        if code in PLOVER_SECTORS:
            out.add(code)
    return out or None


def read_actor_lines(path: str | Path) -> list[dict[str, Any]]:
    """The actor expectations of a JSONL gold file (each object with at least 'text')."""
    return read_rows(path)


def _bucket() -> dict[str, int]:
    return {"n": 0, "country_n": 0, "country_ok": 0, "sector_n": 0, "sector_ok": 0, "both_ok": 0,
            "false_n": 0, "false_resolved": 0}


def _rate(ok: int, n: int) -> float | None:
    return round(ok / n, 4) if n else None


def _summary(b: dict[str, int]) -> dict[str, Any]:
    return {
        "n": b["n"],
        "country_accuracy": _rate(b["country_ok"], b["country_n"]),
        "sector_accuracy": _rate(b["sector_ok"], b["sector_n"]),
        "both_accuracy": _rate(b["both_ok"], b["sector_n"]),
        "false_resolution_rate": _rate(b["false_resolved"], b["false_n"]),
        "country_n": b["country_n"],
        "sector_n": b["sector_n"],
        "false_n": b["false_n"],
    }


def evaluate_actors(path: str | Path, resolver: Any = None, errors: bool = False, part: str = "all") -> dict[str, Any]:
    """Score `resolver` (default: the bundled ActorResolver) on the file; see the module doc for the metrics.
    `part` scores only the lines of that part of the split (geoevents.eval.splits)."""
    from geoevents.actors import ActorResolver
    from geoevents.eval.splits import actor_key, select

    resolver = resolver or ActorResolver.load()
    totals = _bucket()
    by_origin: dict[str, dict[str, int]] = {}
    misses = []
    for row in select(read_actor_lines(path), actor_key, part):
        entity = resolver.resolve(row["text"], context=row.get("context") or None, date=row.get("date") or None)
        code = entity.code if entity else None
        sector = entity.sector if entity else None
        buckets = (totals, by_origin.setdefault(str(row.get("origin") or "-"), _bucket()))
        miss = _score(row, entity is not None, code, sector, buckets)
        if errors and miss:
            misses.append({"id": row.get("id"), "text": row["text"], "miss": miss,
                           "expected": [row.get("country"), row.get("sector")], "got": [code, sector],
                           "reason": entity.reason if entity else None, "context": row.get("context") or ""})
    result = _summary(totals)
    result["by_origin"] = {origin: _summary(b) for origin, b in sorted(by_origin.items())}
    if errors:
        result["errors"] = misses
    return result


def _score(row: dict[str, Any], resolved: bool, code: str | None, sector: str | None,
           buckets: tuple[dict[str, int], ...]) -> str:
    """Add one line to the buckets; return what was wrong ('' when nothing)."""
    for b in buckets:
        b["n"] += 1
    if row.get("resolves", True) is False:
        for b in buckets:
            b["false_n"] += 1
            b["false_resolved"] += int(resolved)
        return "false resolution" if resolved else ""
    c_ok = country_ok(code, row.get("country"))
    wanted = expected_sectors(row.get("sector"))
    s_ok = wanted is not None and sector in wanted
    for b in buckets:
        b["country_n"] += 1
        b["country_ok"] += int(c_ok)
        if wanted is not None:
            b["sector_n"] += 1
            b["sector_ok"] += int(s_ok)
            b["both_ok"] += int(c_ok and s_ok)
    wrong = [w for w, bad in (("country", not c_ok), ("sector", wanted is not None and not s_ok)) if bad]
    return "+".join(wrong)


def format_actor_report(result: dict[str, Any]) -> str:
    """The report `geoevents eval actors` prints."""

    def pct(value: float | None) -> str:
        return "   -  " if value is None else f"{100 * value:5.1f}%"

    lines = [f"{'':14} {'n':>5} {'country':>8} {'sector':>8} {'both':>8} {'false res.':>10}"]
    rows = [("all", result)] + list(result.get("by_origin", {}).items())
    for label, r in rows:
        lines.append(f"{label:14} {r['n']:5d} {pct(r['country_accuracy']):>8} {pct(r['sector_accuracy']):>8} "
                     f"{pct(r['both_accuracy']):>8} {pct(r['false_resolution_rate']):>10}")
    for miss in result.get("errors", []):
        exp = "/".join(str(x) for x in miss["expected"])
        got = "/".join(str(x) for x in miss["got"])
        lines.append(f"  {miss['miss']:15} {miss['text'][:60]!r}: expected {exp}, got {got}")
    return "\n".join(lines)
