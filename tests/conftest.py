"""Shared fixtures. ``../shared`` (beside the repository) is read in place when present."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAMPLE = ROOT / "src" / "whimbrel" / "data" / "sample"


def load_script(name: str):  # type: ignore[no-untyped-def]
    """A module of ``scripts/`` (not a package), loaded once from its file."""
    if name not in sys.modules:
        path = ROOT / "scripts" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader, path
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Built indexes (the gazetteer's) go to a directory of this session, not the user's cache;
    commands run as subprocesses and spawned workers inherit it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("WHIMBREL_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


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


# -- stores ingested once per session ------------------------------------------------------------
# Ingesting with the real model is the slow part of many tests. The seed articles and the sample
# corpus are each ingested once (in process, default options: what `whimbrel ingest` does) and
# read by every test that only reads them. A test that writes (a second ingest, a recode) works
# on its own copy (``copy_store``). Each shared store is checked at the end of the session to be
# byte for byte what the ingest left, so a test that wrote to it by mistake fails loudly.

def _digest(db: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(db.parent.glob(db.name + "*")):  # the file and any write-ahead log
        if f.suffix != ".lock":
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def copy_store(src: Path, dst: Path) -> Path:
    """A private copy of a store (its write-ahead log too, if one was left)."""
    shutil.copyfile(src, dst)
    wal = Path(str(src) + ".wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(dst) + ".wal"))
    return dst


def _shared_store(tmp_path_factory, name: str, inputs: list[Path], nlp):
    from whimbrel.pipeline import ingest

    db = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    summary = ingest(inputs, db=db, nlp=nlp)
    before = _digest(db)
    yield db, summary
    assert _digest(db) == before, f"a test wrote to the shared store {db}"


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory, seeds_dir, nlp):
    """The five seed articles ingested once: (store path, ingest summary). Read only."""
    yield from _shared_store(tmp_path_factory, "seeds", [seeds_dir], nlp)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, sample_dir, nlp):
    """The bundled sample corpus ingested once: (store path, ingest summary). Read only."""
    yield from _shared_store(tmp_path_factory, "sample", [sample_dir], nlp)
