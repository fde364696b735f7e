"""The rules that read a mention by itself: a known person and the title written with them, the code from the
rightmost code-bearing phrase of the head, the sector from the head noun. The rules that look around the mention
(the sentence, the article) are in geoevents.actors.resolver, which runs both in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from geoevents.actors.index import FUNCTION_WORDS, Entry, Knowledge, Word, phrase_key
from geoevents.actors.phrases import PhraseMatch, backing, is_name_word
from geoevents.models import Basis, Entity
from geoevents.vocabulary import INTERNATIONAL_CODES

# Head words whose sector comes from what they lead when a complement names it: "president of the Riigikogu".
LEADING_HEADS = frozenset("president presidents chairman chairwoman head chief leader leaders member members".split())
# Sectors of people who belong to something: an organisation's own sector wins ("Boko Haram gunmen" -> REB).
MEMBER_SECTORS = frozenset({"UAF", "CVL", "REB", "MIL", "OPP", "UNK"})
# ... but "ANC guerrillas" are rebels even though the ANC is a party: an armed noun beats an unarmed organisation.
ARMED = frozenset({"REB", "MIL", "PRM", "UAF"})
CODE_KINDS = frozenset({"person", "org", "region", "country", "demonym", "capital", "city"})
PLACE_KINDS = frozenset({"region", "country", "demonym", "capital", "city"})
# Words for the sides of a dispute or a deal, capitalised at the start of a sentence: "Third parties", "Both parties".
SIDES = frozenset("first second third fourth other another both all any either neither each warring interested "
                  "concerned contracting".split())
PARTICIPLES = frozenset("held controlled led backed run occupied linked affiliated allied funded owned".split())
FORMER = frozenset({"former", "ex", "erstwhile", "onetime", "retired"})
# Words that make media the state's (PLOVER agents: STATE_MEDIA, OFFICIAL_NEWS_AGENCY, STATE_RUN_TV [~GOVJRN])
STATE_OWNED = frozenset({"state", "official", "government", "regime"})
# Sectors of offices: a former holder is ELI (PLOVER agents: FORMER_MINISTER, FORMER_PRESIDENT, RETIRED_GENERAL
# [~ELI]); former rebels or former students are not elites.
OFFICES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PTY", "OPP", "ELI"})


@dataclass
class Resolution:
    """What the rules have decided so far about one mention."""

    code: str | None = None
    sector: str | None = None
    name: str | None = None
    code_reason: str = ""
    sector_reason: str = ""
    person: Entry | None = None
    name_tokens: list[str] = field(default_factory=list)
    code_basis: Basis = Basis.NO_CODE
    code_source: str | None = None

    def decide_code(self, code: str | None, basis: Basis, reason: str, source: str | None = None) -> None:
        self.code, self.code_basis, self.code_reason, self.code_source = code, basis, reason, source

    def reason(self) -> str:
        return "; ".join(r for r in (self.code_reason, self.sector_reason) if r)

    def entity(self, text: str) -> Entity:
        return Entity(text=text, code=self.code, sector=self.sector, name=self.name, reason=self.reason(),
                      basis=self.code_basis, source=self.code_source)


def _qualified(tokens: list[Word], matches: list[PhraseMatch], m: PhraseMatch) -> bool:
    """A word like "party" names a political party only with a name or a country in the mention ("the Umma party",
    "Iraqi parties", "the Labour party"), not on its own ("a third party", "the parties to the conflict")."""
    if any(x.part == m.part and x.kind in CODE_KINDS and x.end <= m.start for x in matches):
        return True
    prev = m.start - 1
    return prev >= 0 and tokens[prev].is_capitalised and tokens[prev].norm not in FUNCTION_WORDS | SIDES


def is_former(tokens: list[Word], start: int, matches: Sequence[PhraseMatch] = ()) -> bool:
    """'former' (ex-, retired ...) before the title at `start`, also with the country between: "former U.S.
    officials", "a former Iraqi general", "the country's former defence minister"."""
    places = {i for m in matches if m.kind in PLACE_KINDS for i in range(m.start, m.end)}
    i = start - 1
    while i >= 0 and (i in places or tokens[i].norm == "'s" and i - 1 in places):
        i -= 1
    return i >= 0 and tokens[i].norm in FORMER


def person_rule(knowledge: Knowledge, tokens: list[Word], matches: list[PhraseMatch], date: str | None,
                res: Resolution) -> bool:
    """A person the knowledge holds gives code and sector from the role held at the date; a title written in the
    mention decides the sector. False when the mention names no known person (or speaks of someone else)."""
    people = [m for m in matches if m.kind == "person"]
    if not people:
        return False
    m = people[0]
    head_codes = [x for x in matches if x.part == 0 and x.kind in CODE_KINDS and x.kind != "person"]
    if m.part > 0 and head_codes:
        return False  # "Canadian Ambassador to ... Kofi Annan": the head speaks of someone else
    role, why = m.entry.role_at(date)
    named = {x.code for x in head_codes if x.kind in {"country", "demonym"} and x.start < m.start}
    if role.code not in named and named:
        # "Egypt's Foreign Minister Amr Moussa": the country written in the mention picks among the roles
        fitting = [r for r in m.entry.roles if r.code in named and (date is None or (r.start or "") <= date)]
        if fitting:
            role = max(fitting, key=lambda r: r.start or "")
            why = f"role in {role.code}, the country named"
    res.person = m.entry
    res.name = m.entry.name
    res.name_tokens = [t.norm for t in tokens[m.start : m.end]]
    spelt = f", written '{m.variant}'" if m.variant else ""
    res.decide_code(role.code, Basis.PERSON,
                    f"person {m.entry.name} ({m.entry.source}: {role.title}, {why}{spelt})", m.entry.source)
    res.sector = role.sector
    titles = [x for x in matches if x.kind == "sector" and x.start < m.start and x.entry.sector_kind != "weak"]
    offices = [x for x in titles if x.entry.sector_kind not in {"generic", "rank"}]
    if m.part > 0:
        head = Resolution()
        sector_rule(tokens, [x for x in matches if x.part < m.part], head)
        if head.sector is not None:
            res.sector, res.sector_reason = head.sector, head.sector_reason
    elif titles:
        # an office beats a rank: "Deputy Minister of Defense Colonel-General X" is a minister
        title = offices[-1] if offices else titles[-1]
        if is_former(tokens, title.start, matches):
            res.sector, res.sector_reason = "ELI", f"title 'former {title.entry.name}'"
        elif title.entry.sector_kind != "generic" or role.sector in (None, "ELI"):
            res.sector = title.sector
            res.sector_reason = f"title '{title.entry.name}' ({title.entry.source})"
    if res.code is None:
        code_rule(knowledge, tokens, matches, res)
    return True


def code_rule(knowledge: Knowledge, tokens: list[Word], matches: list[PhraseMatch], res: Resolution) -> None:
    """The code of the head's rightmost code-bearing phrase, else of the first in a complement."""
    coded = [m for m in matches if m.kind in CODE_KINDS and m.code is not None and not ethnic(tokens, m)]
    head = [m for m in coded if m.part == 0]
    chosen = head[-1] if head else (coded[0] if coded else None)
    if chosen is None:
        return
    local, country = _local_body(knowledge, tokens, coded, chosen)
    if local:
        body = chosen
        others = [m for m in head if m is not chosen]
        chosen = country or (others[-1] if others else None)
        first = max([m.end for m in head if m.end <= body.start] + [0])
        first += int(first < body.start and tokens[first].norm == "'s")
        words = " ".join(t.orig for t in tokens[first : body.end])
        res.name = f"{words} ({chosen.entry.name})" if chosen is not None else words
        if chosen is None:
            return
        res.decide_code(chosen.code, _basis(chosen),
                        f"{_found(tokens, chosen)}; its own '{words}', not the {body.entry.name}",
                        chosen.entry.source)
        return
    elif chosen.kind == "org" and len(chosen.code or "") == 3 and chosen.code not in INTERNATIONAL_CODES:
        # "the Libyan House of Representatives": an explicit country beats a like-named foreign body
        modifier = next((m for m in head if m.kind in {"country", "demonym"} and m.start < chosen.start
                         and m.code != chosen.code and not backing(tokens, m)), None)
        if modifier is not None:
            chosen, res.name = modifier, chosen.entry.name
    res.decide_code(chosen.code, _basis(chosen), _found(tokens, chosen), chosen.entry.source)
    if chosen.kind == "org":
        res.name = chosen.entry.name
    elif res.name is None:
        res.name = chosen.entry.name


def _local_body(knowledge: Knowledge, tokens: list[Word], coded: list[PhraseMatch], chosen: PhraseMatch
                ) -> tuple[bool, PhraseMatch | None]:
    """(not the international body, the country that owns it). A shortened name of an international body
    ("Security Council", "nuclear watchdog") with a country ("South Korea's", "Russian", "of France") or inside
    a longer name ("National Security Council") is a national body; the full name ("UN Security Council") or
    the bare short name ("the Security Council") stays international."""
    key = phrase_key(tokens[chosen.start : chosen.end])
    if chosen.kind != "org" or chosen.code not in INTERNATIONAL_CODES \
            or (key, chosen.entry.name) not in knowledge.shortened:
        return False, None
    for m in reversed(coded):
        if m.kind not in {"country", "demonym"} or backing(tokens, m):
            continue
        before = m.part == chosen.part and m.end <= chosen.start
        after = m.start == chosen.end + 1 and tokens[chosen.end].norm == "of"
        if before or after:
            return True, m
    covered = {i for m in coded for i in range(m.start, m.end)}
    prev = chosen.start - 1
    return prev >= 0 and prev not in covered and is_name_word(tokens[prev]) and not tokens[prev].joined, None


def ethnic(tokens: list[Word], m: PhraseMatch) -> bool:
    """'ethnic Turks' are a minority: they do not name Turkey."""
    return m.kind == "demonym" and m.start > 0 and tokens[m.start - 1].norm == "ethnic"


def sector_rule(tokens: list[Word], matches: list[PhraseMatch], res: Resolution) -> None:
    """The sector from the head noun, an organisation, a place or people, a complement, or a weak word."""
    # "rebel-held", "army-backed": the sector word describes something else
    words = [m for m in matches if m.kind == "sector" and not (
        m.end < len(tokens) and tokens[m.end].joined and tokens[m.end].norm in PARTICIPLES)
        and (m.entry.sector_kind != "qualified" or _qualified(tokens, matches, m))]
    strong = [m for m in words if m.entry.sector_kind != "weak"]
    head = [m for m in strong if m.part == 0]
    orgs = [m for m in matches if m.kind == "org" and m.sector and m.part == 0]
    complement = [m for m in matches if m.part > 0 and m.sector and m.kind in {"sector", "org", "person"}
                  and (m.kind != "sector" or m.entry.sector_kind != "weak")]
    chosen: PhraseMatch | None = None
    why = ""
    if head:
        h = head[-1]
        before = [m for m in head[:-1] if m.entry.sector_kind not in {"generic"}]
        if h.entry.sector_kind == "generic" and before:
            chosen, why = before[-1], "modifier of a generic head"
        elif orgs and orgs[-1].start < h.start and (
            h.entry.sector_kind == "generic" or h.sector in MEMBER_SECTORS
            and (h.sector not in ARMED or orgs[-1].sector in ARMED)
        ):
            chosen, why = orgs[-1], f"organisation of the '{h.entry.name}'"
        elif tokens[h.start].norm in LEADING_HEADS and complement and h.end == h.start + 1:
            chosen, why = complement[0], f"what the '{h.entry.name}' leads"
        else:
            chosen, why = h, "head word"
        if h.sector in OFFICES and is_former(tokens, h.start, matches):
            res.sector, res.sector_reason = "ELI", f"'former {h.entry.name}': a former office holder"
            return
    elif orgs:
        chosen, why = orgs[-1], "organisation"
    else:
        places = [m for m in matches if m.part == 0 and m.kind in PLACE_KINDS and m.sector
                  and not (m.kind == "demonym" and m.code and not m.entry.plural)]
        weak = [m for m in words if m.part == 0]
        if any(ethnic(tokens, m) for m in matches):
            res.sector, res.sector_reason = "CVL", "ethnic group"
            return
        if places:
            chosen, why = places[-1], "place or people"
        elif complement and not [m for m in matches if m.part == 0 and m.kind in CODE_KINDS]:
            chosen, why = complement[0], "complement"  # "a group of tourists"
        elif weak:
            chosen, why = weak[-1], "weak head word"
    if chosen is not None:
        res.sector = chosen.sector
        res.sector_reason = f"{why} '{chosen.entry.name}' -> {res.sector} ({chosen.entry.source})"
        if chosen.sector == "JRN" and chosen.part == 0 and _state_owned(tokens, chosen.start, matches):
            res.sector = "GOV"
            res.sector_reason += "; state media speak for the government (PLOVER agents: STATE_MEDIA [~GOVJRN])"


def _state_owned(tokens: list[Word], start: int, matches: list[PhraseMatch]) -> bool:
    """'state media', 'state-run television', 'the official Xinhua news agency', 'government newspapers'."""
    named = {i for m in matches if m.kind in {"org", "person"} for i in range(m.start, m.end)}
    i = start - 1
    while i >= 0 and (tokens[i].joined and tokens[i].norm in PARTICIPLES | {"controlled"}
                      or i in named or is_name_word(tokens[i]) and tokens[i].norm not in STATE_OWNED):
        i -= 1
    return i >= 0 and tokens[i].norm in STATE_OWNED


def _basis(m: PhraseMatch) -> Basis:
    return Basis.PERSON if m.kind == "person" else Basis.KNOWLEDGE


def _found(tokens: list[Word], m: PhraseMatch) -> str:
    """How a knowledge match reads in a reason: "country 'Iraqi' -> Iraq (country_names.tsv:12)"."""
    spelt = " (another spelling)" if m.variant else ""
    return f"{m.kind} '{' '.join(t.orig for t in tokens[m.start:m.end])}'{spelt} -> {m.entry.name} ({m.entry.source})"


__all__ = ["CODE_KINDS", "PLACE_KINDS", "Resolution", "code_rule", "ethnic", "is_former", "person_rule", "sector_rule"]
