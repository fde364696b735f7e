"""Short news stories the real pipeline codes into known events (checked by the tests that use them). Each
`story(n)` is a distinct text (so the store does not take it for another story's copy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from live.servers import Entry


@dataclass(frozen=True)
class Story:
    text: str
    event: str
    actor: str
    recipient: str


STORIES = [
    Story("Russian forces attacked Ukraine.", "ASSAULT", "RUS", "UKR"),
    Story("North Korea delivered artillery shells to Russia.", "AID", "PRK", "RUS"),
    Story("Russia threatened South Korea.", "THREATEN", "RUS", "KOR"),
    Story("Chinese troops fired on Indian soldiers near the border.", "ASSAULT", "CHN", "IND"),
    Story("Germany sent aid to Ukraine.", "AID", "DEU", "UKR"),
    Story("Iran accused Israel of spying.", "ACCUSE", "IRN", "ISR"),
    Story("Turkish warplanes bombed Kurdish militants in Iraq.", "ASSAULT", "TUR", "IRQ"),
    Story("Japan protested to China over the islands.", "PROTEST", "JPN", "CHN"),
]


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def text_of(kind: int, n: int) -> str:
    return f"{STORIES[kind].text} Story {n} of the wire desk."


def entry(kind: int, n: int, prefix: str = "s", date: str | None = None, link: str | None = None) -> Entry:
    """Feed entry number `n` telling story `kind`, dated today unless said otherwise."""
    return Entry(f"{prefix}-{n}", f"Story {n}", text_of(kind, n), link=link, date=date or today())
