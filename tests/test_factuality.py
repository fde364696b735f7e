"""Factuality, reported speech and arguments on sentences written for these tests (not from any gold file).

Each case: sentence, category, actor codes, recipient codes, factuality and (optionally) reported_by / condition.
The event checked is the first event of that category in the sentence that is not a derived statement of intent.
"""

from __future__ import annotations

import pytest

from geoevents.models import Event

ARTICLE_DATE = "2024-06-21"

CASES = [
    # asserted
    ("France condemned Russia on Tuesday.", "ACCUSE", {"FRA"}, {"RUS"}, "asserted"),
    ("Germany sent humanitarian aid to Ukraine.", "AID", {"DEU"}, {"UKR"}, "asserted"),
    ("China expelled two Canadian diplomats.", "SANCTION", {"CHN"}, {"CAN"}, "asserted"),
    ("Turkish police arrested dozens of Syrian refugees.", "COERCE", {"TUR"}, {"SYR"}, "asserted"),
    ("Egypt praised Sudan for the peace deal.", "SUPPORT", {"EGY"}, {"SDN"}, "asserted"),
    ("India rejected Pakistan's proposal for talks.", "REJECT", {"IND"}, {"PAK"}, "asserted"),
    ("The United States imposed sanctions on Iran.", "SANCTION", {"USA"}, {"IRN"}, "asserted"),
    ("Poland deployed troops to Lithuania.", "MOBILIZE", {"POL"}, {"LTU"}, "asserted"),
    ("Japan and South Korea held talks in Tokyo.", "CONSULT", {"JPN", "KOR"}, set(), "asserted"),
    ("Iran refused to release the British prisoners.", "REJECT", {"IRN"}, {"GBR"}, "asserted"),
    ("Russia threatened to cut gas supplies to Moldova if it joins NATO.", "THREATEN", {"RUS"}, {"MDA"}, "asserted"),
    ("France promised to supply tanks to Ukraine.", "AGREE", {"FRA"}, {"UKR"}, "asserted"),
    ("Chile rejected Bolivia's demand for access to the sea.", "REJECT", {"CHL"}, {"BOL"}, "asserted"),
    # negated
    ("Russia did not attack Ukraine.", "ASSAULT", {"RUS"}, {"UKR"}, "negated"),
    ("Brazil has not recognized Taiwan.", "SUPPORT", {"BRA"}, {"TWN"}, "negated"),
    ("Iran refused to release the British prisoners.", "RETREAT", {"IRN"}, {"GBR"}, "negated"),
    ("Hungary declined to sign the agreement with Serbia.", "SUPPORT", {"HUN"}, {"SRB"}, "negated"),
    ("Nigeria will not send troops to Mali.", "MOBILIZE", {"NGA"}, {"MLI"}, "negated"),
    ("Spain did not condemn Morocco.", "ACCUSE", {"ESP"}, {"MAR"}, "negated"),
    ("Iran denied that it attacked the tanker.", "ASSAULT", {"IRN"}, set(), "negated"),
    # hypothetical
    ("South Korea is considering supplying weapons to Ukraine.", "AID", {"KOR"}, {"UKR"}, "hypothetical"),
    ("Norway could impose sanctions on Belarus.", "SANCTION", {"NOR"}, {"BLR"}, "hypothetical"),
    ("Canada may expel Indian diplomats.", "SANCTION", {"CAN"}, {"IND"}, "hypothetical"),
    ("Japan is weighing sanctions against North Korea.", "SANCTION", {"JPN"}, {"PRK"}, "hypothetical"),
    ("Mexico might recall its ambassador from Peru.", "SANCTION", {"MEX"}, {"PER"}, "hypothetical"),
    ("Greece proposed holding talks with Turkey.", "CONSULT", {"GRC"}, {"TUR"}, "hypothetical"),
    ("Vietnam wants to sign a trade agreement with Australia.", "SUPPORT", {"VNM"}, {"AUS"}, "hypothetical"),
    ("Russia's intention to supply arms to Iran worried Israel.", "AID", {"RUS"}, {"IRN"}, "hypothetical"),
    # future
    ("Kenya will host Ethiopia's foreign minister next week.", "CONSULT", {"KEN"}, {"ETH"}, "future"),
    ("The American envoy will visit Hanoi.", "CONSULT", {"USA"}, {"VNM"}, "future"),
    ("Argentina plans to withdraw its troops from Haiti.", "RETREAT", {"ARG"}, {"HTI"}, "future"),
    ("Italy is going to send aid to Libya.", "AID", {"ITA"}, {"LBY"}, "future"),
    ("Indonesia pledged to deliver humanitarian aid to Myanmar.", "AID", {"IDN"}, {"MMR"}, "future"),
    ("France promised to supply tanks to Ukraine.", "AID", {"FRA"}, {"UKR"}, "future"),
    # conditional
    ("Russia threatened to cut gas supplies to Moldova if it joins NATO.", "SANCTION", {"RUS"}, {"MDA"}, "conditional"),
    ("China will attack Taiwan if it declares independence.", "ASSAULT", {"CHN"}, {"TWN"}, "conditional"),
    ("Iran will resume talks with the United States unless sanctions are lifted.", "CONSULT", {"IRN"}, {"USA"},
     "conditional"),
    ("Turkey would send troops to Syria if the Kurds attack.", "MOBILIZE", {"TUR"}, {"SYR"}, "conditional"),
    ("Pakistan will release the Indian pilot if India agrees to talks.", "RETREAT", {"PAK"}, {"IND"}, "conditional"),
    # an attack by an unnamed "third party" inside a condition: no actor, no political party, not asserted
    ("The alliance only takes effect if a member state is attacked by a third party.", "ASSAULT", set(), set(),
     "hypothetical"),
    ("Japan's National Security Council met on Friday.", "CONSULT", {"JPN"}, set(), "asserted"),
    # reported speech keeps the reported event's own actor
    ("Ukraine said that Russia shelled Ukrainian villages.", "ASSAULT", {"RUS"}, {"UKR"}, "asserted"),
    ("Israeli soldiers killed three Palestinians, Palestinian officials said.", "ASSAULT", {"ISR"}, {"PSE"},
     "asserted"),
    ("According to Japan, China seized a Japanese fishing boat.", "COERCE", {"CHN"}, {"JPN"}, "asserted"),
    ("The French government said Algeria had expelled French diplomats.", "SANCTION", {"DZA"}, {"FRA"}, "asserted"),
    ("Sweden announced that Norway had arrested a Swedish journalist.", "COERCE", {"NOR"}, {"SWE"}, "asserted"),
    # historical: an explicit earlier year
    ("Iraq invaded Kuwait in 1990.", "ASSAULT", {"IRQ"}, {"KWT"}, "historical"),
    ("Germany invaded Poland in 1939.", "ASSAULT", {"DEU"}, {"POL"}, "historical"),
]

REPORTERS = {
    "Ukraine said that Russia shelled Ukrainian villages.": "UKR",
    "Israeli soldiers killed three Palestinians, Palestinian officials said.": "PSE",
    "According to Japan, China seized a Japanese fishing boat.": "JPN",
    "The French government said Algeria had expelled French diplomats.": "FRA",
    "Sweden announced that Norway had arrested a Swedish journalist.": "SWE",
}


@pytest.fixture(scope="module")
def nlp():
    from geoevents.nlp import load_pipeline

    return load_pipeline()


def code(nlp, text: str) -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.geo_article_id = "t"
    doc._.geo_date = ARTICLE_DATE
    doc = nlp(doc)
    return [Event.from_dict(e) for e in doc._.geo_events]


def pick(events: list[Event], category: str) -> Event:
    found = [e for e in events if e.event == category]
    assert found, f"no {category} event in {[(e.event, e.event_text) for e in events]}"
    # a derived statement of intent ("will attack" -> THREATEN) starts at its modal; prefer the event itself
    found.sort(key=lambda e: (e.event_text.split()[0].lower() in ("will", "would", "is", "are"), e.event_start))
    return found[0]


def codes(entities) -> set[str]:
    return {e.code for e in entities if e.code}


@pytest.mark.parametrize(("sentence", "category", "actors", "recipients", "factuality"), CASES)
def test_factuality_and_arguments(nlp, sentence, category, actors, recipients, factuality):
    event = pick(code(nlp, sentence), category)
    assert codes(event.actor) == actors, event
    assert codes(event.recipient) == recipients, event
    assert event.factuality == factuality, event
    if sentence in REPORTERS and category != "REJECT":
        assert event.reported_by is not None and event.reported_by.code == REPORTERS[sentence]


@pytest.mark.parametrize(
    ("sentence", "category", "condition"),
    [
        ("Russia threatened to cut gas supplies to Moldova if it joins NATO.", "SANCTION", "if it joins NATO"),
        ("China will attack Taiwan if it declares independence.", "ASSAULT", "if it declares independence"),
        ("Iran will resume talks with the United States unless sanctions are lifted.", "CONSULT",
         "unless sanctions are lifted"),
    ],
)
def test_condition_text(nlp, sentence, category, condition):
    event = pick(code(nlp, sentence), category)
    assert event.condition == condition


def test_condition_links_to_the_event_inside_it(nlp):
    events = code(nlp, "Turkey will invade Syria if Kurdish militias attack Turkish soldiers.")
    invade = next(e for e in events if e.event == "ASSAULT" and e.event_text.endswith("invade"))
    inside = next(e for e in events if e.event == "ASSAULT" and e.event_text == "attack")
    assert invade.factuality == "conditional"
    assert invade.condition_event_id == inside.id
    assert inside.factuality == "hypothetical"  # the condition has not happened either


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Kenya will host Ethiopia's foreign minister next week.", "AGREE"),
        ("China will attack Taiwan if it declares independence.", "THREATEN"),
        ("Syria says it is willing to withdraw its troops from Lebanon.", "AGREE"),
    ],
)
def test_stated_intent_is_its_own_asserted_event(nlp, sentence, expected):
    events = code(nlp, sentence)
    intent = [e for e in events if e.event == expected and e.factuality == "asserted"]
    assert intent, [(e.event, e.factuality) for e in events]


def test_reported_speech_keeps_reported_actor(nlp):
    event = pick(code(nlp, "Ukraine said that Russia shelled Ukrainian villages."), "ASSAULT")
    assert codes(event.actor) == {"RUS"}
    assert event.reported_by is not None and event.reported_by.code == "UKR"
    assert event.reported_by.text in event.sentence


def test_demand_by_modal_in_reported_clause(nlp):
    events = code(nlp, "Germany said that Austria must close its border.")
    demand = pick(events, "REQUEST")
    assert codes(demand.actor) == {"DEU"} and codes(demand.recipient) == {"AUT"}
    assert demand.factuality == "asserted"


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Argentina will probably expel two Chilean diplomats.", "SANCTION"),
        ("Syria will almost certainly attack Turkish positions next week.", "ASSAULT"),
        ("Kenya probably will not sign the accord with Somalia.", "SUPPORT"),
        ("Analysts said Egypt would most likely request new loans from the IMF.", "REQUEST"),
    ],
)
def test_a_hedged_prediction_is_hypothetical_not_future(nlp, sentence, category):
    events = code(nlp, sentence)
    event = pick(events, category)
    assert event.factuality == "hypothetical", event
    # a forecast states no intention of its actor either
    assert not [e for e in events if e.event == "THREATEN" and e.factuality == "asserted"], events


@pytest.mark.parametrize(
    "sentence",
    [
        "Economists said exports should be up about 3 percent this month.",
        "The chairman said sales should exceed 200 million dollars this year.",
    ],
)
def test_a_forecast_with_should_is_no_demand(nlp, sentence):
    assert not [e for e in code(nlp, sentence) if e.event == "REQUEST"]


def test_a_demand_of_someone_with_should_stays(nlp):
    demand = pick(code(nlp, "Turkey said Syria should withdraw its troops from the border."), "REQUEST")
    assert codes(demand.actor) == {"TUR"} and codes(demand.recipient) == {"SYR"}


@pytest.mark.parametrize(
    ("sentence", "category", "factuality"),
    [
        ("The Italian cabinet will have to resign after the vote.", "RETREAT", "hypothetical"),
        ("Officials say Portugal has to expel the Angolan diplomats.", "SANCTION", "hypothetical"),
        ("The Afghan governor had to resign after the scandal.", "RETREAT", "asserted"),
    ],
)
def test_an_obligation_has_not_happened(nlp, sentence, category, factuality):
    assert pick(code(nlp, sentence), category).factuality == factuality
