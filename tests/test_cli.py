"""The command line, end to end: real spaCy, real DuckDB, real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from geoevents.cli import SETTING_OPTIONS, main, with_settings
from geoevents.settings import Settings


@pytest.fixture()
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GEOEVENTS_DB", raising=False)
    return CliRunner()


def _events(jsonl: str) -> list[dict]:
    return [json.loads(line) for line in jsonl.splitlines() if line.strip()]


def test_code_examples_to_stdout(runner: CliRunner, root_dir: Path) -> None:
    result = runner.invoke(main, ["code", str(root_dir / "examples"), "--out", "-"])
    assert result.exit_code == 0, result.output
    events = _events(result.stdout)
    assert len(events) > 10
    for event in events:
        assert event["id"] and event["article_id"] and event["event"]
        assert 1 <= event["quad_code"] <= 4
        assert event["event_start"] < event["event_end"]
    assert "0 problems" in result.stderr


def test_seed_article_offsets_point_at_the_evidence(runner: CliRunner, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    result = runner.invoke(main, ["code", str(seed_path), "--out", "-"])
    assert result.exit_code == 0, result.output
    events = _events(result.stdout)
    for event in events:
        assert text[event["event_start"] : event["event_end"]] == event["event_text"]
        assert text[event["sentence_start"] : event["sentence_end"]].strip() == event["sentence"].strip()
        for entity in event["actor"] + event["recipient"]:
            if entity["start"] is not None:
                assert text[entity["start"] : entity["end"]] == entity["text"]
    rejects = [e for e in events if e["event"] == "REJECT"]
    assert any(
        {a["code"] for a in e["actor"]} == {"RUS"} and "KOR" in {r["code"] for r in e["recipient"]} for e in rejects
    )


def test_code_into_store_is_idempotent(runner: CliRunner, root_dir: Path) -> None:
    first = runner.invoke(main, ["code", str(root_dir / "examples"), "--db", "s.duckdb"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["code", str(root_dir / "examples"), "--db", "s.duckdb"])
    assert second.exit_code == 0, second.output
    assert " 0 coded" in second.stderr and "unchanged" in second.stderr
    summary = runner.invoke(main, ["summary", "--db", "s.duckdb", "--json"])
    data = json.loads(summary.stdout)
    assert data["articles"] == 11
    table = runner.invoke(main, ["events", "--db", "s.duckdb", "--event", "REJECT,ACCUSE"])
    assert table.exit_code == 0
    rows = [line for line in table.stdout.splitlines()[1:] if line.strip()]
    assert rows and all(("REJECT" in row or "ACCUSE" in row) for row in rows)


BAD_INPUTS = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 4,
    "latin1.txt": "Le ministre a d\xe9clar\xe9 la guerre.".encode("latin-1"),
    "broken.jsonl": b'{"id": "ok1", "text": "Russia attacked Ukraine on Monday."}\n{not json\n{"id": "nt"}\n',
}


def _write_bad_inputs(folder: Path) -> None:
    folder.mkdir()
    for name, content in BAD_INPUTS.items():
        (folder / name).write_bytes(content)


def test_bad_input_is_reported_and_the_rest_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    _write_bad_inputs(tmp_path / "in")
    result = runner.invoke(main, ["code", str(tmp_path / "in"), "--out", "-"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for name in ("empty.txt", "binary.txt", "latin1.txt"):
        assert name in result.stderr
    assert "broken.jsonl:2" in result.stderr  # malformed line
    assert "broken.jsonl:3" in result.stderr  # record without text
    events = _events(result.stdout)
    assert {e["article_id"] for e in events} == {"ok1"}


def test_nothing_readable_exits_non_zero_and_keeps_the_store(runner: CliRunner, root_dir: Path, tmp_path: Path) -> None:
    stored = runner.invoke(main, ["code", str(root_dir / "examples" / "articles.jsonl"), "--db", "s.duckdb"])
    assert stored.exit_code == 0, stored.output
    before = json.loads(runner.invoke(main, ["summary", "--db", "s.duckdb", "--json"]).stdout)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    result = runner.invoke(main, ["code", str(tmp_path / "empty.jsonl"), "--db", "s.duckdb"])
    assert result.exit_code == 1
    assert "nothing could be read" in result.stderr
    assert "Traceback" not in result.output
    after = json.loads(runner.invoke(main, ["summary", "--db", "s.duckdb", "--json"]).stdout)
    assert after == before


def test_jsonl_on_stdin(runner: CliRunner) -> None:
    line = json.dumps({"id": "s1", "text": "Israel launched air strikes on Gaza on Tuesday.", "date": "2024-05-07"})
    result = runner.invoke(main, ["code", "-", "--out", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    events = _events(result.stdout)
    assert events and all(e["article_id"] == "s1" for e in events)
    assert "ASSAULT" in {e["event"] for e in events}


def test_user_errors_have_no_traceback(runner: CliRunner) -> None:
    result = runner.invoke(main, ["summary", "--db", "no-such-store.duckdb"])
    assert result.exit_code == 2
    assert "no such store" in result.stderr
    bad_column = runner.invoke(main, ["code", "x.csv", "--column", "text"])
    assert bad_column.exit_code == 2


def test_resolve_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["resolve", "North Korean soldiers", "--json"])
    assert result.exit_code == 0
    entity = json.loads(result.stdout)
    assert (entity["code"], entity["sector"]) == ("PRK", "MIL")


@pytest.mark.slow
def test_console_script_runs(tmp_path: Path, root_dir: Path) -> None:
    exe = shutil.which("geoevents") or str(Path(sys.executable).parent / "geoevents")
    out = subprocess.run(
        [exe, "code", str(root_dir / "examples" / "articles.jsonl"), "--out", "-"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert _events(out.stdout)


def test_recode_keeps_unchanged_articles_and_applies_new_knowledge(
    runner: CliRunner, root_dir: Path, tmp_path: Path
) -> None:
    source = root_dir / "examples" / "seed_korea.txt"
    assert runner.invoke(main, ["code", str(source), "--db", "s.duckdb"]).exit_code == 0
    same = runner.invoke(main, ["recode", "--db", "s.duckdb"])
    assert same.exit_code == 0, same.output
    assert "1 stored articles re-coded: 0 changed, 1 unchanged" in same.stderr
    # A user dictionary that says Putin is someone else's: the re-coded events must follow it.
    (tmp_path / "mine.txt").write_text("VLADIMIR_PUTIN_ [BLRGOV]\n", encoding="utf-8")
    changed = runner.invoke(main, ["recode", "--db", "s.duckdb", "--actors-file", str(tmp_path / "mine.txt")])
    assert changed.exit_code == 0, changed.output
    assert "1 changed" in changed.stderr
    rows = json.loads(runner.invoke(main, ["events", "--db", "s.duckdb", "--actor", "BLR", "--json"]).stdout)
    assert rows


# -- settings as options: generated from the Settings fields ------------------------------------------------------


def _commands(group: click.Group) -> list[click.Command]:
    found: list[click.Command] = []
    for command in group.commands.values():
        found += _commands(command) if isinstance(command, click.Group) else [command]
    return found


def test_every_setting_is_an_option_named_and_explained_by_its_field() -> None:
    options: dict[str, click.Parameter] = {}
    for command in _commands(main):
        for param in command.params:
            if param.name in SETTING_OPTIONS:
                options.setdefault(param.name, param)
    assert set(SETTING_OPTIONS) == {f.name for f in fields(Settings)}
    assert set(options) == set(SETTING_OPTIONS), "every setting is an option of some command"
    for spec in fields(Settings):
        option = options[spec.name]
        assert isinstance(option, click.Option)
        assert option.opts == ["--" + spec.name.replace("_", "-")]
        assert option.help == spec.metadata["help"]


@click.command()
@with_settings(*SETTING_OPTIONS)
def _echo_settings(settings: Settings) -> None:
    click.echo(json.dumps(settings.to_dict()))


@pytest.mark.parametrize(
    ("args", "changed"),
    [
        ([], {}),
        (["--db", "x.duckdb", "--model", "m"], {"db": "x.duckdb", "model": "m"}),
        (["--batch-size", "8", "--processes", "2", "--store-batch", "50"],
         {"batch_size": 8, "processes": 2, "store_batch": 50}),
        (["--no-prefilter", "--no-table-components", "--no-progress"],
         {"prefilter": False, "table_components": False, "progress": False}),
        (["--prefilter", "--progress"], {"progress": True}),
        (["--read-only"], {"read_only": True}),
        (["--actors-file", "a.tsv", "--actors-file", "b.yaml"], {"actors_file": ["a.tsv", "b.yaml"]}),
    ],
)  # fmt: skip
def test_generated_options_parse_into_settings(runner: CliRunner, args: list[str], changed: dict[str, Any]) -> None:
    result = runner.invoke(_echo_settings, args)
    assert result.exit_code == 0, result.output
    defaults = {f.name: f.default for f in fields(Settings)} | {"actors_file": []}
    assert json.loads(result.stdout) == defaults | changed


@pytest.mark.parametrize("args", [["--batch-size", "many"], ["--read-only", "yes"], ["--no-read-only"]])
def test_generated_options_refuse_bad_values(runner: CliRunner, args: list[str]) -> None:
    assert runner.invoke(_echo_settings, args).exit_code == 2


@pytest.mark.parametrize(
    ("env", "dates", "warnings"),
    [({}, [None, "2025-05-25"], 1), ({"GEOEVENTS_DATE_ORDER": "dmy"}, ["2025-05-12", "2025-05-25"], 0),
     ({"GEOEVENTS_DATE_ORDER": "mdy"}, ["2025-12-05", "2025-05-25"], 0)],
)
def test_code_reads_numeric_dates_by_the_date_order_setting(
    runner: CliRunner, tmp_path: Path, env: dict[str, str], dates: list[str | None], warnings: int
) -> None:
    source = tmp_path / "dated.csv"
    source.write_text('id,date,text\n1,12/05/2025,"Chile expelled two Peruvian diplomats."\n'
                      '2,25/05/2025,"Chile expelled two Peruvian diplomats."\n', encoding="utf-8")
    result = runner.invoke(main, ["code", str(source), "--out", "-"], env=env)
    assert result.exit_code == 0, result.output
    by_article = {e["article_id"]: e for e in _events(result.stdout)}
    assert [by_article[i]["date"] for i in ("1", "2")] == dates
    assert f"0 problems, {warnings} warnings" in result.stderr
    assert ("dated.csv:2: date '12/05/2025' is ambiguous" in result.stderr) == bool(warnings)
