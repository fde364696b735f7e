"""A small, hand-made event store: several countries, cooperation and conflict, dates over five weeks,
every factuality including a conditional event with its condition, and one event reported by two articles.

Built from geoevents.models objects through `Store.add_articles`, so it needs no spaCy model and takes well
under a second. Offsets are computed from the texts, so the spans always point at the words they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from geoevents.models import Article, Entity, Event
from geoevents.store import Store

# (code, sector, name) of the mentions used below, keyed by the words in the texts.
ACTORS: dict[str, tuple[str, str | None, str]] = {
    "Russia": ("RUS", None, "Russia"),
    "Moscow": ("RUS", "GOV", "Russia"),
    "Ukraine": ("UKR", None, "Ukraine"),
    "Kyiv": ("UKR", "GOV", "Ukraine"),
    "Germany": ("DEU", None, "Germany"),
    "Berlin": ("DEU", "GOV", "Germany"),
    "France": ("FRA", None, "France"),
    "China": ("CHN", None, "China"),
    "Beijing": ("CHN", "GOV", "China"),
    "Turkey": ("TUR", None, "Turkey"),
    "the United States": ("USA", None, "United States"),
    "Washington": ("USA", "GOV", "United States"),
    "the Kremlin": ("RUS", "GOV", "Russia"),
}

QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "AID": 2, "COOPERATE": 2,
    "ACCUSE": 3, "THREATEN": 3, "REJECT": 3, "ASSAULT": 4, "SANCTION": 4, "MOBILIZE": 4,
}  # fmt: skip
SCORES = {
    "AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5.0, "AID": 10.0, "COOPERATE": 9.5,
    "ACCUSE": -2.0, "THREATEN": -3.5, "REJECT": -2.0, "ASSAULT": -9.0, "SANCTION": -6.0, "MOBILIZE": -5.5,
}  # fmt: skip


@dataclass
class Spec:
    """One coded sentence: its text and which words are the trigger, the actor and the recipient."""

    text: str
    event: str | None = None
    trigger: str = ""
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    factuality: str = "asserted"
    condition: str | None = None
    reported_by: str | None = None


ARTICLES: list[tuple[str, str, str, str, list[Spec]]] = [
    ("art-01", "2024-03-01", "Kyiv Post", "Russian missiles hit Kharkiv", [
        Spec("Russia launched missiles at Ukraine overnight, officials said.", "ASSAULT", "launched missiles",
             ["Russia"], ["Ukraine"], reported_by="officials"),
        Spec("Germany pledged new air defence aid to Ukraine on Friday.", "AID", "pledged", ["Germany"], ["Ukraine"],
             factuality="future"),
        Spec("The city was calm by the morning."),
    ]),
    ("art-02", "2024-03-02", "Wire", "Missile strikes condemned", [
        Spec("Russia launched missiles at Ukraine on Friday.", "ASSAULT", "launched missiles", ["Russia"],
             ["Ukraine"]),
        Spec("France accused Russia of targeting civilians.", "ACCUSE", "accused", ["France"], ["Russia"]),
    ]),
    ("art-03", "2024-03-08", "Wire", "Moscow warns the West", [
        Spec("Moscow threatened to strike Ukraine if Western countries continue their arms deliveries to Ukraine.",
             "ASSAULT", "strike", ["Moscow"], ["Ukraine"], factuality="conditional",
             condition="Western countries continue their arms deliveries to Ukraine"),
        Spec("Moscow threatened Ukraine with new strikes.", "THREATEN", "threatened", ["Moscow"], ["Ukraine"]),
    ]),
    ("art-04", "2024-03-12", "Daily", "Talks in Ankara", [
        Spec("Turkey hosted talks between Russia and Ukraine in Ankara.", "CONSULT", "hosted talks", ["Turkey"],
             ["Russia", "Ukraine"]),
        Spec("China and Russia signed a trade agreement on Tuesday.", "AGREE", "signed", ["China"], ["Russia"]),
        Spec("Ukraine did not reject the proposal.", "REJECT", "reject", ["Ukraine"], [], factuality="negated"),
    ]),
    ("art-05", "2024-03-19", "Daily", "Sanctions widen", [
        Spec("Washington imposed sanctions on Russia over the strikes.", "SANCTION", "imposed sanctions",
             ["Washington"], ["Russia"]),
        Spec("Beijing might support Moscow at the United Nations.", "SUPPORT", "support", ["Beijing"], ["Moscow"],
             factuality="hypothetical"),
    ]),
    ("art-06", "2024-03-26", "Kyiv Post", "Aid arrives", [
        Spec("Germany delivered air defence systems to Ukraine.", "AID", "delivered", ["Germany"], ["Ukraine"]),
        Spec("Ukraine thanked Germany for the help.", "SUPPORT", "thanked", ["Ukraine"], ["Germany"]),
        Spec("Russia shelled Ukraine again on Tuesday.", "ASSAULT", "shelled", ["Russia"], ["Ukraine"]),
    ]),
    ("art-07", "2024-04-02", "Wire", "Ceasefire talk", [
        Spec("Ukraine accused Russia of breaking the truce.", "ACCUSE", "accused", ["Ukraine"], ["Russia"]),
        Spec("the United States and Germany agreed to cooperate on reconstruction.", "COOPERATE",
             "agreed to cooperate", ["the United States"], ["Germany"]),
        Spec("In 2014 Russia annexed Crimea from Ukraine.", "ASSAULT", "annexed", ["Russia"], ["Ukraine"],
             factuality="historical"),
    ]),
    # Hostile input: markup in title and text, a javascript: url, an id with '/', '?', '#' and a space.
    ("odd/id?x=1 #2", "2024-04-03", "Blog", "<script>alert('title')</script> & <b>bold</b>", [
        Spec("An <img src=x onerror=alert(1)> tag and a </div> in the text."),
    ]),
]


def _find(haystack: str, needle: str, base: int) -> tuple[int, int]:
    at = haystack.find(needle)
    if at < 0:
        raise ValueError(f"{needle!r} not in {haystack!r}")
    return base + at, base + at + len(needle)


def _entity(sentence: str, words: str, base: int) -> Entity:
    code, sector, name = ACTORS.get(words, (None, None, words))
    start, end = _find(sentence, words, base)
    return Entity(text=words, code=code, sector=sector, name=name, start=start, end=end, reason="sample")


def _event(article: Article, index: int, spec: Spec, base: int) -> Event:
    start, end = _find(spec.text, spec.trigger, base)
    assert spec.event is not None
    return Event(
        article_id=article.id, sentence_index=index, sentence=spec.text, event=spec.event, event_text=spec.trigger,
        event_start=start, event_end=end, actor=[_entity(spec.text, a, base) for a in spec.actor],
        recipient=[_entity(spec.text, r, base) for r in spec.recipient], quad_code=QUADS[spec.event],
        intensity=SCORES[spec.event], date=article.date, date_precision="article", factuality=spec.factuality,
        condition=spec.condition, confidence=0.8, coder="sample",
        reported_by=Entity(text=spec.reported_by) if spec.reported_by else None,
        sentence_start=base, sentence_end=base + len(spec.text),
    )  # fmt: skip


def sample_items() -> list[tuple[Article, list[Event], list[tuple[int, int]]]]:
    items = []
    for art_id, date, source, title, specs in ARTICLES:
        text = " ".join(s.text for s in specs)
        url = "javascript:alert(1)" if source == "Blog" else f"https://example.org/{art_id}"
        article = Article(id=art_id, text=text, title=title, date=date, source=source, url=url)
        events, spans, base = [], [], 0
        for index, spec in enumerate(specs):
            spans.append((base, base + len(spec.text)))
            if spec.event:
                events.append(_event(article, index, spec, base))
            base += len(spec.text) + 1
        items.append((article, events, spans))
    return items


def build_sample_store(path: Path) -> Path:
    with Store.open(path) as store:
        store.add_articles(sample_items())
    return path
