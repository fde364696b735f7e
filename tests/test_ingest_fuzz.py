"""Property-based fuzzing of every reader (hypothesis): random and adversarial bytes and Unicode.

Invariants, for every input: no exception escapes (what cannot be read is an InputError given to on_problem), every
problem names the file it is about (and, for a record of a line-based format, its line), a message quotes at most a
little of the input, every good record beside a bad one is still read, every article is storable (non-blank text,
UTF-8-encodable fields, an ISO date or none). Memory: adversarial inputs (entity expansion, deep nesting, a 64 MiB+
line) are read in a child process whose peak memory is reported and must stay far below the expansion.

Profiles: "fast" (the default, derandomized: `make test` runs the same few examples every time) and "long"
(HYPOTHESIS_PROFILE=long, `make fuzz`: random, FUZZ_EXAMPLES examples a test).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from documents import make_docx, make_pdf
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geoevents.errors import InputError
from geoevents.ingest import read_articles
from geoevents.ingest.dates import read_date
from geoevents.ingest.jsonl import bounded_lines
from geoevents.models import Article

FAST_EXAMPLES = 20
# Per property in the long profile: 14 properties, about 100,000 inputs (FUZZ_EXAMPLES=N to choose another number).
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "7200"))
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "fast", max_examples=FAST_EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "long", max_examples=FUZZ_EXAMPLES, deadline=None, database=None, suppress_health_check=_QUIET
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

pytestmark = pytest.mark.fuzz

# --- building blocks --------------------------------------------------------------------------------------------------

SPECIAL_TEXT = [
    "\x00", "\ufeff", "\r\n", "\r", "\n", "\n\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1b", "\x7f",
    "\u200f", "\u202e", "\u2066", "\u200b", "\u200d", "\ufffd", "\uffff", "\U0010ffff", "e\u0301",
    "🇰🇷", "👩\u200d👩\u200d👧", "𝕏", "ﷺ", "ـــ", "שלום", "مرحبا", "日本語", " ", "\t",
    '"', "'", ",", ";", "<", ">", "&", "&amp;", "&#0;", "&#xD800;", "&lol;", "{", "}", "[", "]", "\\", "\\u0000",
    "\\ud800", "]]>", "<!--", "-->", "%PDF-", "PK\x03\x04", "2024-06-19", "12/05/2025", "99/99/9999",
]  # fmt: skip
BAD_BYTES = [b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80", b"\x00"]


def _long(pieces: list[str]) -> st.SearchStrategy[str]:
    """One piece repeated into a long run (up to 1 MB): cheap to generate, expensive to read carelessly."""
    return st.builds(lambda piece, n: piece * n, st.sampled_from(pieces), st.integers(1_000, 1_000_000 // 4))


nasty_text = st.lists(
    st.one_of(st.text(max_size=20), st.sampled_from(SPECIAL_TEXT), st.text(st.characters(codec="utf-8"), max_size=8)),
    max_size=30,
).map("".join)
nasty_bytes = st.lists(
    st.one_of(nasty_text.map(str.encode), st.sampled_from(BAD_BYTES), st.binary(max_size=24)), max_size=30
).map(b"".join)
any_bytes = st.one_of(nasty_bytes, st.binary(max_size=2_000), _long(["a", "é", "🇰🇷", "[", "\x00"]).map(str.encode))
newline = st.sampled_from([b"\n", b"\r\n"])


def _deep(opening: str, closing: str) -> st.SearchStrategy[str]:
    return st.integers(10, 100_000).map(lambda n: opening * n + closing * n)


def _huge_number() -> st.SearchStrategy[str]:
    return st.integers(4_000, 50_000).map(lambda n: "1" * n)


# --- reading and the invariants ---------------------------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_MESSAGE = 600  # characters of a message besides the path


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder for one example (pytest's tmp_path is one folder for all examples of a test)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        yield Path(folder)


def read_checked(
    inputs: list[Path | str], *, stdin: Any = None, date_order: str | None = None
) -> tuple[list[Article], list[InputError]]:
    problems: list[InputError] = []
    articles = list(read_articles(inputs, on_problem=problems.append, stdin=stdin, date_order=date_order))
    for problem in problems:
        assert isinstance(problem, InputError)
        assert problem.path, problem
        assert problem.line is None or problem.line >= 1, problem
        assert len(problem.reason) <= MAX_MESSAGE, problem.reason[:200]
    for article in articles:
        assert isinstance(article.text, str) and article.text.strip()
        for value in (article.id, article.text, article.title, article.url, article.source, article.origin):
            if value is not None:
                value.encode("utf-8")  # storable: no unpaired surrogate
                assert "\x00" not in value
        if article.date is not None:
            assert _ISO.match(article.date) and date.fromisoformat(article.date)
    return articles, problems


def named_in(problems: list[InputError], paths: set[str]) -> None:
    assert {p.path for p in problems} <= paths, {p.path for p in problems} - paths


# --- text -------------------------------------------------------------------------------------------------------------


@given(data=any_bytes, suffix=st.sampled_from([".txt", ".md", ".text"]))
def test_fuzz_text(data: bytes, suffix: str) -> None:
    with scratch() as folder:
        path = folder / f"a{suffix}"
        path.write_bytes(data)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        assert len(articles) + len(problems) == 1
        try:
            text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        except UnicodeDecodeError:  # binary, or text naming the line of its first bad byte
            assert not articles and ("binary" in problems[0].reason or problems[0].line is not None)
            return
        if text.strip():
            [article] = articles
            assert article.text == text.replace("\x00", "\ufffd")  # NUL cannot be stored; one character for one


# --- JSON Lines and stdin ---------------------------------------------------------------------------------------------

good_text = nasty_text.map(lambda text: "Good " + text)


@st.composite
def good_record(draw: st.DrawFn, number: int) -> bytes:
    record = {"id": f"good-{number}", "text": draw(good_text)}
    if draw(st.booleans()):
        record["date"] = draw(st.one_of(nasty_text, st.sampled_from(["2024-06-19", "12/05/2025", "June 19, 2024"])))
    if draw(st.booleans()):
        record["title"] = draw(nasty_text)
    return json.dumps(record, ensure_ascii=draw(st.booleans())).encode()


bad_line = st.one_of(
    nasty_bytes,
    _deep("[", "]").map(str.encode),
    _deep('{"a":', "}").map(lambda s: s.replace("}", "", 1).encode()),
    _huge_number().map(lambda n: f'{{"id": "n", "text": "t", "n": {n}}}'.encode()),
    _long(["a", "{", '"']).map(str.encode),
    st.sampled_from(
        [b'{"text": "a\\ud800b"}', b'{"text": "\\u0000x"}', b'{"text": 1e999999}', b"NaN", b'{"text": ["x"]}', b"{}"]
    ),
).map(lambda line: line.replace(b"\n", b" "))


@st.composite
def jsonl_file(draw: st.DrawFn) -> tuple[bytes, dict[str, int]]:
    """JSONL bytes and the line of each good record's id; every other line is junk."""
    lines: list[bytes] = []
    good: dict[str, int] = {}
    for number in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            good[f"good-{number}"] = len(lines) + 1
            lines.append(draw(good_record(number)))
        else:
            lines.append(draw(bad_line))
    ends = [draw(newline) for _ in lines]
    data = b"".join(line + end for line, end in zip(lines, ends, strict=True))
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, good


def check_good_lines(articles: list[Article], problems: list[InputError], good: dict[str, int], name: str) -> None:
    by_id = {a.id: a for a in articles}
    for record_id, line in good.items():
        assert record_id in by_id, (record_id, [str(p) for p in problems])
        assert by_id[record_id].origin == f"{name}:{line}"
    for problem in problems:
        assert problem.line is not None or problem.reason in ("empty file",) or "binary" in problem.reason
        if problem.line in good.values():
            assert "date" in problem.reason  # a good record's only possible problem: its date, article kept


@given(content=jsonl_file())
def test_fuzz_jsonl(content: tuple[bytes, dict[str, int]]) -> None:
    data, good = content
    with scratch() as folder:
        path = folder / "a.jsonl"
        path.write_bytes(data)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        if any("binary" in p.reason for p in problems):
            # Taken for binary only when the first 8 kB hold NUL, bytes that are not UTF-8 and no line like an object
            # (found by the long profile: a NUL line, then a long line, then the good records).
            assert not articles and b"\x00" in data[:8192]
        elif data.strip():
            check_good_lines(articles, problems, good, str(path))


@given(content=jsonl_file(), as_text=st.booleans())
def test_fuzz_stdin(content: tuple[bytes, dict[str, int]], as_text: bool) -> None:
    data, good = content
    if as_text:  # a text stream without .buffer, as a caller may pass: lines are str, bad bytes already replaced
        stream: Any = io.StringIO(data.decode("utf-8", errors="replace"), newline="\n")
    else:  # sys.stdin: a text wrapper whose .buffer is read
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    articles, problems = read_checked(["-"], stdin=stream)
    named_in(problems, {"<stdin>"})
    check_good_lines(articles, problems, good, "<stdin>")


def test_jsonl_with_a_nul_line_then_a_long_line_is_not_binary(tmp_path: Path) -> None:
    """Found by the long profile: junk with a NUL byte, then a line longer than the 8 kB sniffed, then good records
    was taken for a binary file."""
    path = tmp_path / "a.jsonl"
    good = json.dumps({"id": "good", "text": "Police arrested twelve activists."}).encode()
    path.write_bytes(b"\n\xff\x00\n" + b'{"a":' * 3000 + b"\n" + good + b"\n")
    articles, problems = read_checked([path])
    assert [a.id for a in articles] == ["good"] and [p.line for p in problems] == [2, 3]


def test_deep_jsonl_line_between_good_records(tmp_path: Path) -> None:
    """The reported case: a line nested 100,000 deep between two good records (was a RecursionError traceback)."""
    path = tmp_path / "a.jsonl"
    good = [json.dumps({"id": f"g{i}", "text": "Police arrested twelve activists."}) for i in (1, 2)]
    path.write_text(good[0] + "\n" + "[" * 100_000 + "\n" + good[1] + "\n")
    articles, problems = read_checked([path])
    assert [a.id for a in articles] == ["g1", "g2"]
    assert [(p.line, p.reason) for p in problems] == [(2, "JSON nested too deeply; line skipped")]


def test_bounded_lines_skips_an_overlong_line_in_chunks() -> None:
    import tracemalloc

    data = b"first\n" + b"x" * 8_000_000 + b"\nlast\n"
    tracemalloc.start()
    lines = list(bounded_lines(io.BytesIO(data), limit=1_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert lines == [b"first\n", None, b"last\n"]
    print(f"peak traced memory skipping an 8 MB line: {peak / 1e6:.1f} MB")
    assert peak < 4_000_000  # never the whole line (8 MB)


# --- JSON documents ---------------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), nasty_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(nasty_text, inner, max_size=4)),
    max_leaves=20,
)


@st.composite
def json_file(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    kind = draw(st.sampled_from(["array", "value", "deep", "huge", "bytes"]))
    if kind == "array":
        items: list[Any] = []
        good = []
        for number in range(draw(st.integers(0, 6))):
            if draw(st.booleans()):
                good.append(f"good-{number}")
                items.append({"id": f"good-{number}", "text": draw(good_text)})
            else:
                items.append(draw(json_values))
        return json.dumps(items, ensure_ascii=draw(st.booleans())).encode(), good
    if kind == "value":
        return json.dumps(draw(json_values)).encode(), []
    if kind == "deep":
        return draw(_deep("[", "]")).encode(), []
    if kind == "huge":
        return f'[{{"text": "x", "n": {draw(_huge_number())}}}]'.encode(), []
    return draw(any_bytes), []


@given(content=json_file())
def test_fuzz_json(content: tuple[bytes, list[str]]) -> None:
    data, good = content
    with scratch() as folder:
        path = folder / "a.json"
        path.write_bytes(data)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        assert set(good) <= {a.id for a in articles}


# --- CSV and TSV ------------------------------------------------------------------------------------------------------


@st.composite
def csv_file(draw: st.DrawFn, delimiter: str) -> tuple[bytes, list[str], list[str]]:
    """CSV bytes; ids of good rows before any quote-breaking row (must be read); ids of good rows after it."""
    out = io.StringIO(newline="")
    writer = csv_writer(out, delimiter)
    writer.writerow(["id", "text", "date"])
    chunks = [out.getvalue().encode()]
    must, may = [], []
    broken = False
    for number in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["good", "good", "fields", "bytes", "empty", "quote"]))
        if kind == "good":
            (may if broken else must).append(f"good-{number}")
            row = io.StringIO(newline="")
            csv_writer(row, delimiter).writerow([f"good-{number}", draw(good_text), draw(nasty_text)])
            chunks.append(row.getvalue().encode())
            continue
        if kind == "fields":
            junk = delimiter.join(["j"] * draw(st.sampled_from([1, 2, 4, 9]))).encode()
        elif kind == "bytes":
            junk = b"j" + delimiter.encode() + draw(nasty_bytes).translate(None, b'"\r\n') + delimiter.encode() + b"d"
        elif kind == "empty":
            junk = b"j" + delimiter.encode() + b'"  "' + delimiter.encode() + b"d"
        else:  # a quote opened and never closed: the csv module reads the rest of the file into that field
            broken = True
            junk = b"j" + delimiter.encode() + b'"' + draw(nasty_bytes).translate(None, b'"')
        chunks.append(junk + draw(newline))
    return b"".join(chunks), must, may


def csv_writer(stream: io.StringIO, delimiter: str) -> Any:
    """Quotes every field: with a "\n" line terminator csv.writer would leave a bare "\r" unquoted, which every
    reader (RFC 4180) takes for a line end."""
    import csv

    return csv.writer(stream, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)


@given(data=st.data(), suffix=st.sampled_from([".csv", ".tsv"]))
def test_fuzz_csv(data: st.DataObject, suffix: str) -> None:
    content, must, may = data.draw(csv_file("," if suffix == ".csv" else "\t"))
    with scratch() as folder:
        path = folder / f"a{suffix}"
        path.write_bytes(content)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        ids = [a.id for a in articles]
        assert set(must) <= set(ids), [str(p) for p in problems]
        assert all(p.line is not None for p in problems if "empty file" not in p.reason)


@given(data=any_bytes, suffix=st.sampled_from([".csv", ".tsv"]))
def test_fuzz_csv_bytes(data: bytes, suffix: str) -> None:
    with scratch() as folder:
        path = folder / f"a{suffix}"
        path.write_bytes(data)
        _, problems = read_checked([path])
        named_in(problems, {str(path)})


@given(
    pieces=st.lists(st.sampled_from(['"', '""', ",", "\t", "\n", "\r", "\r\n", "a", " ", "x y"]), max_size=40),
    delimiter=st.sampled_from([",", "\t"]),
)
def test_fuzz_csv_quote_tracking_agrees_with_the_csv_module(pieces: list[str], delimiter: str) -> None:
    """The reader's quote tracker says "inside quotes" at the end exactly when the csv module would read a line
    added after the text into the last field."""
    import csv

    from geoevents.ingest.csv_reader import _QuoteTracker

    text = "".join(pieces)
    tracker = _QuoteTracker(io.StringIO(text, newline=""), delimiter)  # type: ignore[arg-type]
    for _ in tracker:
        pass
    rows = list(csv.reader(io.StringIO(text + "\nSENTINEL", newline=""), delimiter=delimiter))
    swallowed = rows[-1] != ["SENTINEL"]
    assert tracker.quoted == swallowed, rows


# --- HTML -------------------------------------------------------------------------------------------------------------

TAGS = ["div", "p", "article", "span", "b", "table", "tr", "td", "script", "style", "nav", "h1", "iframe", "svg"]


@st.composite
def html_page(draw: st.DrawFn) -> bytes:
    parts = ["<!DOCTYPE html><html><head><title>", draw(nasty_text), "</title>"]
    if draw(st.booleans()):
        parts.append(f'<meta property="article:published_time" content="{draw(nasty_text)}">')
    parts.append("</head><body>")
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["tag", "text", "deep", "entity", "comment", "long"]))
        if kind == "tag":
            tag = draw(st.sampled_from(TAGS))
            parts.append(f"<{tag}>{draw(nasty_text)}" + (f"</{tag}>" if draw(st.booleans()) else ""))
        elif kind == "text":
            parts.append(draw(nasty_text))
        elif kind == "deep":
            depth = draw(st.integers(10, 20_000))
            parts.append("<div>" * depth + "<p>" + draw(good_text) + "</p>" + "</div>" * draw(st.integers(0, depth)))
        elif kind == "entity":
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&#xD800;", "&nosuch;", "&", "&#"])) * 5)
        elif kind == "comment":
            parts.append("<!--" + draw(nasty_text) + draw(st.sampled_from(["-->", ""])))
        else:
            parts.append("<p>" + "word " * draw(st.integers(1_000, 20_000)) + "</p>")
    page = "".join(parts) + draw(st.sampled_from(["</body></html>", ""]))
    return page.encode() if draw(st.integers(0, 4)) else page.encode() + draw(nasty_bytes)


@given(page=st.one_of(html_page(), any_bytes), suffix=st.sampled_from([".html", ".htm", ".xhtml"]))
def test_fuzz_html(page: bytes, suffix: str) -> None:
    with scratch() as folder:
        path = folder / f"a{suffix}"
        path.write_bytes(page)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        assert len(articles) <= 1


# --- RSS and Atom -----------------------------------------------------------------------------------------------------

SECRET = "geoevents-secret-4f1c9"
LAUGHS = (
    '<!DOCTYPE r [<!ENTITY a "{secret}{secret}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    '<!ENTITY x SYSTEM "file://{secret_file}">]>'
)


@st.composite
def feed(draw: st.DrawFn, secret_file: str) -> bytes:
    atom = draw(st.booleans())
    doctype = LAUGHS.format(secret="lol", secret_file=secret_file) if draw(st.booleans()) else ""
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        text = draw(st.one_of(nasty_text, st.sampled_from(["&h;", "&x;", "<![CDATA[" + "x" * 10 + "]]>"])))
        when = draw(st.one_of(nasty_text, st.sampled_from(["Wed, 19 Jun 2024 08:00:00 +0900", "2024-06-19T00:00Z"])))
        if atom:
            entries.append(
                f"<entry><title>{draw(nasty_text)}</title><id>{draw(nasty_text)}</id>"
                f"<published>{when}</published><content type='html'>{text}</content></entry>"
            )
        else:
            entries.append(
                f"<item><title>{draw(nasty_text)}</title><guid>{draw(nasty_text)}</guid>"
                f"<pubDate>{when}</pubDate><description>{text}</description></item>"
            )
    if atom:
        body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{draw(nasty_text)}</title>{"".join(entries)}</feed>'
    else:
        body = f'<rss version="2.0"><channel><title>T</title>{"".join(entries)}</channel></rss>'
    data = ('<?xml version="1.0" encoding="utf-8"?>' + doctype + body).encode()
    cut = draw(st.integers(0, len(data)))
    return data if draw(st.integers(0, 3)) else data[:cut] + draw(nasty_bytes)


@given(data=st.data(), suffix=st.sampled_from([".rss", ".atom", ".xml", ".rdf"]))
def test_fuzz_feed(data: st.DataObject, suffix: str) -> None:
    with scratch() as folder:
        secret_file = folder / "secret.txt"
        secret_file.write_text(SECRET)
        content = data.draw(st.one_of(feed(str(secret_file)), any_bytes))
        path = folder / f"a{suffix}"
        path.write_bytes(content)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        for article in articles:  # no external entity is ever resolved
            assert SECRET not in article.text and SECRET not in (article.title or "")


def test_feed_with_character_references_to_no_character(tmp_path: Path) -> None:
    """Found by the long profile: feedparser's loose parser raised UnicodeEncodeError on &#xD800;."""
    path = tmp_path / "a.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>&#XD800;</title>'
        "<entry><title>&#x110000; &#99999999999; &#65;</title><content type='html'>Police arrested twelve.</content>"
        "</entry>"
    )
    [article], problems = read_checked([path])
    assert problems == [] and article.text == "Police arrested twelve."
    assert article.title == "\ufffd \ufffd A"


# --- PDF and DOCX -----------------------------------------------------------------------------------------------------

BASE_PDF = make_pdf(
    [["Ministers meet in Lima", "The foreign ministers of Chile and Peru met in Lima on Monday."], ["Page two."]],
    {"Title": "Lima", "CreationDate": "D:20240619"},
)


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` with a few bytes flipped, inserted or deleted, or cut short."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(
                st.one_of(st.binary(min_size=1, max_size=16), st.sampled_from([b"<<", b">>", b"obj", b"R"]))
            )
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


latin_text = st.text(st.characters(codec="latin-1", exclude_categories=("Cc",)), max_size=60)


@st.composite
def pdf_file(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["mutated", "made", "header"]))
    if kind == "mutated":
        return draw(mutated(BASE_PDF))
    if kind == "made":
        pages = draw(st.lists(st.lists(latin_text, max_size=5), min_size=1, max_size=3))
        info = draw(st.dictionaries(st.sampled_from(["Title", "CreationDate", "Author"]), latin_text, max_size=3))
        return make_pdf(pages, info)
    return b"%PDF-1." + draw(any_bytes)


@given(data=pdf_file())
def test_fuzz_pdf(data: bytes) -> None:
    with scratch() as folder:
        path = folder / "a.pdf"
        path.write_bytes(data)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        assert len(articles) <= 1


def _docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(make_docx(["First paragraph.", "Second paragraph."], title="T"))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


DOCX_PARTS = _docx_parts()
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@st.composite
def docx_file(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["document", "zip", "core"]))
    parts = dict(DOCX_PARTS)
    if kind == "zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        return draw(mutated(out.getvalue()))
    xml = draw(
        st.one_of(
            nasty_text.map(
                lambda t: f"<w:document {W}><w:body><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:body></w:document>"
            ),
            st.just(
                f"<?xml version='1.0'?>{LAUGHS.format(secret='lol', secret_file='/etc/passwd')}"
                f"<w:document {W}><w:body><w:p><w:r><w:t>&h;&x;</w:t></w:r></w:p></w:body></w:document>"
            ),
            _deep("<w:p>", "</w:p>").map(lambda d: f"<w:document {W}><w:body>{d}</w:body></w:document>"),
            nasty_text,
        )
    )
    parts["word/document.xml" if kind == "document" else "docProps/core.xml"] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@given(data=docx_file())
def test_fuzz_docx(data: bytes) -> None:
    with scratch() as folder:
        path = folder / "a.docx"
        path.write_bytes(data)
        articles, problems = read_checked([path])
        named_in(problems, {str(path)})
        assert len(articles) <= 1
        for article in articles:
            assert "root:" not in article.text  # /etc/passwd is never read in


# --- folders and unknown suffixes -------------------------------------------------------------------------------------

SUFFIXES = [".txt", ".jsonl", ".json", ".csv", ".html", ".rss", ".pdf", ".docx", ".dat", ""]
file_name = st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=12).filter(
    lambda name: name not in (".", "..")
)


@st.composite
def tree(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    """(relative path, content) pairs: junk files with any name and suffix, and good text files named good-N.txt."""
    files = []
    for number in range(draw(st.integers(0, 6))):
        folder = draw(st.sampled_from(["", "sub/", ".hidden/", "sub/deeper/", "é 日本/"]))
        if draw(st.booleans()):
            files.append((f"{folder}good-{number}.txt", f"Good article {number}.".encode()))
        else:
            name = draw(file_name) + draw(st.sampled_from(SUFFIXES))
            files.append((folder + name, draw(st.one_of(any_bytes, st.sampled_from([BASE_PDF, b"PK\x03\x04x"])))))
    return files


@given(files=tree(), hidden=st.booleans(), broken_link=st.booleans())
def test_fuzz_folder(files: list[tuple[str, bytes]], hidden: bool, broken_link: bool) -> None:
    with scratch() as root:
        folder = root / "news"
        folder.mkdir()
        for relative, content in files:
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if hidden:
            (folder / ".good-hidden.txt").write_text("Good but hidden.")
        if broken_link:
            (folder / "link.txt").symlink_to(root / "nowhere.txt")
            (folder / "loop").symlink_to(folder)
        articles, problems = read_checked([folder, root / "missing"])
        for problem in problems:
            assert problem.path.startswith(str(folder)) or problem.path == str(root / "missing")
        texts = [a.text for a in articles]
        good = [content.decode() for relative, content in files if "good-" in relative and not relative.startswith(".")]
        assert sorted(t for t in texts if t.startswith("Good article")) == sorted(good)
        assert "Good but hidden." not in texts


@given(
    data=st.one_of(any_bytes, pdf_file(), docx_file()), name=st.sampled_from(["a.dat", "download", "a.bin", "a.doc"])
)
def test_fuzz_sniffed(data: bytes, name: str) -> None:
    with scratch() as folder:
        path = folder / name
        path.write_bytes(data)
        _, problems = read_checked([path])
        named_in(problems, {str(path)})


# --- dates ------------------------------------------------------------------------------------------------------------


@given(
    value=st.one_of(
        nasty_text,
        st.integers(),
        st.floats(),
        st.none(),
        st.dates(),
        st.datetimes(),
        st.from_regex(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}( \d\d:\d\d)?", fullmatch=True),
    ),
    order=st.sampled_from([None, "dmy", "mdy"]),
)
@example(value="0000\x1b\x1b\x1b\U00018cd6" * 8, order=None)  # found by the long profile: repr made it 200+ characters
def test_fuzz_dates(value: object, order: str | None) -> None:
    reading = read_date(value, order)
    assert reading.iso is None or date.fromisoformat(reading.iso)
    assert reading.iso is None or reading.problem is None
    assert reading.problem is None or len(reading.problem) < 200


# --- memory on adversarial inputs, measured in a child process --------------------------------------------------------

# The child's peak resident memory while reading, from Linux's per-process high-water mark (reset after the imports;
# getrusage's ru_maxrss would carry the pytest parent's peak across fork and exec).
CHILD = textwrap.dedent(
    """
    import json, re, sys
    from geoevents.ingest import read_articles

    def kb(name):
        with open("/proc/self/status") as status:
            return int(re.search(name + r":\\s+(\\d+)", status.read())[1])

    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = kb("VmRSS")
    problems = []
    articles = list(read_articles(sys.argv[1:], on_problem=problems.append))
    print(json.dumps({"grown_kb": kb("VmHWM") - before, "articles": [a.id for a in articles],
                      "problems": [[p.line, p.reason[:80]] for p in problems]}))
    """
)


def _laughs_feed(secret_file: Path) -> bytes:
    doctype = LAUGHS.format(secret="lol" * 10, secret_file=secret_file).replace('"&g;&g;', '"&g;&g;&g;&g;')
    entry = "<item><title>&h;</title><description>Good &h; &x; end</description></item>"
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>T</title>{entry}</channel></rss>'
    ).encode()


def _adversarial(kind: str, folder: Path) -> Path:
    good = json.dumps({"id": "good", "text": "Police arrested twelve activists."}).encode()
    makers: dict[str, Callable[[], tuple[str, bytes]]] = {
        "jsonl nested 100,000 deep": lambda: ("a.jsonl", good + b"\n" + b"[" * 100_000 + b"\n" + good + b"\n"),
        "jsonl line over 64 MiB": lambda: (
            "a.jsonl",
            good + b"\n" + b'{"text": "' + b"a" * (65 * 2**20) + b"\n" + good,
        ),
        "jsonl huge integer": lambda: ("a.jsonl", good + b'\n{"text": "t", "n": ' + b"9" * 1_000_000 + b"}\n" + good),
        "billion laughs feed": lambda: ("a.rss", _laughs_feed(folder / "secret.txt")),
        "billion laughs docx": lambda: ("a.docx", _laughs_docx()),
        "html nested 100,000 deep": lambda: ("a.html", b"<html><body>" + b"<div>" * 100_000 + b"<p>Good text.</p>"),
        "csv unclosed quote": lambda: ("a.csv", b'id,text\ngood,"Police arrested twelve."\nb,"' + b"x\n" * 500_000),
        "text single 1 MB line": lambda: ("a.txt", "🇰🇷".encode() * 250_000),
    }
    name, data = makers[kind]()
    path = folder / name
    path.write_bytes(data)
    return path


def _laughs_docx() -> bytes:
    parts = dict(DOCX_PARTS)
    doctype = LAUGHS.format(secret="lol" * 10, secret_file="/etc/passwd")
    parts["word/document.xml"] = (
        f"<?xml version='1.0'?>{doctype}<w:document {W}><w:body><w:p><w:r><w:t>Good &h;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "kind",
    [
        "jsonl nested 100,000 deep",
        "jsonl line over 64 MiB",
        "jsonl huge integer",
        "billion laughs feed",
        "billion laughs docx",
        "html nested 100,000 deep",
        "csv unclosed quote",
        "text single 1 MB line",
    ],
)
def test_adversarial_input_memory(tmp_path: Path, kind: str) -> None:
    (tmp_path / "secret.txt").write_text(SECRET)
    path = _adversarial(kind, tmp_path)
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.splitlines()[-1])
    grown_mb = report["grown_kb"] / 1024
    print(f"{kind}: {path.stat().st_size / 2**20:.1f} MB input, peak memory grew {grown_mb:.0f} MB, {report}"[:300])
    # An expansion would take gigabytes; reading whole may take a few times the input, never more.
    assert grown_mb < 200 + 3 * path.stat().st_size / 2**20
    if kind.startswith("jsonl"):
        assert report["articles"] == ["good", "good"] and [p[0] for p in report["problems"]] == [2]
    if kind == "csv unclosed quote":
        assert report["articles"] == ["good"]
