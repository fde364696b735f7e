"""Fixtures of the watch tests (`pytest_plugins = ["live.fixtures"]`): the real servers, and the spaCy pipeline
loaded once per test process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from geoevents.settings import Settings
from live.servers import FeedServer, WebhookReceiver, serving


@pytest.fixture()
def feeds() -> Iterator[FeedServer]:
    server = FeedServer(slow_seconds=3.0)
    with serving(server):
        yield server


@pytest.fixture()
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(fail_first=2)
    with serving(receiver):
        yield receiver


@pytest.fixture(scope="session")
def watch_nlp() -> Any:
    """The pipeline `geoevents watch` loads (loaded once for all the tests of a process)."""
    from geoevents.nlp import load_pipeline

    return load_pipeline(Settings())
