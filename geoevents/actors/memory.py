"""What one article has resolved so far: the actor memory the event coder keeps per article."""

from __future__ import annotations

from dataclasses import dataclass, field

from geoevents.models import Entity


@dataclass
class ArticleMemory:
    """What one article has resolved so far. The event coder makes one per article and passes it to every call.

    `recall` finds a person by a name seen before ("Chang" after "Chang Ho-jin"); `last_entity` gives the most recent
    fitting entity for pronouns and phrases like "the ministry".
    """

    names: dict[str, Entity] = field(default_factory=dict)
    history: list[Entity] = field(default_factory=list)
    persons: list[Entity] = field(default_factory=list)

    def remember(self, entity: Entity, name_tokens: list[str] | None = None) -> None:
        """Record an entity; with `name_tokens` it is a named person, findable by full name, first or last word."""
        self.history.append(entity)
        if name_tokens:
            self.persons.append(entity)
            keys = {" ".join(name_tokens), name_tokens[0], name_tokens[-1]}
            for key in keys:
                self.names.setdefault(key, entity)

    def recall(self, key: str) -> Entity | None:
        return self.names.get(key)

    def last_entity(self, sector: str | None = None, person: bool | None = None, code: str | None = None,
                    exclude: Entity | None = None) -> Entity | None:
        """The most recent entity with this sector / code; `person=True` only named persons."""
        for entity in reversed(self.history):
            if entity is exclude or entity.code is None and entity.sector is None:
                continue
            if sector is not None and entity.sector != sector:
                continue
            if code is not None and entity.code != code:
                continue
            if person is not None and any(entity is p for p in self.persons) != person:
                continue
            return entity
        return None


__all__ = ["ArticleMemory"]
