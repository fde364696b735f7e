"""Small real PDF and DOCX files for the reader tests: PDFs written by hand (a few objects and an xref table),
DOCX files written with python-docx."""

from __future__ import annotations

import io
from datetime import datetime

import docx
from pypdf import PdfReader, PdfWriter


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A PDF with one Helvetica text line a list item, page by page (an empty list: a page with no text layer).
    `info` fills the document information dictionary, e.g. {"Title": "...", "CreationDate": "D:20240619"}."""
    page_ids = [4 + 2 * index for index in range(len(pages))]
    kids = " ".join(f"{page} 0 R" for page in page_ids)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for page_id, lines in zip(page_ids, pages, strict=True):
        shown = " ".join(f"{_pdf_string(line)} Tj T*" for line in lines)
        content = f"BT /F1 11 Tf 14 TL 72 720 Td {shown} ET".encode("cp1252")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            + f"/Contents {page_id + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    trailer_info = ""
    if info:
        entries = " ".join(f"/{key} {_pdf_string(value)}" for key, value in info.items())
        objects.append(f"<< {entries} >>".encode("cp1252"))
        trailer_info = f" /Info {len(objects)} 0 R"
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{trailer_info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def encrypt_pdf(pdf: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """The PDF encrypted with RC4 (pure Python in pypdf); an empty user password is permissions-only encryption."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(
    paragraphs: list[str],
    *,
    title: str | None = None,
    title_paragraph: str | None = None,
    created: datetime | None = None,
    table: list[list[str]] | None = None,
) -> bytes:
    """A DOCX with the paragraphs (a "" gives an empty paragraph), an optional first paragraph styled Title, an
    optional table after the paragraphs and the given core properties."""
    document = docx.Document()
    if title_paragraph is not None:
        document.add_paragraph(title_paragraph, style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    if title is not None:
        document.core_properties.title = title
    if created is not None:
        document.core_properties.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
