"""Resolve an actor mention to a PLOVER entity (code, sector, name, reason).

Resolution order (docs/actors.md explains each rule):
1. Article memory: a name already resolved in this article ("Chang" after "Chang Ho-jin").
2. Longest-match lookup of the mention's tokens in the knowledge index (people, organisations, places, countries,
   demonyms, cities, sector words). The mention splits at prepositions into a head ("Chile's Ministry") and
   complements ("of Mines"); the head decides first.
3. A known person gives code and sector from the role held at the article's date (ELI once it ended); a title
   written in the mention ("Senator Marco Rubio", "General Michel Aoun") decides the sector.
4. Otherwise the code comes from the head's rightmost code-bearing phrase (else the first in a complement), the
   sector from the head noun ("Iraqi towns" -> CVL; "rebel leaders" -> REB; "president of the Riigikogu" -> LEG).
5. Context: a bare country or demonym takes the sector of the noun it modifies in the sentence ("Hungarian and
   Romanian officials" -> GOV); a capital is the government when it is the sentence's subject, a place otherwise;
   a mention with a sector but no country takes the nearest country named in the sentence, then the article memory.
6. Nothing known and no title: None ("a cat named Frank", "Joseph Monka").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geoevents.actors.knowledge import (
    ANY,
    CAPITAL,
    UPPER,
    Alias,
    Entry,
    Knowledge,
    Role,
    Token,
    cached_knowledge,
    phrase_key,
    tokenize,
)
from geoevents.models import Basis, Entity
from geoevents.vocabulary import ANAPHORS, INTERNATIONAL_CODES, PERSON_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Span

# Words that end the head of a mention and start a complement: "Ministry | of Mines", "rebels | in Darfur".
BOUNDARY = frozenset(
    "of to in at from for on with near across against based loyal operating living ordered fleeing who which that "
    "by over under inside outside around along into during after before since named called".split()
)
# Words that are never part of a name.
FUNCTION_WORDS = frozenset(
    "the a an and or of to in at from for on with by some two three four five six seven eight nine ten dozen "
    "dozens hundreds thousands several many few its their his her this that these those new top senior current "
    "over about up more than 's was were is are be been has have had participates expected".split()
) | BOUNDARY
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
# Words that end the names of organisations and events, never of people: "Foreign Terrorist Organization" is no one.
ORG_HEADS = frozenset(
    "organization organisation centre center committee council association union party front movement forum agency "
    "company corporation corp inc ltd group bank university college school hospital clinic appeal fund foundation "
    "institute authority office commission service services network league alliance coalition federation ministry "
    "department board court tribunal army force forces brigade brigades corps guard police airport station port "
    "embassy academy church mosque temple day act law treaty agreement accord plan program programme project summit "
    "conference games cup festival prize award war crisis affairs health defence defense justice education".split()
)


@dataclass(frozen=True)
class Match:
    """A phrase of the mention found in the knowledge: tokens [start, end), the chosen entry, and the part of the
    mention (0 = head, 1.. = complements) it sits in."""

    start: int
    end: int
    alias: Alias
    part: int
    role: Role

    @property
    def code(self) -> str | None:
        return self.role.code

    @property
    def sector(self) -> str | None:
        return self.role.sector

    @property
    def entry(self) -> Entry:
        return self.alias.entry

    @property
    def kind(self) -> str:
        return self.alias.entry.kind


@dataclass
class ArticleMemory:
    """What one article has resolved so far. The event coder makes one per article and passes it to every call.

    `recall` finds a person by a name seen before ("Chang" after "Chang Ho-jin"); `last_entity` gives the most recent
    fitting entity for pronouns and phrases like "the ministry".
    """

    names: dict[str, Entity] = field(default_factory=dict)
    history: list[Entity] = field(default_factory=list)
    persons: list[Entity] = field(default_factory=list)

    def remember(self, entity: Entity, name_tokens: list[str] | None = None) -> None:
        """Record an entity; with `name_tokens` it is a named person, findable by full name, first or last word."""
        self.history.append(entity)
        if name_tokens:
            self.persons.append(entity)
            keys = {" ".join(name_tokens), name_tokens[0], name_tokens[-1]}
            for key in keys:
                self.names.setdefault(key, entity)

    def recall(self, key: str) -> Entity | None:
        return self.names.get(key)

    def last_entity(self, sector: str | None = None, person: bool | None = None, code: str | None = None,
                    exclude: Entity | None = None) -> Entity | None:
        """The most recent entity with this sector / code; `person=True` only named persons."""
        for entity in reversed(self.history):
            if entity is exclude or entity.code is None and entity.sector is None:
                continue
            if sector is not None and entity.sector != sector:
                continue
            if code is not None and entity.code != code:
                continue
            if person is not None and any(entity is p for p in self.persons) != person:
                continue
            return entity
        return None


@dataclass
class _Result:
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


def _case_ok(alias: Alias, tokens: list[Token], relaxed: bool) -> bool:
    for rule, tok in zip(alias.case, tokens, strict=False):
        if rule == UPPER and not tok.is_upper:
            return False
        if relaxed and rule != UPPER and len(tok.norm) <= 3 and tok.is_upper:
            return False  # in capitals, a short word is an acronym: "ICO" is no town
        if rule == CAPITAL and not relaxed and not tok.is_capitalised:
            return False
        if rule == ANY:
            continue
    return True


def _choose(aliases: list[Alias], date: str | None) -> Alias:
    """Several entries share a spelling: the most specific kind; among people, one in office at the date."""
    best_kind = aliases[0].entry.kind
    same = [a for a in aliases if a.entry.kind == best_kind]
    if len(same) > 1 and date is not None:
        active = [a for a in same if any(r.active(date) for r in a.entry.roles)]
        if active:
            return active[-1]
    # later files (users' own) override the bundled knowledge
    return same[-1] if best_kind in {"person", "org"} else same[0]


def find_matches(knowledge: Knowledge, tokens: list[Token], date: str | None = None) -> list[Match]:
    """Longest-match lookup, left to right."""
    letters = "".join(t.orig for t in tokens)
    relaxed = letters.isupper()  # "TEHRAN SAYS": case tells nothing
    matches: list[Match] = []
    part = 0
    i = 0
    n = len(tokens)
    phrases, prefixes = knowledge.phrases, knowledge.prefixes
    while i < n:
        found = None
        # walk right while the words so far begin some phrase; try the longest full phrases first
        key = tokens[i].norm
        candidates = []
        j = i
        while True:
            if key in phrases:
                candidates.append((j + 1, key))
            j += 1
            if j >= n or key not in prefixes:
                break
            key = f"{key} {tokens[j].norm}"
        for end, key in reversed(candidates):
            window = tokens[i:end]
            aliases = [a for a in phrases[key] if _case_ok(a, window, relaxed)]
            if aliases:
                chosen = _choose(aliases, date)
                roles = chosen.entry.roles
                # organisations change too: the Taliban were rebels until August 2021
                role = chosen.entry.role_at(date)[0] if len(roles) > 1 and chosen.entry.kind == "org" else roles[-1]
                found = Match(i, end, chosen, part, role)
                break
        if found is None:
            if tokens[i].norm in BOUNDARY and i > 0 and not tokens[i].joined:
                part += 1
            i += 1
            continue
        matches.append(found)
        i = found.end
    return _drop_name_lookalikes(matches, tokens)


def _is_name_token(tok: Token) -> bool:
    return tok.is_capitalised and tok.norm not in FUNCTION_WORDS and not tok.norm.isdigit()


def _drop_name_lookalikes(matches: list[Match], tokens: list[Token]) -> list[Match]:
    """A city next to an unknown capitalised word is part of a person's name ("Leon Bobb"), not a place."""
    covered = {i for m in matches for i in range(m.start, m.end)}
    kept = []
    for m in matches:
        if len(tokens) == 2 and len(covered) == 1 and m.kind in {"country", "city", "capital"} \
                and _is_name_token(tokens[1 - m.start]):
            continue  # "Jordan Peterson", "Chad Smith": a first name
        if m.kind == "city" and not _city_as_actor(m, tokens, matches):
            continue  # "Normal operation", "Mobile phones": a small city's name used as a word
        if m.kind in {"city", "capital"}:
            before = m.start - 1
            after = m.end
            if (before >= 0 and before not in covered and _is_name_token(tokens[before])) or (
                after < len(tokens) and after not in covered and _is_name_token(tokens[after])
            ):
                continue
        kept.append(m)
    return kept


def _backing(tokens: list[Token], m: Match) -> bool:
    """'US-backed', 'Iranian-led', 'pro-Iranian': the country stands behind the actor, it is not the actor."""
    if m.start > 0 and tokens[m.start].joined and tokens[m.start - 1].norm in {"pro", "anti"}:
        return True
    return m.end < len(tokens) and tokens[m.end].joined and tokens[m.end].norm in {"backed", "led", "funded",
                                                                                   "trained", "allied", "supported"}


def _city_as_actor(m: Match, tokens: list[Token], matches: list[Match]) -> bool:
    """A (non-capital) city counts when it is the whole mention, follows a preposition ("militias in Tripoli"), or
    modifies a sector word ("Shanghai authorities", "Minsk police station")."""
    if m.start == 0 and m.end == len(tokens):
        return True
    if m.start > 0 and tokens[m.start - 1].norm in BOUNDARY | {"the"}:
        return True
    after = m.end + 1 if m.end < len(tokens) and tokens[m.end].norm == "'s" else m.end
    return any(x.start == after and x.kind == "sector" for x in matches)


def _person_names(tokens: list[Token], matches: list[Match], unknown: list[list[Token]]) -> list[list[Token]]:
    """Unknown capitalised runs that look like people's names: two words or more, or one word right after a title,
    and no word of an organisation's name ("Ministry of Health", "Foreign Terrorist Organization")."""
    titles = {m.end for m in matches if m.kind == "sector" and m.entry.sector_kind in {"title", "rank", "generic"}}
    sector_starts = {m.start for m in matches if m.kind == "sector"}
    index = {tok.start: i for i, tok in enumerate(tokens)}
    out = []
    for run in unknown:
        first, last = index[run[0].start], index[run[-1].start]
        if any(t.norm in ORG_HEADS for t in run) or last + 1 in sector_starts:
            continue
        if last + 1 < len(tokens) and tokens[last + 1].norm in ORG_HEADS:
            continue
        if len(run) >= 2 or first in titles:
            out.append(run)
    return out


def _unknown_names(tokens: list[Token], matches: list[Match]) -> list[list[Token]]:
    """Runs of capitalised tokens that nothing matched: names of people the knowledge does not hold."""
    covered = {i for m in matches for i in range(m.start, m.end)}
    runs: list[list[Token]] = []
    current: list[Token] = []
    for i, tok in enumerate(tokens):
        if i not in covered and _is_name_token(tok) and not (i == 0 and tok.norm in FUNCTION_WORDS):
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _qualified(tokens: list[Token], matches: list[Match], m: Match) -> bool:
    """A word like "party" names a political party only with a name or a country in the mention ("the Umma party",
    "Iraqi parties", "the Labour party"), not on its own ("a third party", "the parties to the conflict")."""
    if any(x.part == m.part and x.kind in CODE_KINDS and x.end <= m.start for x in matches):
        return True
    prev = m.start - 1
    return prev >= 0 and tokens[prev].is_capitalised and tokens[prev].norm not in FUNCTION_WORDS | SIDES


def _is_former(tokens: list[Token], start: int) -> bool:
    return start > 0 and tokens[start - 1].norm in FORMER


class ActorResolver:
    """Resolves mentions against loaded knowledge. Build with `ActorResolver.load()`; immutable and thread-safe."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    @classmethod
    def load(cls, extra_files: tuple[str, ...] | list[str] = ()) -> ActorResolver:
        """The bundled knowledge plus users' files (geoevents TSV or CAMEO dictionaries), built once and cached."""
        return cls(cached_knowledge(tuple(str(f) for f in extra_files)))

    @classmethod
    def from_settings(cls, settings: Any) -> ActorResolver:
        """The resolver for a `geoevents.Settings`: bundled knowledge plus `settings.actors_file`."""
        return cls.load(tuple(settings.actors_file or ()))

    # ---- public API -------------------------------------------------------------------------------------------

    def resolve(self, text: str, context: str | None = None, date: str | None = None,
                memory: ArticleMemory | None = None) -> Entity | None:
        """The entity a mention names, or None when it names no political actor."""
        offset = None
        if context:
            found = context.find(text.strip())
            offset = found if found >= 0 else None
        return self._resolve(text, context, offset, date, memory, None)

    def resolve_span(self, span: Span, date: str | None = None, memory: ArticleMemory | None = None) -> Entity | None:
        """Resolve a spaCy span; the sentence is the context and start/end are character offsets in the Doc."""
        sent = span.sent
        root = span.root
        # the possessor of an act or a view ("Seoul's concerns", "Moscow's decision") acts too
        subject = root.dep_ in {"nsubj", "nsubjpass", "csubj", "poss"} or (
            root.dep_ == "pobj" and root.head.lower_ == "by"
        ) or root.dep_ == "ROOT"
        entity = self._resolve(span.text, sent.text, span.start_char - sent.start_char, date, memory, subject)
        if entity is not None:
            entity.start, entity.end = span.start_char, span.end_char
        return entity

    def find_mentions(self, doc_or_span: Any, date: str | None = None,
                      memory: ArticleMemory | None = None) -> list[Entity]:
        """Entities for the named entities and noun chunks of a parsed doc or span that name an actor."""
        seen: list[tuple[int, int]] = []
        out = []
        spans = list(doc_or_span.ents) + list(getattr(doc_or_span, "noun_chunks", []))
        for span in spans:
            if any(s <= span.start_char < e or s < span.end_char <= e for s, e in seen):
                continue
            entity = self.resolve_span(span, date=date, memory=memory)
            if entity is not None:
                seen.append((span.start_char, span.end_char))
                out.append(entity)
        return sorted(out, key=lambda e: e.start or 0)

    # ---- the rules --------------------------------------------------------------------------------------------

    def _resolve(self, text: str, context: str | None, offset: int | None, date: str | None,
                 memory: ArticleMemory | None, subject: bool | None) -> Entity | None:
        tokens = tokenize(text)
        if not tokens:
            return None
        if memory is not None:
            recalled = self._recall(text, tokens, memory)
            if recalled is not None:
                return recalled
        matches = find_matches(self.knowledge, tokens, date)
        res = _Result()
        person = self._person(tokens, matches, date, res)
        if person and context and offset is not None and not res.sector_reason:
            self._context_title(context, offset, date, res)
        if not person:
            self._code(tokens, matches, res)
            self._sector(tokens, matches, res)
        self._capital_rule(matches, res, context, offset, len(text), subject)
        if context and res.code is not None and res.sector is None and offset is not None:
            self._modifier_rule(tokens, matches, context, offset + len(text.rstrip()), res, date)
        if res.code is None and res.sector is not None:
            self._fill_code(context, offset, len(text), date, memory, tokens, res)
        unknown = _unknown_names(tokens, matches)
        if res.code is None and res.sector is None:
            return self._pronoun(text, tokens, memory)
        person_like = _person_names(tokens, matches, unknown)
        if person_like and res.person is None and not any(m.kind == "org" for m in matches):
            res.name = " ".join(t.orig for t in person_like[0])  # a person the knowledge does not hold
        elif res.name is None:
            res.name = text.strip()
        entity = res.entity(text)
        if memory is not None:
            names = res.name_tokens or ([t.norm for t in person_like[-1]] if person_like else [])
            memory.remember(entity, names)
        return entity

    def _recall(self, text: str, tokens: list[Token], memory: ArticleMemory) -> Entity | None:
        names = [t for t in tokens if _is_name_token(t)]
        if not names or len(names) != len([t for t in tokens if t.norm not in FUNCTION_WORDS]):
            return None
        found = memory.recall(" ".join(t.norm for t in names))
        if found is None:
            return None
        return Entity(text=text, code=found.code, sector=found.sector, name=found.name,
                      reason=f"memory: {found.name} earlier in the article ({found.reason})", basis=Basis.MEMORY,
                      antecedent=found)

    def _pronoun(self, text: str, tokens: list[Token], memory: ArticleMemory | None) -> Entity | None:
        if len(tokens) != 1 or tokens[0].norm not in ANAPHORS:
            return None
        if memory is not None:
            wanted = tokens[0].norm in PERSON_PRONOUNS
            found = memory.last_entity(person=True if wanted else None)
            if found is not None:
                return Entity(text=text, code=found.code, sector=found.sector, name=found.name,
                              reason=f"pronoun: {found.name} ({found.reason})", basis=Basis.PRONOUN, antecedent=found)
        return Entity(text=text, code=None, sector="UNK", name=None, reason="pronoun with no antecedent",
                      basis=Basis.PRONOUN)

    def _person(self, tokens: list[Token], matches: list[Match], date: str | None, res: _Result) -> bool:
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
        res.decide_code(role.code, Basis.PERSON, f"person {m.entry.name} ({m.entry.source}: {role.title}, {why})",
                        m.entry.source)
        res.sector = role.sector
        titles = [x for x in matches if x.kind == "sector" and x.start < m.start and x.entry.sector_kind != "weak"]
        offices = [x for x in titles if x.entry.sector_kind not in {"generic", "rank"}]
        if m.part > 0:
            head = _Result()
            self._sector(tokens, [x for x in matches if x.part < m.part], head)
            if head.sector is not None:
                res.sector, res.sector_reason = head.sector, head.sector_reason
        elif titles:
            # an office beats a rank: "Deputy Minister of Defense Colonel-General X" is a minister
            title = offices[-1] if offices else titles[-1]
            if _is_former(tokens, title.start):
                res.sector, res.sector_reason = "ELI", f"title 'former {title.entry.name}'"
            elif title.entry.sector_kind != "generic" or role.sector in (None, "ELI"):
                res.sector = title.sector
                res.sector_reason = f"title '{title.entry.name}' ({title.entry.source})"
        if res.code is None:
            self._code(tokens, matches, res)
        return True

    def _context_title(self, context: str, offset: int, date: str | None, res: _Result) -> None:
        """'former president Carlos Menem': a title written just before the name in the sentence decides."""
        before = tokenize(context[max(0, offset - 60) : offset])
        found = find_matches(self.knowledge, before, date)
        if not found or found[-1].end != len(before) or found[-1].kind != "sector":
            return
        title = found[-1]
        if title.entry.sector_kind in {"weak", "generic"}:
            return
        if _is_former(before, title.start) or title.sector == "ELI":
            res.sector, res.sector_reason = "ELI", f"'former {title.entry.name}' before the name in the sentence"
        else:
            res.sector = title.sector
            res.sector_reason = f"title '{title.entry.name}' before the name in the sentence ({title.entry.source})"

    def _code(self, tokens: list[Token], matches: list[Match], res: _Result) -> None:
        coded = [m for m in matches if m.kind in CODE_KINDS and m.code is not None and not self._ethnic(tokens, m)]
        head = [m for m in coded if m.part == 0]
        chosen = head[-1] if head else (coded[0] if coded else None)
        if chosen is None:
            return
        local, country = self._local_body(tokens, coded, chosen)
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
                             and m.code != chosen.code and not _backing(tokens, m)), None)
            if modifier is not None:
                chosen, res.name = modifier, chosen.entry.name
        res.decide_code(chosen.code, _basis(chosen), _found(tokens, chosen), chosen.entry.source)
        if chosen.kind == "org":
            res.name = chosen.entry.name
        elif res.name is None:
            res.name = chosen.entry.name

    def _local_body(self, tokens: list[Token], coded: list[Match], chosen: Match) -> tuple[bool, Match | None]:
        """(not the international body, the country that owns it). A shortened name of an international body
        ("Security Council", "nuclear watchdog") with a country ("South Korea's", "Russian", "of France") or inside
        a longer name ("National Security Council") is a national body; the full name ("UN Security Council") or
        the bare short name ("the Security Council") stays international."""
        key = phrase_key(tokens[chosen.start : chosen.end])
        if chosen.kind != "org" or chosen.code not in INTERNATIONAL_CODES \
                or (key, chosen.entry.name) not in self.knowledge.shortened:
            return False, None
        for m in reversed(coded):
            if m.kind not in {"country", "demonym"} or _backing(tokens, m):
                continue
            before = m.part == chosen.part and m.end <= chosen.start
            after = m.start == chosen.end + 1 and tokens[chosen.end].norm == "of"
            if before or after:
                return True, m
        covered = {i for m in coded for i in range(m.start, m.end)}
        prev = chosen.start - 1
        return prev >= 0 and prev not in covered and _is_name_token(tokens[prev]) and not tokens[prev].joined, None

    @staticmethod
    def _ethnic(tokens: list[Token], m: Match) -> bool:
        """'ethnic Turks' are a minority: they do not name Turkey."""
        return m.kind == "demonym" and m.start > 0 and tokens[m.start - 1].norm == "ethnic"

    def _sector(self, tokens: list[Token], matches: list[Match], res: _Result) -> None:
        # "rebel-held", "army-backed": the sector word describes something else
        words = [m for m in matches if m.kind == "sector" and not (
            m.end < len(tokens) and tokens[m.end].joined and tokens[m.end].norm in PARTICIPLES)
            and (m.entry.sector_kind != "qualified" or _qualified(tokens, matches, m))]
        strong = [m for m in words if m.entry.sector_kind != "weak"]
        head = [m for m in strong if m.part == 0]
        orgs = [m for m in matches if m.kind == "org" and m.sector and m.part == 0]
        complement = [m for m in matches if m.part > 0 and m.sector and m.kind in {"sector", "org", "person"}
                      and (m.kind != "sector" or m.entry.sector_kind != "weak")]
        chosen: Match | None = None
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
            if _is_former(tokens, h.start):
                res.sector, res.sector_reason = "ELI", f"'former {h.entry.name}'"
                return
        elif orgs:
            chosen, why = orgs[-1], "organisation"
        else:
            places = [m for m in matches if m.part == 0 and m.kind in PLACE_KINDS and m.sector
                      and not (m.kind == "demonym" and m.code and not m.entry.plural)]
            weak = [m for m in words if m.part == 0]
            if any(self._ethnic(tokens, m) for m in matches):
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

    def _capital_rule(self, matches: list[Match], res: _Result, context: str | None, offset: int | None,
                      length: int, subject: bool | None) -> None:
        """A capital that acts is its government ("Tehran said"); a capital where things happen is a place."""
        capitals = [m for m in matches if m.kind == "capital"]
        if res.sector is not None or res.person is not None or not capitals or res.code != capitals[-1].entry.code:
            return
        if subject is None:
            subject = context is None or offset is None or _subject_position(context, offset)
        if subject:
            res.sector, res.sector_reason = "GOV", "capital as actor -> government"
        else:
            res.sector, res.sector_reason = "CVL", "capital as place"

    def _modifier_rule(self, tokens: list[Token], matches: list[Match], context: str, end: int, res: _Result,
                       date: str | None) -> None:
        """'Hungarian' in 'Hungarian and Romanian officials' takes the sector of the noun it modifies."""
        if not matches or matches[-1].end != len(tokens) or matches[-1].kind not in PLACE_KINDS | {"org"}:
            return
        if any(m.part > 0 for m in matches):
            return
        following = tokenize(context[end : end + 80])
        after = find_matches(self.knowledge, following, date)
        by_start = {m.start: m for m in after}
        i = 0
        while i < min(len(following), 6):
            m = by_start.get(i)
            tok = following[i]
            if m is not None and m.kind == "sector" and m.entry.sector_kind != "weak":
                res.sector = m.sector
                res.sector_reason = f"modifies '{m.entry.name}' in the sentence ({m.entry.source})"
                return
            if m is not None and m.kind in {"country", "demonym"}:
                i = m.end
                continue
            if tok.norm in {"and", "or"} or tok.joined and tok.norm in {"led", "backed", "based", "owned", "run"}:
                i += 1
                continue
            return

    def _fill_code(self, context: str | None, offset: int | None, length: int, date: str | None,
                   memory: ArticleMemory | None, tokens: list[Token], res: _Result) -> None:
        """A sector without a country: the nearest country named in the sentence, else the article's last actor."""
        if context:
            ctx_tokens = tokenize(context)
            found = [m for m in find_matches(self.knowledge, ctx_tokens, date)
                     if m.kind in CODE_KINDS and m.code is not None]
            if offset is not None:
                found = [m for m in found if not (offset <= ctx_tokens[m.start].start < offset + length)]
            if found:
                where = offset if offset is not None else 0
                nearest = min(found, key=lambda m: abs(ctx_tokens[m.start].start - where))
                res.decide_code(nearest.code, Basis.NEAREST_COUNTRY,
                                f"nearest in the sentence: '{nearest.entry.name}' ({nearest.entry.source})",
                                nearest.entry.source)
                return
        if memory is not None and tokens[0].norm == "the":
            prior = memory.last_entity(sector=res.sector) or memory.last_entity()
            if prior is not None and prior.code is not None:
                res.decide_code(prior.code, Basis.EARLIER_ACTOR, f"earlier in the article: {prior.name or prior.text}")


def _basis(m: Match) -> Basis:
    return Basis.PERSON if m.kind == "person" else Basis.KNOWLEDGE


def _found(tokens: list[Token], m: Match) -> str:
    """How a knowledge match reads in a reason: "country 'Iraqi' -> Iraq (country_names.tsv:12)"."""
    return f"{m.kind} '{' '.join(t.orig for t in tokens[m.start:m.end])}' -> {m.entry.name} ({m.entry.source})"


def _subject_position(context: str, offset: int) -> bool:
    """The mention opens the sentence (after 'The'), or follows 'by' (the agent of a passive)."""
    before = tokenize(context[:offset])
    words = [t.norm for t in before]
    return not words or words == ["the"] or words[-1] == "by"
