"""spaCy integration: every geoevents component and Doc._ extension is registered here, on import."""

from geoevents.nlp import components, sentences, tables  # noqa: F401  (registration side effects)
from geoevents.nlp.extensions import register_extensions
from geoevents.nlp.pipeline import add_geoevents, load_pipeline, load_spacy, model_name

register_extensions()

__all__ = ["add_geoevents", "load_pipeline", "load_spacy", "model_name", "register_extensions"]
