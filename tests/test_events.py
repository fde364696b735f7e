"""Event extraction on the seed article and on constructed sentences: triggers, arguments, offsets, ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from geoevents.events import primary_event
from geoevents.models import FACTUALITY_VALUES, Event


@pytest.fixture(scope="module")
def nlp():
    from geoevents.nlp import load_pipeline

    return load_pipeline()


def run(nlp, text: str, article_id: str = "t", date: str | None = "2024-06-21"):
    doc = nlp.make_doc(text)
    doc._.geo_article_id = article_id
    doc._.geo_date = date
    doc = nlp(doc)
    return doc, [Event.from_dict(e) for e in doc._.geo_events]


def codes(entities) -> set[str]:
    return {e.code for e in entities if e.code}


@pytest.fixture(scope="module")
def seed(nlp, seed_path: Path):
    text = seed_path.read_text(encoding="utf-8")
    doc, events = run(nlp, text, "seed", "2024-06-21")
    return text, doc, events


def find(events, category, sentence_part, **fields):
    found = [e for e in events if e.event == category and sentence_part in e.sentence]
    for key, value in fields.items():
        found = [e for e in found if getattr(e, key) == value]
    assert found, f"no {category} in '{sentence_part}': {[(e.event, e.event_text, e.factuality) for e in events]}"
    return found[0]


# -- the seed article -----------------------------------------------------------------------------------------
def test_seed_south_korea_weapons_for_ukraine_not_delivered(seed):
    _, _, events = seed
    aid = find(events, "AID", "reconsidering its stance")
    assert codes(aid.actor) == {"KOR"} and codes(aid.recipient) == {"UKR"}
    assert aid.factuality == "hypothetical"
    delivered = [e for e in events if e.event == "AID" and "KOR" in codes(e.actor) and "UKR" in codes(e.recipient)
                 and e.factuality in ("asserted", "historical")]
    assert delivered == []


def test_seed_putin_threat_is_asserted_and_supply_is_conditional(seed):
    _, _, events = seed
    threat = find(events, "THREATEN", "threatened to supply")
    assert codes(threat.actor) == {"RUS"} and threat.factuality == "asserted"
    supply = find(events, "AID", "threatened to supply")
    assert codes(supply.actor) == {"RUS"} and codes(supply.recipient) == {"PRK"}
    assert supply.factuality == "conditional"
    assert supply.condition == "if Western countries continue their arms deliveries to Ukraine"


def test_seed_russian_intention_to_supply_is_hypothetical_and_reported(seed):
    _, _, events = seed
    supply = find(events, "AID", "Russia's intention to supply")
    assert codes(supply.actor) == {"RUS"} and codes(supply.recipient) == {"PRK"}
    assert supply.factuality == "hypothetical"
    assert supply.reported_by is not None and supply.reported_by.code == "USA"


def test_seed_kritenbrink_will_visit_hanoi(seed):
    _, _, events = seed
    visit = find(events, "CONSULT", "will visit Hanoi")
    assert visit.factuality == "future" and visit.mode == "visit"
    assert codes(visit.actor) == {"USA"} and codes(visit.recipient) == {"VNM"}


def test_seed_putin_dismissed_seoul(seed):
    _, _, events = seed
    reject = find(events, "REJECT", "dismissed Seoul's concerns")
    assert codes(reject.actor) == {"RUS"} and codes(reject.recipient) == {"KOR"}
    assert reject.factuality == "asserted"


def test_seed_border_incident_military_actors(seed):
    _, _, events = seed
    crossing = find(events, "COERCE", "crossed the border")
    assert [(a.code, a.sector) for a in crossing.actor] == [("PRK", "MIL")]
    shots = find(events, "MOBILIZE", "warning shots")
    assert [(a.code, a.sector) for a in shots.actor] == [("KOR", "MIL")]


def test_seed_offsets_point_into_the_article(seed):
    text, doc, events = seed
    assert events
    sentences = list(doc.sents)
    for event in events:
        assert text[event.event_start : event.event_end] == event.event_text
        assert text[event.sentence_start : event.sentence_end] == event.sentence
        assert sentences[event.sentence_index].start_char == event.sentence_start
        assert event.factuality in FACTUALITY_VALUES
        for ent in event.actor + event.recipient:
            assert ent.start is not None and text[ent.start : ent.end] == ent.text
        assert 0.0 < event.confidence < 1.0


def test_seed_ids_are_stable(nlp, seed):
    text, _, events = seed
    _, again = run(nlp, text, "seed", "2024-06-21")
    assert [e.id for e in events] == [e.id for e in again]
    assert len({e.id for e in events}) == len(events)


# -- arguments ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "category", "actors", "recipients"),
    [
        ("The United States and France accused Russia of cyber attacks.", "ACCUSE", {"USA", "FRA"}, {"RUS"}),
        ("Egypt and Israel met in Cairo on Monday.", "CONSULT", {"EGY", "ISR"}, set()),
        ("Ukrainian villages were shelled by Russian forces.", "ASSAULT", {"RUS"}, {"UKR"}),
        ("Several agreements were signed by Vietnam and Russia.", "SUPPORT", {"VNM", "RUS"}, set()),
        ("Israel launched an air strike on Lebanon.", "ASSAULT", {"ISR"}, {"LBN"}),
        ("India held talks with China about the border.", "CONSULT", {"IND"}, {"CHN"}),
        ("Pakistan expressed concern over India's missile test.", "ACCUSE", {"PAK"}, {"IND"}),
        ("Belarus cracked down on Polish journalists.", "COERCE", {"BLR"}, {"POL"}),
        ("Mali called for talks with Algeria.", "REQUEST", {"MLI"}, {"DZA"}),
        ("The president of Brazil, Lula, visited Angola.", "CONSULT", {"BRA"}, {"AGO"}),
        ("Hungarian and Romanian officials agreed to share data.", "AGREE", {"HUN", "ROU"}, set()),
        ("Germany sent aid to Syria. It also condemned Iran.", "ACCUSE", {"DEU"}, {"IRN"}),
        ("Cuba signed a trade agreement with Mexico.", "SUPPORT", {"CUB"}, {"MEX"}),
        ("Thai soldiers fired warning shots at Cambodian troops.", "MOBILIZE", {"THA"}, {"KHM"}),
        ("Moscow urged Serbia to reject the proposal.", "REQUEST", {"RUS"}, {"SRB"}),
        ("Kenya recalled its ambassador to Uganda.", "SANCTION", {"KEN"}, {"UGA"}),
        ("Peru expelled two Chilean diplomats.", "SANCTION", {"PER"}, {"CHL"}),
        ("Angry Kenyan activists staged rallies against Uganda.", "PROTEST", {"KEN"}, {"UGA"}),
        ("Ghanaian peacekeepers arrived in Liberia.", "AID", {"GHA"}, {"LBR"}),
        ("Chile demanded that Peru withdraw its troops.", "REQUEST", {"CHL"}, {"PER"}),
        ("Israel is opposed to French mediation.", "REJECT", {"ISR"}, {"FRA"}),
        ("Israeli warplanes struck targets in Gaza.", "ASSAULT", {"ISR"}, {"PSE"}),
        ("Turkish troops massed on the Syrian border.", "MOBILIZE", {"TUR"}, {"SYR"}),
        ("The Indonesian army was put on high alert.", "MOBILIZE", {"IDN"}, set()),
        ("Bolivia nationalized the gas fields of a Brazilian company.", "COERCE", {"BOL"}, {"BRA"}),
        ("Sudan severed diplomatic ties with Iran on Monday.", "SANCTION", {"SDN"}, {"IRN"}),
    ],
)
def test_arguments(nlp, sentence, category, actors, recipients):
    _, events = run(nlp, sentence)
    event = find(events, category, "")
    assert codes(event.actor) == actors, event
    assert codes(event.recipient) == recipients, event


def test_infinitive_event_gets_the_controller_as_actor(nlp):
    _, events = run(nlp, "Moscow urged Serbia to reject the proposal.")
    reject = find(events, "REJECT", "")
    assert codes(reject.actor) == {"SRB"} and reject.factuality == "hypothetical"


# -- ontology fields ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "category", "mode", "quad", "intensity"),
    [
        ("Israel launched an air strike on Lebanon.", "ASSAULT", "aerial", 4, -9.5),
        ("Turkish police arrested ten Greek citizens.", "COERCE", "arrest", 4, -7),
        ("Japan hosted the Indian prime minister.", "CONSULT", "visit", 1, 4),
        ("France praised Senegal.", "SUPPORT", None, 1, 5),
        ("Thousands of Kenyans protested in Nairobi.", "PROTEST", "demo", 4, -5),
    ],
)
def test_mode_quad_intensity(nlp, sentence, category, mode, quad, intensity):
    _, events = run(nlp, sentence)
    event = find(events, category, "")
    assert (event.mode, event.quad_code, event.intensity) == (mode, quad, intensity)


@pytest.mark.parametrize(
    ("sentence", "category", "context"),
    [
        ("Iran threatened to attack Israel with nuclear weapons.", "ASSAULT", "cbrn"),
        ("Russia deployed troops to Belarus.", "MOBILIZE", "military"),
        ("Venezuela arrested an opposition candidate before the election.", "COERCE", "election"),
    ],
)
def test_context_cues(nlp, sentence, category, context):
    _, events = run(nlp, sentence)
    assert context in find(events, category, "").context


def test_participles_and_nominal_uses_are_not_triggers(nlp):
    _, events = run(nlp, "U.N. helicopters evacuated the wounded from Gorazde.")
    assert "ASSAULT" not in {e.event for e in events}
    _, events = run(nlp, "The exercises demonstrate a united front.")
    assert "PROTEST" not in {e.event for e in events}


def test_lemmatizer_errors_do_not_hide_triggers():
    from geoevents.events.triggers import lemma_keys

    class Tok:  # the lemma the small model gives "staged"
        lemma_ = "stag"
        lower_ = "staged"

    assert "stage" in lemma_keys(Tok())  # type: ignore[arg-type]


def test_no_events_without_triggers(nlp):
    _, events = run(nlp, "The weather in Paris was pleasant and the museums were busy.")
    assert events == []


def test_primary_event_prefers_the_asserted_main_clause(nlp):
    doc, events = run(nlp, "Iran refused to release the British prisoners.")
    main = primary_event(doc[:], [e.to_dict() for e in events])
    assert main is not None and main["event"] == "REJECT"
    assert primary_event(doc[:], []) is None
