"""Dev-set regression guards, run by `make eval` and never by `make test`.

The floors sit well under today's figures: they catch a change that breaks coding, they are not targets (the dev
gold is a mirror; tune on its "tune" half and report the untouched "test" half, see the brief). `make eval` prints
the full reports before these run.
"""

from __future__ import annotations

from pathlib import Path

from geoevents.eval.actors import evaluate_actors, format_actor_report
from geoevents.eval.plover import evaluate_plover

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def test_plover_dev_scores() -> None:
    result = evaluate_plover(EVAL / "plover_gsr_dev.json")
    assert result["n"] == 213
    assert result["micro_f1"] >= 0.75


def test_actor_dev_scores() -> None:
    result = evaluate_actors(EVAL / "actors_dev.jsonl", errors=True)
    assert result["n"] > 600 and set(result["by_origin"]) >= {"ngec-tests", "plover-gsr"}
    assert result["country_accuracy"] >= 0.90 and result["both_accuracy"] >= 0.80
    assert result["false_resolution_rate"] <= 0.10
    assert len(result["errors"]) < result["n"] * 0.2
    assert format_actor_report(result).splitlines()[1].split()[:2] == ["all", str(result["n"])]
