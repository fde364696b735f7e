"""geoevents' spaCy components, registered in one place.

`nlp.add_pipe("geoevents")` adds the event coder to any English pipeline that has a parser and an entity
recogniser. It reads `doc._.geo_article_id` and `doc._.geo_date` (the article date) and writes the events to
`doc._.geo_records` (Event records; `doc._.geo_events` reads them as dicts). Its knowledge comes through its config:
`actors_files`, users' actor files next to the bundled ones; `min_confidence` drops the events below it (the
default is `Settings.min_confidence`'s).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from geoevents import __version__
from geoevents.actors import ActorResolver
from geoevents.extraction import EventExtractor
from geoevents.nlp.articles import OffsetMap
from geoevents.nlp.extensions import register_extensions
from geoevents.settings import DEFAULT_MIN_CONFIDENCE

CODER = f"geoevents {__version__}"


class GeoeventsComponent:
    """Resolves actors and codes PLOVER events in every sentence of a Doc."""

    def __init__(self, nlp: Language, name: str, actors_files: list[str], min_confidence: float) -> None:
        self.name = name
        self.actors_files = tuple(actors_files)
        self.resolver = ActorResolver.load(extra_files=self.actors_files)
        self.extractor = EventExtractor(self.resolver, coder=CODER, min_confidence=min_confidence)

    def __call__(self, doc: Doc) -> Doc:
        doc._.geo_records = self.extractor.extract(doc, article_id=doc._.geo_article_id or "",
                                                   article_date=doc._.geo_date, offsets=OffsetMap.of(doc))
        return doc


@Language.factory("geoevents", default_config={"actors_files": [], "min_confidence": DEFAULT_MIN_CONFIDENCE})
def make_geoevents(nlp: Language, name: str, actors_files: list[str], min_confidence: float) -> GeoeventsComponent:
    register_extensions()
    return GeoeventsComponent(nlp, name, actors_files, min_confidence)
