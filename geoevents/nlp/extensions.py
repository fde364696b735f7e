"""The `Doc._` attributes geoevents reads and writes. Registered once, on import of geoevents.nlp."""

from __future__ import annotations

from spacy.tokens import Doc

# Values are plain JSON-like data (dicts, lists, str): spaCy's multiprocessing ships docs back as msgpack bytes.
DOC_EXTENSIONS: dict[str, object] = {
    "geo_article_id": None,  # the article the doc holds (set by the caller; events carry it)
    "geo_date": None,  # the article's ISO date (set by the caller; relative dates resolve against it)
    "geo_events": None,  # list of Event dicts (models.Event.to_dict()), offsets relative to the doc text
    "geo_entities": None,  # list of Entity dicts: every resolved actor mention in the doc
    "geo_skipped": None,  # list of sentence indexes the prefilter judged unable to hold an event
    "geo_prefilter": None,  # True: the prefilter may reduce this doc to its event-capable sentences (coding.py)
    "geo_sentence_map": None,  # set by the prefilter: the article's sentences and where the kept ones sit
}


def register_extensions() -> None:
    """Idempotent: calling it again (e.g. in a spaCy worker process) changes nothing."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
