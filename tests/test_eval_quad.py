"""The quad-class evaluation: span finding, the chosen event, exact figures on a small file of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import main
from geoevents.errors import InputError
from geoevents.eval.quad import (
    best_event,
    cameo_class,
    evaluate_quad,
    format_quad_report,
    predicted_class,
    span_offsets,
)
from geoevents.models import Entity, Event

ROWS = [
    {"id": "q1", "text": "Israeli jets bombed a village in southern Lebanon on Monday.", "quad": "MATERIAL_CONFLICT",
     "source": ["Israeli jets"], "target": ["a village in southern Lebanon"]},
    {"id": "q2", "text": "France condemned Iran on Tuesday.", "quad": "VERBAL_CONFLICT", "source": ["France"],
     "target": ["Iran"]},
    {"id": "q3", "text": "The weather was pleasant in Lisbon.", "quad": "STATEMENT"},
    {"id": "q4", "text": "Japan gave Kenya a loan of 50 million dollars.", "quad": "MATERIAL_COOPERATION",
     "source": ["Japan"], "target": ["the Kenyan government"]},
    {"id": "q5", "text": "Ghana and Togo held talks in Accra.", "quad": "MATERIAL_CONFLICT", "source": [],
     "target": []},
]


@pytest.fixture(scope="module")
def nlp():
    from geoevents.nlp import load_pipeline

    return load_pipeline()


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "span", "found"),
    [
        ("The UN\u2019s envoy arrived.", "The UN \u2019s envoy", "The UN\u2019s envoy"),
        ("The African Union (AU) said so.", "African Union ( AU )", "African Union (AU)"),
        ("a French-led mission", "a French - led mission", "a French-led mission"),
        ("Peru\u02bcs foreign ministry", "peru's foreign ministry", "Peru\u02bcs foreign ministry"),
        ("Nothing to see here.", "Lisbon", None),
    ],
)
def test_span_offsets(text: str, span: str, found: str | None) -> None:
    where = span_offsets(text, span)
    assert (text[where[0] : where[1]] if where else None) == found


def _event(confidence: float, start: int, quad: int) -> Event:
    return Event("a", 0, "s", "ASSAULT", "x", start, start + 1, quad_code=quad, confidence=confidence)


def test_the_most_confident_event_then_the_earliest() -> None:
    events = [_event(0.6, 0, 1), _event(0.8, 9, 4), _event(0.8, 5, 3)]
    assert best_event(events) is events[2]
    assert predicted_class(best_event(events)) == "VERBAL_CONFLICT"
    assert best_event([]) is None and predicted_class(None) == "STATEMENT"


def test_small_file_known_results(nlp, tmp_path: Path) -> None:
    result = evaluate_quad(_write(tmp_path / "quad.jsonl", ROWS), nlp=nlp, errors=True)
    assert result["n"] == 5
    assert result["accuracy"] == pytest.approx(4 / 5)  # q5 is coded a meeting, verbal cooperation
    assert result["per_class"]["STATEMENT"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert result["per_class"]["MATERIAL_CONFLICT"]["recall"] == 0.5
    assert result["confusion"]["MATERIAL_CONFLICT"] == {"VERBAL_COOPERATION": 1, "MATERIAL_CONFLICT": 1}
    assert result["statement_event_rate"] == 0.0
    # spans: q1, q2, q4 name a source; q4's target is not in the text, so it cannot match
    assert result["source_n"] == 3 and result["source_accuracy"] == 1.0
    assert result["target_n"] == 3 and result["target_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert [miss["id"] for miss in result["errors"]] == ["q5"]
    assert "accuracy" in format_quad_report(result)


def test_parts_add_up(nlp, tmp_path: Path) -> None:
    path = _write(tmp_path / "quad.jsonl", ROWS)
    sizes = [evaluate_quad(path, nlp=nlp, part=p)["n"] for p in ("tune", "test")]
    assert sum(sizes) == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", ":1: not JSON"), ('{"id": "a", "text": "x"}', "expected an object"),
     ('{"id": "a", "text": "x", "quad": "NEUTRAL"}', "unknown quad class")],
)
def test_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        evaluate_quad(path, nlp=object())


def test_cli_prints_json(tmp_path: Path) -> None:
    path = _write(tmp_path / "quad.jsonl", ROWS[:3])
    result = CliRunner().invoke(main, ["eval", "quad", str(path), "--json", "--part", "all"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 3
    for key in ("accuracy", "macro_f1", "per_class", "statement_event_rate", "source_accuracy", "target_accuracy"):
        assert key in data


@pytest.mark.parametrize(
    ("category", "text", "quad", "factuality", "expected"),
    [
        ("SANCTION", "expelled two diplomats", 4, "asserted", "VERBAL_CONFLICT"),  # CAMEO 16
        ("CONCEDE", "lifted the curfew", 1, "asserted", "MATERIAL_COOPERATION"),  # CAMEO 08
        ("CONCEDE", "lift the curfew", 1, "future", "VERBAL_COOPERATION"),  # CAMEO 035: an intent to yield
        ("REQUEST", "urged", 3, "asserted", "STATEMENT"),  # CAMEO 02 appeal
        ("REQUEST", "issued a plea", 3, "asserted", "STATEMENT"),
        ("REQUEST", "demanded", 3, "asserted", "VERBAL_CONFLICT"),  # CAMEO 10 demand
        ("RETREAT", "will withdraw", 2, "future", "VERBAL_COOPERATION"),  # CAMEO 03 intent
        ("ASSAULT", "will strike", 4, "future", "VERBAL_CONFLICT"),  # CAMEO 13 threaten
        ("ASSAULT", "shelled", 4, "asserted", "MATERIAL_CONFLICT"),
        ("CONSULT", "met", 1, "asserted", "VERBAL_COOPERATION"),
        ("RETREAT", "release", 2, "negated", "VERBAL_CONFLICT"),  # CAMEO 12: a refusal
        ("AGREE", "reach a deal", 1, "negated", "VERBAL_CONFLICT"),
        ("ASSAULT", "attack", 4, "negated", "MATERIAL_CONFLICT"),
        ("RETREAT", "withdraw", 2, "conditional", "VERBAL_COOPERATION"),  # an offer on a condition
    ],
)
def test_cameo_class_reads_the_event_back_through_the_crosswalk(category, text, quad, factuality, expected) -> None:
    event = Event("a", 0, "s", category, text, 0, len(text), quad_code=quad, factuality=factuality)
    assert cameo_class(event) == expected
    assert cameo_class(None) == "STATEMENT"


@pytest.mark.parametrize(
    ("speaker", "actor", "expected"),
    [
        (Entity(text="the rebels", code="SOM"), Entity(text="they", code="SOM"), "STATEMENT"),  # CAMEO 015 claim
        (Entity(text="Kenya", code="KEN"), Entity(text="the rebels", code="SOM"), "VERBAL_CONFLICT"),  # accusation
    ],
)
def test_an_alleged_event_is_the_claim_or_the_accusation(speaker: Entity, actor: Entity, expected: str) -> None:
    event = Event("a", 0, "s", "ASSAULT", "attacked", 0, 8, quad_code=4, factuality="alleged", actor=[actor],
                  reported_by=speaker)
    assert cameo_class(event) == expected
