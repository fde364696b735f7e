"""Tests of geoevents.ingest: every reader, the id and date rules, and every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from geoevents.errors import InputError
from geoevents.ingest import ReadStats, normalise_date, read_articles
from geoevents.ingest.feeds import strip_html
from geoevents.ingest.text import guess_title
from geoevents.models import Article

BODY = (
    "The foreign ministers of Chile and Peru met in Lima on Monday and agreed to reopen their border crossings, "
    "officials said. Protesters in Santiago accused the government of ignoring farmers."
)
BODY2 = "Police in Dhaka arrested twelve opposition activists on Friday after clashes near the election commission."


def read(paths: list[Path | str], **kwargs: object) -> tuple[list[Article], list[InputError]]:
    """All articles and problems of a read."""
    problems: list[InputError] = []
    articles = list(read_articles(paths, on_problem=problems.append, **kwargs))  # type: ignore[arg-type]
    return articles, problems


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>https://wire.example/</link><description>d</description>
<item><title>Ministers meet</title><link>https://wire.example/1</link><guid>wire-1</guid>
<pubDate>Wed, 19 Jun 2024 23:30:00 +0900</pubDate>
<description><![CDATA[<p>{body}</p><p>Second &amp; last paragraph.</p>]]></description></item>
<item><title>Arrests in Dhaka</title><link>https://wire.example/2</link>
<pubDate>Thu, 20 Jun 2024 08:00:00 GMT</pubDate><description>{body2}</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:desk</id>
<updated>2024-06-21T00:00:00Z</updated>
<entry><title>Ministers meet</title><id>urn:desk:1</id><link href="https://desk.example/1"/>
<published>2024-06-19T10:00:00+02:00</published><updated>2024-06-21T00:00:00Z</updated>
<content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry>
</feed>
"""

HTML_PAGE = """<!DOCTYPE html><html><head><title>Ministers meet | Test Daily</title>
<meta property="og:title" content="Ministers meet in Lima">
<meta property="og:url" content="https://daily.example/lima">
<meta property="article:published_time" content="2024-06-19T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Ministers meet in Lima</h1><p>{body}</p><p>{body2}</p></article>
<footer>Copyright Test Daily. All rights reserved.</footer></body></html>
"""


# --- readers -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".text", ".md"])
def test_text_file_is_one_article_with_hashed_id(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"story{suffix}", "\ufeff" + BODY + "\n")
    articles, problems = read([path])
    assert problems == []
    [article] = articles
    assert article.text == BODY + "\n"  # the whole file, BOM removed
    assert article.title is None
    assert article.id == Article.make_id(BODY + "\n")
    assert article.origin == str(path)


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Ministers meet in Lima\n\n" + BODY, "Ministers meet in Lima"),
        ("# Ministers meet in Lima\n\n" + BODY, "Ministers meet in Lima"),
        (BODY + "\n\n" + BODY2, None),  # first line is a long sentence ending in a full stop
        ("Ministers meet in Lima\n" + BODY, None),  # no blank line after it
        ("Ministers meet in Lima\n\n", None),  # nothing after it
        ("Short line.\n\n" + BODY, None),  # ends with a full stop: a sentence, not a headline
    ],
)
def test_text_title_rule(content: str, title: str | None) -> None:
    assert guess_title(content) == title


def test_text_keeps_title_in_text_and_normalises_crlf(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"Ministers meet\r\n\r\n" + BODY.encode())
    [article], _ = read([path])
    assert article.title == "Ministers meet"
    assert article.text == "Ministers meet\n\n" + BODY


def test_jsonl_fields_and_origin_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {"id": 17, "text": BODY, "title": "Lima talks", "date": "2024-06-19T08:00:00Z", "url": "u1", "source": "S"},
            {"text": BODY2},
        ),
    )
    articles, problems = read([path])
    assert problems == []
    first, second = articles
    assert (first.id, first.title, first.date, first.url, first.source) == ("17", "Lima talks", "2024-06-19", "u1", "S")
    assert first.origin == f"{path}:1"
    assert second.id == Article.make_id(BODY2)
    assert second.origin == f"{path}:2"


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json-lines"])
def test_jsonl_suffixes(tmp_path: Path, suffix: str) -> None:
    articles, problems = read([write(tmp_path / f"a{suffix}", jsonl({"id": "x", "text": BODY}))])
    assert [a.id for a in articles] == ["x"] and problems == []


def test_jsonl_skips_blank_lines_and_counts_them(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", "\n" + json.dumps({"text": BODY}) + "\n\n" + json.dumps({"text": BODY2}))
    articles, problems = read([path])
    assert [a.origin for a in articles] == [f"{path}:2", f"{path}:4"] and problems == []


def test_csv_with_our_column_names(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "title", "text", "url"])
        writer.writerow(["c1", "June 19, 2024", "Lima talks", BODY + "\n\nMore, with a comma.", "https://x/1"])
        writer.writerow(["", "", "", BODY2, ""])
    articles, problems = read([path])
    assert problems == []
    first, second = articles
    assert (first.id, first.date, first.title, first.url) == ("c1", "2024-06-19", "Lima talks", "https://x/1")
    assert first.text.endswith("More, with a comma.")
    assert first.origin == f"{path}:2"
    assert second.origin == f"{path}:5"  # the quoted text of row 1 spans three lines
    assert (second.id, second.title, second.date) == (Article.make_id(BODY2), None, None)


def test_csv_column_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", f'doc_id,body,headline\nd1,"{BODY}",Lima talks\n')
    articles, problems = read([path], columns={"text": "body", "id": "doc_id", "title": "headline"})
    assert problems == []
    assert [(a.id, a.title, a.text) for a in articles] == [("d1", "Lima talks", BODY)]


def test_column_mapping_falls_back_to_our_names(tmp_path: Path) -> None:
    """One mapping for a CSV can be used while reading a JSONL file with our own names in the same batch."""
    csv_path = write(tmp_path / "a.csv", f'doc_id,body\nd1,"{BODY}"\n')
    jsonl_path = write(tmp_path / "b.jsonl", jsonl({"id": "j1", "text": BODY2}))
    articles, problems = read([csv_path, jsonl_path], columns={"text": "body", "id": "doc_id"})
    assert [a.id for a in articles] == ["d1", "j1"] and problems == []


def test_tsv(tmp_path: Path) -> None:
    path = write(tmp_path / "a.tsv", f"id\ttext\tdate\nt1\t{BODY}\t19 June 2024\n")
    articles, problems = read([path])
    assert [(a.id, a.date, a.text) for a in articles] == [("t1", "2024-06-19", BODY)] and problems == []


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", HTML_PAGE.format(body=BODY, body2=BODY2))
    articles, problems = read([path])
    assert problems == []
    [article] = articles
    assert BODY in article.text and BODY2 in article.text
    assert "All rights reserved" not in article.text and "Sport" not in article.text
    assert article.title == "Ministers meet in Lima"
    assert article.url == "https://daily.example/lima"
    assert article.date == "2024-06-19"


def test_rss_entries(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.rss", RSS.format(body=BODY, body2=BODY2))
    articles, problems = read([path])
    assert problems == []
    first, second = articles
    assert first.id == "wire-1"  # the guid is the given id
    assert first.text == BODY + "\n\nSecond & last paragraph."
    assert (first.title, first.url, first.source) == ("Ministers meet", "https://wire.example/1", "Test Wire")
    assert first.date == "2024-06-19"  # the date as written, not shifted to UTC
    assert second.id == Article.make_id(BODY2, "Arrests in Dhaka", "https://wire.example/2")
    assert second.date == "2024-06-20"
    assert [a.origin for a in articles] == [f"{path}#1", f"{path}#2"]


def test_atom_entries(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.atom", ATOM.format(body=BODY))
    [article], problems = read([path])
    assert problems == []
    assert (article.id, article.text, article.date, article.url) == (
        "urn:desk:1",
        BODY,
        "2024-06-19",
        "https://desk.example/1",
    )


@pytest.mark.parametrize(
    ("name", "content", "origin_suffix"),
    [
        ("feed_noext", RSS.format(body=BODY, body2=BODY2), "#1"),
        ("records", jsonl({"id": "s1", "text": BODY}), ":1"),
        ("story", BODY, ""),
        ("page", HTML_PAGE.format(body=BODY, body2=BODY2), ""),
    ],
)
def test_unknown_suffix_is_sniffed(tmp_path: Path, name: str, content: str, origin_suffix: str) -> None:
    path = write(tmp_path / name, content)
    articles, problems = read([path])
    assert problems == []
    assert articles and articles[0].origin == f"{path}{origin_suffix}"
    assert BODY in articles[0].text


def test_folder_recursion_sorted_and_hidden_skipped(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", BODY2)
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "sub" / "c.jsonl", jsonl({"id": "c", "text": BODY}))
    write(tmp_path / "sub" / "deeper" / "d.md", BODY2 + " Deeper.")
    write(tmp_path / ".hidden.txt", "secret text")
    write(tmp_path / ".git" / "e.txt", "not an article")
    articles, problems = read([tmp_path])
    assert problems == []
    assert [Path(a.origin.split(":")[0]).relative_to(tmp_path).as_posix() for a in articles] == [
        "a.txt",
        "b.txt",
        "sub/c.jsonl",
        "sub/deeper/d.md",
    ]
    again, _ = read([tmp_path])
    assert [a.id for a in again] == [a.id for a in articles]


@pytest.mark.parametrize("with_buffer", [True, False])
def test_stdin_dash_is_jsonl(tmp_path: Path, with_buffer: bool) -> None:
    data = jsonl({"id": "s1", "text": BODY}, {"text": BODY2}) + "not json\n"
    stream = io.TextIOWrapper(io.BytesIO(data.encode())) if with_buffer else io.StringIO(data)
    articles, problems = read(["-"], stdin=stream)
    assert [a.id for a in articles] == ["s1", Article.make_id(BODY2)]
    assert [a.origin for a in articles] == ["<stdin>:1", "<stdin>:2"]
    assert [(p.path, p.line) for p in problems] == [("<stdin>", 3)]


def test_same_content_same_id_across_files_and_runs(tmp_path: Path) -> None:
    one = write(tmp_path / "one.txt", BODY)
    two = write(tmp_path / "two.txt", BODY)
    other = write(tmp_path / "other.txt", BODY2)
    first = [a.id for a in read([one, two, other])[0]]
    second = [a.id for a in read([one, two, other])[0]]
    assert first == second
    assert first[0] == first[1] != first[2]


def test_given_ids_are_strings_and_duplicates_are_all_yielded(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl({"id": 5, "text": BODY}, {"id": "5", "text": BODY2}))
    articles, _ = read([path])
    assert [(a.id, a.text) for a in articles] == [("5", BODY), ("5", BODY2)]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-06-19", "2024-06-19"),
        ("2024-06-19T23:30:00+09:00", "2024-06-19"),
        ("2024-06-19T08:00:00Z", "2024-06-19"),
        ("2024-06-19 08:00 KST", "2024-06-19"),
        ("Wed, 19 Jun 2024 08:00:00 +0000", "2024-06-19"),
        ("Wed, 19 Jun 2024 08:00:00 GMT", "2024-06-19"),
        ("June 19, 2024", "2024-06-19"),
        ("June 19th, 2024", "2024-06-19"),
        ("Jun 19, 2024", "2024-06-19"),
        ("19 June 2024", "2024-06-19"),
        ("Wednesday, June 19, 2024", "2024-06-19"),
        ("2024/06/19", "2024-06-19"),
        ("20240619", "2024-06-19"),
        ("06/07/2024", None),  # day-first or month-first? not guessed
        ("2024-13-45", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(raw: str | None, iso: str | None) -> None:
    assert normalise_date(raw) == iso


def test_strip_html_decodes_entities_and_keeps_paragraphs() -> None:
    assert strip_html("<p>A &amp; B<br>said.</p><p>Then   C.</p>") == "A & B said.\n\nThen C."


# --- bad input ---------------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv", "empty.html", "empty.rss", "empty"])
def test_empty_file_is_reported(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, "  \n")
    articles, problems = read([path])
    assert articles == []
    [problem] = problems
    assert problem.path == str(path) and "empty" in str(problem)


@pytest.mark.parametrize("name", ["image.png", "image.txt", "data.jsonl", "data.csv", "feed.rss", "page.html"])
def test_binary_file_is_reported(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, PNG)
    articles, problems = read([path])
    assert articles == []
    [problem] = problems
    assert problem.path == str(path) and "binary" in str(problem)


def test_invalid_utf8_text_file_is_skipped_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", b"First line\nsecond line\nthird \xff\xfe line\n")
    articles, problems = read([path])
    assert articles == []
    [problem] = problems
    assert (problem.path, problem.line) == (str(path), 3)
    assert f"{path}:3" in str(problem) and "UTF-8" in str(problem)


def test_invalid_utf8_jsonl_skips_only_that_line(tmp_path: Path) -> None:
    good = jsonl({"id": "g1", "text": BODY})
    bad = b'{"id": "b", "text": "caf\xe9"}\n'
    path = write(tmp_path / "a.jsonl", good.encode() + bad + jsonl({"id": "g2", "text": BODY2}).encode())
    articles, problems = read([path])
    assert [a.id for a in articles] == ["g1", "g2"]
    assert [(p.line, "UTF-8" in str(p)) for p in problems] == [(2, True)]


def test_invalid_utf8_csv_skips_only_that_row_naming_the_line(tmp_path: Path) -> None:
    content = f'id,text\ng1,"{BODY}"\nb1,"first line\ncaf\xe9 line"\ng2,"{BODY2}"\n'.encode("latin-1")
    path = write(tmp_path / "a.csv", content)
    articles, problems = read([path])
    assert [a.id for a in articles] == ["g1", "g2"]
    [problem] = problems
    assert problem.line == 4 and "UTF-8" in str(problem)  # the row starts on line 3; the bad byte is on line 4


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('{"id": "x", "text": "unterminated', "malformed JSON"),
        ("[1, 2, 3]", "JSON object"),
        ('{"id": "x"}', "no 'text'"),
        ('{"id": "x", "text": "   "}', "empty 'text'"),
        ('{"id": "x", "text": 42}', "not a string"),
    ],
)
def test_bad_jsonl_line_is_reported_with_its_number(tmp_path: Path, line: str, needle: str) -> None:
    content = jsonl({"id": "g1", "text": BODY}) + line + "\n" + jsonl({"id": "g2", "text": BODY2})
    path = write(tmp_path / "a.jsonl", content)
    articles, problems = read([path])
    assert [a.id for a in articles] == ["g1", "g2"]
    [problem] = problems
    assert (problem.path, problem.line) == (str(path), 2)
    assert str(problem).startswith(f"{path}:2: ") and needle in str(problem)


@pytest.mark.parametrize("empty", ["", "   "])
def test_csv_row_without_text_is_reported(tmp_path: Path, empty: str) -> None:
    path = write(tmp_path / "a.csv", f'id,text\ng1,"{BODY}"\nb1,"{empty}"\ng2,"{BODY2}"\n')
    articles, problems = read([path])
    assert [a.id for a in articles] == ["g1", "g2"]
    assert [(p.line, "text" in str(p)) for p in problems] == [(3, True)]


def test_csv_row_with_wrong_field_count_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", f'id,text\ng1,"{BODY}"\nb1,"x",extra\n')
    articles, problems = read([path])
    assert [a.id for a in articles] == ["g1"]
    assert [p.line for p in problems] == [3]


@pytest.mark.parametrize("columns", [None, {"text": "body"}])
def test_csv_without_text_column_reported_once_with_header_line(tmp_path: Path, columns: dict | None) -> None:
    rows = "".join(f'r{i},"{BODY}"\n' for i in range(5))
    path = write(tmp_path / "a.csv", "id,content\n" + rows)
    articles, problems = read([path], columns=columns)
    assert articles == []
    [problem] = problems
    assert (problem.path, problem.line) == (str(path), 1)
    assert "text column" in str(problem) and "id, content" in str(problem)


def test_csv_with_mistyped_optional_mapping_is_reported_but_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", f'id,text\ng1,"{BODY}"\n')
    articles, problems = read([path], columns={"date": "pubdate"})
    assert [a.id for a in articles] == ["g1"]
    assert [(p.line, "pubdate" in str(p)) for p in problems] == [(1, True)]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    articles, problems = read([missing])
    assert articles == []
    [problem] = problems
    assert problem.path == str(missing) and "no such file" in str(problem)


def test_html_without_text_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    articles, problems = read([path])
    assert articles == []
    [problem] = problems
    assert problem.path == str(path) and "no extractable" in str(problem)


@pytest.mark.parametrize(
    "content",
    [
        "<rss><channel><title>broken",  # truncated XML, no entries
        "this is not xml at all",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
    ],
)
def test_feed_that_does_not_parse_is_reported(tmp_path: Path, content: str) -> None:
    path = write(tmp_path / "feed.xml", content)
    articles, problems = read([path])
    assert articles == []
    [problem] = problems
    assert problem.path == str(path) and "feed" in str(problem)


def test_feed_entry_without_text_is_reported_and_others_read(tmp_path: Path) -> None:
    content = RSS.format(body=BODY, body2="")
    path = write(tmp_path / "feed.rss", content)
    articles, problems = read([path])
    assert [a.id for a in articles] == ["wire-1"]
    assert [("entry 2" in str(p)) for p in problems] == [True]


def test_bad_files_beside_good_ones(tmp_path: Path) -> None:
    write(tmp_path / "01_good.txt", BODY)
    write(tmp_path / "02_empty.txt", "")
    write(tmp_path / "03_binary.bin", PNG)
    write(tmp_path / "04_bad_utf8.txt", b"caf\xe9\n")
    write(
        tmp_path / "05_mixed.jsonl", jsonl({"id": "j1", "text": BODY}) + "{oops\n" + jsonl({"id": "j2", "text": BODY2})
    )
    write(tmp_path / "06_notext.csv", "id,content\n1,x\n")
    write(tmp_path / "07_nav.html", "<html><body><nav>Home</nav></body></html>")
    write(tmp_path / "08_broken.rss", "<rss><channel>")
    write(tmp_path / "09_good.csv", f'id,text\nc1,"{BODY2}"\n')
    stats = ReadStats()
    articles = list(stats.track(read_articles([tmp_path, tmp_path / "missing.txt"], on_problem=stats.problem)))
    assert [a.id for a in articles] == [Article.make_id(BODY), "j1", "j2", "c1"]
    assert stats.articles == 4 and stats.ok
    reported = sorted({Path(p.path).name for p in stats.problems})
    assert reported == [
        "02_empty.txt",
        "03_binary.bin",
        "04_bad_utf8.txt",
        "05_mixed.jsonl",
        "06_notext.csv",
        "07_nav.html",
        "08_broken.rss",
        "missing.txt",
    ]
    assert all(isinstance(p, InputError) for p in stats.problems)


def test_nothing_readable_is_not_ok(tmp_path: Path) -> None:
    stats = ReadStats()
    list(stats.track(read_articles([tmp_path / "missing"], on_problem=stats.problem)))
    assert not stats.ok and len(stats.problems) == 1


def test_without_callback_problems_are_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    good = write(tmp_path / "good.txt", BODY)
    with caplog.at_level("WARNING", logger="geoevents.ingest"):
        articles = list(read_articles([tmp_path / "missing.txt", good]))
    assert len(articles) == 1
    assert any("missing.txt" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)


def test_reading_streams(tmp_path: Path) -> None:
    """The first article arrives before a later bad line is even looked at."""
    path = write(tmp_path / "a.jsonl", jsonl({"id": "first", "text": BODY}) + "{bad\n")
    problems: list[InputError] = []
    stream = read_articles([path], on_problem=problems.append)
    assert next(stream).id == "first" and problems == []
    assert list(stream) == [] and len(problems) == 1


# --- examples and real corpora ----------------------------------------------------------------------------------


def test_every_example_gives_articles(root_dir: Path) -> None:
    examples = sorted(p for p in (root_dir / "examples").iterdir() if p.is_file() and not p.name.startswith("."))
    assert examples
    for path in examples:
        articles, problems = read([path])
        assert articles and problems == [], path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [("reuters21578.jsonl", 19043), ("wikinews_2019.csv", None), ("wikinews_2020.csv", None)],
)
def test_real_corpora_read_without_problems(shared_dir: Path, name: str, expected: int | None) -> None:
    path = shared_dir / "corpus" / name
    if expected is None:  # count CSV records independently with the csv module
        with path.open(newline="", encoding="utf-8") as handle:
            expected = sum(1 for _ in csv.DictReader(handle))
    articles, problems = read([path])
    assert problems == []
    assert len(articles) == expected
    assert len({a.id for a in articles}) == expected
    assert all(a.text.strip() and a.date and len(a.date) == 10 for a in articles)


def test_seed_article_reads_as_one_article(seed_path: Path) -> None:
    [article], problems = read([seed_path])
    assert problems == [] and article.title is None
    assert article.text == seed_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "origins"),
    [
        (json.dumps({"id": "o1", "text": BODY}, indent=2), ["{path}"]),
        (json.dumps([{"id": "o1", "text": BODY}, {"text": BODY2}], indent=2), ["{path}#1", "{path}#2"]),
        (jsonl({"id": "o1", "text": BODY}, {"text": BODY2}), ["{path}:1", "{path}:2"]),  # JSONL under a .json name
    ],
)
def test_json_document_array_or_lines(tmp_path: Path, content: str, origins: list[str]) -> None:
    path = write(tmp_path / "a.json", content)
    articles, problems = read([path])
    assert problems == []
    assert [a.origin for a in articles] == [o.format(path=path) for o in origins]
    assert articles[0].id == "o1"


def test_json_array_item_without_text_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps([{"id": "o1", "text": BODY}, {"id": "o2"}, 3]))
    articles, problems = read([path])
    assert [a.id for a in articles] == ["o1"]
    assert [str(p) for p in problems] == [
        f"{path}: array item 2: record has no 'text'",
        f"{path}: array item 3 is a int, not an object",
    ]
