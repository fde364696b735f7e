"""PDF reports via pypdf: the text layer of every page is one article.

The article text is what offsets point into, built so that geoevents' sentence splitter (which ends a sentence at
every line break) sees sentences, not the PDF's printed lines:

* within a page, printed lines are joined into paragraphs: a line shorter than SHORT_LINE of the page's longest
  line (the last line of a paragraph, a heading, a page number) ends its paragraph unless it ends with a comma or
  a hyphen, and so does a blank line; other lines go on with the next after one space (after a hyphen ending a
  word, with none: "inter-" + "national" gives "inter-national");
* paragraphs are separated by a blank line, pages by a line holding one form feed ("\\n\\f\\n"), so the page of an
  offset is 1 + the number of form feeds before it.

Title and date come from the document information (/Title, /CreationDate) when present; a title that is a file name
("report.docx") is not a headline and is dropped. A PDF with no text layer (scanned pages) or one that needs a
password is reported, naming the file, and skipped.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from geoevents.ingest._common import ReadContext, cut, make_article, optional_str, printable
from geoevents.models import Article

SUFFIXES = (".pdf",)
MAGIC = b"%PDF-"
# Readers may find the header anywhere in the first 1024 bytes (PDF 1.7, 7.5.2 note).
MAGIC_WITHIN = 1024
PAGE_BREAK = "\n\f\n"
PARAGRAPH_BREAK = "\n\n"
# A printed line shorter than this share of the page's longest line ends a paragraph.
SHORT_LINE = 0.7
# ...unless it ends with one of these, which leave a sentence open.
_OPEN_ENDS = (",", "-")
# pypdf meets damaged files with many kinds of error, not only its own; every one of them means "this file cannot
# be read", and they are caught only around pypdf's own calls.
_DAMAGED = (
    PyPdfError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    AssertionError,
    RecursionError,
    ZeroDivisionError,
    OverflowError,
    LookupError,
    struct.error,
    zlib.error,
)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
_FILE_NAME = re.compile(r"\.(docx?|pdf|odt|rtf|txt|indd|pptx?|xlsx?)$", re.IGNORECASE)


def is_pdf(head: bytes) -> bool:
    return MAGIC in head[:MAGIC_WITHIN]


def read_pdf(path: Path, context: ReadContext) -> Iterator[Article]:
    name = str(path)
    try:
        reader = PdfReader(path, strict=False)
        if not _unlocked(reader):
            context.problem("PDF is encrypted and needs a password; decrypt it first (e.g. qpdf --decrypt)", name)
            return
        pages = [_page_text(page) for page in reader.pages]
        info = _information(reader)
    except DependencyError:
        context.problem("PDF is encrypted with AES; decrypt it first (e.g. qpdf --decrypt)", name)
        return
    except FileNotDecryptedError:
        context.problem("PDF is encrypted and needs a password; decrypt it first (e.g. qpdf --decrypt)", name)
        return
    except _DAMAGED as error:
        context.problem(f"not a readable PDF ({cut(type(error).__name__ + ': ' + str(error))})", name)
        return
    text = PAGE_BREAK.join(pages)
    if not text.strip():
        what = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
        context.problem(f"PDF has no text layer ({what}; scanned images?); run OCR first (e.g. ocrmypdf)", name)
        return
    yield make_article(
        text=text, title=info.get("title"), date=info.get("date"), origin=name, context=context, path=name
    )


def _unlocked(reader: PdfReader) -> bool:
    """True when the PDF is not encrypted, or opens with the empty password (permissions-only encryption)."""
    if not reader.is_encrypted:
        return True
    return bool(reader.decrypt(""))


def _page_text(page: Any) -> str:
    return paragraphs(printable(page.extract_text() or ""))


def paragraphs(page_text: str) -> str:
    """A page's printed lines as paragraphs separated by blank lines (the rule in the module docstring)."""
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    result: list[str] = []
    current = ""
    for line in lines:
        if not line:
            current = _flush(result, current)
            continue
        current = _join(current, line)
        if len(line) < SHORT_LINE * longest and not line.endswith(_OPEN_ENDS):
            current = _flush(result, current)
    _flush(result, current)
    return PARAGRAPH_BREAK.join(result)


def _join(current: str, line: str) -> str:
    if not current:
        return line
    if current.endswith("-") and current[-2:-1].isalpha():
        return current + line
    return current + " " + line


def _flush(result: list[str], current: str) -> str:
    if current:
        result.append(current)
    return ""


def _information(reader: PdfReader) -> dict[str, str | None]:
    metadata = reader.metadata
    if metadata is None:
        return {}
    title = optional_str(metadata.get("/Title"))
    if title is not None and _FILE_NAME.search(title):
        title = None
    return {"title": title, "date": _pdf_date(metadata.get("/CreationDate"))}


def _pdf_date(value: object) -> str | None:
    """'D:20240619083000+09'00'' → '2024-06-19' for make_article to check; other forms are passed on as written."""
    text = optional_str(value)
    if text is None:
        return None
    match = _PDF_DATE.match(text)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else text
