"""Deterministic synthetic articles with hand-made events, for store tests and benchmarks (no spaCy needed)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator

from geoevents.models import Article, Entity, Event

_CODES = (
    "RUS",
    "UKR",
    "USA",
    "FRA",
    "DEU",
    "CHN",
    "KOR",
    "PRK",
    "IRN",
    "ISR",
    "GBR",
    "JPN",
    "IND",
    "PAK",
    "TUR",
    "SYR",
    "IRQ",
    "EGY",
    "SAU",
    "BRA",
    "MEX",
    "CAN",
    "AUS",
    "NGA",
    "ZAF",
    "ETH",
    "SDN",
    "AFG",
    "POL",
    "ITA",
)
_VERBS = (("attacked", "ASSAULT", 4, -9.0), ("condemned", "ACCUSE", 3, -2.0), ("met", "CONSULT", 1, 2.5),
          ("aided", "AID", 2, 10.0), ("threatened", "THREATEN", 3, -3.5))  # fmt: skip
_FACTS = ("asserted", "asserted", "asserted", "negated", "future")


def synthetic_item(i: int, events_per_article: int = 5) -> tuple[Article, list[Event], list[tuple[int, int]]]:
    """Article number `i` with its events and sentence spans; the same `i` always gives the same item."""
    rng = random.Random(i)  # seeded per article: the same i always gives the same article
    date = (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat()
    sentences, plans = [], []
    for _ in range(events_per_article):
        a, b = rng.sample(_CODES, 2)
        verb, category, quad, intensity = rng.choice(_VERBS)
        sentences.append(f"{a} officials {verb} {b} on {date} in synthetic report {i}.")
        plans.append((a, b, verb, category, quad, intensity, rng.choice(_FACTS)))
    text, spans, offset = "", [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence)))
        text += sentence + " "
        offset = len(text)
    article = Article(
        id=f"syn{i:07d}", text=text.strip(), title=f"Synthetic {i}", date=date, url=f"https://example.org/{i}"
    )
    events = []
    for index, ((start, end), (a, b, verb, category, quad, intensity, fact)) in enumerate(
        zip(spans, plans, strict=True)
    ):
        vstart = start + len(a) + len(" officials ")
        bstart = vstart + len(verb) + 1
        events.append(
            Event(
                article_id=article.id, sentence_index=index, sentence=text[start:end], event=category,
                event_text=verb, event_start=vstart, event_end=vstart + len(verb), quad_code=quad,
                intensity=intensity, date=date, factuality=fact, coder="synthetic",
                actor=[Entity(text=a, code=a, sector="GOV", name=a, start=start, end=start + len(a))],
                recipient=[Entity(text=b, code=b, name=b, start=bstart, end=bstart + len(b))],
                sentence_start=start, sentence_end=end,
            )
        )  # fmt: skip
    return article, events, spans


def synthetic_items(
    n: int, start: int = 0, events_per_article: int = 5
) -> Iterator[tuple[Article, list[Event], list[tuple[int, int]]]]:
    for i in range(start, start + n):
        yield synthetic_item(i, events_per_article)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a hand-written test article: sentences end with '.', '!' or '?' and a space."""
    spans, start = [], 0
    for match in re.finditer(r"[.!?](\s+|$)", text):
        spans.append((start, match.start() + 1))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def mention(
    article: Article,
    trigger: str,
    event: str,
    actors: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
    recipients: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
    occurrence: int = 0,
    **fields: object,
) -> Event:
    """A hand-made event report: `trigger` (its `occurrence`-th match) in `article`, entities as (text, code)."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(trigger, start + 1)
    spans = sentence_spans(article.text)
    index = next(k for k, (s, e) in enumerate(spans) if s <= start < e)
    s_start, s_end = spans[index]

    def entity(text: str, code: str | None) -> Entity:
        at = article.text.find(text, s_start)
        return Entity(text=text, code=code, name=text, start=at if at >= 0 else None,
                      end=at + len(text) if at >= 0 else None)  # fmt: skip

    values: dict[str, object] = {"date": article.date, "coder": "hand-made", **fields}
    return Event(
        article_id=article.id, sentence_index=index, sentence=article.text[s_start:s_end], event=event,
        event_text=trigger, event_start=start, event_end=start + len(trigger),
        actor=[entity(t, c) for t, c in actors], recipient=[entity(t, c) for t, c in recipients],
        sentence_start=s_start, sentence_end=s_end, **values,  # type: ignore[arg-type]
    )  # fmt: skip
