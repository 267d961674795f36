"""Shared fixtures. ``../shared`` (beside the repository) is read in place when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAMPLE = ROOT / "src" / "whimbrel" / "data" / "sample"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent (only CI and developers have ../shared)")
    return SEEDS


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    assert SAMPLE.is_dir(), "the bundled sample corpus is missing"
    return SAMPLE


@pytest.fixture(scope="session")
def nlp():
    """The real English spaCy model, loaded once per test session."""
    from whimbrel.nlp import load_nlp

    return load_nlp()
