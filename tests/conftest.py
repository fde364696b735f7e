"""Shared fixtures. The shared data folder sits at ../shared from the project root in development and CI."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root_dir() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return shared_dir / "seed" / "000_e620443584fed8f9.txt"


@pytest.fixture(scope="session")
def spacy_nlp() -> Language:
    """The spaCy model as `geoevents.nlp.load_spacy` loads it, for tests of single NLP helpers."""
    from geoevents.nlp import load_spacy

    return load_spacy()



@pytest.fixture(scope="session")
def ray_address() -> Iterator[str]:
    """One local Ray instance (2 CPUs) for the whole session, shared by every Ray test: they are marked
    `xdist_group("ray")`, and `make test` runs pytest with --dist loadgroup, so only one worker starts Ray."""
    ray = pytest.importorskip("ray", reason="the ray extra is not installed")
    pytest.importorskip("ray.data")
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
