"""Polite fetching (geoevents/watch/http.py) against a real local server: conditional GET, the User-Agent, the
size limit, redirects, timeouts; and the backoff between polls of a failing source."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

import pytest
from live.servers import Entry, FeedServer, serving

from geoevents.errors import SourceError
from geoevents.watch.config import WatchOptions
from geoevents.watch.http import Fetcher, backoff_delay, retry_after

pytest_plugins = ["live.fixtures"]


@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(WatchOptions(timeout=1.0, max_bytes=1_000_000, max_redirects=3)) as client:
        yield client


def test_conditional_get_answers_304_until_the_feed_changes(feeds: FeedServer, fetcher: Fetcher) -> None:
    feeds.add("a", Entry("1", "One", "Russian forces attacked Ukraine."))
    first = fetcher.get(feeds.url("/feeds/a"))
    assert first.status == 200 and b"Russian forces" in first.body and first.etag and first.last_modified
    again = fetcher.get(feeds.url("/feeds/a"), first.etag, first.last_modified)
    assert again.not_modified and again.body == b""
    feeds.add("a", Entry("2", "Two", "Germany sent aid to Ukraine."))
    changed = fetcher.get(feeds.url("/feeds/a"), first.etag, first.last_modified)
    assert changed.status == 200 and changed.etag != first.etag
    sent = feeds.hits("/feeds/a")
    assert [h.get("if-none-match") for h in sent] == [None, first.etag, first.etag]
    assert all(h["user-agent"].startswith("geoevents/") and "feed watcher" in h["user-agent"] for h in sent)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/bad/500", "http"),
        ("/nowhere", "http"),
        ("/bad/huge", "too-large"),
        ("/bad/huge-declared", "too-large"),
        ("/bad/loop", "redirects"),
        ("/bad/slow", "timeout"),
        ("/bad/drip", "timeout"),
    ],
)
def test_each_failure_has_its_kind_and_stays_within_the_limits(
    feeds: FeedServer, fetcher: Fetcher, path: str, kind: str
) -> None:
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        fetcher.get(feeds.url(path))
    assert caught.value.kind == kind and caught.value.source == feeds.url(path)
    assert time.monotonic() - started < 2.5  # one second of timeout, a little slack; never the 50 MB
    if path == "/bad/loop":
        assert len(feeds.hits("/bad/loop")) == 4  # the request and three redirects


def test_no_server_is_a_network_error(fetcher: Fetcher) -> None:
    from live.servers import free_port

    with pytest.raises(SourceError) as caught:
        fetcher.get(f"http://127.0.0.1:{free_port()}/feed")
    assert caught.value.kind == "network"


@pytest.mark.parametrize(("header", "seconds"), [("120", 120.0), (None, None), ("soon", None), ("", None)])
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert retry_after(header) == seconds


def test_retry_after_as_a_date() -> None:
    from email.utils import formatdate

    assert 55 <= (retry_after(formatdate(time.time() + 60, usegmt=True)) or 0) <= 60


@pytest.mark.parametrize("seed", range(5))
def test_backoff_doubles_with_jitter_up_to_the_cap(seed: int) -> None:
    rand = random.Random(seed)
    assert backoff_delay(10, 0, 3600, rand) == 10
    for errors in range(1, 12):
        grown = min(3600, 10 * 2**errors)
        assert grown / 2 <= backoff_delay(10, errors, 3600, rand) <= grown
    assert backoff_delay(10, 1, 3600, rand, asked=600) == 600  # the server's Retry-After wins
    assert backoff_delay(10, 1, 300, rand, asked=9999) == 300  # within the cap


def test_the_server_names_itself(feeds: FeedServer) -> None:
    with serving(FeedServer()) as other:
        assert other.startswith("http://127.0.0.1:") and other != feeds.base
