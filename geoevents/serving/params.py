"""Query parameters shared by the JSON API and the HTML pages, validated once (FastAPI, then EventFilter).

An HTML form submits empty fields as empty strings; they mean 'no filter', exactly like an absent parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel, ConfigDict, Field

from geoevents.errors import QueryError
from geoevents.models import Article
from geoevents.query import EventFilter

MAX_LIMIT = 500  # page-size cap of every list endpoint
DEFAULT_LIMIT = 50
MAX_OFFSET = 10_000_000
MAX_POST_ARTICLES = 100
MAX_TEXT_CHARS = 1_000_000
CODE_PATTERN = r"^[A-Za-z0-9_.-]{1,32}$"  # entity codes in paths: RUS, USAGOV, ...

Interval = Literal["day", "week", "month"]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Records to skip.")] = 0,
) -> Page:
    return Page(limit, offset)


@dataclass(frozen=True)
class Filters:
    """The event filters as given (for links and Store calls) and validated (EventFilter)."""

    raw: dict[str, str]
    flt: EventFilter

    def query(self, **extra: Any) -> str:
        """The filters (plus `extra`) as a query string, for pagination and twin links."""
        values = {**self.raw, **{k: v for k, v in extra.items() if v is not None}}
        return urlencode(values)


def filter_params(
    actor: Annotated[str | None, Query(max_length=200, description="Actor code (RUS, RUSGOV) or name.")] = None,
    recipient: Annotated[str | None, Query(max_length=200, description="Recipient code or name.")] = None,
    event: Annotated[str | None, Query(max_length=200, description="PLOVER categories, comma-separated.")] = None,
    mode: Annotated[str | None, Query(max_length=200, description="PLOVER modes, comma-separated.")] = None,
    quad: Annotated[str | None, Query(max_length=20, description="Quad classes 1-4, comma-separated.")] = None,
    factuality: Annotated[
        str | None,
        Query(max_length=200, description="asserted, negated, hypothetical, future, conditional, historical; a "
              "merged event has the most certain factuality of its reports."),
    ] = None,
    since: Annotated[str | None, Query(max_length=10, description="First date, YYYY-MM-DD (or YYYY-MM, YYYY).")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Last date, YYYY-MM-DD (or YYYY-MM, YYYY).")] = None,
    text: Annotated[str | None, Query(max_length=200, description="Words the sentence contains.")] = None,
    article_id: Annotated[str | None, Query(max_length=200, description="Only events of this article.")] = None,
    min_confidence: Annotated[str | None, Query(max_length=10, description="Lowest confidence, 0-1.")] = None,
) -> Filters:
    given = {
        "actor": actor, "recipient": recipient, "event": event, "mode": mode, "quad": quad, "factuality": factuality,
        "since": since, "until": until, "text": text, "article_id": article_id, "min_confidence": min_confidence,
    }  # fmt: skip
    raw = {k: v.strip() for k, v in given.items() if v is not None and v.strip()}
    return Filters(raw, EventFilter.make(**raw))  # raises QueryError -> 422


def reports_param(
    reports: Annotated[bool, Query(description="One record per report instead of one per merged event.")] = False,
) -> bool:
    return reports


def _query_names(dependant: Dependant) -> frozenset[str]:
    """The query parameters an endpoint declares, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return frozenset(names)



def known_query_params(request: Request) -> None:
    """A query parameter the endpoint does not take is an error (422), not silently ignored: `?factualty=negated`
    must not answer with every event."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)  # a few dozen names: cheaper to walk than to cache
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise QueryError(
            f"unknown query parameter {', '.join(map(repr, unknown))}; this endpoint takes "
            f"{', '.join(sorted(known)) or 'none'}"
        )


class ArticleIn(BaseModel):
    """An article to code: only `text` is required; the id defaults to a hash of url, title and text."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(None, max_length=2000)
    date: dt.date | None = None
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=500)

    def to_article(self) -> Article:
        return Article(
            id=self.id or Article.make_id(self.text, self.title, self.url),
            text=self.text,
            title=self.title,
            date=self.date.isoformat() if self.date else None,
            url=self.url,
            source=self.source,
            origin="http",
        )


ArticlesIn = Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_POST_ARTICLES)]

__all__ = [
    "CODE_PATTERN",
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_POST_ARTICLES",
    "ArticleIn",
    "ArticlesIn",
    "Filters",
    "Interval",
    "Page",
    "filter_params",
    "known_query_params",
    "page_params",
    "reports_param",
]
