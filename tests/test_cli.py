"""The command line, run as a user runs it: a real subprocess on a real store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from whimbrel.pipeline import IngestOptions, ingest
from whimbrel.store import Store

pytestmark = pytest.mark.integration
WHIMBREL = [sys.executable, "-m", "whimbrel"]


def run(*args: str, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*WHIMBREL, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, input=input)


def test_ingest_articles_show(tmp_path, seeds_dir):
    db = str(tmp_path / "w.duckdb")
    res = run("ingest", str(seeds_dir), "--db", db)
    assert res.returncode == 0, res.stderr
    assert "stored 5" in res.stdout and "rejected 0" in res.stdout
    res = run("articles", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "title", "url", "published", "cluster", "text", "quality"}
    res = run("show", "004_91aeb563d4901a78.txt", "--db", db, "--cleaning")
    assert res.returncode == 0
    assert "related-links" in res.stdout and "comment-bait" in res.stdout
    res = run("show", "nope", "--db", db)
    assert res.returncode == 2 and "no article 'nope'" in res.stderr


def test_db_from_environment_and_exit_code_on_rejection(tmp_path):
    db = tmp_path / "env.duckdb"
    (tmp_path / "empty.txt").write_text("")
    res = run("ingest", str(tmp_path / "empty.txt"), env={"WHIMBREL_DB": str(db)})
    assert res.returncode == 1
    assert "rejected 1" in res.stdout and "empty" in res.stdout
    assert db.exists()


def _corpus(sample: Path, out: Path, copies: int) -> int:
    """Distinct articles made from the sample corpus's text files (for crash tests)."""
    texts = sorted(sample.rglob("*.txt"))
    out.mkdir()
    n = 0
    for k in range(copies):
        for path in texts:
            body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
            (out / f"{k:03}-{path.name}").write_text(f"Edition {k} of the wire.\n{body}",
                                                     encoding="utf-8")
            n += 1
    return n


def test_sigkill_midway_then_rerun_matches_clean_run(tmp_path, sample_dir, nlp):
    corpus = tmp_path / "corpus"
    # two editions of the 22 sample texts: 44 articles, 11 batches of 4 (it was four editions,
    # 88 articles; the kill still comes after the third commit, and the rerun resumes the rest)
    _corpus(sample_dir, corpus, copies=2)
    clean_db, killed_db = str(tmp_path / "clean.duckdb"), str(tmp_path / "killed.duckdb")
    # the clean run in process: the same ingest, options and model as `whimbrel ingest
    # --batch-size 4` (the killed run and the rerun below are the real command)
    clean = ingest([corpus], db=clean_db, nlp=nlp, options=IngestOptions(batch_size=4))
    assert clean.rejected == []
    with Store(clean_db, read_only=True) as store:
        expected = (store.count("articles"), store.count("sentences"))

    proc = subprocess.Popen([*WHIMBREL, "ingest", str(corpus), "--db", killed_db,
                             "--batch-size", "4", "-q", "--verbose"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    commits = 0
    deadline = time.monotonic() + 300
    while commits < 3 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        commits += line.startswith("committed batch")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL and commits == 3

    with Store(killed_db) as store:  # the killed store opens, and holds only whole articles
        partial = store.count("articles")
        assert 12 <= partial < expected[0]
        for row in store.articles():
            assert store.sentences(row["id"]), f"{row['id']} has no sentences"
    rerun = run("ingest", str(corpus), "--db", killed_db, "--batch-size", "4", "-q")
    assert rerun.returncode == 0, rerun.stderr
    with Store(killed_db, read_only=True) as store:
        assert (store.count("articles"), store.count("sentences")) == expected


@pytest.fixture(scope="module")
def seeds_db(seeds_store):
    """The seed articles ingested once per session (in process: `whimbrel ingest` itself is
    tested above); the commands below only read it."""
    return str(seeds_store[0])


def test_events_formats_and_filters(seeds_db):
    res = run("events", "--db", seeds_db, "--format", "jsonl")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) > 50
    for key in ("doc", "sentence", "type", "source", "source_sector", "target", "target_sector",
                "negated", "hedged", "date", "location", "spans"):
        assert key in rows[0]
    assert all(r["spans"]["trigger"][2] for r in rows)
    res = run("events", "--db", seeds_db, "--format", "jsonl", "--source", "RUS",
              "--target", "USA")
    filtered = [json.loads(line) for line in res.stdout.splitlines()]
    assert filtered and all(r["source"] == "RUS" and r["target"] == "USA" for r in filtered)
    assert any(r["type"] == "ACCUSE" for r in filtered)
    res = run("events", "--db", seeds_db, "--format", "plover", "--type", "assault")
    plover = [json.loads(line) for line in res.stdout.splitlines()]
    assert plover and all(p["event_type"] == "ASSAULT" for p in plover)
    assert {"id", "date", "source", "target", "evidence", "mode"} <= set(plover[0])
    res = run("events", "--db", seeds_db, "--format", "csv", "--limit", "3")
    assert res.stdout.splitlines()[0].startswith("doc,sentence,type,source")
    assert len(res.stdout.splitlines()) == 4


def test_actor_commands(seeds_db, tmp_path):
    res = run("actors", "mentions", "--db", seeds_db, "--doc", "003_2b9f872a54b219e4.txt",
              "--format", "jsonl")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert {"doc", "sentence", "text", "start", "end", "code", "sector", "name"} <= set(rows[0])
    assert any(r["text"].endswith("Vladimir Putin") and r["code"] == "RUS" for r in rows)
    res = run("actors", "list", "--db", seeds_db)
    assert res.stdout.split()[0] in ("RUS", "IRN")
    res = run("actors", "show", "Lavrov", "--on", "2025-06-01")
    assert "RUS Foreign Minister" in res.stdout
    res = run("actors", "show", "Nobody Whatsoever")
    assert res.returncode == 1


def test_imported_dictionary_codes_fictional_actors(tmp_path, nlp):
    db = str(tmp_path / "w.duckdb")
    (tmp_path / "actors.csv").write_text("name,code,sector\nArnor,ARN,GOV\nGondor,GON,GOV\n")
    res = run("actors", "import", str(tmp_path / "actors.csv"), "--db", db)
    assert res.returncode == 0 and "imported 2 names" in res.stdout
    (tmp_path / "story.txt").write_text("The army of Arnor attacked Gondor on Monday, and the "
                                        "government of Gondor condemned the attack.\n")
    # the ingest in process (the imported names are read from the store, as by the command)
    assert ingest([tmp_path / "story.txt"], db=db, nlp=nlp).stored == 1
    res = run("events", "--db", db, "--format", "jsonl")
    events = [json.loads(line) for line in res.stdout.splitlines()]
    assert any(e["type"] == "ASSAULT" and e["source"] == "ARN" and e["target"] == "GON"
               for e in events), events


def test_two_worker_processes_code_the_same_events(tmp_path, sample_dir, nlp):
    import duckdb

    one, two = str(tmp_path / "one.duckdb"), str(tmp_path / "two.duckdb")
    # one process: the same ingest in process; two worker processes: the real command
    assert ingest([sample_dir / "txt"], db=one, nlp=nlp).rejected == []
    assert run("ingest", str(sample_dir / "txt"), "--db", two, "-q", "--workers", "2",
               "--batch-size", "4").returncode == 0
    query = ("SELECT article_id, seq, type, source_code, target_code, trigger_start "
             "FROM events ORDER BY 1, 2")
    rows = [duckdb.connect(db, read_only=True).execute(query).fetchall() for db in (one, two)]
    assert rows[0] and rows[0] == rows[1]


def test_imported_verb_dictionary_recodes_stored_articles(tmp_path, nlp):
    db = str(tmp_path / "w.duckdb")
    (tmp_path / "story.txt").write_text("Russia cordoned off the roads into Chechnya on Monday "
                                        "after a week of clashes.\n")
    assert ingest([tmp_path / "story.txt"], db=db, nlp=nlp).stored == 1  # in process
    before = run("events", "--db", db, "--format", "jsonl").stdout
    assert '"cameo": "1721"' not in before
    (tmp_path / "verbs.txt").write_text("--- CORDON [---] ---\n+CORDON_OFF {+CORDONED_OFF}\n"
                                        "- * ROADS [1721]  # seal off\n")
    res = run("rules", "import", str(tmp_path / "verbs.txt"), "--db", db)
    assert res.returncode == 0 and "imported 1 verbs with 1 patterns" in res.stdout
    res = run("rules", "list", "--db", db)
    assert res.stdout.startswith("verbs.txt") and "1 patterns" in res.stdout
    assert run("recode", "--db", db, "-q").returncode == 0
    events = [json.loads(line) for line in run("events", "--db", db, "--format",
                                               "jsonl").stdout.splitlines()]
    assert any(e["cameo"] == "1721" and e["type"] == "COERCE" and e["source"] == "RUS"
               for e in events), events
    (tmp_path / "bad.txt").write_text("--- CORDON [---] ---\nCORDON\n- ROADS [1721]\n")
    res = run("rules", "import", str(tmp_path / "bad.txt"), "--db", db)
    assert res.returncode != 0 and "bad.txt:3" in res.stderr and "'*'" in res.stderr
    assert len(run("rules", "list", "--db", db).stdout.splitlines()) == 1
