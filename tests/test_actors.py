"""Actor resolution: knowledge files, rules, dated roles, context, memory, users' files and CAMEO dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from geoevents.actors import ActorResolver, ArticleMemory, explain, parse_cameo, resolve_actor
from geoevents.actors.cameo import parse_code
from geoevents.actors.index import tokenize
from geoevents.actors.knowledge import DATA_DIR
from geoevents.actors.resolver import Memo
from geoevents.errors import InputError
from geoevents.models import Basis
from geoevents.tsv import read_tsv


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load()


def _pair(resolver: ActorResolver, text: str, context: str | None = None, date: str | None = None):
    entity = resolver.resolve(text, context=context, date=date)
    return None if entity is None else (entity.code, entity.sector)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names and abbreviations
        ("Russia", ("RUS", None)),
        ("the United States", ("USA", None)),
        ("US", ("USA", None)),
        ("U.S.", ("USA", None)),
        ("America", ("USA", None)),
        ("Britain", ("GBR", None)),
        ("DPRK", ("PRK", None)),
        ("Ivory Coast", ("CIV", None)),
        ("Kosovo", ("KOS", None)),
        # demonyms
        ("South Korean", ("KOR", None)),
        ("Iraqis", ("IRQ", "CVL")),
        ("North Korean soldiers", ("PRK", "MIL")),
        ("American warplanes", ("USA", "MIL")),
        ("Iraqi towns", ("IRQ", "CVL")),
        # capitals, cities and regions
        ("Tehran", ("IRN", "GOV")),
        ("Pyongyang", ("PRK", "GOV")),
        ("Seoul's concerns", ("KOR", "GOV")),
        ("Abidjan", ("CIV", "CVL")),
        ("West Bank", ("PSE", None)),
        ("Gaza", ("PSE", None)),
        ("Darfur rebels", ("SDN", "REB")),
        ("South Ossetia", ("GEO", "PRE")),
        # international bodies
        ("NATO", ("IGO", "MIL")),
        ("the European Union", ("IGO", None)),
        ("IAEA", ("UNO", None)),
        ("U.N. Security Council", ("UNO", "GOV")),
        ("Amnesty International", ("NGO", None)),
        ("a human rights group", ("NGO", None)),
        # sector words alone
        ("soldiers", (None, "MIL")),
        ("police", (None, "COP")),
        ("protesters", (None, "CVL")),  # civilians unless organised opposition (PLOVER agents: [~CVLOPP])
        ("the court", (None, "JUD")),
        ("rebels", (None, "REB")),
        # compound mentions
        ("US State Department spokesman Matthew Miller", ("USA", "GOV")),
        ("National Security Director Chang Ho-jin of South Korea", ("KOR", "GOV")),
        ("Chile's Ministry of Mines", ("CHL", "GOV")),
        ("Chile's Defense Department", ("CHL", "GOV")),
        ("president of the Riigikogu", ("EST", "LEG")),
        ("Afghan rebel leaders", ("AFG", "REB")),
        ("rebels in Darfur", ("SDN", "REB")),
        ("a Somalia-based paramilitary group", ("SOM", "PRM")),
        ("Canadian Ambassador to the United Nations", ("CAN", "GOV")),
        ("Boko Haram gunmen", ("NGA", "REB")),
        ("former president Carlos Menem", ("ARG", "ELI")),
        ("foreign military intelligence agency", (None, "SPY")),
        ("Egypt's Foreign Minister Amr Moussa", ("EGY", "GOV")),
        ("the Libyan House of Representatives", ("LBY", "LEG")),
        ("pro-Iranian Hezbollah", ("LBN", "REB")),
        ("ANC guerrillas", ("ZAF", "REB")),
        # "rebel-held" describes the place, it is no rebel; the place stands for its people (CVL, as "towns")
        ("a former rebel-held neighbourhood", (None, "CVL")),
        ("the University of Kansas", ("USA", "EDU")),
        # unknown person with a title and a country
        ("Interior Minister Jane Roe of Kenya", ("KEN", "GOV")),
        ("Ugandan judge Peter Okello", ("UGA", "JUD")),
        # no political actor
        ("a cat named Frank", None),
        ("Frank", None),
        ("was, participates", None),
        ("Leon Bobb", None),
        ("Jordan Peterson", None),
    ],
)
def test_resolve(resolver: ActorResolver, text: str, expected: tuple[str | None, str | None] | None) -> None:
    assert _pair(resolver, text) == expected


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("Joe Biden", "2022-03-01", ("USA", "GOV")),
        ("Joe Biden", "2025-03-01", ("USA", "ELI")),
        ("Biden", "2014-06-01", ("USA", "GOV")),
        ("Donald Trump", "2019-01-01", ("USA", "GOV")),
        ("Donald Trump", "2022-01-01", ("USA", "ELI")),
        ("Trump", "2025-06-01", ("USA", "GOV")),
        ("Yoon Suk Yeol", "2023-01-01", ("KOR", "GOV")),
        ("Yoon Suk Yeol", "2025-05-01", ("KOR", "ELI")),
        ("Angela Merkel", "2017-04-01", ("DEU", "GOV")),
        ("Angela Merkel", "2022-01-10", ("DEU", "ELI")),
        ("Albin Kurti", "2021-01-01", ("KOS", "PTY")),
        ("Albin Kurti", "2021-10-01", ("KOS", "GOV")),
        ("the Taliban", "2020-01-01", ("AFG", "REB")),
        ("the Taliban", "2023-01-01", ("AFG", "GOV")),
        ("Vladimir Putin", None, ("RUS", "GOV")),  # no date: the most recent role
        ("Kim Jong Un", None, ("PRK", "GOV")),
        ("Zelensky", "2024-02-01", ("UKR", "GOV")),
    ],
)
def test_dated_roles(resolver: ActorResolver, text: str, date: str | None, expected: tuple[str, str]) -> None:
    assert _pair(resolver, text, date=date) == expected


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("Hungarian", "Senior Hungarian and Romanian officials agreed on Wednesday.", ("HUN", "GOV")),
        ("Israeli", "Israeli tanks fired four shells at targets in Jericho.", ("ISR", "MIL")),
        ("French", "Israel is opposed to French mediation in peace negotiations.", ("FRA", None)),
        ("Judge Alejandro Rivera", "Judge Alejandro Rivera opened investigations against 28 Chilean officials.",
         ("CHL", "JUD")),
        ("Paris", "Radical French farmers said they would blockade Paris from Monday night.", ("FRA", "CVL")),
        ("Berlin", "Berlin rejected recent calls for immediate economic aid.", ("DEU", "GOV")),
        ("ethnic Turks", "Up to 1,000 ethnic Turks began a hunger strike against Sweden's decision.", ("SWE", "CVL")),
    ],
)
def test_context(resolver: ActorResolver, text: str, context: str, expected: tuple[str, str | None]) -> None:
    assert _pair(resolver, text, context=context) == expected


def test_memory_reuses_a_surname(resolver: ActorResolver) -> None:
    memory = ArticleMemory()
    first = resolver.resolve("National Security Director Chang Ho-jin of South Korea", date="2024-11-01",
                             memory=memory)
    later = resolver.resolve("Chang", date="2024-11-01", memory=memory)
    assert first is not None and later is not None
    assert (later.code, later.sector, later.name) == ("KOR", "GOV", "Chang Ho-jin")
    assert "memory" in (later.reason or "")
    assert later.basis is Basis.MEMORY and later.antecedent is first and first.basis is Basis.PERSON
    assert first.source is not None and first.source.startswith("people.tsv:")
    assert resolver.resolve("Chang", date="2024-11-01") is None  # without the article, nobody


def test_memory_unknown_person_and_pronoun(resolver: ActorResolver) -> None:
    memory = ArticleMemory()
    resolver.resolve("Police chief Mario Rossi of Italy", memory=memory)
    rossi = resolver.resolve("Rossi", memory=memory)
    he = resolver.resolve("he", memory=memory)
    assert rossi is not None and (rossi.code, rossi.sector, rossi.name) == ("ITA", "COP", "Mario Rossi")
    assert he is not None and he.code == "ITA"
    assert he.basis is Basis.PRONOUN and he.antecedent is not None and he.antecedent.name == "Mario Rossi"
    assert memory.last_entity(sector="COP") is not None
    assert memory.last_entity(sector="MIL") is None


def test_memo_computes_once_per_key_and_starts_afresh_when_full() -> None:
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    memo: Memo[str, str] = Memo(2)
    assert [memo.get(k, lambda k=k: compute(k)) for k in ("a", "b", "a", "b")] == ["A", "B", "A", "B"]
    assert calls == ["a", "b"]  # the repeats came from the cache
    assert memo.get("c", lambda: compute("c")) == "C"  # full: starts afresh, so memory stays bounded
    assert list(memo.values) == ["c"]
    assert memo.get("a", lambda: compute("a")) == "A" and calls == ["a", "b", "c", "a"]


def test_cached_resolution_answers_as_the_first_and_returns_a_fresh_entity() -> None:
    resolver = ActorResolver.load()  # its own caches, empty
    context = "Israeli tanks fired four shells at targets in Jericho."
    first = resolver.resolve("Israeli", context=context)
    assert first is not None
    first.start, first.end = 0, 7  # the event coder writes offsets on the entity it gets
    again = resolver.resolve("Israeli", context=context)
    assert again is not None and again is not first and (again.start, again.end) == (None, None)
    assert (again.code, again.sector, again.reason) == (first.code, first.sector, first.reason)
    # one text, two dates: the cache keeps them apart
    assert _pair(resolver, "Joe Biden", date="2022-03-01") == ("USA", "GOV")
    assert _pair(resolver, "Joe Biden", date="2025-03-01") == ("USA", "ELI")
    assert _pair(resolver, "Joe Biden", date="2022-03-01") == ("USA", "GOV")


def test_cache_never_carries_an_article_memory_to_another(resolver: ActorResolver) -> None:
    memory = ArticleMemory()
    resolver.resolve("Police chief Mario Rossi of Italy", memory=memory)
    in_article = resolver.resolve("Rossi", memory=memory)
    elsewhere = resolver.resolve("Rossi", memory=ArticleMemory())
    assert in_article is not None and in_article.basis is Basis.MEMORY and in_article.code == "ITA"
    assert elsewhere is None or elsewhere.basis is not Basis.MEMORY


def test_pronoun_without_memory_is_unknown(resolver: ActorResolver) -> None:
    assert _pair(resolver, "He") == (None, "UNK")


@pytest.mark.parametrize(
    ("text", "context", "basis", "source"),
    [
        ("North Korean soldiers", None, Basis.KNOWLEDGE, "country_names.tsv"),
        ("the ministry", "Officials said the ministry in Tehran rejected the plan.", Basis.NEAREST_COUNTRY,
         "cities.tsv"),
        ("police", None, Basis.NO_CODE, None),
    ],
)
def test_typed_basis_and_source(resolver: ActorResolver, text: str, context: str | None, basis: Basis,
                                source: str | None) -> None:
    """What decided the code is typed evidence next to the reason text, with the knowledge line it came from."""
    entity = resolver.resolve(text, context=context)
    assert entity is not None and entity.basis is basis
    assert (entity.source or "").split(":")[0] == (source or "")
    assert entity.rests_on(Basis.NEAREST_COUNTRY) is (basis is Basis.NEAREST_COUNTRY)
    assert set(entity.to_dict()) == {"text", "code", "sector", "name", "start", "end", "reason"}


def test_reason_and_explain(resolver: ActorResolver) -> None:
    entity = resolver.resolve("North Korean soldiers")
    assert entity is not None and "country_names.tsv" in (entity.reason or "") and "soldiers" in entity.reason
    assert "PRK MIL" in explain(entity)
    assert explain(None).startswith("no actor")


def test_public_function() -> None:
    entity = resolve_actor("Iraqi Prime Minister Iyad Allawi", date="2004-09-01")
    assert entity is not None and (entity.code, entity.sector) == ("IRQ", "GOV")
    assert entity.start is None and entity.end is None


def test_tokenize_folds_accents_and_dots() -> None:
    assert [t.norm for t in tokenize("Khürelsükh's U.S. ties")] == ["khurelsukh", "'s", "us", "ties"]


def test_bundled_files_are_well_formed() -> None:
    for name in ("people.tsv", "organisations.tsv"):
        for line, row in read_tsv(DATA_DIR / name):
            assert row["code"].strip(), f"{name}:{line} has no code"
            if row["start"] and row["end"]:
                assert row["start"] <= row["end"], f"{name}:{line}"
    assert len({row["name"] for _, row in read_tsv(DATA_DIR / "people.tsv")}) >= 300


# ---- users' knowledge ----------------------------------------------------------------------------------------


def test_user_tsv_file(tmp_path: Path) -> None:
    path = tmp_path / "my_actors.tsv"
    path.write_text(
        "name\taliases\tcode\tsector\tstart\tend\trole\n"
        "Jane Example\tExample\tNZL\tGOV\t2020-01-01\t2023-01-01\tminister\n"
        "Jane Example\tExample\tNZL\tLEG\t2023-01-01\t\tmember of parliament\n",
        encoding="utf-8",
    )
    resolver = ActorResolver.load((str(path),))
    assert _pair(resolver, "Jane Example", date="2021-05-05") == ("NZL", "GOV")
    assert _pair(resolver, "Example", date="2024-05-05") == ("NZL", "LEG")
    assert _pair(ActorResolver.load(), "Jane Example") is None


def test_cameo_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "phoenix.actors.txt"
    path.write_text(
        "# a small CAMEO dictionary\n"
        "ZORBA_THE_GREEK_  [GRCGOV 100101-151231]\n"
        "+ZORBA_\n"
        "                  [GRCELI >151231]\n"
        "ACME_WIDGETS_ [USABUS] ; a company\n"
        "BLUE_BERETS_ [~MIL]\n",
        encoding="utf-8",
    )
    entries = parse_cameo(path)
    assert [e[0] for e in entries] == ["ZORBA THE GREEK", "ACME WIDGETS", "BLUE BERETS"]
    assert entries[0][1] == ["ZORBA"] and len(entries[0][2]) == 2
    resolver = ActorResolver.load((str(path),))
    assert _pair(resolver, "Zorba the Greek", date="2012-06-01") == ("GRC", "GOV")
    assert _pair(resolver, "Zorba", date="2018-06-01") == ("GRC", "ELI")
    assert _pair(resolver, "Acme Widgets") == ("USA", "BUS")
    assert _pair(resolver, "Greek blue berets") == ("GRC", "MIL")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("RUSGOV", ("RUS", "GOV")),
        ("USAMILGOV", ("USA", "MIL")),
        ("~MIL", (None, "MIL")),
        ("IGOUNO", ("UNO", None)),  # a UN body, as the bundled knowledge codes them
        ("~MED", (None, "JRN")),  # CAMEO's MED is the media; its health sector is HLH (PLOVER's MED)
        ("~HLH", (None, "MED")),
        ("USAGOVLEG", ("USA", "LEG")),  # a branch is more specific than the GOV it comes with
        ("IMGPHLMUSREB", ("PHL", "REB")),  # an armed group of one country; MUS there is Muslim, not Mauritius
        ("USRARM", ("ARM", None)),  # a republic of the Soviet Union
        ("KSVGOV", ("KOS", "GOV")),
        ("MNCUSA", ("MNC", "BUS")),
        ("~JNK", (None, None)),
    ],
)
def test_parse_cameo_code(code: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_code(code) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("+ALIAS_\n", "alias line"),
        ("PUTIN_ [RUSGOV >99x]\n", "bad date"),
    ],
)
def test_cameo_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    problems: list[InputError] = []
    assert parse_cameo(path, problems.append) == []  # the line is skipped, the file still loads
    assert len(problems) == 1 and message in str(problems[0])
    assert problems[0].line == 1 and problems[0].path == str(path)


def test_bad_user_tsv_date(tmp_path: Path) -> None:
    path = tmp_path / "people_bad.tsv"
    path.write_text("name\taliases\tcode\tsector\tstart\tend\trole\nX Y\t\tUSA\tGOV\tyesterday\t\t\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="bad date") as info:
        ActorResolver.load((str(path),))
    assert info.value.line == 2


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        ActorResolver.load((str(tmp_path / "nope.tsv"),))


def test_resolve_span_offsets(resolver: ActorResolver) -> None:
    from geoevents.nlp import load_spacy
    from geoevents.settings import Settings

    nlp = load_spacy(Settings())
    doc = nlp("Yesterday the Iranian army said that Tehran would respond.")
    span = doc.char_span(14, 26)  # "Iranian army"
    assert span is not None
    entity = resolver.resolve_span(span)
    assert entity is not None and (entity.code, entity.sector) == ("IRN", "MIL")
    assert (entity.start, entity.end) == (14, 26)
    mentions = resolver.find_mentions(doc)
    assert any(e.code == "IRN" and e.sector == "GOV" for e in mentions)  # Tehran, the subject of "would respond"


# -- sectors from what a body or group is (the PLOVER agents list as evidence) -------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # state media speak for the government: STATE_MEDIA, OFFICIAL_NEWS_AGENCY, STATE_RUN_TV [~GOVJRN]
        ("Chinese state media", ("CHN", "GOV")),
        ("Syrian state TV", ("SYR", "GOV")),
        ("the official KCNA news agency", (None, "GOV")),
        ("a state-run newspaper", (None, "GOV")),
        ("independent newspapers", (None, "JRN")),
        # a former office holder is ELI (FORMER_MINISTER, RETIRED_GENERAL [~ELI]), also with the country between
        ("former U.S. officials", ("USA", "ELI")),
        ("a former Iraqi general", ("IRQ", "ELI")),
        ("ex-president", (None, "ELI")),
        ("former rebels", (None, "REB")),  # former rebels are no elite
        # protesters are civilians unless organised opposition (PROTESTER, ACTIVIST [~CVLOPP])
        ("demonstrators", (None, "CVL")),
        ("pro-democracy activists", (None, "CVL")),
        ("the opposition", (None, "OPP")),
        ("opposition activists", (None, "OPP")),
        # armed insurgents, police, courts, security services and secret police
        ("armed insurgents", (None, "REB")),
        ("riot police", (None, "COP")),
        ("the constitutional court", (None, "JUD")),
        ("the secret police", (None, "SPY")),  # SECRET_POLICE [~SPY]
        ("FSB", ("RUS", "SPY")),  # DIRECTOR_OF_THE_FEDERAL_SECURITY_SERVICE [~SPY]; Phoenix codes it COP
        ("the Stasi", ("DEU", "SPY")),  # "Ministry for State Security"
        # a word that is also a small town's name, used as a word
        ("Nigerian Union of Teachers", ("NGA", "LAB")),
    ],
)
def test_sector_from_what_it_is(resolver: ActorResolver, text: str, expected: tuple[str | None, str]) -> None:
    assert _pair(resolver, text) == expected


def test_no_row_fitted_to_one_dev_string() -> None:
    """Words kept for one line of the dev file only are gone (issue 14): the rules and the dictionaries decide."""
    words = {w.strip() for _line, row in read_tsv(DATA_DIR / "sectors.tsv") for w in row["words"].split("|")}
    assert not words & {"army accountant", "congressional group", "senate hopeful", "gang confederations",
                        "frontman", "immigration inspectors"}
    from geoevents.actors.index import FUNCTION_WORDS

    assert not FUNCTION_WORDS & {"participates", "expected"}


# -- national bodies named like international ones, and "party" without a political sense ----------------------
@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # a country with a shortened name of an international body: that country's own body
        ("Japan's National Security Council", None, ("JPN", "GOV")),
        ("the Russian Security Council", None, ("RUS", "GOV")),
        ("the Security Council of Armenia", None, ("ARM", "GOV")),
        ("Iran's nuclear watchdog", None, ("IRN", None)),
        # a longer name without a country: not the UN body; the sentence's country when there is one
        ("National Security Council", "The National Security Council of Peru convened on Friday.", ("PER", "GOV")),
        # the full or the bare name stays international
        ("the Security Council", None, ("UNO", "GOV")),
        ("the UN Security Council", None, ("UNO", "GOV")),
        ("United Nations Security Council", None, ("UNO", "GOV")),
        ("the UN nuclear watchdog", None, ("UNO", None)),
    ],
)
def test_national_body_with_an_international_name(resolver: ActorResolver, text: str, context: str | None,
                                                  expected: tuple[str | None, str | None]) -> None:
    assert _pair(resolver, text, context) == expected


def test_national_body_reason_names_both(resolver: ActorResolver) -> None:
    entity = resolver.resolve("Japan's National Security Council")
    assert entity is not None and entity.name == "National Security Council (Japan)"
    assert "not the United Nations Security Council" in (entity.reason or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a third party", None),
        ("Third parties", None),
        ("both parties", None),
        ("the warring parties", None),
        ("interested parties", None),
        ("the ruling party", (None, "PTY")),
        ("the governing party", (None, "PTY")),
        ("opposition parties", (None, "OPP")),
        ("Iraqi parties", ("IRQ", "PTY")),
        ("the Green party", (None, "PTY")),
        ("the Labour Party", ("GBR", "PTY")),
        ("party officials", (None, "PTY")),
    ],
)
def test_party_needs_a_name_or_political_context(resolver: ActorResolver, text: str,
                                                 expected: tuple[str | None, str | None] | None) -> None:
    assert _pair(resolver, text) == expected


def test_qualified_sector_kind_is_accepted_in_user_files(tmp_path: Path, resolver: ActorResolver) -> None:
    words = tmp_path / "words.tsv"
    words.write_text("words\tsector\tkind\nfaction|factions\tREB\tqualified\n", encoding="utf-8")
    custom = ActorResolver.load((str(words),))
    assert _pair(custom, "rival factions") is None
    assert _pair(custom, "Libyan factions") == ("LBY", "REB")
