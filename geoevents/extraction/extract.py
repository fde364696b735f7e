"""EventExtractor: PLOVER events from a parsed spaCy Doc.

Per sentence: find triggers (lexicon lemma lookups, geoevents.extraction.triggers), take each one's participants from
the dependency parse and decide its factuality (geoevents.extraction.candidates), then add the events a statement
implies (geoevents.extraction.implied), and write the Event records: date, place, contexts, confidence, and offsets in
the article's coordinates - also for a doc the prefilter reduced to some of the article's sentences - so that each
event's id is computed once, when it is made.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from spacy.tokens import Doc, Span

from geoevents.actors.memory import ArticleMemory
from geoevents.extraction import arguments as args
from geoevents.extraction.article import ArticleCountry, article_country
from geoevents.extraction.candidates import Candidate, Participants
from geoevents.extraction.dates import resolve_event_date
from geoevents.extraction.factuality import historical
from geoevents.extraction.implied import Implications
from geoevents.extraction.places import resolve_location
from geoevents.extraction.readings import commercial, firms_with_customers, private
from geoevents.extraction.reference import Referents, quote_speakers
from geoevents.extraction.syntax import depth
from geoevents.extraction.triggers import TriggerMatch, find_triggers
from geoevents.models import Basis, Entity, Event, Location
from geoevents.ontology import (
    Cues,
    Lexicon,
    Ontology,
    Readings,
    load_cues,
    load_ontology,
    load_readings,
    load_trigger_lexicon,
)
from geoevents.vocabulary import FIRST_PERSON_PRONOUNS

CONTEXT_DEPS = frozenset({"dobj", "obj", "pobj", "prep", "nsubj", "nsubjpass", "xcomp", "attr", "dative", "compound",
                          "amod", "agent"})
PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST", "SANCTION", "MOBILIZE"})
GOVERNMENT_TARGETS = frozenset({"PROTEST", "SANCTION", "COERCE"})  # in a place: aimed at its government
# Sectors of people who act where they live: the place of their event gives their country (not so for a state's
# officials, forces and armed groups, who often act abroad, nor for a visitor).
LOCAL_SECTORS = frozenset({"CVL", "EDU", "LAB", "MED", "REF", "AGR", "REL", "SOC", "COP", "OPP", "CRM", "BUS", "JRN"})
VISITS = frozenset({"CONSULT"})
PLACE_CACHE = 100_000
# Among private persons, violence, coercion, protest and threats are still political event data (crime, police,
# courts, demonstrations); anything else among them is private life ("my family rejected me", "helped a friend").
PUBLIC_ORDER = frozenset({"ASSAULT", "COERCE", "PROTEST", "THREATEN", "SANCTION", "MOBILIZE"})
LOW_CONFIDENCE = 0.2  # no participant naming someone, or firms only: below the default min_confidence
# The mentions a pronoun may stand for: subjects and objects (also the things among them, which stop a pronoun).
MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "pobj", "appos"})


class ArticleOffsets(Protocol):
    """Where a reduced doc's offsets sit in its article, and back (geoevents.nlp.articles.OffsetMap)."""

    def start(self, offset: int) -> int: ...

    def end(self, offset: int) -> int: ...

    def sentence_index(self, offset: int) -> int: ...

    def doc_start(self, offset: int) -> int: ...

    def doc_end(self, offset: int) -> int: ...


class _Placement:
    """Doc offsets to article offsets: the same numbers for a doc that holds its whole article."""

    def __init__(self, offsets: ArticleOffsets | None) -> None:
        self.offsets = offsets

    def start(self, offset: int) -> int:
        return offset if self.offsets is None else self.offsets.start(offset)

    def end(self, offset: int) -> int:
        return offset if self.offsets is None else self.offsets.end(offset)

    def sentence_index(self, index: int, sentence_start: int) -> int:
        return index if self.offsets is None else self.offsets.sentence_index(sentence_start)

    def entity(self, entity: Entity | None) -> Entity | None:
        if entity is None or self.offsets is None:
            return entity
        return replace(entity, start=None if entity.start is None else self.start(entity.start),
                       end=None if entity.end is None else self.end(entity.end))

    def entities(self, entities: list[Entity]) -> list[Entity]:
        return [self.entity(e) or e for e in entities]

    def location(self, location: Location | None) -> Location | None:
        if location is None or self.offsets is None:
            return location
        return replace(location, start=None if location.start is None else self.start(location.start),
                       end=None if location.end is None else self.end(location.end))


class EventExtractor:
    """Codes PLOVER events. One instance per process: the ontology and lexicon are loaded once."""

    def __init__(self, resolver: Any, coder: str = "geoevents", lexicon: Lexicon | None = None,
                 ontology: Ontology | None = None, cues: Cues | None = None, readings: Readings | None = None,
                 min_confidence: float = 0.0) -> None:
        self.resolver = resolver
        self.coder = coder
        self.lexicon = lexicon or load_trigger_lexicon()
        self.ontology = ontology or load_ontology()
        self.cues = cues or load_cues()
        self.readings = readings or load_readings()
        self.min_confidence = min_confidence
        self.event_nouns = frozenset(self.lexicon.nouns)
        self.place_codes: dict[str, str | None] = {}  # place or nationality name -> country code (article_country)
        self.categories = {c.name: c for c in self.ontology.categories}
        self.context_cues = self.ontology.cue_map()
        self.participants = Participants(self.cues, self.readings, {c.name: c.quad for c in self.ontology.categories})
        self.implications = Implications(self.cues, self.categories)

    # -- public -----------------------------------------------------------------------------------------------
    def extract(self, doc: Doc, article_id: str = "", article_date: str | None = None,
                offsets: ArticleOffsets | None = None) -> list[Event]:
        """The events of `doc`, with offsets and sentence indexes in the article: `offsets` maps them when the doc
        holds only some of the article's sentences."""
        mentions = args.Mentions(self.resolver, article_date, ArticleMemory(), group_nouns=self.cues.group_nouns,
                                 owning_verbs=self.cues.owning_verbs,
                                 company_suffixes=self.readings.company_suffixes,
                                 accusing=self.readings.accusing_verbs, event_nouns=self.event_nouns,
                                 speech=self.cues.speech, affiliations=self.cues.affiliations,
                                 referents=Referents(self.readings.person_nouns),
                                 speakers=quote_speakers(doc, self.cues.speech, FIRST_PERSON_PRONOUNS),
                                 text=doc.text)
        place = _Placement(offsets)
        events: list[Event] = []
        year = int(article_date[:4]) if article_date and article_date[:4].isdigit() else None
        if len(self.place_codes) > PLACE_CACHE:
            self.place_codes.clear()
        country = article_country(doc, self.resolver, self.place_codes)
        for index, sent in enumerate(doc.sents):
            cands = self._sentence(sent, index, mentions)
            events.extend(self._events(cands, sent, index, article_id, article_date, year, place, country))
        return self._confident(events)

    def _confident(self, events: list[Event]) -> list[Event]:
        """The events at `min_confidence` or above; a condition pointing at a dropped event points nowhere."""
        kept = [e for e in events if e.confidence >= self.min_confidence]
        if len(kept) < len(events):
            ids = {e.id for e in kept}
            for event in kept:
                if event.condition_event_id is not None and event.condition_event_id not in ids:
                    event.condition_event_id = None
        return kept

    # -- per sentence -----------------------------------------------------------------------------------------
    def _sentence(self, sent: Span, index: int, mentions: args.Mentions) -> list[Candidate]:
        # Resolve every sentence's subjects first so pronouns later in the article find their antecedents.
        matches = find_triggers(sent, self.lexicon, self.cues)
        for tok in sent:
            if tok.dep_ in MENTION_DEPS and tok.pos_ in ("PROPN", "NOUN"):
                mentions.note(tok, index)  # antecedents for later pronouns, resolved or not
        cands: list[Candidate] = []
        for m in matches:
            if self._is_speech_frame(m):
                continue
            cand = self.participants.candidate(m, index, mentions)
            if cand is not None:
                cands.append(cand)
        self.implications.embedded_recipients(cands)
        self.implications.condition_targets(cands, mentions, index)
        # implied events last: a stated intention takes the recipients its event found in embedded clauses
        cands.extend(self.implications.derived(cands, sent, index, mentions))
        self.implications.embedded_modes(cands)
        return cands

    def _is_speech_frame(self, m: TriggerMatch) -> bool:
        """"X warned that ...", "X announced that ...": a report of another statement, not itself the event."""
        lemma = m.head.lemma_.lower()
        if m.nominal or lemma not in self.cues.speech or m.trigger.event == "ACCUSE":
            return False
        return any(c.dep_ == "ccomp" for c in m.head.children)

    # -- records ----------------------------------------------------------------------------------------------
    def _events(self, cands: list[Candidate], sent: Span, index: int, article_id: str, article_date: str | None,
                year: int | None, place: _Placement, country: ArticleCountry | None = None) -> list[Event]:
        events: list[Event] = []
        ids: dict[int, str] = {}
        doc = sent.doc
        for cand in cands:
            start_tok, end_tok = cand.bounds
            trigger_span = doc[start_tok:end_tok]
            value = cand.fact.value
            date, precision = self._date(sent, trigger_span, article_date)
            if value == "asserted" and historical(cand.match.head, date, precision, article_date, self.readings):
                value = "historical"
            location = resolve_location(sent, trigger_span)
            if location is not None and location.country and self._in_clause(cand, location):
                self._place_participants(cand, location)
            if country is not None:  # the story's country, for those neither sentence nor place gave one
                cand.actors = [country.localize(e) for e in cand.actors]
                cand.recipients = [country.localize(e) for e in cand.recipients]
            category = self.categories[cand.event]
            event = Event(
                article_id=article_id,
                sentence_index=place.sentence_index(index, sent.start_char),
                sentence=sent.text,
                event=cand.event,
                event_text=trigger_span.text,
                event_start=place.start(trigger_span.start_char),
                event_end=place.end(trigger_span.end_char),
                mode=cand.mode,
                context=self._contexts(cand, sent),
                actor=place.entities(cand.actors),
                recipient=place.entities(cand.recipients),
                quad_code=category.quad,
                intensity=category.mode_score(cand.mode),
                date=date,
                date_precision=precision,
                location=place.location(location),
                factuality=value,
                condition=cand.fact.condition.text if cand.fact.condition is not None else None,
                reported_by=place.entity(cand.reported_by),
                confidence=self._confidence(cand),
                coder=self.coder,
                sentence_start=place.start(sent.start_char),
                sentence_end=place.end(sent.end_char),
            )
            events.append(event)
            if not cand.derived:
                ids.setdefault(cand.match.head.i, event.id)
        self._link_conditions(cands, events, ids)
        return events

    @staticmethod
    def _place_participants(cand: Candidate, location: Location) -> None:
        """What the place of the event says about its participants: a group of local people with no country
        ("students protested in Belgrade") is of the place's country (not a state's officials or forces, nor the
        visitor of a meeting);
        violence or coercion with no one named as its target ("warplanes struck targets in Gaza") is done to the
        place's people or government."""
        country = str(location.country)
        roles = (cand.recipients,) if cand.event in VISITS else (cand.actors, cand.recipients)
        for role in roles:
            for i, ent in enumerate(role):
                if not ent.code and ent.sector in LOCAL_SECTORS and ent.basis is Basis.NO_CODE:
                    role[i] = replace(ent, code=country, basis=Basis.EVENT_PLACE,
                                      reason=f"{ent.reason}; country of the event's place {location.text!r}")
        if not cand.recipients and cand.event in PLACE_TARGETS:
            government = cand.event in GOVERNMENT_TARGETS
            whom = "its government" if government else "its people"
            cand.recipients = [Entity(text=location.text, code=country, sector="GOV" if government else None,
                                      start=location.start, end=location.end, basis=Basis.PLACE,
                                      reason=f"done in {location.text}: aimed at {whom} (the place of the event)")]

    @staticmethod
    def _in_clause(cand: Candidate, location: Location) -> bool:
        """The place is part of the event's own clause ("struck targets in Gaza"), not of another one ("during a
        press conference in Vietnam, he said the pact applies if either country is attacked")."""
        head = cand.match.head
        scope = head.head if cand.match.nominal and not cand.match.light and head.dep_ != "ROOT" else head
        start, end = scope.left_edge.idx, scope.right_edge.idx + len(scope.right_edge.text)
        return location.start is None or start <= location.start < end

    def _link_conditions(self, cands: list[Candidate], events: list[Event], ids: dict[int, str]) -> None:
        """condition_event_id: the event coded inside the if/unless clause, when there is one."""
        for cand, event in zip(cands, events, strict=True):
            cond = cand.fact.condition
            if cond is None:
                continue
            inside = [c for c in cands if not c.derived and cond.start <= c.match.anchor.i < cond.end]
            if inside:
                event.condition_event_id = ids.get(inside[0].match.head.i)

    @staticmethod
    def _date(sent: Span, trigger: Span, article_date: str | None) -> tuple[str | None, str]:
        found = resolve_event_date(sent, trigger, article_date)
        if not found:
            return article_date, "article"
        date, precision = found[0], found[1]
        return (date, precision) if date else (article_date, "article")

    def _contexts(self, cand: Candidate, sent: Span) -> list[str]:
        labels = list(cand.match.trigger.context)
        head = cand.match.head
        # The trigger's own phrase and its arguments, not the clauses hanging off it.
        scope = [head, cand.match.anchor] + [t for c in head.children if c.dep_ in CONTEXT_DEPS for t in c.subtree]
        for tok in scope:
            for label in self.context_cues.get(tok.lemma_.lower(), ()):
                if label not in labels:
                    labels.append(label)
        return labels

    def _confidence(self, cand: Candidate) -> float:
        """0.45, more with named participants (a code counts most), less for ambiguous, bare nominal and implied
        events; an event with no participant that names someone, with firms only, among private persons only
        ("my family rejected me") or of firms on no political actor ("offer flights to Cuban cities"), unless it is
        violence, coercion or protest, stays low (LOW_CONFIDENCE)."""
        actors = [a for a in cand.actors if names_someone(a)]
        recipients = [r for r in cand.recipients if names_someone(r)]
        score = 0.45
        score += (0.2 if any(a.code for a in actors) else 0.1) if actors else -0.1
        required = self.categories[cand.event].recipient_required
        score += (0.15 if any(r.code for r in recipients) else 0.1) if recipients else (-0.1 if required else 0.05)
        if cand.match.trigger.ambiguous:
            score -= 0.15
        if cand.match.nominal and not cand.match.light:
            score -= 0.1
        if cand.derived:
            score -= 0.05
        if not actors and not recipients or commercial(actors, recipients, self.readings) or (
                cand.event not in PUBLIC_ORDER and (private(actors, recipients)
                                                    or firms_with_customers(actors, recipients, self.readings))):
            score = min(score, LOW_CONFIDENCE)
        return round(min(0.95, max(0.05, score)), 2)


def names_someone(entity: Entity) -> bool:
    return bool(entity.code or (entity.sector and entity.sector != "UNK") or entity.name)


def primary_event(doc_sent: Span, events: list[dict[str, Any]], offsets: ArticleOffsets | None = None
                  ) -> dict[str, Any] | None:
    """The sentence's main event, by one general rule: prefer events that happened (asserted, historical), then the
    trigger highest in the dependency tree, then unambiguous over ambiguous (higher confidence), then the earliest.
    Used where one event per sentence is wanted (the PLOVER gold standard codes one). `offsets`: the doc's map to
    its article (a reduced doc's events carry article offsets)."""
    if not events:
        return None
    doc = doc_sent.doc

    def rank(ev: dict[str, Any]) -> tuple[int, int, float, int]:
        start, end = ev["event_start"], ev["event_end"]
        if offsets is not None:
            start, end = offsets.doc_start(start), offsets.doc_end(end)
        span = doc.char_span(start, end, alignment_mode="expand")
        height = min((depth(t) for t in span), default=99) if span is not None else 99
        happened = 0 if ev["factuality"] in ("asserted", "historical") else 1
        return happened, height, -float(ev.get("confidence") or 0), ev["event_start"]

    return min(events, key=rank)


__all__ = ["ArticleOffsets", "EventExtractor", "primary_event"]
