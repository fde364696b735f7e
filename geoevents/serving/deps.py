"""FastAPI dependencies and typed parameters shared by the JSON endpoints and the HTML pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from geoevents.serving.params import CODE_PATTERN, Filters, Interval, Page, filter_params, page_params, reports_param
from geoevents.serving.service import EventService


def service(request: Request) -> EventService:
    """The app's EventService (set by the app factory, `geoevents.server.create_app`)."""
    return request.app.state.service  # type: ignore[no-any-return]


Service = Annotated[EventService, Depends(service)]
FiltersDep = Annotated[Filters, Depends(filter_params)]
PageDep = Annotated[Page, Depends(page_params)]
ReportsDep = Annotated[bool, Depends(reports_param)]
IntervalQ = Annotated[Interval, Query(description="Bucket size of the time series.")]
Code = Annotated[str, Path(pattern=CODE_PATTERN, description="Entity code, e.g. RUS")]
Id = Annotated[str, Path(min_length=1, max_length=200)]
TextQ = Annotated[str | None, Query(max_length=200)]

__all__ = ["Code", "FiltersDep", "Id", "IntervalQ", "PageDep", "ReportsDep", "Service", "TextQ", "service"]
