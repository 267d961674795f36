"""Concurrent use: the API keeps answering while an ingest writes (DuckDB's single writer holds the
file only while a batch is written), and a second writer gets a clear message, never a corrupt
file."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from whimbrel.store import Store
from whimbrel.web.app import create_app

pytestmark = pytest.mark.integration


def test_api_answers_while_an_ingest_writes_and_a_second_writer_is_refused(tmp_path, sample_dir):
    db = tmp_path / "busy.duckdb"
    with Store(db):
        pass  # an empty store the server can open from the start
    client = TestClient(create_app(db, lock_wait=10))
    writer = subprocess.Popen([sys.executable, "-m", "whimbrel", "ingest", str(sample_dir),
                               "--db", str(db), "--batch-size", "2", "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answers, counts, second = [], [], None
    try:
        deadline = time.monotonic() + 600
        while writer.poll() is None and time.monotonic() < deadline:
            res = client.get("/api/health")
            answers.append(res.status_code)
            if res.status_code == 200:
                counts.append(res.json()["articles"])
            if second is None and counts and counts[-1] > 0:
                second = subprocess.run([sys.executable, "-m", "whimbrel", "ingest",
                                         str(sample_dir / "txt"), "--db", str(db), "-q"],
                                        capture_output=True, text=True, timeout=120)
            time.sleep(0.2)
        out, err = writer.communicate(timeout=600)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, err
    assert len(answers) >= 5 and set(answers) == {200}, answers
    assert counts == sorted(counts) and counts[-1] > 0  # batches appear as they commit
    assert second is not None and second.returncode != 0
    assert "another whimbrel process is writing" in second.stderr
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 37
        ids = [r["id"] for r in store.articles()]
        assert len(ids) == len(set(ids))
