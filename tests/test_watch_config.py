"""The watch file (geoevents/watch/config.py, rules.py): what it accepts, and one clear message per mistake, naming
the file, the table and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import main
from geoevents.errors import ConfigError
from geoevents.watch import load_config
from geoevents.watch.config import USER_AGENT, WatchOptions
from geoevents.watch.rules import Output


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_watch_file(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    path = write(tmp_path, """
[watch]
timeout = "30s"
max_bytes = 5_000_000
contact = "ops@example.org"
outputs = ["stdout", "jsonl:out/alerts.jsonl"]

[[source]]
name = "wire"
url = "https://example.org/world.rss"
every = "5m"
fetch_full_text = true

[[source]]
path = "inbox"
every = 30

[[alert]]
name = "rus-prk"
dyad = ["RUS", "PRK"]
category = ["aid", "COOPERATE"]
factuality = "asserted"
min_confidence = 0.5
trigger = "count"
count = 2
window = "7d"
outputs = ["webhook:http://127.0.0.1:9000/hook"]

[[alert]]
name = "border"
actor = "CHN,IND"
quad = 4
trigger = "spike"
measure = "intensity"
method = "ratio"
threshold = 1.5
baseline = 8
""".replace("out/alerts.jsonl", "alerts.jsonl"))
    config = load_config(path)
    wire, inbox = config.sources
    assert (wire.kind, wire.every, wire.fetch_full_text, wire.location) == ("feed", 300, True, "https://example.org/world.rss")
    assert (inbox.name, inbox.kind, inbox.every, inbox.path) == ("inbox", "folder", 30, tmp_path / "inbox")
    assert config.options.timeout == 30 and config.options.max_bytes == 5_000_000
    assert config.options.user_agent == USER_AGENT[:-1] + "; ops@example.org)" and "geoevents/" in USER_AGENT
    rus, border = config.rules
    assert (rus.filter.actor, rus.filter.recipient, rus.filter.event) == (("RUS",), ("PRK",), ("AID", "COOPERATE"))
    assert (rus.filter.factuality, rus.filter.min_confidence, rus.window_days, rus.count) == (("asserted",), 0.5, 7, 2)
    assert config.outputs_of(rus) == (Output("webhook", "http://127.0.0.1:9000/hook"),)
    assert config.outputs_of(border) == (Output("stdout"), Output("jsonl", str((tmp_path / "alerts.jsonl").resolve())))
    assert (border.per_dyad, border.measure, border.method, border.threshold, border.baseline, border.direction) == (
        True, "intensity", "ratio", 1.5, 8, "down")  # fmt: skip
    assert border.filter.actor == ("CHN", "IND") and border.filter.quad == (4,)
    assert Output.parse(Output("webhook", "http://x/y").name) == Output("webhook", "http://x/y")


def test_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[source]]\nurl = "http://example.org/feed"\nevery = 60\n'))
    assert config.options == WatchOptions() and config.rules == ()
    assert config.sources[0].name == "http://example.org/feed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]]\nurl = 'http://x.org/f'\n", "[[source]] #1: every is missing"),
        ("[[source]]\nurl = 'ftp://x.org/f'\nevery = 5\n", "[[source]] #1: url: expected an http:// or https://"),
        ("[[source]]\nurl = 'http://x.org/f'\npath = 'a'\nevery = 5\n", "give either url"),
        ("[[source]]\npath = 'nowhere'\nevery = 5\n", "path: "),
        ("[[source]]\nurl = 'http://x.org/f'\nevery = 'often'\n", "every: expected a duration"),
        ("[[source]]\nurl = 'http://x.org/f'\nevery = 0\n", "every: must be more than zero"),
        ("[[source]]\nurl = 'http://x.org/f'\nevry = 5\nevery = 5\n", "unknown key(s) evry"),
        ("[[source]]\nurl = 'http://x.org/f'\nevery = 5\n[[source]]\nurl = 'http://x.org/f'\nevery = 5\n",
         "is used twice"),
        ("[watch]\ntimeout = 'soon'\n", "[watch]: timeout: expected a duration"),
        ("[watch]\nworkers = 0\n", "[watch]: workers: expected a whole number of at least 1"),
        ("[watch]\nspeed = 1\n", "[watch]: unknown key(s) speed"),
        ("[sources]\nx = 1\n", "unknown table(s) sources"),
        ("[[alert]]\ntrigger = 'new'\n", "[[alert]] #1: name: expected a non-empty string"),
        ("[[alert]]\nname = 'a'\ntrigger = 'often'\n", "[[alert]] #1 (a): trigger: expected one of new, count, spike"),
        ("[[alert]]\nname = 'a'\ntrigger = 'count'\n", "needs count = N"),
        ("[[alert]]\nname = 'a'\ncount = 3\n", 'count is for trigger = "count"'),
        ("[[alert]]\nname = 'a'\nthreshold = 3\n", 'threshold: only for trigger = "spike"'),
        ("[[alert]]\nname = 'a'\ncategory = 'ATTACK'\n", "category: unknown ATTACK; PLOVER categories: AGREE"),
        ("[[alert]]\nname = 'a'\nfactuality = 'hypothetcal'\n", "factuality: unknown hypothetcal; known: asserted"),
        ("[[alert]]\nname = 'a'\ndyad = 'RUS'\n", "dyad: expected two codes"),
        ("[[alert]]\nname = 'a'\ndyad = ['RUS', 'UKR']\nactor = 'RUS'\n", "give dyad or actor/recipient"),
        ("[[alert]]\nname = 'a'\nwindow = '6h'\n", "windows are whole days"),
        ("[[alert]]\nname = 'a'\nmin_confidence = 2\n", "min_confidence: expected a number from 0.0 to 1.0"),
        ("[[alert]]\nname = 'a'\nquad = 9\n", "quad: expected 1, 2, 3 or 4"),
        ("[[alert]]\nname = 'a'\noutputs = ['email:me']\n", "unknown output 'email:me'"),
        ("[[alert]]\nname = 'a'\noutputs = ['webhook:localhost']\n", "a webhook needs an http:// or https:// address"),
        ("[[alert]]\nname = 'a'\noutputs = ['jsonl:no/such/folder/a.jsonl']\n", "does not exist"),
        ("[[alert]]\nname = 'a'\ntrigger = 'spike'\nmin_history = 20\n", "min_history (20) is more than baseline"),
        ("[[alert]]\nname = 'a'\ntrigger = 'spike'\ndirection = 'up'\n", 'direction is for measure = "intensity"'),
        ("not toml [", "invalid TOML"),
    ],
)
def test_each_mistake_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_the_cli_says_it_in_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["watch", str(tmp_path / "missing.toml"), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2 and "no such watch file" in result.output and "Traceback" not in result.output
    empty = write(tmp_path, "[watch]\n")
    result = runner.invoke(main, ["watch", str(empty), "--once", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2 and "no [[source]] to watch" in result.output
    assert not (tmp_path / "x.duckdb").exists()  # nothing created for a mistake
