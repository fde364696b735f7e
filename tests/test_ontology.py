"""The PLOVER ontology, trigger lexicon and cue files: loading, validation, lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from geoevents.errors import ConfigError
from geoevents.ontology import load_cues, load_lexicon, load_ontology, parse_trigger
from geoevents.ontology.loader import load_lexicon as _load_lexicon_uncached

CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
              "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def test_sixteen_categories():
    assert sorted(load_ontology().names) == sorted(CATEGORIES)


@pytest.mark.parametrize(
    ("name", "quad", "score"),
    [("AGREE", 1, 2.5), ("CONSULT", 1, 2.5), ("AID", 2, 10), ("RETREAT", 2, 6.5), ("REQUEST", 3, 0),
     ("THREATEN", 3, -3.5), ("PROTEST", 4, -5), ("ASSAULT", 4, -9), ("COERCE", 4, -7), ("SANCTION", 4, -6)],
)
def test_quads_and_scores(name, quad, score):
    cat = load_ontology().category(name)
    assert cat.quad == quad and cat.score == score


@pytest.mark.parametrize(
    ("name", "mode", "score"),
    [("CONSULT", "visit", 4), ("ASSAULT", "aerial", -9.5), ("COERCE", "arrest", -7), ("RETREAT", "release", 6.5),
     ("ASSAULT", None, -9), ("ASSAULT", "no-such-mode", -9)],
)
def test_mode_score_falls_back_to_category(name, mode, score):
    assert load_ontology().category(name).mode_score(mode) == score


@pytest.mark.parametrize(
    ("old", "event", "mode"),
    [("DEMAND", "REQUEST", None), ("DISAPPROVE", "ACCUSE", None), ("INVESTIGATE", "ACCUSE", "investigate"),
     ("FIGHT", "ASSAULT", None), ("assault", "ASSAULT", None)],
)
def test_crosswalk(old, event, mode):
    assert load_ontology().translate(old) == (event, mode)


def test_every_category_has_verbs_and_nouns():
    lex = load_lexicon()
    for cat in CATEGORIES:
        kinds = {t.kind for t in lex.triggers if t.event == cat}
        assert kinds == {"v", "n"}, cat


@pytest.mark.parametrize(
    ("line", "lemma", "particle", "prep", "objects", "modifiers"),
    [
        ("v crack ~down +on | mode=restrict", "crack", "down", "on", (), ()),
        ("v hold =talk/meeting", "hold", None, None, (("talk", ()), ("meeting", ())), ()),
        ("v fire =warning_shot", "fire", None, None, (("shot", ("warning",)),), ()),
        ("n air_strike | mode=aerial", "strike", None, None, (), ("air",)),
        ("v call +for", "call", None, "for", (), ()),
    ],
)
def test_parse_trigger(line, lemma, particle, prep, objects, modifiers):
    trig = parse_trigger("ASSAULT", line)
    assert (trig.lemma, trig.particle, trig.prep, trig.objects, trig.modifiers) == (
        lemma, particle, prep, objects, modifiers)


@pytest.mark.parametrize("line", ["x attack", "v", "v attack ^up", "v attack | colour=red"])
def test_parse_trigger_rejects_bad_lines(line):
    with pytest.raises(ValueError):
        parse_trigger("ASSAULT", line)


def test_specific_entries_are_tried_first():
    entries = load_lexicon().verbs["lift"]
    assert entries[-1].objects or entries[0].specificity >= entries[-1].specificity
    assert all(a.specificity >= b.specificity for a, b in zip(entries, entries[1:], strict=False))


def test_cues_resolve_governors():
    cues = load_cues()
    assert cues.governors["consider"] == "hypothetical"
    assert cues.governors["plan"] == "future"
    assert cues.governors["refuse"] == "negated"
    assert "say" in cues.speech and "if" in cues.conditions and "will" in cues.future_modals


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ATTACKS:\n  - v attack\n", "unknown PLOVER category"),
        ("ASSAULT:\n  - v attack | mode=laser\n", "is not a PLOVER mode"),
        ("ASSAULT:\n  - v attack | ctx=weather\n", "unknown context"),
        ("ASSAULT:\n  - q attack\n", "ASSAULT"),
        ("ASSAULT: [unclosed\n", "invalid YAML"),
    ],
)
def test_bad_lexicon_files_name_the_file(tmp_path: Path, content, message):
    path = tmp_path / "triggers.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        _load_lexicon_uncached(str(path))
    assert message in str(info.value) and str(path) in str(info.value)


def test_missing_file_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="missing"):
        load_ontology(str(tmp_path / "nope.yaml"))


@pytest.mark.parametrize(
    ("field", "present", "absent"),
    [
        ("group_nouns", ["country", "ally", "neighbour", "organization"], ["stockpile", "visit", "treaty"]),
        ("owning_verbs", ["have", "possess", "stockpile"], ["send", "supply"]),
    ],
)
def test_cues_actor_word_lists(field, present, absent):
    words = getattr(load_cues(), field)
    assert all(w in words for w in present) and not any(w in words for w in absent)
    assert all(w == w.lower() for w in words)


def test_cues_lists_are_optional(tmp_path: Path):
    import yaml

    from geoevents.ontology.loader import DATA_DIR

    data = yaml.safe_load((DATA_DIR / "cues.yaml").read_text(encoding="utf-8"))
    del data["group_nouns"], data["owning_verbs"]
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    cues = load_cues(str(path))
    assert cues.group_nouns == frozenset() and cues.owning_verbs == frozenset()
