"""Actor resolution: a mention ("US State Department spokesman Matthew Miller") to a PLOVER entity (USA, GOV).

    >>> from geoevents.actors import ActorResolver, ArticleMemory
    >>> resolver = ActorResolver.load()
    >>> resolver.resolve("North Korean soldiers").code
    'PRK'

Knowledge lives in data files (geoevents/actors/data/, users' own via Settings.actors_file); see docs/actors.md.
"""

from __future__ import annotations

from geoevents.actors.cameo import parse_cameo
from geoevents.actors.index import Entry, Knowledge, Role
from geoevents.actors.knowledge import build_knowledge
from geoevents.actors.memory import ArticleMemory
from geoevents.actors.resolver import ActorResolver
from geoevents.models import Entity


def resolve_actor(text: str, context: str | None = None, date: str | None = None,
                  extra_files: tuple[str, ...] = ()) -> Entity | None:
    """Resolve one mention with the bundled knowledge (plus `extra_files`); None when it names no actor."""
    return ActorResolver.load(extra_files).resolve(text, context=context, date=date)


def explain(entity: Entity | None) -> str:
    """A short human-readable account of a resolution, for `geoevents resolve`."""
    if entity is None:
        return "no actor: nothing in the text names a country, organisation, known person or actor group"
    code = entity.code or "-"
    sector = entity.sector or "-"
    lines = [f"{entity.text!r} -> {code} {sector}" + (f"  ({entity.name})" if entity.name else "")]
    for part in (entity.reason or "").split("; "):
        if part:
            lines.append(f"  because: {part}")
    return "\n".join(lines)


__all__ = [
    "ActorResolver",
    "ArticleMemory",
    "Entry",
    "Knowledge",
    "Role",
    "build_knowledge",
    "explain",
    "parse_cameo",
    "resolve_actor",
]
