"""Shared fixtures. The shared data folder sits at ../shared from the project root in development and CI."""

from __future__ import annotations

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

