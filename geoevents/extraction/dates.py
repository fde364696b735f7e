"""When an event happened: its date expression resolved against the article's date.

Fast and deterministic: regular expressions and the small tables in data/dates.yaml, no date parser at run
time. A result is an ISO date with a precision: "day"; "week" (the Monday of that week); "month" (the first of
the month); "year" (1 January); or "article" when the sentence gives no date and the article date stands in.
Relative expressions ("yesterday", "on Wednesday", "in June") need the article date; without it they resolve to
(None, precision). The rules are listed in docs/dates_places.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import yaml
from spacy.tokens import Span, Token

from geoevents.errors import ConfigError

Resolved = tuple[str | None, str]


@dataclass(frozen=True)
class DateVocabulary:
    """Words the resolver knows (data/dates.yaml)."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int | None]
    day_words: Mapping[str, int]
    future_auxiliaries: frozenset[str]
    future_lemmas: frozenset[str]
    future_modifiers: frozenset[str]


@dataclass(frozen=True)
class Patterns:
    """Compiled regular expressions built from the vocabulary."""

    iso: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    month: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    day_word: re.Pattern[str]
    ago: re.Pattern[str]
    ahead: re.Pattern[str]
    period: re.Pattern[str]


@lru_cache(maxsize=1)
def vocabulary() -> DateVocabulary:
    text = resources.files("geoevents.extraction").joinpath("data").joinpath("dates.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    try:
        return DateVocabulary(
            months=MappingProxyType({str(k): int(v) for k, v in data["months"].items()}),
            weekdays=MappingProxyType({str(k): int(v) for k, v in data["weekdays"].items()}),
            numbers=MappingProxyType({str(k): v for k, v in data["numbers"].items()}),
            day_words=MappingProxyType({str(k): int(v) for k, v in data["day_words"].items()}),
            future_auxiliaries=frozenset(data["future_auxiliaries"]),
            future_lemmas=frozenset(data["future_lemmas"]),
            future_modifiers=frozenset(data["future_modifiers"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"geoevents/extraction/data/dates.yaml: missing or bad key: {exc}") from exc


def _alternation(words: Mapping[str, object]) -> str:
    # Longest first so that "sept" wins over "sep" and "day before yesterday" over "yesterday".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _names(words: Mapping[str, object]) -> str:
    """Month and weekday names as news writes them, capitalised: so "may", "sat", "sun", "mar" stay words."""
    forms = {form for w in words for form in (w.capitalize(), w.upper())}
    return "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    voc = vocabulary()
    mon = rf"(?P<month>{_names(voc.months)})\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    number = rf"(?P<n>\d+|{_alternation(voc.numbers)})"
    unit = r"(?P<unit>day|week|month|year)s?"
    return Patterns(
        iso=re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),
        month_day=re.compile(rf"\b{mon}\s+{day}\b(?:,?\s+{year}\b)?"),
        day_month=re.compile(rf"\b{day}\s+(?i:of\s+)?{mon}(?:,?\s+{year}\b)?"),
        month_year=re.compile(rf"\b{mon},?\s+{year}\b"),
        month=re.compile(rf"\b(?:(?P<rel>(?i:last|this|next|early|mid|late|earlier|later))[\s-]+)?{mon}(?!\w)"),
        year=re.compile(rf"(?<![\w-]){year}(?![\w-])"),
        weekday=re.compile(
            rf"\b(?:(?P<rel>(?i:last|this|next|past|coming))\s+)?(?P<weekday>{_names(voc.weekdays)})"
            r"\.?(?!\w)"
        ),
        day_word=re.compile(rf"\b(?:the\s+)?(?P<word>{_alternation(voc.day_words)})\b", re.I),
        ago=re.compile(rf"\b{number}\s+{unit}\s+(?:ago|earlier|before)\b", re.I),
        ahead=re.compile(rf"\b(?:in|within)\s+{number}\s+{unit}(?:'s?\s+time)?\b", re.I),
        period=re.compile(
            r"\b(?P<rel>last|this|next|past|coming|previous|earlier\s+this|later\s+this|"
            r"late\s+last|early\s+last|early\s+this|late\s+this|early\s+next|late\s+next)\s+"
            r"(?P<unit>week|weekend|month|year)\b",
            re.I,
        ),
    )


def parse_iso(value: str | None) -> date | None:
    """The article date as a date; None when missing or not an ISO date (an unusable date counts as missing)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _iso(day: date | None, precision: str) -> Resolved:
    return (day.isoformat() if day else None, precision)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _yearless(month: int, day: int, anchor: date | None, future: bool, precision: str) -> Resolved:
    """A date without a year: the article's year, moved one year back (past) or on (future) to fit the tense."""
    if anchor is None:
        return (None, precision)
    found = _safe_date(anchor.year, month, day)
    if found is None:
        return (None, precision)
    last_day = found if precision == "day" else _add_months(found, 1) - timedelta(days=1)
    if not future and found > anchor:
        found = _safe_date(anchor.year - 1, month, day)
    elif future and last_day < anchor:
        found = _safe_date(anchor.year + 1, month, day)
    return _iso(found, precision)


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = vocabulary().numbers.get(text.lower())
    return int(value) if value is not None else None


def _shift(anchor: date, unit: str, amount: int) -> Resolved:
    unit = unit.lower()
    if unit == "day":
        return _iso(anchor + timedelta(days=amount), "day")
    if unit in ("week", "weekend"):
        return _iso(_monday(anchor) + timedelta(weeks=amount), "week")
    if unit == "month":
        return _iso(_add_months(anchor, amount), "month")
    return _iso(date(anchor.year + amount, 1, 1), "year")


_PERIOD_SHIFT = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}


def _period(match: re.Match[str], anchor: date | None) -> Resolved:
    rel = " ".join(match["rel"].lower().split())
    unit = match["unit"].lower()
    amount = _PERIOD_SHIFT.get(rel.split()[-1], 0)  # "earlier this", "late last" -> the last word decides
    if anchor is None:
        return (None, "week" if unit == "weekend" else unit)
    return _shift(anchor, unit, amount)


def _weekday(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    if anchor is None:
        return (None, "day")
    target = vocabulary().weekdays[match["weekday"].lower()]
    rel = (match["rel"] or "").lower()
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if rel in ("last", "past"):
        return _iso(anchor - timedelta(days=back or 7), "day")
    if rel in ("next", "coming"):
        return _iso(anchor + timedelta(days=ahead or 7), "day")
    if future:
        return _iso(anchor + timedelta(days=ahead), "day")
    return _iso(anchor - timedelta(days=back), "day")


def _month_only(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    month = vocabulary().months[match["month"].lower()]
    rel = (match["rel"] or "").lower()
    if anchor is not None and rel == "last":
        year = anchor.year - 1 if month >= anchor.month else anchor.year
        return _iso(date(year, month, 1), "month")
    if anchor is not None and rel == "next":
        year = anchor.year + 1 if month <= anchor.month else anchor.year
        return _iso(date(year, month, 1), "month")
    return _yearless(month, 1, anchor, future or rel == "this" and month > (anchor.month if anchor else 0), "month")


def _explicit(text: str, anchor: date | None, future: bool) -> Resolved | None:
    pat, voc = patterns(), vocabulary()
    if m := pat.iso.search(text):
        found = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        return _iso(found, "day") if found else None
    for regex in (pat.month_day, pat.day_month):
        m = regex.search(text)
        if m and 1 <= int(m["day"]) <= 31:
            month = voc.months[m["month"].lower()]
            if m["year"]:
                found = _safe_date(int(m["year"]), month, int(m["day"]))
                return _iso(found, "day") if found else None
            return _yearless(month, int(m["day"]), anchor, future, "day")
    if m := pat.month_year.search(text):
        return _iso(date(int(m["year"]), voc.months[m["month"].lower()], 1), "month")
    return None


def _relative(text: str, anchor: date | None, future: bool) -> Resolved | None:
    pat, voc = patterns(), vocabulary()
    if m := pat.day_word.search(text):
        offset = voc.day_words[" ".join(m["word"].lower().split())]
        return _iso(anchor + timedelta(days=offset), "day") if anchor else (None, "day")
    for regex, sign in ((pat.ago, -1), (pat.ahead, 1)):
        if m := regex.search(text):
            amount = _number(m["n"])
            if amount is None:
                return None
            unit = m["unit"].lower()
            return _shift(anchor, unit, sign * amount) if anchor else (None, unit)
    if m := pat.period.search(text):
        return _period(m, anchor)
    if m := pat.weekday.search(text):
        return _weekday(m, anchor, future)
    return None


def resolve_date_text(text: str, article_date: str | None, *, future: bool = False) -> Resolved | None:
    """Resolve one date expression; None when `text` holds no date expression this module knows.

    `future` says the event lies ahead (the trigger's tense): it decides which Wednesday "on Wednesday" is and
    which year "in June" falls in.
    """
    return _resolve_text(text, article_date, future)


@lru_cache(maxsize=4096)
def _resolve_text(text: str, article_date: str | None, future: bool) -> Resolved | None:
    # Cached: news repeats the same few expressions ("on Wednesday", "last week") with the same article date.
    anchor = parse_iso(article_date)
    found = _explicit(text, anchor, future) or _relative(text, anchor, future)
    if found is not None:
        return found
    pat = patterns()
    if m := pat.month.search(text):
        return _month_only(m, anchor, future)
    if m := pat.year.search(text):
        return _iso(date(int(m["year"]), 1, 1), "year")
    return None


def is_future(trigger: Span) -> bool:
    """Whether the trigger's event lies ahead: will/shall/going to, a future-looking verb or modifier above it."""
    voc = vocabulary()
    token: Token = trigger.root
    for _ in range(3):  # the trigger, and the verbs it hangs from ("plans to visit", "is set to sign")
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in voc.future_auxiliaries for c in token.children):
            return True
        if token != trigger.root and token.lower_ == "going" and token.tag_ == "VBG":  # "is going to visit"
            return True
        if any(c.dep_ in ("amod", "compound") and c.lower_ in voc.future_modifiers for c in token.children):
            return True
        if token != trigger.root and token.lemma_.lower() in voc.future_lemmas:  # "plans to visit", "vowed to"
            return True
        if token.dep_ not in ("xcomp", "acl", "dobj", "pobj", "nsubj", "nsubjpass") or token.head == token:
            return False
        token = token.head
    return False


def _date_entities(sent: Span) -> Iterator[Span]:
    """DATE and TIME entities of the sentence, read from its tokens (`Span.ents` walks every entity of the Doc)."""
    doc, start = sent.doc, None
    for token in sent:
        if start is not None and token.ent_iob_ != "I":
            yield doc[start : token.i]
            start = None
        if token.ent_iob_ == "B" and token.ent_type_ in ("DATE", "TIME"):
            start = token.i
    if start is not None:
        yield doc[start : sent.end]


# Dependencies that open another clause: a date beyond one of them belongs to another event ("a strike that began
# ten days ago", "said on Monday that ...", "signed last February", "and will announce later this year").
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj", "csubjpass",
                         "pcomp"})
MAX_HOPS = 12


def clause_hops(tok: Token, head: Token) -> int | None:
    """Steps from `tok` up to `head` without leaving `head`'s clause; None when `tok` is in another clause."""
    hops = 0
    while tok.i != head.i:
        if tok.dep_ in CLAUSE_DEPS or tok.head.i == tok.i or hops >= MAX_HOPS:
            return None
        tok, hops = tok.head, hops + 1
    return hops


def clause_heads(trigger: Span) -> list[Token]:
    """The heads whose clause dates the event: the trigger's own, then, for a verb coordinated without a subject
    of its own ("on Monday they attacked Kyiv and shelled Kharkiv"), the first conjunct's."""
    heads = [trigger.root]
    tok = trigger.root
    while tok.dep_ == "conj" and tok.head.i != tok.i and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        tok = tok.head
        heads.append(tok)
    return heads


def _clause_text(sent: Span, head: Token) -> str:
    """The words of `head`'s clause, the other clauses cut out (so that a scan cannot join their words)."""
    parts = []
    for tok in sent:
        parts.append(tok.text_with_ws if clause_hops(tok, head) is not None else " | ")
    return "".join(parts)


@lru_cache(maxsize=4096)
def _scan_sentence(text: str, article_date: str | None, future: bool) -> Resolved | None:
    # Cached: every trigger of a sentence without a date entity scans the same text.
    anchor = parse_iso(article_date)
    return _explicit(text, anchor, future) or _relative(text, anchor, future)


def resolve_event_date(sent: Span, trigger: Span, article_date: str | None) -> Resolved:
    """(ISO date or None, precision) of the event whose trigger is `trigger` in sentence `sent`.

    Only a date of the event's own clause counts (issue 13: "a statement is dated when it was made, the event it
    announces keeps its own date"): the DATE/TIME entity of that clause closest to the trigger in the parse, then
    a date expression in the clause's words; when there is none the article date stands in with precision
    "article"."""
    future = is_future(trigger)
    entities = []
    for ent in _date_entities(sent):
        if ent.root.dep_ == "nummod" and ent.text.isdigit():  # "2000 troops": a count the NER took for a year
            continue
        entities.append(ent)
    for head in clause_heads(trigger):
        candidates = []
        for ent in entities:
            hops = clause_hops(ent.root, head)
            if hops is None:
                continue
            found = resolve_date_text(ent.text, article_date, future=future)
            if found is not None:
                candidates.append((hops, ent.start, found))
        if candidates:
            return min(candidates, key=lambda c: (c[0], c[1]))[2]
        # spaCy sometimes misses an expression ("earlier this week"): scan the clause's words before giving up.
        # Only full expressions here: a bare number ("2000 troops") or month-like word is no date outside an entity.
        found = _scan_sentence(_clause_text(sent, head), article_date, future)
        if found is not None:
            return found
    anchor = parse_iso(article_date)
    return (anchor.isoformat() if anchor else None, "article")


__all__ = ["DateVocabulary", "is_future", "parse_iso", "resolve_date_text", "resolve_event_date", "vocabulary"]
