"""Crash safety: SIGKILL ``whimbrel ingest`` and ``whimbrel recode`` at random points, resume, and
compare with a clean uninterrupted run.

Kill times are seeded and drawn across the measured duration of a clean run (one in each of N
equal slices, in random order): some land before the first commit, some mid-batch, some after the
end. The kill loop lives in ``scripts/faultkit.py`` (shared with ``scripts/faults.py``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import load_script

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SEED = 20250622
KILLS = 20
RECODE_KILLS = 3
# A user dictionary that re-codes actors in about a third of the sample articles, so a recode
# changes what is stored and a half-done one would show.
USER_ACTORS = "name,code,sector\nAraghchi,XAR,GOV\nKremlin,XKR,GOV\nHouthis,XHO,REB\n"


fk = load_script("faultkit")


@pytest.fixture(scope="module")
def clean_ingest(tmp_path_factory, sample_dir):
    """One clean, uninterrupted, timed ingest of the whole sample corpus: (store, seconds,
    snapshot)."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    out = fk.run_killed(fk.ingest_command(sample_dir)(db), None)
    assert out.returncode == 0, out.stderr
    return db, out.seconds, fk.snapshot(db)


def test_sigkill_ingest_at_20_random_points_then_resume_matches_a_clean_run(
        tmp_path, sample_dir, clean_ingest):
    """The whole sample corpus (txt, html and jsonl, with near-duplicates), 2 articles per
    commit. Each run resumes the store the killed one left; a run that ends before its kill time
    has completed the store, which is compared with the clean run, and the next kill starts a
    fresh store. After each kill the store must open, hold only whole articles (each with its
    sentences, no rows of a missing article, no duplicated id or content)."""
    _, seconds, want = clean_ingest
    assert want.counts["articles"] >= 30 and want.counts["events"] > 0
    delays = fk.kill_times(seconds, KILLS, SEED)
    report = fk.kill_and_resume(fk.ingest_command(sample_dir), tmp_path, delays, want)

    assert report.failures == []
    assert report.injected + report.finished_early == KILLS
    assert report.survived == report.injected > 0
    assert report.partial > 0, "no kill landed between the first commit and the end"
    assert report.lost == report.extra == 0


def test_sigkill_recode_at_random_points_then_recode_matches_a_clean_recode(
        tmp_path, clean_ingest):
    """``recode`` after a user dictionary changed the actors: killed at a few points, each
    article must hold either its old analysis or its new one, never a mix; a final recode
    gives the events (and every other count) of one clean recode."""
    ingested, _, _ = clean_ingest
    base = tmp_path / "base.duckdb"
    shutil.copy(ingested, base)
    (tmp_path / "actors.csv").write_text(USER_ACTORS)
    imported = subprocess.run([*fk.WHIMBREL, "actors", "import", str(tmp_path / "actors.csv"),
                               "--db", str(base)], capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    old = fk.article_signatures(base)

    recoded = tmp_path / "recoded.duckdb"
    shutil.copy(base, recoded)
    out = fk.run_killed(fk.recode_command(recoded), None)
    assert out.returncode == 0, out.stderr
    want, new = fk.snapshot(recoded), fk.article_signatures(recoded)
    assert set(new) == set(old)
    assert sum(new[a] != old[a] for a in old) >= 5, "the dictionary should change the analysis"

    def half_done(db: Path) -> list[str]:
        now = fk.article_signatures(db)
        return [f"article {a!r} is neither old nor recoded: {now.get(a)}"
                for a in old if now.get(a) not in (old[a], new[a])]

    delays = fk.kill_times(out.seconds, RECODE_KILLS, SEED)
    report = fk.kill_and_resume(fk.recode_command, tmp_path, delays, want,
                                prepare=lambda db: shutil.copy(base, db), check=half_done)

    assert report.failures == []
    assert report.survived == report.injected > 0
    assert report.lost == report.extra == 0
    assert fk.snapshot(report.final_db).counts["events"] == want.counts["events"]
    assert fk.article_signatures(report.final_db) == new
