"""The PLOVER gold-standard evaluation: file handling, crosswalk, metrics, report (dev-set scores: `make eval`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoevents.errors import InputError
from geoevents.eval.plover import evaluate_plover, format_plover_report, load_records

HEADER = {"id": "X-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "header"}


def record(rid: str, event: str, text: str, source: list[str], target: list[str] | str) -> dict:
    return {
        "id": rid,
        "date": "2010-05-01",
        "event": event,
        "text": text,
        "source": [{"actorText": c, "code": c} for c in source],
        "target": [{"actorText": c, "code": c} for c in target] if isinstance(target, list) else target,
    }


RECORDS = [
    record("R1", "FIGHT", "Israeli jets bombed Lebanon on Monday.", ["ISR"], ["LBN"]),
    record("R2", "DEMAND", "Chile demanded that Peru withdraw its troops.", ["CHL"], ["PER"]),
    record("R3", "DISAPPROVE", "France condemned Iran on Tuesday.", ["FRA"], ["IRN"]),
    record("R4", "CONSULT", "Ghana and Togo held talks in Accra.", ["GHA", "TGO"], ""),
    record("R5", "AID", "The weather was pleasant in Lisbon.", ["PRT"], ["ESP"]),
]


@pytest.fixture(scope="module")
def nlp():
    from geoevents.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps([HEADER, *RECORDS]), encoding="utf-8")
    return path


def test_load_records_skips_the_header(gold: Path):
    assert [r["id"] for r in load_records(gold)] == ["R1", "R2", "R3", "R4", "R5"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("[{", "invalid JSON"), ('{"a": 1}', "JSON array"), ('[{"id": "x", "event": "AGREE"}]', "no text")],
)
def test_bad_gold_files(tmp_path: Path, content: str, message: str):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_records(path)


def test_missing_gold_file(tmp_path: Path):
    with pytest.raises(InputError, match="not found"):
        load_records(tmp_path / "none.json")


def test_evaluate_small_gold(nlp, gold: Path):
    result = evaluate_plover(gold, nlp=nlp, errors=True)
    assert result["n"] == 5
    # crosswalk: FIGHT -> ASSAULT, DEMAND -> REQUEST, DISAPPROVE -> ACCUSE
    assert {"ASSAULT", "REQUEST", "ACCUSE", "CONSULT", "AID"} <= set(result["confusion"])
    assert "FIGHT" not in result["confusion"] and "DEMAND" not in result["confusion"]
    assert result["per_category"]["ASSAULT"]["tp"] == 1
    assert result["per_category"]["ACCUSE"]["tp"] == 1
    assert result["confusion"]["AID"] == {"NONE": 1}  # no event in a sentence about the weather: a miss
    assert result["per_category"]["AID"]["recall"] == 0.0
    # Micro figures pool the per-category counts; macro F1 averages the categories the gold holds.
    counts = result["per_category"].values()
    tp, fp, fn = (sum(c[k] for c in counts) for k in ("tp", "fp", "fn"))
    assert result["matched"] == tp and tp + fn == result["n"] == 5
    assert result["micro_f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn), abs=1e-4)
    gold_f1 = [c["f1"] for c in counts if c["support"]]
    assert len(gold_f1) == 5 and result["macro_f1"] == pytest.approx(sum(gold_f1) / 5, abs=1e-4)
    assert result["actor_accuracy"] >= result["actor_accuracy_strict"]
    assert any(e["id"] == "R5" and e["kind"] == "category" for e in result["errors"])
    # R4 has no gold target: it does not count for recipient accuracy
    assert result["recipient_n"] <= result["matched"] - 1
    report = format_plover_report(result)
    assert "micro" in report and "ASSAULT" in report and "R5" in report


def test_evaluate_without_errors_has_no_error_list(nlp, gold: Path):
    assert "errors" not in evaluate_plover(gold, nlp=nlp)


@pytest.mark.parametrize(
    "settings",
    [
        {"prefilter": False, "table_components": True},
        {"prefilter": True, "table_components": False},
        {"prefilter": False, "table_components": False},
    ],
)
def test_speed_settings_do_not_change_the_scores(gold: Path, settings: dict[str, bool]):
    """`geoevents eval` codes as `geoevents code` does: the prefilter and the table components are on by default,
    and turning either off changes no score (R5 is a sentence the prefilter skips)."""
    from geoevents.nlp import load_pipeline
    from geoevents.settings import Settings

    default = evaluate_plover(gold, nlp=load_pipeline(), settings=Settings())
    other = evaluate_plover(gold, nlp=load_pipeline(), settings=Settings(**settings))
    assert other == default
    assert default["micro_f1"] > 0.5
