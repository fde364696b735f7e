"""Hand-made stores for the alert and API tests: one article per event, built through `Store.add_articles` (no
spaCy), so a test says exactly which events exist on which day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from synthetic import mention

from geoevents.models import Article
from geoevents.store import Store

NAMES = {"RUS": "Russia", "UKR": "Ukraine", "KOR": "South Korea", "PRK": "North Korea", "DEU": "Germany",
         "CHN": "China", "IND": "India", "USA": "the United States"}  # fmt: skip
QUAD = {"ASSAULT": 4, "COERCE": 4, "SANCTION": 4, "THREATEN": 3, "ACCUSE": 3, "AID": 2, "CONSULT": 1}
INTENSITY = {"ASSAULT": -9.0, "COERCE": -7.0, "SANCTION": -6.0, "THREATEN": -3.5, "ACCUSE": -2.0, "AID": 10.0,
             "CONSULT": 2.5}  # fmt: skip


@dataclass(frozen=True)
class Made:
    """One event of a hand-made store: its article id, day, category, actor and recipient codes."""

    article: str
    day: dt.date
    event: str = "ASSAULT"
    actor: str = "RUS"
    recipient: str | None = "UKR"
    factuality: str = "asserted"
    confidence: float = 0.8
    intensity: float | None = None


def made_items(events: list[Made]) -> list[tuple[Article, list, list[tuple[int, int]]]]:
    items = []
    for made in events:
        target = NAMES[made.recipient] if made.recipient else "the border"
        text = f"{NAMES[made.actor]} {made.event.lower()} {target} in {made.article}."
        article = Article(id=made.article, text=text, date=made.day.isoformat(), title=made.article)
        recipients = [(NAMES[made.recipient], made.recipient)] if made.recipient else []
        event = mention(
            article, made.event.lower(), made.event, [(NAMES[made.actor], made.actor)], recipients,
            quad_code=QUAD[made.event], intensity=made.intensity if made.intensity is not None else
            INTENSITY[made.event], factuality=made.factuality, confidence=made.confidence, date_precision="day",
        )  # fmt: skip
        items.append((article, [event], [(0, len(text))]))
    return items


def made_store(path: Path, events: list[Made]) -> Path:
    with Store.open(path) as store:
        store.add_articles(made_items(events))
    return path


def days_ago(n: int, today: dt.date | None = None) -> dt.date:
    return (today or dt.datetime.now(dt.UTC).date()) - dt.timedelta(days=n)
