"""What the article as a whole says about a participant the sentence leaves without a country.

A reader gives "Blankenship", "the owners" or "Prime Minister Yasuhiro Nakasone" the country of the story when the
story is about one country: a candidate in a US election story is American, the prime minister of a story about
Japan's tax is Japanese. `ArticleCountry` finds that country - the country named by most of the article's place and
nationality names (GPE and NORP entities), when it has at least MIN_MENTIONS of them and at least MIN_SHARE of
all - and `localize` gives it to an entity with no code that names a person, a group or a body. Non-state armed
groups are left alone (rebels and militants fight across borders: "Kurdish militants" in a story about Turkey are
not Turkey). The place of the event itself is used first (geoevents.extraction.extract).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc

from geoevents.models import Basis, Entity
from geoevents.vocabulary import INTERNATIONAL_CODES

PLACE_LABELS = frozenset({"GPE", "NORP"})
MIN_MENTIONS = 3
MIN_SHARE = 0.5
STATELESS_SECTORS = frozenset({"REB", "UAF", "PRM", "IMG"})


@dataclass(frozen=True)
class ArticleCountry:
    """The country an article is about, with how many of its country mentions name it."""

    code: str
    mentions: int
    total: int

    def localize(self, entity: Entity) -> Entity:
        """The entity with the article's country, when it has none and names someone (not a pronoun, not a
        stateless armed group)."""
        unnamed = entity.basis is Basis.NO_CODE or (entity.basis is Basis.PRONOUN and entity.antecedent is not None
                                                    and entity.antecedent.basis is Basis.NO_CODE)
        if entity.code or not unnamed or entity.sector in STATELESS_SECTORS:
            return entity
        if not (entity.sector or entity.name):
            return entity
        reason = f"{entity.reason}; the article's country {self.code} ({self.mentions} of {self.total} country names)"
        return replace(entity, code=self.code, basis=Basis.ARTICLE_COUNTRY, source=None, reason=reason)


def article_country(doc: Doc, resolver: Any, cache: dict[str, str | None]) -> ArticleCountry | None:
    """The country most of the article's place and nationality names resolve to, if one clearly leads.
    `cache` keeps name -> code across articles (the same names come back)."""
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        text = ent.text
        if text not in cache:
            found = resolver.resolve(text)
            code = found.code if found is not None else None
            cache[text] = code if code and len(code) == 3 and code not in INTERNATIONAL_CODES else None
        if cache[text]:
            counts[str(cache[text])] += 1
    if not counts:
        return None
    code, top = counts.most_common(1)[0]
    total = sum(counts.values())
    if top < MIN_MENTIONS or top < MIN_SHARE * total:
        return None
    return ArticleCountry(code, top, total)


__all__ = ["ArticleCountry", "article_country"]
