"""What a coding run reports, and its progress bar: shared by the local driver (geoevents.coding) and the cluster
driver (geoevents.distributed), which report the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from geoevents.settings import Settings


@dataclass
class CodeReport:
    """What a `code` run did; the CLI prints it and decides the exit status from it."""

    articles_read: int = 0
    articles_coded: int = 0
    articles_unchanged: int = 0
    sentences: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)  # records or files skipped
    warnings: list[str] = field(default_factory=list)  # records read with a caveat (InputWarning)
    seconds: float = 0.0
    destination: str = ""

    @property
    def nothing_read(self) -> bool:
        return self.articles_read == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles_read": self.articles_read,
            "articles_coded": self.articles_coded,
            "articles_unchanged": self.articles_unchanged,
            "sentences": self.sentences,
            "events": self.events,
            "problems": list(self.problems),
            "warnings": list(self.warnings),
            "seconds": round(self.seconds, 3),
            "destination": self.destination,
        }


def progress_bar(settings: Settings, stream: IO[str]) -> Callable[[Iterable[Any]], Iterable[Any]]:
    """A tqdm bar over a stream of articles when the settings (or a terminal) ask for one, else the stream as is."""
    show = settings.progress if settings.progress is not None else stream.isatty()
    if not show:
        return lambda items: items
    from tqdm import tqdm

    return lambda items: tqdm(items, unit=" articles", file=stream, mininterval=0.5)


__all__ = ["CodeReport", "progress_bar"]
