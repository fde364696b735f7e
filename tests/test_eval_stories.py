"""The stories evaluation: the top category, mode names, exact figures on a small file of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoevents.errors import InputError
from geoevents.eval.stories import evaluate_stories, format_stories_report, story_mode, top_category
from geoevents.models import Event

STORIES = [
    {"id": "s1", "title": "Rebels attack base", "date": "2023-05-02", "event": "ASSAULT", "mode": "HEAVY-WEAPONS",
     "template": "{group} attacks base", "text": "Rebels attacked an army base near Goma on Monday. Government "
     "troops shelled rebel positions in the hills. The army said it had repelled the attack."},
    {"id": "s2", "title": "Protests in Minsk", "date": "2023-05-02", "event": "PROTEST", "mode": "DEMO",
     "template": "Protests in {city}", "text": "Police arrested dozens of protesters in Minsk on Sunday. Thousands "
     "of people marched through the capital to protest against the election result."},
    {"id": "s3", "title": "Sunny day", "date": "2023-05-02", "event": "AID", "mode": None,
     "template": "Sunny day in {city}", "text": "The weather was pleasant in Lisbon. Tourists filled the cafes."},
]


@pytest.fixture(scope="module")
def nlp():
    from geoevents.nlp import load_pipeline

    return load_pipeline()


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _event(category: str, sentence: int, start: int) -> Event:
    return Event("a", sentence, "s", category, "x", start, start + 1)


def test_top_category_counts_then_takes_the_first_coded() -> None:
    assert top_category([]) is None
    assert top_category([_event("ACCUSE", 1, 50), _event("ASSAULT", 0, 3), _event("ACCUSE", 2, 90)]) == "ACCUSE"
    assert top_category([_event("ACCUSE", 1, 50), _event("ASSAULT", 0, 3)]) == "ASSAULT"


@pytest.mark.parametrize(
    ("raw", "mode"), [(None, None), ("", None), ("DEMO", "demo"), ("PRIMATIVE", "primitive"), ("SIEZE", "seize"),
                      ("ASSASSINATE", "targeted"), ("SUICIDE-ATTACK", "suicide-attack")],
)
def test_story_modes_in_plover_spelling(raw: str | None, mode: str | None) -> None:
    assert story_mode(raw) == mode


def test_small_file_known_results(nlp, tmp_path: Path) -> None:
    result = evaluate_stories(_write(tmp_path / "stories.jsonl", STORIES), nlp=nlp, errors=True)
    assert result["n"] == 3
    assert result["recall"] == pytest.approx(2 / 3, abs=1e-3)  # the weather story has no event at all
    assert result["empty"] == pytest.approx(1 / 3, abs=1e-3)
    assert result["top"] == pytest.approx(2 / 3, abs=1e-3)  # s2: an arrest, then two protests: PROTEST is top
    assert result["mode_n"] == 2 and result["mode"] == 1.0  # shelling: heavy weapons; marching: a demonstration
    assert result["per_category"]["ASSAULT"] == {"n": 1, "recall": 1.0, "top": 1.0, "mode": 1.0}
    assert {miss["id"] for miss in result["errors"]} == {"s3"}
    assert "recall" in format_stories_report(result)


def test_parts_add_up(nlp, tmp_path: Path) -> None:
    path = _write(tmp_path / "stories.jsonl", STORIES)
    assert sum(evaluate_stories(path, nlp=nlp, part=p)["n"] for p in ("tune", "test")) == 3


def test_a_story_without_template_is_an_input_error(tmp_path: Path) -> None:
    rows = [{k: v for k, v in STORIES[0].items() if k != "template"}]
    with pytest.raises(InputError, match=":1: expected an object"):
        evaluate_stories(_write(tmp_path / "stories.jsonl", rows), nlp=object())
