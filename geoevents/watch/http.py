"""Polite HTTP for the watch (httpx): a User-Agent naming geoevents, conditional GET (ETag, Last-Modified), one
deadline for a whole request (a server that drips bytes cannot hold a worker), a size limit counted on the
decompressed body while it streams in (a 50 MB body or a gzip bomb is cut off, not read), bounded redirects, and
the server's Retry-After. Backoff between polls is the scheduler's (`backoff_delay`).

Every failure is a SourceError whose `kind` says what went wrong; nothing else escapes `Fetcher.get`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from geoevents.errors import SourceError
from geoevents.watch.config import WatchOptions

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class Response:
    """What a GET brought: the body (empty for 304), the validators for the next conditional request."""

    status: int
    body: bytes
    url: str
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One httpx client (connection pool) shared by the watch's fetch workers; thread-safe."""

    def __init__(self, options: WatchOptions) -> None:
        self.options = options
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent},
            timeout=httpx.Timeout(options.timeout),
            follow_redirects=True,
            max_redirects=options.max_redirects,
            limits=httpx.Limits(max_connections=max(4, options.workers * 2), max_keepalive_connections=options.workers),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None, accept: str = FEED_ACCEPT
    ) -> Response:
        """GET `url`, conditionally when validators are given. Raises SourceError."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.options.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Response(304, b"", str(response.url), etag, last_modified)
                if response.status_code >= 400:
                    raise SourceError(
                        "http", f"HTTP {response.status_code} {response.reason_phrase}".strip(), url,
                        retry_after=retry_after(response.headers.get("Retry-After")),
                    )  # fmt: skip
                body = self._body(response, url, deadline)
                return Response(
                    response.status_code, body, str(response.url), response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
                )  # fmt: skip
        except httpx.TooManyRedirects as exc:
            raise SourceError("redirects", f"more than {self.options.max_redirects} redirects", url) from exc
        except httpx.TimeoutException as exc:
            raise SourceError("timeout", f"no answer within {self.options.timeout:g} s", url) from exc
        except httpx.HTTPError as exc:
            raise SourceError("network", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
                              url) from exc  # fmt: skip

    def _body(self, response: httpx.Response, url: str, deadline: float) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit and "Content-Encoding" not in response.headers:
            raise SourceError("too-large", f"the body is {int(declared):,} bytes; the limit is {limit:,}", url)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # as the bytes arrive, so that the deadline is checked while they drip
            size += len(chunk)
            if size > limit:
                raise SourceError("too-large", f"the body is over the limit of {limit:,} bytes", url)
            if time.monotonic() > deadline:
                raise SourceError("timeout", f"the body took more than {self.options.timeout:g} s", url)
            chunks.append(chunk)
        return b"".join(chunks)

    def post_json(self, url: str, body: bytes, timeout: float) -> int:
        """POST a JSON body; returns the status. Raises SourceError on network failures."""
        try:
            response = self._client.post(
                url, content=body, headers={"Content-Type": "application/json"}, timeout=timeout
            )
        except httpx.TimeoutException as exc:
            raise SourceError("timeout", f"no answer within {timeout:g} s", url) from exc
        except httpx.HTTPError as exc:
            raise SourceError("network", f"{type(exc).__name__}: {exc}", url) from exc
        return response.status_code


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def backoff_delay(every: float, errors: int, cap: float, rand: random.Random, asked: float | None = None) -> float:
    """Seconds until the next poll: `every` while all is well; after `errors` failures in a row, `every` doubled
    per failure, capped at `cap`, with "equal jitter" (a random half of it) so that failing sources spread out;
    never sooner than the server asked (Retry-After, itself capped)."""
    if errors <= 0:
        return every
    grown = min(cap, every * 2 ** min(errors, 30))
    delay = grown / 2 + rand.uniform(0, grown / 2)
    if asked is not None:
        delay = max(delay, min(asked, cap))
    return delay


__all__ = ["FEED_ACCEPT", "PAGE_ACCEPT", "Fetcher", "Response", "backoff_delay", "retry_after"]
