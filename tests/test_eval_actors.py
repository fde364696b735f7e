"""The actor evaluation: exact figures on a small file of our own (dev-set scores are checked by `make eval`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoevents.errors import InputError
from geoevents.eval.actors import country_ok, evaluate_actors, expected_sectors, format_actor_report


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "actors.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_small_file_known_results(tmp_path: Path) -> None:
    rows = [
        {"id": "1", "text": "North Korean soldiers", "country": "PRK", "sector": "MIL", "resolves": True,
         "origin": "a"},
        {"id": "2", "text": "Russia", "country": "RUS", "sector": None, "resolves": True, "origin": "a"},
        {"id": "3", "text": "Iraqi towns", "country": "IRQ", "sector": "GOV", "resolves": True, "origin": "b"},
        {"id": "4", "text": "Prishtina", "country": "XKX", "sector": "***", "resolves": True, "origin": "b"},
        {"id": "5", "text": "a cat named Frank", "country": None, "sector": None, "resolves": False, "origin": "b"},
        {"id": "6", "text": "Tehran", "country": "IRN", "sector": "GOVxyz", "resolves": True, "origin": "b"},
    ]
    result = evaluate_actors(_write(tmp_path, rows), errors=True)
    assert result["n"] == 6
    assert result["country_accuracy"] == 1.0  # XKX counts as KOS
    assert result["sector_accuracy"] == pytest.approx(2 / 3, abs=1e-3)  # lines 1, 3, 6 scored; line 3 wrong
    assert result["both_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["false_resolution_rate"] == 0.0
    assert result["by_origin"]["a"]["sector_accuracy"] == 1.0
    assert [e["id"] for e in result["errors"]] == ["3"]
    # Per origin: "a" has lines 1-2 (only line 1 names a sector); "b" has lines 3-6, line 5 must not resolve and
    # lines 3 and 6 are scored for the sector (line 4's "***" means any sector).
    assert result["by_origin"]["a"] == {
        "n": 2, "country_accuracy": 1.0, "sector_accuracy": 1.0, "both_accuracy": 1.0,
        "false_resolution_rate": None, "country_n": 2, "sector_n": 1, "false_n": 0,
    }  # fmt: skip
    assert result["by_origin"]["b"] == {
        "n": 4, "country_accuracy": 1.0, "sector_accuracy": 0.5, "both_accuracy": 0.5,
        "false_resolution_rate": 0.0, "country_n": 3, "sector_n": 2, "false_n": 1,
    }  # fmt: skip
    (miss,) = result["errors"]
    assert (miss["text"], miss["miss"], miss["expected"]) == ("Iraqi towns", "sector", ["IRQ", "GOV"])
    assert miss["got"][0] == "IRQ" and miss["got"][1] != "GOV"
    report = format_actor_report(result).splitlines()
    assert report[1].split() == ["all", "6", "100.0%", "66.7%", "66.7%", "0.0%"]
    assert report[2].split() == ["a", "2", "100.0%", "100.0%", "100.0%", "-"]
    assert report[3].split() == ["b", "4", "100.0%", "50.0%", "50.0%", "0.0%"]
    assert report[4].split()[:3] == ["sector", "'Iraqi", "towns':"] and len(report) == 5


@pytest.mark.parametrize(
    ("predicted", "expected", "ok"),
    [("KOS", "XKX", True), ("JPN", "JAP", True), ("UNO", "IGO", True), ("IGO", "UNO", False), (None, None, True),
     ("USA", None, False), (None, "USA", False)],
)
def test_country_ok(predicted: str | None, expected: str | None, ok: bool) -> None:
    assert country_ok(predicted, expected) is ok


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("CVLalb", {"CVL"}), ("GOVMOS", {"GOV"}), ("***", None), ("????", None), (None, None), (["PTY", "REB"],
     {"PTY", "REB"}), ("HLH", {"MED"}), ("MOS", None)],
)
def test_expected_sectors(raw: object, expected: set[str] | None) -> None:
    assert expected_sectors(raw) == expected


def test_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Russia"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        evaluate_actors(path)
    assert info.value.line == 2
