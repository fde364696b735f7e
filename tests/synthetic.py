"""Hand-made event reports for store tests: sentence spans of a written article and an event at a given trigger.

Volume comes from `geoevents.benchmarks.store.synthetic_items`, the store benchmark's deterministic articles.
"""

from __future__ import annotations

import re

from geoevents.models import Article, Entity, Event


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
