"""Article dates (geoevents.ingest.dates): numeric day/month order, and unreadable dates reported with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoevents.errors import ConfigError, InputError
from geoevents.ingest import DATE_ORDERS, normalise_date, read_articles
from geoevents.settings import Settings

TEXT = "Police in Dhaka arrested twelve opposition activists on Friday."


@pytest.mark.parametrize(
    ("raw", "order", "iso"),
    [
        ("12/05/2025", "dmy", "2025-05-12"),
        ("12/05/2025", "mdy", "2025-12-05"),
        ("12/05/2025", None, None),  # ambiguous: not guessed
        ("12.05.2025", "dmy", "2025-05-12"),
        ("12-05-2025", "mdy", "2025-12-05"),
        ("1/2/2025", "dmy", "2025-02-01"),
        ("25/12/2024", None, "2024-12-25"),  # a part above 12 is the day, whatever the order
        ("25/12/2024", "mdy", "2024-12-25"),
        ("12/25/2024", "dmy", "2024-12-25"),
        ("07/07/2024", None, "2024-07-07"),  # both readings agree
        ("12/05/2025 14:30", "dmy", "2025-05-12"),
        ("31/02/2025", "dmy", None),  # no such day
        ("12/05/25", "dmy", None),  # two-digit years are not read
        ("2024-06-19", "mdy", "2024-06-19"),  # ISO is ISO in every order
        ("2024/06/19", "dmy", "2024-06-19"),
        ("Wed, 19 Jun 2024 08:00:00 +0900", "dmy", "2024-06-19"),
        ("19 June 2024", "mdy", "2024-06-19"),
        ("June 19, 2024", "dmy", "2024-06-19"),
    ],
)
def test_numeric_dates_follow_the_order(raw: str, order: str | None, iso: str | None) -> None:
    assert normalise_date(raw, order) == iso


def test_date_orders_and_default() -> None:
    assert DATE_ORDERS == ("dmy", "mdy")
    assert Settings().date_order is None


def test_date_order_setting_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEOEVENTS_DATE_ORDER", "dmy")
    assert Settings.load().date_order == "dmy"


def test_unknown_date_order_fails_before_reading(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="dmy, mdy"):
        read_articles([tmp_path / "not-even-there.jsonl"], date_order="ymd")


def _jsonl(path: Path, dates: list[object]) -> Path:
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": TEXT, "date": d}) + "\n" for i, d in enumerate(dates)))
    return path


@pytest.mark.parametrize(
    ("order", "dates", "problem_lines"),
    [
        (None, ["12/05/2025", "2025-05-12", "25/12/2024"], [1]),
        ("dmy", ["12/05/2025", "2025-05-12", "25/12/2024"], []),
        (None, ["yesterday", None, "", 1718784000], [1, 4]),
    ],
)
def test_unreadable_dates_are_reported_with_file_and_line(
    tmp_path: Path, order: str | None, dates: list[object], problem_lines: list[int]
) -> None:
    path = _jsonl(tmp_path / "a.jsonl", dates)
    problems: list[InputError] = []
    articles = list(read_articles([path], on_problem=problems.append, date_order=order))
    assert [a.id for a in articles] == [f"r{i}" for i in range(len(dates))]  # every article is kept
    assert [(p.path, p.line) for p in problems] == [(str(path), line) for line in problem_lines]
    for problem in problems:
        assert "date" in problem.reason and "kept without a date" in problem.reason
        assert articles[problem.line - 1].date is None


def test_ambiguous_date_names_the_setting(tmp_path: Path) -> None:
    problems: list[InputError] = []
    list(read_articles([_jsonl(tmp_path / "a.jsonl", ["06/07/2024"])], on_problem=problems.append))
    [problem] = problems
    assert "'06/07/2024'" in str(problem) and "ambiguous" in str(problem) and "date_order" in str(problem)


def test_csv_date_problem_names_the_row_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f'id,text,date\nc1,"{TEXT}\nsecond line",2024-06-19\nc2,"{TEXT}",13/13/2024\n')
    problems: list[InputError] = []
    articles = list(read_articles([path], on_problem=problems.append))
    assert [a.date for a in articles] == ["2024-06-19", None]
    assert [(p.line, "13/13/2024" in p.reason) for p in problems] == [(4, True)]


def test_json_array_and_feed_date_problems_name_the_item(tmp_path: Path) -> None:
    array = tmp_path / "a.json"
    array.write_text(json.dumps([{"text": TEXT, "date": "2024-06-19"}, {"text": TEXT + " Again.", "date": "soon"}]))
    feed = tmp_path / "f.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        f"<item><title>t</title><description>{TEXT}</description><pubDate>1 Smarch 2024</pubDate></item>"
        "</channel></rss>"
    )
    problems: list[InputError] = []
    articles = list(read_articles([array, feed], on_problem=problems.append))
    assert len(articles) == 3
    assert [str(p) for p in problems] == [
        f"{array}: array item 2: date 'soon' not understood; article kept without a date",
        f"{feed}: feed entry 1: date '1 Smarch 2024' not understood; article kept without a date",
    ]


def test_a_huge_date_value_is_quoted_short(tmp_path: Path) -> None:
    problems: list[InputError] = []
    list(read_articles([_jsonl(tmp_path / "a.jsonl", ["9" * 1_000_000])], on_problem=problems.append))
    [problem] = problems
    assert len(str(problem)) < 300
