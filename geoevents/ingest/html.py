"""HTML pages: the main text via trafilatura (boilerplate such as navigation and footers dropped), with the
page's title, date and canonical url when it declares them. Works offline: nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import trafilatura

from geoevents.ingest._common import ReadContext, make_article, optional_str
from geoevents.ingest.text import decode_text
from geoevents.models import Article

SUFFIXES = (".html", ".htm", ".xhtml")
# Below this many characters the "main text" is a stray menu label, not an article.
MIN_TEXT_CHARS = 40
# Only dates the page states (meta tags, markup); no guessing from free text or the file's own time.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(path: Path, context: ReadContext) -> Iterator[Article]:
    name = str(path)
    markup = decode_text(path.read_bytes(), name, context.on_problem)
    if markup is None:
        return
    page = _extract(markup)
    text = (page.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        context.problem("HTML page has no extractable article text", name)
        return
    yield make_article(
        text=text,
        title=optional_str(page.get("title")),
        date=page.get("date"),
        url=optional_str(page.get("url")),
        source=optional_str(page.get("sitename") or page.get("hostname")),
        origin=name,
        context=context,
        path=name,
    )


def _extract(markup: str) -> dict[str, Any]:
    document = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    if document is None:
        return {}
    # trafilatura 2 returns a Document; older releases a dict.
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)
