"""Word documents (.docx) via python-docx: the body is one article.

The text is the body's paragraphs in document order, table cells included (each cell's paragraphs in row order, a
merged cell once), empty paragraphs dropped, separated by a blank line; a line break inside a paragraph stays a
line break. Headers, footers and comments are left out (running heads and page furniture, not the report).

Title: the document's own title property, else a first paragraph styled "Title". Date: the created property,
except python-docx's template stamp (2013-12-23 23:15 UTC, left by tools that never set it). Named "docx_reader"
because "docx" is the library's own name.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from geoevents.ingest._common import ReadContext, cut, make_article, optional_str, printable
from geoevents.models import Article

SUFFIXES = (".docx", ".docm")
ZIP_MAGIC = b"PK\x03\x04"
MAIN_PART = "word/document.xml"
# The XML of a long report is a few MB; a declared size beyond this is a zip bomb, not a report.
MAX_XML_BYTES = 256 * 1024 * 1024
PARAGRAPH_BREAK = "\n\n"
_TEMPLATE_STAMP = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)
# A damaged package fails inside python-docx, lxml or zipfile with any of these; they are caught only around
# those calls.
_DAMAGED = (
    OpcError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    etree.LxmlError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    EOFError,
    NotImplementedError,
    RecursionError,
)


def is_docx(path: Path, head: bytes) -> bool:
    """A ZIP archive holding a Word main document part."""
    if not head.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return MAIN_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def read_docx(path: Path, context: ReadContext) -> Iterator[Article]:
    name = str(path)
    try:
        oversized = _oversized_part(path)
        if oversized is not None:
            context.problem(f"DOCX part {cut(oversized, 80)} is too large when unpacked; file skipped", name)
            return
        document = docx.Document(str(path))
        text = PARAGRAPH_BREAK.join(_paragraphs(document))
        title, created = _information(document)
    except _DAMAGED as error:
        context.problem(f"not a readable DOCX ({cut(type(error).__name__ + ': ' + str(error))})", name)
        return
    if not text.strip():
        context.problem("DOCX has no text", name)
        return
    yield make_article(text=text, title=title, date=created, origin=name, context=context, path=name)


def _oversized_part(path: Path) -> str | None:
    """The name of an XML part whose declared unpacked size is above MAX_XML_BYTES (zipfile never unpacks more
    than the declared size, so the check bounds what parsing takes)."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_BYTES:
                return info.filename
    return None


def _paragraphs(document: Any) -> Iterator[str]:
    for block in document.iter_inner_content():
        yield from _block_texts(block)


def _block_texts(block: Paragraph | Table) -> Iterator[str]:
    if isinstance(block, Paragraph):
        text = printable(block.text).strip()
        if text:
            yield text
        return
    seen: set[Any] = set()  # the cells' XML elements
    for row in block.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell is repeated in every row and column it spans
                continue
            seen.add(cell._tc)
            for inner in cell.iter_inner_content():
                yield from _block_texts(inner)


def _information(document: Any) -> tuple[str | None, datetime | None]:
    properties = document.core_properties
    title = optional_str(properties.title) or _title_paragraph(document)
    created = properties.created
    if created is not None and created.replace(tzinfo=created.tzinfo or UTC) == _TEMPLATE_STAMP:
        created = None
    return title, created


def _title_paragraph(document: Any) -> str | None:
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if text:
            style = paragraph.style
            return printable(text) if style is not None and style.name == "Title" else None
    return None
