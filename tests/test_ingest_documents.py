"""PDF and DOCX reports (geoevents.ingest.pdf, geoevents.ingest.docx_reader) on small real files made here."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from documents import encrypt_pdf, make_docx, make_pdf

from geoevents.errors import InputError
from geoevents.ingest import read_articles
from geoevents.ingest.pdf import PAGE_BREAK, paragraphs
from geoevents.models import Article

HEADLINE = "Ministers meet in Lima"
# One paragraph printed on three lines, the way a PDF holds it: the sentences run across the line ends.
PRINTED = [
    "The foreign ministers of Chile and Peru met in Lima on Monday and agreed to",
    "reopen their border crossings, officials said. Protesters in Santiago accused the",
    "government of ignoring farmers.",
]
PARAGRAPH = " ".join(PRINTED)
SECOND_PAGE = "Police in Dhaka arrested twelve opposition activists on Friday."


def read(path: Path) -> tuple[list[Article], list[InputError]]:
    problems: list[InputError] = []
    return list(read_articles([path], on_problem=problems.append)), problems


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- PDF ---------------------------------------------------------------------------------------------------------


def test_pdf_text_is_paragraphs_and_pages(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", make_pdf([[HEADLINE, *PRINTED], [SECOND_PAGE]]))
    [article], problems = read(path)
    assert problems == []
    assert article.text == f"{HEADLINE}\n\n{PARAGRAPH}{PAGE_BREAK}{SECOND_PAGE}"
    assert article.origin == str(path)
    assert article.id == Article.make_id(article.text)


def test_pdf_offsets_point_into_the_stored_text(tmp_path: Path) -> None:
    """An evidence span found in the extracted text is the sentence as printed, and the page of an offset is one
    more than the form feeds before it."""
    [article], _ = read(write(tmp_path / "report.pdf", make_pdf([[HEADLINE, *PRINTED], [SECOND_PAGE]])))
    for sentence, page in [
        ("Protesters in Santiago accused the government of ignoring farmers.", 1),
        ("officials said.", 1),
        (SECOND_PAGE, 2),
    ]:
        start = article.text.index(sentence)
        assert article.text[start : start + len(sentence)] == sentence
        assert article.text.count("\f", 0, start) + 1 == page


def test_pdf_title_and_date_from_document_information(tmp_path: Path) -> None:
    info = {"Title": "Lima talks", "CreationDate": "D:20240619083000+09'00'"}
    [article], problems = read(write(tmp_path / "a.pdf", make_pdf([PRINTED], info)))
    assert problems == []
    assert (article.title, article.date) == ("Lima talks", "2024-06-19")


@pytest.mark.parametrize(
    ("info", "title", "date"),
    [
        ({}, None, None),
        ({"Title": "Microsoft Word - lima_final.docx"}, None, None),  # a file name, not a headline
        ({"CreationDate": "2024-06-19"}, None, "2024-06-19"),  # not the PDF form, but readable
    ],
)
def test_pdf_information_absent_or_not_a_headline(
    tmp_path: Path, info: dict, title: str | None, date: str | None
) -> None:
    [article], problems = read(write(tmp_path / "a.pdf", make_pdf([PRINTED], info)))
    assert problems == []
    assert (article.title, article.date) == (title, date)


def test_pdf_unreadable_date_is_reported_and_article_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "a.pdf", make_pdf([PRINTED], {"CreationDate": "sometime in June"}))
    [article], [problem] = read(path)
    assert article.date is None
    assert problem.path == str(path) and "sometime in June" in problem.reason and "kept" in problem.reason


def test_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", make_pdf([[], []]))
    articles, [problem] = read(path)
    assert articles == []
    assert problem.path == str(path) and "no text layer" in problem.reason and "OCR" in problem.reason


def test_pdf_needing_a_password_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.pdf", encrypt_pdf(make_pdf([PRINTED]), user_password="secret"))
    articles, [problem] = read(path)
    assert articles == []
    assert problem.path == str(path) and "encrypted" in problem.reason and "password" in problem.reason


def test_pdf_with_permissions_only_encryption_is_read(tmp_path: Path) -> None:
    """Encrypted with an empty user password (printing or copying restricted): every viewer opens it, so do we."""
    path = write(tmp_path / "restricted.pdf", encrypt_pdf(make_pdf([PRINTED]), user_password=""))
    [article], problems = read(path)
    assert problems == [] and article.text == PARAGRAPH


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nthis is not really a PDF\n",
        make_pdf([PRINTED])[:200],  # cut short
        b"",
    ],
)
def test_damaged_pdf_is_reported(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "bad.pdf", data)
    articles, [problem] = read(path)
    assert articles == []
    assert problem.path == str(path) and "PDF" in problem.reason


def test_damaged_pdf_beside_good_files(tmp_path: Path) -> None:
    write(tmp_path / "1.pdf", make_pdf([PRINTED]))
    write(tmp_path / "2.pdf", b"%PDF-1.7\n\x00\x01garbage")
    write(tmp_path / "3.pdf", make_pdf([[SECOND_PAGE]]))
    articles, problems = read(tmp_path)
    assert [a.text for a in articles] == [PARAGRAPH, SECOND_PAGE]
    assert [Path(p.path).name for p in problems] == ["2.pdf"]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (["A full line that runs to the margin", "and ends."], "A full line that runs to the margin and ends."),
        (["Headline", "A full line that runs to the margin"], "Headline\n\nA full line that runs to the margin"),
        (["A full line that runs to the margin", "", "Next"], "A full line that runs to the margin\n\nNext"),
        (["Broken at a hyphen in the inter-", "national press"], "Broken at a hyphen in the inter-national press"),
        (["Short, with comma,", "goes on to the line's end."], "Short, with comma, goes on to the line's end."),
        (["  spaced   out  ", "", ""], "spaced out"),
        ([], ""),
    ],
)
def test_pdf_paragraph_rule(printed: list[str], expected: str) -> None:
    assert paragraphs("\n".join(printed)) == expected


# --- DOCX --------------------------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    created = datetime(2024, 6, 19, 23, 30, tzinfo=UTC)
    data = make_docx(
        [PARAGRAPH, "", "Second paragraph\twith a tab."],
        title="Lima talks",
        created=created,
        table=[["Country", "Minister"], ["Chile", "Alberto van Klaveren"]],
    )
    path = write(tmp_path / "report.docx", data)
    [article], problems = read(path)
    assert problems == []
    assert article.text == "\n\n".join(
        [PARAGRAPH, "Second paragraph\twith a tab.", "Country", "Minister", "Chile", "Alberto van Klaveren"]
    )
    assert (article.title, article.date, article.origin) == ("Lima talks", "2024-06-19", str(path))


def test_docx_title_paragraph_and_template_date(tmp_path: Path) -> None:
    """Without a title property, a first paragraph styled Title is the title (and stays in the text); python-docx's
    template creation stamp is no date."""
    [article], problems = read(write(tmp_path / "a.docx", make_docx([PARAGRAPH], title_paragraph=HEADLINE)))
    assert problems == []
    assert (article.title, article.date) == (HEADLINE, None)
    assert article.text == f"{HEADLINE}\n\n{PARAGRAPH}"


def test_docx_offsets_point_into_the_stored_text(tmp_path: Path) -> None:
    [article], _ = read(write(tmp_path / "a.docx", make_docx([HEADLINE, PARAGRAPH, SECOND_PAGE])))
    for sentence in ["officials said.", SECOND_PAGE, HEADLINE]:
        start = article.text.index(sentence)
        assert article.text[start : start + len(sentence)] == sentence


def test_docx_without_text_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.docx", make_docx(["", "  "]))
    articles, [problem] = read(path)
    assert articles == [] and problem.path == str(path) and "no text" in problem.reason


@pytest.mark.parametrize("kind", ["not a zip", "zip without word part", "truncated"])
def test_damaged_docx_is_reported(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "bad.docx"
    if kind == "not a zip":
        path.write_bytes(b"PK\x03\x04 not really")
    elif kind == "zip without word part":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        path.write_bytes(make_docx([PARAGRAPH])[:3000])
    articles, [problem] = read(path)
    assert articles == []
    assert problem.path == str(path) and "DOCX" in problem.reason


# --- chosen by content when the suffix says nothing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [("report.bin", make_pdf([PRINTED])), ("download", make_pdf([PRINTED])), ("report.dat", make_docx([PARAGRAPH]))],
)
def test_documents_are_sniffed_by_magic_bytes(tmp_path: Path, name: str, data: bytes) -> None:
    [article], problems = read(write(tmp_path / name, data))
    assert problems == [] and article.text == PARAGRAPH


@pytest.mark.parametrize("suffix", [".doc", ".odt", ".xlsx"])
def test_other_office_files_get_a_hint(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"old{suffix}", b"\xd0\xcf\x11\xe0\x00\x00binary")
    articles, [problem] = read(path)
    assert articles == [] and "save it as DOCX, PDF or text" in problem.reason
