"""geoevents: news in, PLOVER political event data out.

Who did what to whom, when, where, and did it really happen - every answer linked to the sentence it came from.

This module is the one front door. Names are imported lazily, so `import geoevents` stays fast and the CLI
starts without loading spaCy until a command needs it.

    >>> import geoevents
    >>> events = geoevents.code_text("Russia accused Ukraine of shelling the plant.", date="2024-06-20")
    >>> report = geoevents.code(["examples/"], settings=geoevents.Settings(db="events.duckdb"))
    >>> geoevents.events(geoevents.Settings(db="events.duckdb"), actor="RUS")  # the function, never a module
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # records and settings
    "Article": "geoevents.models",
    "Entity": "geoevents.models",
    "Event": "geoevents.models",
    "Location": "geoevents.models",
    "Settings": "geoevents.settings",
    # errors
    "GeoeventsError": "geoevents.errors",
    "InputError": "geoevents.errors",
    "InputWarning": "geoevents.errors",
    "ConfigError": "geoevents.errors",
    "ModelNotFoundError": "geoevents.errors",
    "StoreError": "geoevents.errors",
    "StoreLockedError": "geoevents.errors",
    "StoreCorruptError": "geoevents.errors",
    "QueryError": "geoevents.errors",
    "OutputError": "geoevents.errors",
    # reading and coding
    "read_articles": "geoevents.ingest",
    "load_pipeline": "geoevents.nlp",
    "add_geoevents": "geoevents.nlp",
    "code": "geoevents.coding",
    "code_articles": "geoevents.coding",
    "code_text": "geoevents.coding",
    "recode": "geoevents.coding",
    "CodedArticle": "geoevents.coding",
    "CodeReport": "geoevents.coding",
    # a Ray cluster (the ray extra) and its coded Parquet
    "code_dataset": "geoevents.distributed.engine",
    "load": "geoevents.distributed.load",
    # actors
    "ActorResolver": "geoevents.actors",
    "resolve_actor": "geoevents.actors",
    # the store and queries
    "Store": "geoevents.store",
    "events": "geoevents.explore",
    "summary": "geoevents.explore",
    "export": "geoevents.explore",
    # measuring
    "evaluate_actors": "geoevents.eval.actors",
    "evaluate_plover": "geoevents.eval.plover",
    "evaluate_quad": "geoevents.eval.quad",
    "evaluate_stories": "geoevents.eval.stories",
    "bench": "geoevents.benchmarks",
    # serving
    "create_app": "geoevents.server",
    "serve": "geoevents.server",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geoevents' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # cache: later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return __all__
