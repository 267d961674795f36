"""The distributed path on a real local Ray cluster: `whimbrel run --engine ray` then
`whimbrel load` gives the same events as a single-process `whimbrel ingest`."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

pytestmark = pytest.mark.integration
EVENT_COLUMNS = ("article_id, seq, sentence, type, mode, cameo, source_code, source_sector, "
                 "target_code, target_sector, trigger_start, trigger_end, negated, hedged, date, "
                 "location, medium")


def whimbrel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "whimbrel", *args], capture_output=True,
                          text=True, timeout=900)


def rows(db, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_ray_run_equals_single_process_ingest(tmp_path, sample_dir, sample_store):
    out = tmp_path / "out"
    res = whimbrel("run", "--engine", "ray", "--input", str(sample_dir), "--output", str(out),
                   "--workers", "2")
    assert res.returncode == 0, res.stderr[-3000:]
    assert "coded 37 articles" in res.stdout
    ray_db = tmp_path / "ray.duckdb"
    assert whimbrel("load", str(out), "--db", str(ray_db)).returncode == 0
    again = whimbrel("load", str(out), "--db", str(ray_db))
    assert "loaded 0 articles" in again.stdout  # idempotent
    # the single-process ingest of the sample corpus: the session's shared store, ingested in
    # process with the options of `whimbrel ingest` (whose command line test_cli.py covers)
    single_db, single = sample_store
    assert single.rejected == []
    query = f"SELECT {EVENT_COLUMNS} FROM events ORDER BY article_id, seq"
    ray_events, single_events = rows(ray_db, query), rows(single_db, query)
    assert len(single_events) > 100 and ray_events == single_events
    articles = "SELECT id, cluster, content_hash, text FROM articles ORDER BY id"
    assert rows(ray_db, articles) == rows(single_db, articles)
    # the events dataset is in the export schema and reads straight from Parquet
    parquet = str(out / "events" / "*.parquet")
    n, = duckdb.sql(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchall()[0]
    assert n == len(single_events)
    cols = {c[0] for c in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')")
            .fetchall()}
    assert {"doc", "seq", "type", "source", "target", "trigger_start", "sentence_text"} <= cols
    assert whimbrel("run", "--input", str(sample_dir / "txt"), "--output",
                    str(out)).returncode == 2  # an output folder is never overwritten
    nothing = whimbrel("run", "--input", str(sample_dir / "*.nope"), "--output",
                       str(tmp_path / "o2"))
    assert nothing.returncode == 2 and "matches no file" in nothing.stderr
