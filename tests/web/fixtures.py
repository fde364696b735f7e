"""Fixtures shared by tests/test_api.py and tests/test_web_browser.py (import them into the test module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from geoevents.settings import Settings
from web.sample import build_sample_store
from web.server import running_server


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made sample store (tests/web/sample.py); read-only for the tests that share it."""
    return build_sample_store(tmp_path_factory.mktemp("sample") / "sample.duckdb")


@pytest.fixture(scope="session")
def base_url(sample_db: Path) -> Iterator[str]:
    """A real uvicorn server over the sample store, on loopback without a token."""
    with running_server(Settings(db=str(sample_db))) as url:
        yield url


@pytest.fixture()
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        yield http
