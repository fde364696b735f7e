"""The first hour of a new user (issue 19): the usual mistakes get one line naming what to fix (exit 2, no
traceback, nothing created), filter values are checked, merged events show the strongest truth of their reports
and keep each report's condition and source, the API refuses parameters it does not take."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from web.server import running_server

from geoevents.cli import main
from geoevents.models import Article, Entity, Event
from geoevents.settings import Settings
from geoevents.store import Store

# Each mistake: the command line ({tmp}: a fresh folder, {db}: a coded store, {examples}: the examples folder),
# the environment, a config file, and the words the one-line message must hold.
MISTAKES = {
    "export to a missing folder": (
        ["export", "--db", "{db}", "--format", "csv", "--out", "{tmp}/nodir/e.csv"], {}, None, ["nodir", "folder"]),
    "code --out to a missing folder": (["code", "{examples}", "--out", "{tmp}/nodir/x.jsonl"], {}, None, ["nodir"]),
    "--db in a missing folder": (["code", "{examples}", "--db", "{tmp}/nodir/x.duckdb"], {}, None, ["nodir"]),
    "mistyped folder beside a good one": (
        ["code", "{examples}", "{tmp}/exampels", "--db", "{tmp}/new.duckdb"], {}, None, ["exampels"]),
    "serve a mistyped store": (["serve", "--db", "{tmp}/evnets.duckdb"], {}, None, ["evnets.duckdb", "no such store"]),
    "query a mistyped store": (["summary", "--db", "{tmp}/evnets.duckdb"], {}, None, ["evnets.duckdb"]),
    "bad value in geoevents.toml": (
        ["summary", "--db", "{db}"], {}, '[geoevents]\nbatch_size = "abc"\n', ["geoevents.toml", "batch_size"]),
    "broken geoevents.toml": (["summary", "--db", "{db}"], {}, "[geoevents\n", ["geoevents.toml", "line 1"]),
    "bad environment variable": (
        ["summary", "--db", "{db}"], {"GEOEVENTS_BATCH_SIZE": "abc"}, None, ["GEOEVENTS_BATCH_SIZE", "abc"]),
    "unknown factuality": (["events", "--db", "{db}", "--factuality", "hypothetcal"], {}, None,
                           ["hypothetcal", "hypothetical", "conditional"]),
    "unknown category": (["events", "--db", "{db}", "--event", "ATTACK"], {}, None, ["ATTACK", "ASSAULT"]),
    "unknown mode": (["events", "--db", "{db}", "--mode", "bombing"], {}, None, ["bombing", "aerial"]),
    "unknown quad class": (["events", "--db", "{db}", "--quad", "7"], {}, None, ["quad", "1, 2, 3, 4"]),
}  # fmt: skip


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("first-hour") / "small.duckdb"
    with Store.open(path) as store:
        store.add_articles(_items())
    return path


def _entity(sentence: str, words: str, code: str, sector: str | None = None) -> Entity:
    start = sentence.index(words)
    return Entity(text=words, code=code, sector=sector, name=words, start=start, end=start + len(words), reason="t")


def _item(article_id: str, sentence: str, trigger: str, actor: tuple[str, str], recipient: tuple[str, str],
          **fields: object) -> tuple[Article, list[Event], list[tuple[int, int]]]:  # fmt: skip
    article = Article(id=article_id, text=sentence, date="2024-06-20", url=f"https://example.org/{article_id}")
    start = sentence.index(trigger)
    event = Event(
        article_id=article_id, sentence_index=0, sentence=sentence, event=str(fields.pop("event", "AID")),
        event_text=trigger, event_start=start, event_end=start + len(trigger),
        actor=[_entity(sentence, actor[0], actor[1], "GOV")], recipient=[_entity(sentence, *recipient)],
        quad_code=2, intensity=7.0, date="2024-06-20", date_precision="article", confidence=0.8, coder="test",
        sentence_start=0, sentence_end=len(sentence), **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    return article, [event], [(0, len(sentence))]


CONDITION = "if the West keeps arming Kyiv"


def _items() -> list[tuple[Article, list[Event], list[tuple[int, int]]]]:
    """One aid event in two reports (one conditional, quoted; one only discussed), and Belarus beside Russia."""
    conditional = "Officials said Moscow would supply arms to Pyongyang " + CONDITION + "."
    discussed = "Moscow is considering supplying arms to Pyongyang."
    return [
        _item("a-conditional", conditional, "supply", ("Moscow", "RUS"), ("Pyongyang", "PRK"),
              factuality="conditional", condition=CONDITION,
              reported_by=_entity(conditional, "Officials", "RUS", "GOV")),
        _item("a-discussed", discussed, "supplying", ("Moscow", "RUS"), ("Pyongyang", "PRK"),
              factuality="hypothetical"),
        _item("a-belarus", "Minsk sent grain to Caracas.", "sent", ("Minsk", "BLR"), ("Caracas", "VEN")),
    ]  # fmt: skip


def _fill(arg: str, tmp: Path, db: Path, examples: Path) -> str:
    return arg.format(tmp=tmp, db=db, examples=examples)


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_a_mistake_is_one_line_exit_2_and_creates_nothing(
    name: str, small_db: Path, root_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, env, config, words = MISTAKES[name]
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.startswith("GEOEVENTS_")]:
        monkeypatch.delenv(key)
    if config is not None:
        (tmp_path / "geoevents.toml").write_text(config, encoding="utf-8")
    before = _tree(tmp_path)
    result = CliRunner().invoke(main, [_fill(a, tmp_path, small_db, root_dir / "examples") for a in args], env=env)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert _tree(tmp_path) == before  # no empty store, lock file or output left behind


_CHECKED_BEFORE_THE_MODEL = """
import sys
from geoevents.cli import main
try:
    main(["code", sys.argv[1], sys.argv[2], "--db", sys.argv[3]])
except SystemExit as stop:
    print(stop.code, "en_core_web_sm" in sys.modules)
"""


def test_inputs_are_checked_before_the_model_loads(root_dir: Path, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _CHECKED_BEFORE_THE_MODEL, str(root_dir / "examples"), str(tmp_path / "nope"),
         str(tmp_path / "x.duckdb")], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.stdout.split() == ["2", "False"], out.stdout + out.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_coding_the_examples_prints_only_the_summary(root_dir: Path, tmp_path: Path) -> None:
    # The coder freezes what it loaded out of the garbage collector; left frozen at exit, DuckDB's bindings printed
    # a page of "nanobind: leaked instances" after every command.
    out = subprocess.run(
        [sys.executable, "-m", "geoevents.cli", "code", str(root_dir / "examples" / "seed_korea.txt"), "--db",
         str(tmp_path / "x.duckdb")], capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "leaked" not in out.stdout + out.stderr


def test_serve_on_a_port_in_use_is_one_line(small_db: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--db", str(small_db), "--port", str(port), "--read-only"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and str(port) in lines[0] and "in use" in lines[0], result.stderr
    assert "dashboard on" not in result.output  # it never said it listened


def _ids(store: Store, **filters: object) -> set[str]:
    return {r["id"] for r in store.events(limit=None, **filters)}


def test_actor_codes_match_in_any_case_and_exactly(small_db: Path) -> None:
    with Store.open(small_db, read_only=True) as store:
        russia = _ids(store, actor="RUS")
        assert russia and _ids(store, actor="rus") == _ids(store, actor="Rus") == russia
        assert _ids(store, actor="rusgov") == _ids(store, actor="RUSGOV") == russia
        assert all(r["actor"][0]["code"] == "RUS" for r in store.events(actor="rus"))  # not Belarus
        assert {r["actor"][0]["code"] for r in store.events(actor="blr")} == {"BLR"}


def test_a_merged_event_shows_its_strongest_truth_and_filters_match_it(small_db: Path) -> None:
    with Store.open(small_db, read_only=True) as store:
        [merged] = store.events(actor="RUS")
        assert merged["mention_count"] == 2
        assert merged["factuality"] == "conditional" and merged["condition"] == CONDITION  # over "hypothetical"
        assert merged["reported_by"]["text"] == "Officials"
        truths = {e["factuality"]: e for e in merged["evidence"]}
        assert set(truths) == {"conditional", "hypothetical"}
        assert truths["conditional"]["condition"] == CONDITION and truths["hypothetical"]["condition"] is None
        assert truths["conditional"]["reported_by"]["text"] == "Officials"
        # The filter matches what is displayed: merged events by their own truth, reports by theirs.
        assert _ids(store, factuality="conditional") == {merged["id"]}
        assert _ids(store, factuality="hypothetical", actor="RUS") == set()
        hypothetical = store.events(factuality="hypothetical", reports=True)
        assert [r["article_id"] for r in hypothetical] == ["a-discussed"]


@pytest.fixture(scope="module")
def small_url(small_db: Path) -> Iterator[str]:
    with running_server(Settings(db=str(small_db))) as url:
        yield url


def test_the_api_and_the_event_page_show_each_reports_truth(small_url: str) -> None:
    [merged] = httpx.get(f"{small_url}/api/events", params={"factuality": "conditional"}).json()["events"]
    assert merged["factuality"] == "conditional" and merged["condition"] == CONDITION
    discussed = next(e["event_id"] for e in merged["evidence"] if e["factuality"] == "hypothetical")
    # Asked by the id of either report, the event comes with both reports' conditions and sources.
    detail = httpx.get(f"{small_url}/api/events/{discussed}").json()
    assert detail["condition"] == CONDITION
    assert {e["factuality"]: e["condition"] for e in detail["evidence"]} == {
        "conditional": CONDITION, "hypothetical": None}  # fmt: skip
    page = httpx.get(f"{small_url}/events/{merged['id']}").text
    assert CONDITION in page and "reported by" in page
    assert page.count("report-truth") == 2
    reports = httpx.get(f"{small_url}/api/events", params={"reports": "true", "actor": "RUS"}).json()["events"]
    assert sorted(r["factuality"] for r in reports) == ["conditional", "hypothetical"]


@pytest.mark.parametrize("query", [{"factualty": "negated"}, {"actor": "RUS", "limt": "5"}])
def test_unknown_api_parameters_are_422(small_url: str, query: dict[str, str]) -> None:
    response = httpx.get(f"{small_url}/api/events", params=query)
    assert response.status_code == 422
    [typo] = [k for k in query if k not in ("actor",)]
    assert typo in json.dumps(response.json())
