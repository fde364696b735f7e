"""The split of the dev files: the brief's formula, the keys per file, and filtering by part."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from geoevents.errors import InputError
from geoevents.eval.splits import actor_key, part_of, plover_key, quad_key, select, story_key


def brief_part(key: str) -> str:
    digest = hashlib.sha1(("geoevents-split-v1:" + key).encode("utf-8")).hexdigest()
    return "tune" if int(digest, 16) % 2 == 0 else "test"


@pytest.mark.parametrize("key", ["", "A-1", "conflibert-train:17", "{country_1} bombs {city}", "Zürich talks"])
def test_part_follows_the_formula(key: str) -> None:
    assert part_of(key) == brief_part(key)


def test_both_parts_get_about_half() -> None:
    parts = [part_of(f"record-{i}") for i in range(1000)]
    assert 400 < parts.count("tune") < 600


@pytest.mark.parametrize(
    ("row", "key"),
    [
        ({"id": "GSR-AGREE-0001:source:Hungarian", "origin": "plover-gsr"}, "GSR-AGREE-0001"),
        ({"id": "GSR-AGREE-0001:target:New York:2", "origin": "plover-gsr"}, "GSR-AGREE-0001"),
        ({"id": "ngec:test_shorttext_1:0", "origin": "ngec-tests"}, "ngec:test_shorttext_1"),
        ({"id": "plain", "origin": None}, "plain"),
    ],
)
def test_actor_keys(row: dict, key: str) -> None:
    assert actor_key(row) == key


def test_a_sentence_and_its_actors_share_a_part() -> None:
    for number in range(50):
        sentence = f"GSR-CONSULT-{number:04d}"
        actor = {"id": f"{sentence}:source:Ghana", "origin": "plover-gsr"}
        assert part_of(plover_key({"id": sentence})) == part_of(actor_key(actor))


def test_stories_of_one_template_share_a_part() -> None:
    stories = [{"id": f"s{i}", "template": f"{{country_1}} headline {i % 7}"} for i in range(70)]
    for part in ("tune", "test"):
        templates = {s["template"] for s in select(stories, story_key, part)}
        others = {s["template"] for s in select(stories, story_key, "test" if part == "tune" else "tune")}
        assert not templates & others


def test_select_partitions_in_order() -> None:
    rows = [{"id": f"q{i}"} for i in range(40)]
    tune, test = select(rows, quad_key, "tune"), select(rows, quad_key, "test")
    assert tune and test
    assert sorted(tune + test, key=rows.index) == rows == select(rows, quad_key, "all")
    assert tune == [r for r in rows if r in tune]  # order kept


def test_unknown_part_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown part"):
        select([], quad_key, "train")


def test_actor_evaluation_scores_one_part(tmp_path: Path) -> None:
    from geoevents.eval.actors import evaluate_actors

    rows = [{"id": f"ngec:case_{i}:0", "text": "Russia", "country": "RUS", "sector": None, "resolves": True,
             "origin": "ngec-tests"} for i in range(12)]
    path = tmp_path / "actors.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    tune, test = (evaluate_actors(path, part=p)["n"] for p in ("tune", "test"))
    assert tune + test == 12 and tune == sum(part_of(actor_key(r)) == "tune" for r in rows)
