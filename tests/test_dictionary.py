"""Dictionary knowledge: the converter of the CAMEO verb dictionary, the loader, the merge with the hand lexicon."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from geoevents.errors import ConfigError
from geoevents.ontology import load_lexicon, load_trigger_lexicon, merge_lexicon, parse_trigger
from geoevents.ontology.dictionary import DICTIONARY_FILE, load_dictionary_triggers, uncovered
from geoevents.ontology.loader import index_triggers

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_cameo_verbs", ROOT / "scripts" / "build_cameo_verbs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_cameo_verbs"] = module
    spec.loader.exec_module(module)
    return module


# --- the converter ---------------------------------------------------------------------------------------------

SYNSETS = {
    "TRUCE": [(["truce"], True), (["cease", "fire"], False)],
    "ARMY": [(["army"], True), (["armed", "forces"], False)],
}


@pytest.mark.parametrize(
    ("pattern", "subjects", "particle", "prep", "objects"),
    [
        ("* AID", (), None, None, (("aid",),)),
        ("* TALKS", (), None, None, (("talks",), ("talk",))),
        ("* {HUMANITARIAN AID}", (), None, None, (("humanitarian", "aid"),)),
        ("* &TRUCE", (), None, None, (("truce",), ("cease", "fire"))),
        ("* (TO)", (), None, "to", ()),
        ("* (INTO {WAR CRIMES})", (), None, "into", (("war", "crimes"), ("war", "crime"))),
        ("* &TRUCE (WITH +)", (), None, "with", (("truce",), ("cease", "fire"))),
        ("* OUT VIEWS", (), "out", None, (("views",), ("view",))),
        ("&ARMY * $", (("army",), ("armed", "forces"), ("armed", "force")), None, None, ()),
        ("* AGAINST +", (), None, "against", ()),
    ],
)
def test_patterns_become_constraints(build: ModuleType, pattern: str, subjects: tuple, particle: str | None,
                                     prep: str | None, objects: tuple) -> None:
    c = build.pattern_constraints(pattern, build.Expander(SYNSETS))
    assert (c.subjects, c.particle, c.prep, c.objects) == (subjects, particle, prep, objects)


@pytest.mark.parametrize(
    "pattern",
    ["* FIRE (TO FLAG)", "* (ON ALERT) (ALONG BORDER)", "* RESTOR PEACE", "ROUNDLY * ", "* &UNKNOWN", "* (AID"],
)
def test_patterns_that_do_not_carry_over_are_left_out(build: ModuleType, pattern: str) -> None:
    with pytest.raises(build.PatternShape):
        build.pattern_constraints(pattern, build.Expander(SYNSETS))


@pytest.mark.parametrize(
    ("line", "lemma", "particle", "prep", "obj", "forms", "code"),
    [
        ("GIVE {GIVES GIVING GAVE GIVEN }  # jw", "give", None, None, None, ("gave", "given", "gives", "giving"), None),
        ("+CALL_OFF [160]", "call", "off", None, None, (), "160"),
        ("+ASK_FOR {+ASKED_FOR +ASKS_FOR} [020]", "ask", None, "for", None, ("asked", "asks"), "020"),
        ("+TAKE_SHAPE", "take", None, None, "shape", (), None),
    ],
)
def test_verb_lines(build: ModuleType, line: str, lemma: str, particle: str | None, prep: str | None,
                    obj: str | None, forms: tuple, code: str | None) -> None:
    verb = build.read_verb(build._strip_comment(line)[0], 1)
    assert (verb.lemma, verb.particle, verb.prep, verb.obj, verb.forms, verb.code) == (lemma, particle, prep, obj,
                                                                                       forms, code)


def test_auxiliary_phrases_are_no_verbs(build: ModuleType) -> None:
    assert build.read_verb("+IS_DETERMINED {+WAS_DETERMINED}", 1) is None


@pytest.mark.parametrize(("text", "code"), [("[042:043]", "042"), ("[:173]", "173"), ("[---]", None), ("", None)])
def test_event_codes(build: ModuleType, text: str, code: str | None) -> None:
    assert build._code(f"- * X {text}") == code


def test_crosswalk_maps_codes_to_plover(build: ModuleType) -> None:
    table = {"173": ("COERCE", "arrest", ("legal",), "Arrest"), "1712": ("ASSAULT", "seize", (), "Destroy property"),
             "185": ("ASSAULT", "assassinate", (), "Attempt to assassinate"), "0842": ("RETREAT", "return", (), "x"),
             "163": ("COERCE", "restrict", ("diplomatic",), "Impose embargo, boycott, or sanctions")}
    codebook = {"ASSAULT": {"destroy", "assassinate"}, "RETREAT": {"return", "release"}}
    valid = {"COERCE": {"arrest", "restrict"}, "ASSAULT": {"destroy", "targeted"}, "RETREAT": {"release"},
             "SANCTION": set()}
    walk = build.Crosswalk(table, codebook, valid, {"legal", "economic", "diplomatic"})
    assert walk.lookup("163").event == "SANCTION"  # PLOVER 2.0: sanctions and embargoes are SANCTION
    assert walk.lookup("1731") == build.Plover("COERCE", "arrest", ("legal",), "Arrest")  # a child takes its parent
    assert walk.lookup("1712").mode == "destroy"  # a mode PLOVER 2.0 does not define: the codebook's, by name
    assert walk.lookup("185").mode == "targeted"  # PLOVER 2.0's assassinate is geoevents' targeted
    assert walk.lookup("0842").mode is None  # a PLOVER 2.0 mode the ontology lacks: none rather than a wrong one
    assert walk.lookup("020") is None and walk.lookup("013") is None  # appeals and statements: no category


def test_build_is_deterministic_and_the_bundled_file_is_current(build: ModuleType, shared_dir: Path,
                                                                tmp_path: Path) -> None:
    policy = build.Policy()
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    for out in (first, second):
        rows, _, _ = build.build(build.DEFAULT_CAMEO, build.DEFAULT_CROSSWALK, build.DEFAULT_CODEBOOK, policy)
        build.write_rows(rows, out, policy)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == DICTIONARY_FILE.read_bytes(), "rebuild: python scripts/build_cameo_verbs.py"


# --- the loader ------------------------------------------------------------------------------------------------


def test_bundled_dictionary_loads_with_its_notice() -> None:
    triggers = load_dictionary_triggers()
    assert len(triggers) > 1000
    assert all(t.kind == "v" and t.source.startswith("CAMEO ") for t in triggers)
    assert all(t.ambiguous for t in triggers)  # a dictionary trigger codes only with a participant
    notice = DICTIONARY_FILE.with_suffix(".LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Open Event Data Alliance" in notice
    assert "CAMEO.2.0.txt" in DICTIONARY_FILE.read_text(encoding="utf-8").splitlines()[2]


HEADER = "event\tentry\tcameo\tblock\torigin\tkind\tline\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("event\tentry\n", "bad.tsv:2: expected the columns"),
        (HEADER + "ASSAULT\tv shell\t194\tX\t1\n", "bad.tsv:3: expected 7 tab-separated cells"),
        (HEADER + "ASSAULT\tv shell | mode=hug\t194\tX\t1\tpattern\t9\n", "bad.tsv:3: mode 'hug' is not a PLOVER mode"),
        (HEADER + "PARTY\tv dance\t194\tX\t1\tpattern\t9\n", "bad.tsv:3: unknown PLOVER category"),
        (HEADER + "ASSAULT\tx shell\t194\tX\t1\tpattern\t9\n", "bad.tsv:3: expected 'v LEMMA"),
    ],
)
def test_bad_dictionary_files_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("# a comment\n" + content, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_dictionary_triggers(str(path))


def test_missing_dictionary_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing"):
        load_dictionary_triggers(str(tmp_path / "none.tsv"))


# --- the merge -------------------------------------------------------------------------------------------------


def trig(line: str, event: str = "ASSAULT"):
    return parse_trigger(event, line)


@pytest.mark.parametrize(
    ("hand", "extra", "kept"),
    [
        (["v attack"], "v attack =position", None),  # a bare hand entry speaks for every use of its verb
        (["v give =aid/loan"], "v give =loan/money", "v give =money"),  # only what the hand entry does not cover
        (["v give =aid"], "v give =military_aid", None),  # "aid" accepts "military aid" too
        (["v give =military_aid"], "v give =aid", "v give =aid"),  # but not the other way round
        (["v hand ~over =suspect"], "v hand =suspect", "v hand =suspect"),  # without the particle: not covered
        (["v fire +on"], "v fire +on =position", None),
        (["v strike @worker"], "v strike @worker/teacher", "v strike @worker/teacher"),
        (["v deploy =troop"], "v deploy +to", "v deploy +to"),
    ],
)
def test_uncovered(hand: list[str], extra: str, kept: str | None) -> None:
    rest = uncovered(trig(extra), [trig(line) for line in hand])
    if kept is None:
        assert rest is None
    else:
        expected = trig(kept)
        assert rest is not None
        assert (rest.objects, rest.subjects, rest.particle, rest.prep) == (
            expected.objects, expected.subjects, expected.particle, expected.prep)


def test_merge_keeps_hand_entries_first_on_a_tie() -> None:
    hand = index_triggers((trig("v sign =accord", "SUPPORT"),))
    merged = merge_lexicon(hand, [trig("v sign =decree", "COERCE"), trig("v sign +with", "AGREE")])
    assert [t.event for t in merged.verbs["sign"]] == ["SUPPORT", "COERCE", "AGREE"]
    assert merged.triggers[0] is hand.triggers[0]


def test_trigger_sources() -> None:
    assert load_trigger_lexicon(("hand",)) is load_lexicon()
    both = load_trigger_lexicon()
    assert set(load_lexicon().triggers) <= set(both.triggers)
    assert len(both.triggers) > len(load_lexicon().triggers)
    assert all(t.source.startswith("CAMEO") for t in load_trigger_lexicon(("dictionary",)).triggers)
    with pytest.raises(ConfigError, match="unknown trigger sources"):
        load_trigger_lexicon(("hand", "wikipedia"))


def test_the_coder_uses_dictionary_knowledge() -> None:
    """A protest phrase the hand lexicon lacks and CAMEO's pattern 'took to the streets' (141) has."""
    from geoevents.coding import code_text
    from geoevents.nlp import load_pipeline

    text = "Thousands of Kenyans took to the streets of Nairobi on Friday."
    nlp = load_pipeline()
    assert [(e.event, e.mode) for e in code_text(text, nlp=nlp)] == [("PROTEST", "demo")]
    nlp.get_pipe("geoevents").extractor.lexicon = load_trigger_lexicon(("hand",))
    assert code_text(text, nlp=nlp) == []
