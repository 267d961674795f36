"""Merged events and disputes end to end: constructed articles and the seed articles through the
real pipeline (spaCy model, DuckDB file), read back through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from whimbrel.pipeline import ingest
from whimbrel.reasoning.run import disputes, merged_events
from whimbrel.store import Store

pytestmark = pytest.mark.integration

# (id, outlet, date, text): pairs of outlets that disagree, one pair per kind of contradiction
REPORTS = [
    ("occ-a", "alpha", "2025-06-23", "Russia condemned the US strikes on Iran on Sunday, the "
                                     "foreign ministry said."),
    ("occ-b", "beta", "2025-06-23", "Russia did not condemn the US strikes on Iran on Sunday, "
                                    "diplomats said."),
    ("how-a", "alpha", "2025-06-24", "Iran asked Russia for military help in a letter delivered "
                                     "on Monday."),
    ("how-b", "beta", "2025-06-24", "Iran asked Russia for military help during a phone call on "
                                    "Monday."),
    ("when-a", "alpha", "2025-06-15", "Israel struck Iran on June 13, 2025, officials said."),
    ("when-b", "beta", "2025-06-15", "Israel struck Iran on June 14, 2025, officials said."),
    ("where-a", "alpha", "2025-06-24", "Russian and Iranian diplomats held talks in Moscow on "
                                       "June 23, 2025."),
    ("where-b", "beta", "2025-06-24", "Russian and Iranian diplomats held talks in Tehran on "
                                      "June 23, 2025."),
    ("who-a", "alpha", "2025-06-23", "Israeli jets bombed Iran in Isfahan on June 22, 2025."),
    ("who-b", "beta", "2025-06-23", "American bombers bombed Iran in Isfahan on June 22, 2025."),
    ("rel-a", "alpha", "2025-06-25", "Russia and Iran signed a mutual defence pact last year and "
                                     "remain close partners."),
    ("rel-b", "beta", "2025-06-25", "Russia and Iran are not bound by any mutual defence "
                                    "agreement and remain close partners."),
    ("copy-a", "alpha", "2025-06-26", "Turkey criticised Greece over the island dispute on "
                                      "Tuesday, the Turkish foreign ministry said in Ankara."),
]


@pytest.fixture(scope="module")
def constructed(tmp_path_factory, nlp) -> Path:
    d = tmp_path_factory.mktemp("disputes")
    feed = d / "feed.jsonl"
    lines = [json.dumps({"id": i, "url": f"https://{o}.example/{i}", "date": day, "text": t})
             for i, o, day, t in REPORTS]
    # a republished copy of copy-a on another site: one story, so one source
    lines.append(json.dumps({"id": "copy-b", "url": "https://gamma.example/x",
                             "date": "2025-06-26",
                             "text": REPORTS[-1][3] + " More to follow."}))
    feed.write_text("\n".join(lines) + "\n")
    db = d / "w.duckdb"
    ingest([feed], db=db, nlp=nlp)
    return db


def _by_kind(db: Path) -> dict[str, list]:
    with Store(db, read_only=True) as store:
        found = disputes(store)
    out: dict[str, list] = {}
    for d in found:
        out.setdefault(d.kind, []).append(d)
    return out


def _values(d) -> dict[str, tuple[str, ...]]:
    return {s.value: s.articles for s in d.sides}


def test_each_kind_of_contradiction_is_found(constructed):
    kinds = _by_kind(constructed)
    assert set(kinds) == {"occurrence", "how", "when", "where", "who", "relationship"}
    [occ] = kinds["occurrence"]
    assert occ.subject.startswith("ACCUSE RUS->USA")
    assert _values(occ) == {"reported": ("occ-a",), "denied": ("occ-b",)}
    assert _values(kinds["how"][0]) == {"letter": ("how-a",), "phone": ("how-b",)}
    assert _values(kinds["when"][0]) == {"2025-06-13": ("when-a",), "2025-06-14": ("when-b",)}
    assert _values(kinds["where"][0]) == {"RUS": ("where-a",), "IRN": ("where-b",)}
    who = kinds["who"][0]
    assert [s.value for s in who.sides] == ["ISR", "USA"] and "who-b" in who.sides[1].articles
    rel = kinds["relationship"][0]
    assert rel.subject == "defence commitment IRN-RUS"
    assert _values(rel) == {"asserted": ("rel-a",), "denied": ("rel-b",)}
    # every side carries its evidence: the words and the sentence they are in
    for ds in kinds.values():
        for d in ds:
            for side in d.sides:
                for ev in side.evidence:
                    assert ev.text and ev.text in ev.sentence_text


def test_a_republished_copy_is_one_source(constructed):
    with Store(constructed, read_only=True) as store:
        events = merged_events(store)
    accuse = next(e for e in events if e.type == "ACCUSE" and e.source == "TUR")
    assert (accuse.articles, accuse.sources, accuse.status) == (2, 1, "single-source")
    strike = next(e for e in events if e.type == "ASSAULT" and e.source == "ISR"
                  and e.date in ("2025-06-13", "2025-06-14"))
    assert (strike.articles, strike.sources, strike.status) == (2, 2, "corroborated")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "whimbrel", *args], capture_output=True,
                          text=True, timeout=300)


def test_cli_lists_merged_events_and_disputes(constructed):
    res = _cli("events", "--merged", "--db", str(constructed), "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert {"id", "num_mentions", "num_articles", "num_sources", "status", "mentions"} <= set(rows[0])
    assert any(r["status"] == "disputed" for r in rows)
    res = _cli("events", "--merged", "--db", str(constructed), "--originals-only", "--format",
               "jsonl")
    turkey = [json.loads(x) for x in res.stdout.splitlines() if '"TUR"' in x]
    assert turkey and turkey[0]["num_articles"] == 1  # the copy is filtered out
    res = _cli("disputes", "--db", str(constructed), "--kind", "how")
    assert res.returncode == 0 and "letter" in res.stdout and "phone" in res.stdout
    assert "occurrence" not in res.stdout
    res = _cli("disputes", "--db", str(constructed), "--format", "jsonl")
    kinds = {json.loads(x)["kind"] for x in res.stdout.splitlines()}
    assert "relationship" in kinds and "who" in kinds
    res = _cli("articles", "--db", str(constructed), "--format", "jsonl")
    quality = {json.loads(x)["id"]: json.loads(x)["quality"] for x in res.stdout.splitlines()}
    assert quality["copy-b"]["copy"] and not quality["copy-a"]["copy"]
    assert _cli("disputes", "--db", str(constructed), "--kind", "nope").returncode == 2


def test_seeds_the_appeal_the_treaty_and_the_pact(seeds_store):
    db, _ = seeds_store  # the seed articles, ingested once per session
    with Store(db, read_only=True) as store:
        events = merged_events(store)
        found = disputes(store)
    appeal = [e for e in events if (e.type, e.source, e.target) == ("REQUEST", "IRN", "RUS")]
    assert len(appeal) == 1
    seeds = {m.article_id[:3] for m in appeal[0].mentions}
    assert {"000", "001", "003"} <= seeds and appeal[0].sources >= 3
    how = [d for d in found if d.kind == "how" and d.event_id == appeal[0].id]
    assert len(how) == 1
    sides = {s.value: {a[:3] for a in s.articles} for s in how[0].sides}
    assert sides["phone"] == {"000"} and sides["letter"] >= {"001", "003"}
    treaty = [e for e in events if e.type == "AGREE" and {e.source, e.target} == {"IRN", "RUS"}
              and (e.date or "").startswith("2025")]
    assert len(treaty) == 1 and treaty[0].date == "2025-01"
    assert {m.article_id[:3] for m in treaty[0].mentions} >= {"002", "003", "004"}
    pact = [d for d in found if d.kind == "relationship" and d.subject.endswith("IRN-RUS")]
    assert len(pact) == 1
    sides = {s.value: {a[:3] for a in s.articles} for s in pact[0].sides}
    assert sides["asserted"] >= {"002", "004"} and sides["denied"] == {"003"}


def test_api_merges_once_per_state_of_the_store(seeds_store, tmp_path, nlp, monkeypatch):
    """/api/merged and /api/disputes reuse one merge until the store file changes; an ingest
    into it (by any process) makes the next request merge again and show the new reports."""
    from fastapi.testclient import TestClient

    import whimbrel.reasoning.run as run
    from conftest import copy_store
    from whimbrel.web.app import create_app

    db = copy_store(seeds_store[0], tmp_path / "w.duckdb")
    calls = {"merged": 0, "disputes": 0}
    real_merged, real_disputes = run.merged_events, run.disputes

    def counted(name, real):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(run, "merged_events", counted("merged", real_merged))
    monkeypatch.setattr(run, "disputes", counted("disputes", real_disputes))
    client = TestClient(create_app(db))
    first = client.get("/api/merged", params={"limit": 500}).json()
    again = client.get("/api/merged", params={"source": "RUS", "limit": 500}).json()
    client.get("/api/disputes")
    client.get("/api/disputes", params={"kind": "how"})
    assert calls == {"merged": 1, "disputes": 1}
    assert again["total"] == sum(e["source"] == "RUS" for e in first["items"]) > 0

    (tmp_path / "new.txt").write_text("Brazil condemned the Israeli strikes on Iran on Monday, "
                                      "and Brazil urged both sides to stop.\n")
    ingest([tmp_path / "new.txt"], db=db, nlp=nlp)
    after = client.get("/api/merged", params={"limit": 500}).json()
    assert calls["merged"] == 2 and after["total"] > first["total"]
    assert any(e["source"] == "BRA" for e in after["items"])
