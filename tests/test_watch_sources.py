"""Reading what a source shows (geoevents/watch/sources.py): feed documents through geoevents' own feed reader,
XML bombs refused, folders listed as `geoevents code` reads them, full text from the linked page."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from live.servers import BOMB, TRUNCATED, Entry, Feed, FeedServer

from geoevents.errors import InputError, SourceError
from geoevents.models import Article
from geoevents.watch.config import WatchOptions
from geoevents.watch.http import Fetcher
from geoevents.watch.sources import dated, feed_articles, list_folder, with_full_text

pytest_plugins = ["live.fixtures"]
URL = "http://news.example.org/world.rss"


def read(body: bytes) -> tuple[list[Article], list[InputError]]:
    problems: list[InputError] = []
    return feed_articles(body, URL, problems.append), problems


def test_a_feed_becomes_articles_with_their_origin() -> None:
    feed = Feed("World", [Entry("g1", "One", "Russian forces attacked Ukraine.", "http://news.example.org/1",
                                "Wed, 19 Jun 2024 08:00:00 GMT"), Entry("g2", "Two", "Germany sent aid.")])  # fmt: skip
    articles, problems = read(feed.xml())
    assert problems == []
    assert [(a.id, a.title, a.date, a.url, a.source) for a in articles] == [
        ("g2", "Two", None, None, "World"),
        ("g1", "One", "2024-06-19", "http://news.example.org/1", "World"),
    ]
    assert [a.origin for a in articles] == [f"{URL}#1", f"{URL}#2"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BOMB, "declares XML entities"),
        (b"this is not xml at all {", "not an RSS/Atom feed"),
        (b"<html><body><p>A web page</p></body></html>", "not an RSS/Atom feed"),
    ],
)
def test_what_is_no_feed_is_refused(body: bytes, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        read(body)
    assert caught.value.kind == "feed" and message in caught.value.reason and caught.value.source == URL


def test_a_cut_off_feed_gives_what_can_be_read_and_names_the_rest() -> None:
    articles, problems = read(TRUNCATED)
    assert [a.id for a in articles] == ["cut-1"]
    assert [str(p) for p in problems] == [f"{URL}: feed entry 2 has no text"]


def test_an_empty_feed_is_no_error() -> None:
    assert read(Feed("quiet").xml()) == ([], [])


def test_an_undated_article_takes_the_day_it_was_fetched() -> None:
    day = dt.date(2024, 6, 19)
    assert dated(Article("a", "x"), day).date == "2024-06-19"
    assert dated(Article("a", "x", date="2024-01-02"), day).date == "2024-01-02"


def test_a_folder_lists_settled_visible_files_by_name_time_and_size(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", ".dot.txt", ".hidden/d.txt"):
        (tmp_path / name).write_text("text", encoding="utf-8")
    old = time.time() - 10
    for name in ("b.txt", "a.txt", "sub/c.txt"):
        os.utime(tmp_path / name, (old, old))
    items = list_folder(tmp_path)
    assert [i.key.split("@")[0] for i in items] == ["a.txt", "b.txt", "sub/c.txt"]
    (tmp_path / "a.txt").write_text("longer text", encoding="utf-8")
    assert [i.key.split("@")[0] for i in list_folder(tmp_path)] == ["b.txt", "sub/c.txt"]  # still being written?
    os.utime(tmp_path / "a.txt", (old + 1, old + 1))
    assert {i.key for i in list_folder(tmp_path)} - {i.key for i in items} == {next(
        i.key for i in list_folder(tmp_path) if i.key.startswith("a.txt"))}  # fmt: skip
    with pytest.raises(SourceError) as caught:
        list_folder(tmp_path / "gone")
    assert caught.value.kind == "folder"


def test_full_text_from_the_page_or_the_feed_text_when_it_fails(feeds: FeedServer) -> None:
    body = "North Korea delivered artillery shells to Russia.\n\nThe shipment crossed the border at night."
    page = feeds.page("p1", "Shells", body)
    problems: list[InputError] = []
    with Fetcher(WatchOptions(timeout=2)) as fetcher:
        teaser = Article("t1", "Read more on our site.", title="Shells", url=page, date="2024-06-19")
        full = with_full_text(teaser, fetcher, problems.append)
        assert (full.id, full.title, full.date, full.url) == ("t1", "Shells", "2024-06-19", page)
        assert "North Korea delivered artillery shells" in full.text and "About us" not in full.text
        missing = Article("t2", "The feed's own text.", url=feeds.url("/pages/none"))
        assert with_full_text(missing, fetcher, problems.append) == missing
        assert with_full_text(Article("t3", "No link."), fetcher, problems.append).text == "No link."
    assert len(problems) == 2 and "full text not fetched (HTTP 404" in str(problems[0])
