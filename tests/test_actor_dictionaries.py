"""The open actor dictionaries: users' copies load as they are (malformed lines skipped and named), and the converted
bundled knowledge (geoevents/actors/data/dictionaries/) resolves their entries, dated roles included."""

from __future__ import annotations

from pathlib import Path

import pytest

from geoevents.actors import ActorResolver, parse_cameo
from geoevents.actors.dictionaries import SOURCES, add_dictionaries, alias_keys
from geoevents.actors.knowledge import build_knowledge, cached_knowledge
from geoevents.errors import InputError


def _pair(resolver: ActorResolver, text: str, date: str | None = None) -> tuple[str | None, str | None] | None:
    entity = resolver.resolve(text, date=date)
    return None if entity is None else (entity.code, entity.sector)


@pytest.fixture(scope="module")
def bundled() -> ActorResolver:
    return ActorResolver.load()


def _users_only(path: Path) -> ActorResolver:
    """The hand-written knowledge and a user's file, without the bundled dictionaries (quicker to build)."""
    return ActorResolver(build_knowledge((str(path),), dictionaries=()))


# ---- users' copies of the dictionaries, read as they are -------------------------------------------------------

# (file under ../shared/dictionaries, lines known to be malformed, (mention, date, expected code and sector))
SHARED_FILES = [
    ("petrarch2/Phoenix.Countries.actors.txt", {2039, 15346, 18010, 22508, 22519, 31715, 43613, 51384},
     ("Franz Jonas", "1970-01-01", ("AUT", "GOV"))),
    ("petrarch2/Phoenix.International.actors.txt", {40, 3694}, ("Znanie", None, ("NGO", None))),
    ("petrarch2/Phoenix.MilNonState.actors.txt", set(), ("Anarchist Faction", None, ("GRC", "REB"))),
    ("petrarch2/Phoenix.agents.txt", {544}, ("Greek agriculturalist", None, ("GRC", "AGR"))),
    ("petrarch2/Phoenix.discards.txt", None, None),
    ("ngec/PLOVER_agents.txt", None, ("Greek sodbuster", None, ("GRC", "AGR"))),
    ("ngec/countries.csv", set(), ("Ivorians", None, ("CIV", "CVL"))),
]


@pytest.mark.parametrize(("name", "malformed", "check"), SHARED_FILES)
def test_shared_dictionary_loads_as_it_is(shared_dir: Path, name: str, malformed: set[int] | None,
                                          check: tuple[str, str | None, tuple[str | None, str | None]] | None) -> None:
    path = shared_dir / "dictionaries" / name
    resolver = ActorResolver.load((str(path),))
    problems = resolver.knowledge.problems
    assert all(p.path == str(path) and p.line is not None for p in problems)
    if malformed is not None:
        assert {p.line for p in problems} == malformed
    if check is not None:
        text, date, expected = check
        assert _pair(resolver, text, date) == expected


def test_quirks_of_the_country_file(shared_dir: Path) -> None:
    """'[EGYGOV > 140608]' (a space after '>') is read; '>201005011' (nine digits) is skipped and named."""
    path = shared_dir / "dictionaries" / "petrarch2" / "Phoenix.Countries.actors.txt"
    resolver = ActorResolver.load((str(path),))
    entity = resolver.resolve("Abdel Fattah el-Sisi", date="2015-01-01")
    assert entity is not None and (entity.code, entity.sector) == ("EGY", "GOV")
    assert "Phoenix.Countries.actors.txt:14122" in (entity.reason or "") and "140608" in (entity.reason or "")
    bad = [p for p in resolver.knowledge.problems if p.line == 18010]
    assert len(bad) == 1 and "'>201005011'" in str(bad[0]) and str(bad[0]).startswith(f"{path}:18010:")


def test_person_with_two_dated_roles_from_a_users_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "leaders.txt"
    path.write_text("JANE_EXAMPLE_  # CountryInfo.txt\n"
                    "\t[NZLGOV 100101-151231]\n"
                    "\t[NZLMIL > 160101]\n", encoding="utf-8")
    resolver = _users_only(path)
    assert _pair(resolver, "Jane Example", "2012-01-01") == ("NZL", "GOV")
    assert _pair(resolver, "Jane Example", "2017-01-01") == ("NZL", "MIL")


def test_phrases_without_codes_share_the_codes_that_follow(tmp_path: Path) -> None:
    """PETRARCH reads name lines with no code of their own, one after another, as one entry whose codes follow (the
    Phoenix country file lists Boris Yeltsin so); a blank or comment line ends such a group."""
    path = tmp_path / "leaders.txt"
    path.write_text("BORIS_YELTSIN_  # CountryInfo.txt\n"
                    "PRESIDENT_BORIS_N._YELTSIN\n"
                    "\t[RUSGOV 910710-991231]\n"
                    "STRAY_NAME_\n"
                    "\n"
                    "JANE_EXAMPLE_ [NZLGOV]\n", encoding="utf-8")
    entries = parse_cameo(path)
    assert [(e[0], e[1]) for e in entries] == [("BORIS YELTSIN", ["PRESIDENT BORIS N. YELTSIN"]),
                                               ("STRAY NAME", []), ("JANE EXAMPLE", [])]
    resolver = _users_only(path)
    assert _pair(resolver, "Boris Yeltsin", "1995-01-01") == ("RUS", "GOV")
    assert _pair(resolver, "Jane Example") == ("NZL", "GOV")


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("+ALIAS_\nMEDVEDEV_ [RUSGOV]\n", 1, "alias line"),
        ("PUTIN_ [RUSGOV >99x]\nMEDVEDEV_ [RUSGOV]\n", 1, "bad date"),
        ("X_ [RUSGOV]\nPUTIN_ [RUSGOV >201005011]\nMEDVEDEV_ [RUSGOV]\n", 2, "'>201005011'"),
        ("X_ [RUSGOV]\nPUTIN_ [RUSGOV 000231-010101]\nMEDVEDEV_ [RUSGOV]\n", 2, "bad date"),
        ("MINISTRY_OF_ENVIRONMENT [~ENV}\nMEDVEDEV_ [RUSGOV]\n", 1, "unbalanced brackets"),
    ],
)
def test_malformed_line_is_skipped_and_named(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    problems: list[InputError] = []
    entries = parse_cameo(path, problems.append)
    assert len(problems) == 1 and problems[0].line == line and problems[0].path == str(path)
    assert message in str(problems[0])
    assert entries[-1][0] == "MEDVEDEV"  # the rest of the file loads
    assert _pair(_users_only(path), "Medvedev") == ("RUS", "GOV")


@pytest.mark.slow
def test_malformed_lines_count_in_the_code_summary(tmp_path: Path) -> None:
    from geoevents.coding import code
    from geoevents.settings import Settings

    actors = tmp_path / "bad.txt"
    actors.write_text("PUTIN_ [RUSGOV >201005011]\nMEDVEDEV_ [RUSGOV]\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Medvedev met the Chinese foreign minister in Beijing on Monday.", encoding="utf-8")
    seen: list[InputError] = []
    report = code([article], out=tmp_path / "out.jsonl", settings=Settings(actors_file=(str(actors),)),
                  on_problem=seen.append)
    assert any(f"{actors}:1:" in p for p in report.problems)
    assert [p.line for p in seen] == [1]


# ---- the bundled, converted dictionaries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("Franz Jonas", "1960-01-01", ("AUT", "ELI")),  # before his presidency ([AUTELI 19170101-650609])
        ("Franz Jonas", "1970-01-01", ("AUT", "GOV")),  # [AUTGOV 650609-740424]
        ("Franz Jonas", "1980-01-01", ("AUT", "ELI")),  # after the last role ended: a former office holder
        ("Afghanestan", None, ("AFG", None)),  # a misspelling the country file lists
        ("Anarchist Faction", None, ("GRC", "REB")),  # Phoenix.MilNonState
        ("striking nurses", None, (None, "CVL")),  # PLOVER_agents: [~CVLOPPMED], the first sector
        ("British Empire", None, None),  # Phoenix.discards: names no actor
    ],
)
def test_bundled_dictionary_entries(bundled: ActorResolver, text: str, date: str | None,
                                    expected: tuple[str | None, str | None] | None) -> None:
    assert _pair(bundled, text, date) == expected


def test_dictionary_answer_names_file_line_and_role(bundled: ActorResolver) -> None:
    entity = bundled.resolve("Franz Jonas", date="1970-01-01")
    assert entity is not None
    assert "Phoenix.Countries.actors.txt:2727" in (entity.reason or "")
    assert "[AUTGOV 650609-740424] line 2729" in (entity.reason or "")


def test_hand_written_knowledge_wins(bundled: ActorResolver) -> None:
    """'Ehud Barak' is in people.tsv and in Phoenix.Countries: the hand-written row decides."""
    entity = bundled.resolve("Ehud Barak", date="2000-06-01")
    assert entity is not None and (entity.code, entity.sector) == ("ISR", "GOV")
    assert (entity.reason or "").startswith("person Ehud Barak (people.tsv:")
    hand = build_knowledge(dictionaries=())
    full = cached_knowledge()
    for key, aliases in hand.phrases.items():
        assert [a.entry.source for a in full.phrases[key]] == [a.entry.source for a in aliases]


def test_each_dictionary_can_be_left_out() -> None:
    without = build_knowledge(dictionaries=tuple(s for s in SOURCES if s != "phoenix_discards"))
    assert _pair(ActorResolver(without), "British Empire") == ("GBR", None)  # "British" speaks again
    # a name only the dictionaries hold (a misspelling like "Afghanestan" is corrected without them: names.py)
    assert ActorResolver(build_knowledge(dictionaries=())).resolve("Graveyard of Empires") is None


def test_unknown_dictionary_is_a_clear_error() -> None:
    from geoevents.actors.index import KnowledgeBuilder
    from geoevents.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown actor dictionary"):
        add_dictionaries(KnowledgeBuilder(), ("nope",))


def test_alias_keys_match_the_knowledge_tokeniser() -> None:
    assert alias_keys("the Ivory Coast") == [("the ivory coast", "011"), ("ivory coast", "11")]
    assert alias_keys("Abdel Fattah el-Sisi") == [("abdel fattah el sisi", "1101")]


@pytest.mark.slow
def test_committed_files_are_what_the_script_builds(shared_dir: Path, tmp_path: Path, root_dir: Path) -> None:
    """Rerunnable and deterministic: building from ../shared gives the committed files byte for byte."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_dicts", root_dir / "scripts" / "build_actor_dictionaries.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_dicts"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["build_dicts"]
    written, problems, _ = module.build(shared_dir / "dictionaries", tmp_path)
    assert set(written) == set(SOURCES) and len(problems) == 12
    committed = root_dir / "geoevents" / "actors" / "data" / "dictionaries"
    for source in SOURCES:
        assert (tmp_path / f"{source}.tsv").read_bytes() == (committed / f"{source}.tsv").read_bytes(), source
    assert (tmp_path / "LICENSE").read_bytes() == (committed / "LICENSE").read_bytes()
