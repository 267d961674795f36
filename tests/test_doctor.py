"""`whimbrel doctor` on a good install, an old store, and a file that is not a store."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from whimbrel.store import SCHEMA_VERSION, Store

pytestmark = pytest.mark.integration


def doctor(db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "whimbrel", "doctor", "--db", str(db)],
                          capture_output=True, text=True, timeout=120)


def test_doctor_says_what_is_wrong_and_how_to_fix_it(tmp_path):
    good = tmp_path / "good.duckdb"
    with Store(good):
        pass
    res = doctor(good)
    assert res.returncode == 0, res.stdout
    assert "ok   spaCy model" in res.stdout and f"schema {SCHEMA_VERSION}" in res.stdout
    old = tmp_path / "old.duckdb"
    with Store(old):
        pass
    with duckdb.connect(str(old)) as con:
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    res = doctor(old)
    assert res.returncode == 1
    assert "FAIL store" in res.stdout and "whimbrel recode" in res.stdout
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    res = doctor(junk)
    assert res.returncode == 1 and "FAIL store" in res.stdout and "fix:" in res.stdout
    res = doctor(tmp_path / "missing.duckdb")
    assert res.returncode == 0 and "WARN store" in res.stdout and "whimbrel ingest" in res.stdout
