"""scripts/handcheck.py: the figures of a judged sample, its checks, and the fixed-seed draw."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scripts import handcheck

ENTITY = {"text": "Russia", "code": "RUS", "sector": None}


def judged(
    corpus: str,
    verdicts: dict[str, bool | None],
    errors: dict[str, str | list[str]] | None = None,
    actor: bool = True,
    recipient: bool = True,
) -> dict[str, Any]:
    """A record as `sample` writes it, with the judgments filled in."""
    errors = errors or {}
    judgment: dict[str, Any] = handcheck.empty_judgment()
    for name, right in verdicts.items():
        judgment[name] = {"right": right, "error": errors.get(name), "note": ""}
    return {
        "corpus": corpus,
        "sentence": "Russia accused Ukraine.",
        "event": "ACCUSE",
        "actor": [ENTITY] if actor else [],
        "recipient": [ENTITY] if recipient else [],
        "judgment": judgment,
    }


ALL_RIGHT = {"category": True, "actor": True, "recipient": True, "factuality": True, "date": True}

# Five events: every judgment right; a non-event; a right category with no actor and a missing recipient; a right
# category whose only right argument is an empty actor; a useful record with wrong factuality and date.
SAMPLE = [
    judged("wikinews", ALL_RIGHT),
    judged(
        "wikinews",
        {**ALL_RIGHT, "category": False, "actor": False},
        {"category": "word-sense", "actor": "actor-missing"},
        actor=False,
    ),
    judged(
        "reuters300",
        {**ALL_RIGHT, "actor": False, "recipient": False},
        {"actor": ["actor-missing", "code-wrong"], "recipient": "recipient-missing"},
        actor=False,
        recipient=False,
    ),
    judged(
        "reuters300",
        {**ALL_RIGHT, "recipient": False},
        {"recipient": "recipient-place-thing"},
        actor=False,
    ),
    judged(
        "reuters300",
        {**ALL_RIGHT, "factuality": False, "date": False},
        {"factuality": "historical-missed", "date": "date-other-clause"},
    ),
]


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_figures_of_a_judged_sample() -> None:
    result = handcheck.figures(SAMPLE)
    assert result["events"] == 5
    assert result["by_corpus"] == {"reuters300": 3, "wikinews": 2}
    assert result["category"] == 80.0
    assert result["actor"] == 60.0  # the empty actor of the fourth event is right: the sentence names none
    assert result["recipient"] == 60.0
    assert result["factuality"] == 80.0
    assert result["useful"] == 40.0  # events 1 and 5; event 4's only right argument is empty
    assert result["all_four"] == 20.0
    assert result["date"] == 80.0 and result["date_judged"] == 5
    assert result["empty_actor"] == 60.0
    assert result["empty_both"] == 20.0
    assert result["per_corpus"]["wikinews"]["category"]["percent"] == 50.0
    assert result["per_corpus"]["reuters300"]["useful"]["right"] == 1


def test_error_table_counts_every_type_and_those_left_on_right_categories() -> None:
    rows = {row["error"]: row for row in handcheck.figures(SAMPLE)["errors"]}
    assert rows["actor-missing"]["count"] == 2 and rows["actor-missing"]["right_category"] == 1
    assert rows["word-sense"]["count"] == 1 and rows["word-sense"]["right_category"] == 0
    assert rows["code-wrong"]["count"] == 1  # a second error type of the same judgment counts too
    assert rows["date-other-clause"]["group"] == "dates"
    assert list(rows) == [row["error"] for row in handcheck.figures(SAMPLE)["errors"]]
    groups = [handcheck.GROUPS.index(row["group"]) for row in handcheck.figures(SAMPLE)["errors"]]
    assert groups == sorted(groups)


@pytest.mark.parametrize(
    ("count", "total", "low", "high"), [(30, 60, 37.7, 62.3), (0, 10, 0.0, 27.8), (0, 0, 0.0, 0.0)]
)
def test_wilson_interval(count: int, total: int, low: float, high: float) -> None:
    assert handcheck.wilson(count, total) == (low, high)


def test_report_command_prints_the_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "judged.jsonl", SAMPLE)
    assert handcheck.main(["report", str(path)]) == 0
    text = capsys.readouterr().out
    assert "| category | 80.0 % |" in text
    assert "| useful record (right category, and a right non-empty actor or recipient) | 40.0 % |" in text
    assert "| arguments | actor-missing | 2 | 1 |" in text

    assert handcheck.main(["report", str(path), str(path), "--json"]) == 0
    pooled = json.loads(capsys.readouterr().out)
    assert pooled["events"] == 10 and pooled["all_four"] == 20.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": {"right": None, "error": None, "note": ""}}, "category is not judged"),
        ({"actor": {"right": False, "error": "no-such-error", "note": ""}}, "unknown error type 'no-such-error'"),
        ({"recipient": {"right": False, "error": None, "note": ""}}, "recipient is wrong but names no error type"),
    ],
)
def test_report_refuses_an_unusable_judgment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], message: str
) -> None:
    bad = judged("wikinews", ALL_RIGHT)
    bad["judgment"].update(change)
    path = write(tmp_path / "judged.jsonl", [SAMPLE[0], bad])
    assert handcheck.main(["report", str(path)]) == 1
    assert f"{path}:2: {message}" in capsys.readouterr().err


def test_report_names_a_malformed_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "judged.jsonl"
    path.write_text(json.dumps(SAMPLE[0]) + "\n{not json\n", encoding="utf-8")
    assert handcheck.main(["report", str(path)]) == 2
    assert f"{path}:2: malformed JSON" in capsys.readouterr().err


def coding(name: str, size: int) -> handcheck.CorpusCoding:
    records = [{"event_id": f"{name}-{i}"} for i in range(size)]
    return handcheck.CorpusCoding(name, articles=1, words=100, records=records)


def test_draw_is_fixed_by_the_seed_and_split_between_corpora() -> None:
    codings = [coding("wikinews", 200), coding("reuters300", 50)]
    first = handcheck.draw(codings, 11, seed=13)
    assert first == handcheck.draw(codings, 11, seed=13)
    assert [r["n"] for r in first] == list(range(1, 12))
    names = [r["event_id"].split("-")[0] for r in first]
    assert names.count("wikinews") == 5 and names.count("reuters300") == 6
    assert len({r["event_id"] for r in first}) == 11  # no event twice
    assert first != handcheck.draw(codings, 11, seed=14)
    # one corpus's events do not move the other corpus's draw
    other = handcheck.draw([coding("wikinews", 300), codings[1]], 11, seed=13)
    assert [r for r in other if "reuters" in r["event_id"]] == [r for r in first if "reuters" in r["event_id"]]


def test_sample_keeps_a_judged_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "judged.jsonl", SAMPLE)
    assert handcheck.main(["sample", "--out", str(path)]) == 2
    assert "holds judgments" in capsys.readouterr().err
    assert handcheck.read_jsonl(path) == SAMPLE


def test_event_records_carry_what_a_judge_needs(tmp_path: Path) -> None:
    """Code a tiny corpus with the real pipeline: each record has its sentence, the two before it, the trigger's
    place in the sentence and an empty judgment."""
    corpus = tmp_path / "news.csv"
    text = (
        "The talks opened on Monday in Geneva. Delegates arrived late. The weather was fine. "
        "Russia accused Ukraine of shelling the plant."
    )
    corpus.write_text(f'id,date,title,text\nn1,2024-06-20,Talks,"{text}"\n', encoding="utf-8")
    result = handcheck.code_corpus("tiny", [corpus])
    assert result.articles == 1 and result.words == len(text.split())
    record = next(r for r in result.records if r["event"] == "ACCUSE")
    assert record["sentence"] == "Russia accused Ukraine of shelling the plant."
    assert record["context"] == ["Delegates arrived late.", "The weather was fine."]
    offset = record["event_offset"]
    assert record["sentence"][offset : offset + len(record["event_text"])] == record["event_text"]
    assert record["actor"][0]["code"] == "RUS" and record["article_date"] == "2024-06-20"
    assert handcheck.check_record(record, "x")  # nothing judged yet: report would refuse it
    assert handcheck.rates([result])[0]["events_per_1000_words"] == round(1000 * len(result.records) / result.words, 2)
