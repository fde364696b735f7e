"""Names as people write them (geoevents.actors.names and the name rules of geoevents.actors.phrases): misspelt and
variant names of countries, capitals and cities, people in other transliterations, honorifics, titles, initials,
"Surname, Given", and a known name inside a longer unknown one. The variants are our own, not lines of the dev file.
"""

from __future__ import annotations

import pytest

from geoevents.actors import ActorResolver, explain
from geoevents.actors.names import one_edit, place_spelling, skeleton


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load()


def _pair(resolver: ActorResolver, text: str, date: str | None = None) -> tuple[str | None, str | None] | None:
    entity = resolver.resolve(text, date=date)
    return None if entity is None else (entity.code, entity.sector)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same in a common transliteration (doubled letters once, gh = g, ou = u, kh = h ...)
        ("Bagdad", ("IRQ", "GOV")),
        ("Beirout", ("LBN", "GOV")),
        ("Tripolli", ("LBY", "GOV")),
        ("Khartum", ("SDN", "GOV")),
        # older names and other transliterations of capitals and major cities (place_names.tsv)
        ("Kiev", ("UKR", "GOV")),
        ("Peking", ("CHN", "GOV")),
        ("Bombay", ("IND", "CVL")),
        ("Leningrad", ("RUS", "CVL")),
    ],
)
def test_places_written_another_way(resolver: ActorResolver, text: str, expected: tuple[str, str | None]) -> None:
    assert _pair(resolver, text) == expected


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        # people in another transliteration: surname and given names close to one known person's
        ("Kasym-Zhomart Tokayev", "2020-01-01", ("KAZ", "GOV")),
        ("Hosni Moubarak", "2005-01-01", ("EGY", "GOV")),
        ("Mahmud Abbas", "2010-01-01", ("PSE", "GOV")),
        ("Benyamin Netanyahu", "2010-01-01", ("ISR", "GOV")),
        # a surname after a title or an honorific, the same name in the common transliteration
        ("President Tokaev", "2021-01-01", ("KAZ", "GOV")),
        ("Mrs. Thatcher", "1985-01-01", ("GBR", "GOV")),
        # honorifics, initials and "Surname, Given"
        ("Mr. Putin", "2015-01-01", ("RUS", "GOV")),
        ("Dr. Angela Merkel", "2010-01-01", ("DEU", "GOV")),
        ("V. Putin", "2015-01-01", ("RUS", "GOV")),
        ("J. Biden", "2022-01-01", ("USA", "GOV")),
        ("George W. Bush", "2003-01-01", ("USA", "GOV")),
        ("Putin, Vladimir", "2015-01-01", ("RUS", "GOV")),
        ("Merkel, Angela", "2010-01-01", ("DEU", "GOV")),
    ],
)
def test_people_written_another_way(resolver: ActorResolver, text: str, date: str,
                                    expected: tuple[str, str]) -> None:
    assert _pair(resolver, text, date) == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Jimmy Morales", None),  # not Evo Morales: another given name
        ("K. Putin", None),  # an initial that is not Vladimir Putin's
        ("Mohammad Tehrani", None),  # a surname one edit from Tehran: a person's name, not the capital
        ("Chad Smith", None),
        ("Ms. Jones", None),  # a surname many people bear
        ("Chancellor Scholtz", "2022-06-01"),  # a lone surname close to another's (Schiltz) is not enough
        ("Kabol", None),
        # ordinary words one edit from a place are no misspelling of it
        ("Change", None),  # Changde
        ("Hungry", None),  # Hungary
        ("Indeed", None),  # India
        ("Values", None),  # Wales
        ("Afghanistn", None),  # a real misspelling, but one edit is no evidence (see the words above)
        # a lone surname after a title: only at a date, only someone holding a role then, only when the name ends
        ("Fleet Street", "1987-05-01"),
        ("Treasury Loan", "1987-05-01"),
        ("President Tokaev", None),
        ("President Howard Dean", "2004-01-01"),
    ],
)
def test_no_false_resolution(resolver: ActorResolver, text: str, date: str | None) -> None:
    entity = resolver.resolve(text, date=date)
    assert entity is None or entity.code is None


def test_known_name_inside_a_longer_unknown_name(resolver: ActorResolver) -> None:
    """'Juan Carlos' is King Juan Carlos I, 'Minister Juan Carlos Jobet' someone else (the hand-written people hold
    Jobet; the dictionaries do not, and then no king of Spain may answer)."""
    from geoevents.actors.knowledge import build_knowledge

    assert _pair(resolver, "King Juan Carlos", "1990-01-01") == ("ESP", "GOV")
    without_people = ActorResolver(build_knowledge(dictionaries=("phoenix_countries",)))
    entity = without_people.resolve("Minister Juan Carlos Jobet", date="2022-04-01")
    assert entity is None or entity.code != "ESP"


def test_paris_france_is_no_person(resolver: ActorResolver) -> None:
    assert _pair(resolver, "Paris, France") == ("FRA", "GOV")


def test_explain_names_the_spelling(resolver: ActorResolver) -> None:
    entity = resolver.resolve("President Tokaev", date="2021-01-01")
    assert "written 'Tokaev'" in explain(entity)
    entity = resolver.resolve("Bagdad")
    assert "another spelling" in explain(entity)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Qadhafi", "Kadafi"), ("Tokayev", "Tokaev"), ("Kasymzhomart", "Kassymjomart"), ("Phillipines", "Philippines")],
)
def test_skeleton_reads_transliterations_alike(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("ethiopia", "ethopia", True), ("israel", "isreal", True), ("kenya", "kenya", True), ("iran", "oman", False),
     ("austria", "australia", False)],
)
def test_one_edit(a: str, b: str, expected: bool) -> None:
    assert one_edit(a, b) is expected


def test_place_spelling_needs_one_answer(resolver: ActorResolver) -> None:
    variants = resolver.knowledge.variants
    assert place_spelling(variants, "bagdad") == "baghdad"
    assert place_spelling(variants, "baghdad") is None  # already right
    assert place_spelling(variants, "venezeula") is None  # one edit: not corrected
    assert place_spelling(variants, "xqzwv") is None
