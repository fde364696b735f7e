"""The `Doc._` attributes geoevents reads and writes. Registered once, on import of geoevents.nlp.

Doc user data crosses processes as msgpack (spaCy's `nlp.pipe(n_process=N)` sends each Doc back as bytes), so every
stored value is plain data, or an `Event`, for which a msgpack codec is registered with srsly here: an event crosses
as its JSON contract (`Event.to_dict`) and comes back as an `Event`.
"""

from __future__ import annotations

from typing import Any

import srsly
from spacy.tokens import Doc

from geoevents.models import Event

DOC_EXTENSIONS: dict[str, object] = {
    "geo_article_id": None,  # the article the doc holds (set by the caller; events carry it)
    "geo_date": None,  # the article's ISO date (set by the caller; relative dates resolve against it)
    "geo_records": None,  # list of models.Event, written by the `geoevents` component; offsets into the article
    "geo_skipped": None,  # list of sentence indexes the prefilter judged unable to hold an event
    "geo_prefilter": None,  # True: the prefilter may reduce this doc to its event-capable sentences (coding.py)
    "geo_sentence_map": None,  # set by the prefilter: the article's sentences and where the kept ones sit
    "geo_text_start": None,  # a piece of a long article: where its text starts in the article (nlp/articles.py)
}
EVENT_MARK = "__geoevents_event__"  # the key of an event's msgpack form


def _event_dicts(doc: Doc) -> list[dict[str, Any]] | None:
    records = doc._.geo_records
    return None if records is None else [event.to_dict() for event in records]


# Read-only views: the events as the JSON contract's dicts (Event.to_dict()), for users' own pipelines.
DOC_GETTERS = {"geo_events": _event_dicts}


def _encode_event(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, Event):
        return {EVENT_MARK: obj.to_dict()}
    return obj if chain is None else chain(obj)


def _decode_event(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and EVENT_MARK in obj:
        return Event.from_dict(obj[EVENT_MARK])
    return obj if chain is None else chain(obj)


def register_extensions() -> None:
    """Idempotent: calling it again (e.g. in a spaCy worker process) changes nothing."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, getter in DOC_GETTERS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=getter)
    srsly.msgpack_encoders.register("geoevents_event", func=_encode_event)
    srsly.msgpack_decoders.register("geoevents_event", func=_decode_event)
