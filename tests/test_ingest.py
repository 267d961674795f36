"""End-to-end ingest with the real spaCy model and a real DuckDB file."""

from __future__ import annotations

import io
import json

import pytest

from conftest import copy_store
from whimbrel.pipeline import ingest, recode
from whimbrel.store import Store

pytestmark = pytest.mark.integration


def test_seeds_twice_store_five_then_nothing(tmp_path, seeds_dir, seeds_store, nlp):
    # the first ingest is the session's shared seeds store; the second runs on a copy of it
    shared, first = seeds_store
    assert (first.read, first.stored, first.duplicates, first.rejected) == (5, 5, 0, [])
    db = copy_store(shared, tmp_path / "w.duckdb")
    second = ingest([seeds_dir], db=db, nlp=nlp)
    assert (second.read, second.stored, second.duplicates) == (5, 0, 5)
    with Store(db, read_only=True) as store:
        ids = sorted(r["id"] for r in store.articles())
        assert ids[0] == "000_25e66934ed0f176f.txt" and len(ids) == 5
        runs = list(store.runs())
        assert [r["stored"] for r in runs] == [5, 0]


def test_sentences_have_exact_offsets(tmp_path, seeds_dir, nlp):
    db = tmp_path / "w.duckdb"
    ingest([seeds_dir / "003_2b9f872a54b219e4.txt"], db=db, nlp=nlp)
    with Store(db, read_only=True) as store:
        text = store.article("003_2b9f872a54b219e4.txt")["text"]
        sents = store.sentences("003_2b9f872a54b219e4.txt")
    assert len(sents) >= 10
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert any(s.text.startswith("Amid soaring tensions in the Middle East, Russian President")
               for s in sents)


def test_sample_corpus_ingests_cleanly_and_links_republished_copies(sample_store):
    db, summary = sample_store  # the sample corpus, ingested once per session
    assert summary.rejected == []
    assert 30 <= summary.stored <= 50
    assert summary.near_duplicates >= 3
    with Store(db, read_only=True) as store:
        rows = list(store.articles())
        copies = [r for r in rows if r["cluster"] != r["id"]]
        assert len(copies) == summary.near_duplicates
        assert all(store.article(r["cluster"]) is not None for r in copies)
        assert all(r["published"] for r in rows), "every sample report carries a date"


def test_bad_inputs_are_rejected_with_reasons_and_the_rest_is_stored(tmp_path, nlp):
    good = ("Title: Talks in Oman\nDate: 2025-04-12\n\nIranian and American negotiators met in "
            "Muscat on Saturday for indirect talks mediated by Oman. The Iranian foreign minister "
            "said the meeting was constructive and that both sides agreed to meet again next "
            "week. The White House described the discussions as positive and productive.\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(good)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 200)
    (tmp_path / "in" / "latin1.txt").write_bytes("Caf\xe9 au lait ".encode("latin-1") * 20)
    (tmp_path / "in" / "german.txt").write_text(
        "Der russische Präsident hat am Montag in Moskau den iranischen Außenminister empfangen. "
        "Die beiden Politiker sprachen über die Lage im Nahen Osten und über die Angriffe der "
        "Vereinigten Staaten auf die iranischen Atomanlagen, die sie scharf verurteilten.\n")
    (tmp_path / "in" / "broken.html").write_text("<html><body><div><p></p></div>")
    lines = [json.dumps({"id": "w1", "text": good.split("\n\n", 1)[1]}), "{not json",
             json.dumps({"id": "w2", "text": good.split("\n\n", 1)[1] + " Extra line."})]
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(lines) + "\n")
    big = tmp_path / "in" / "huge.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    db = tmp_path / "w.duckdb"
    summary = ingest([tmp_path / "in"], db=db, nlp=nlp)
    reasons = {r.origin.split("/")[-1]: r.reason for r in summary.rejected}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "german.txt", "broken.html",
                            "feed.jsonl:2", "huge.txt"}, reasons
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "not English" in reasons["german.txt"]
    assert "HTML" in reasons["broken.html"]
    assert "JSON" in reasons["feed.jsonl:2"]
    assert "too large" in reasons["huge.txt"]
    # feed.jsonl is read first (sorted order); good.txt repeats w1's body exactly (a
    # duplicate) and w2 adds a line to it (a near-duplicate, stored in w1's story cluster)
    assert (summary.stored, summary.duplicates, summary.near_duplicates) == (2, 1, 1)
    with Store(db, read_only=True) as store:
        assert {r["id"] for r in store.articles()} == {"w1", "w2"}
        assert store.article("w2")["cluster"] == "w1"
        assert store.count("rejections") == 7


def test_stdin_jsonl(tmp_path, nlp):
    body = ("Ukraine and Russia exchanged hundreds of prisoners of war on Friday after talks in "
            "Istanbul, officials in Kyiv and Moscow said. Turkey hosted the negotiations and "
            "welcomed the exchange as a first step toward a ceasefire.")
    stdin = io.BytesIO((json.dumps({"id": "pipe-1", "title": "Swap", "text": body,
                                    "published": "2025-06-09"}) + "\n").encode())
    summary = ingest(["-"], db=tmp_path / "w.duckdb", stdin=stdin, nlp=nlp)
    assert summary.stored == 1
    with Store(tmp_path / "w.duckdb", read_only=True) as store:
        row = store.article("pipe-1")
    assert row["published"] == "2025-06-09" and row["title"] == "Swap"


def test_same_name_different_content_gets_distinct_ids(tmp_path, nlp):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "story.txt").write_text("The Israeli army said on Monday that its jets struck targets "
                                 "in southern Lebanon overnight, and Hezbollah fired rockets in "
                                 "response across the border into northern Israel.\n")
    (b / "story.txt").write_text("China's foreign ministry said on Tuesday that Beijing opposed "
                                 "new American export controls on chips and would take measures "
                                 "to protect the interests of Chinese companies.\n")
    db = tmp_path / "w.duckdb"
    assert ingest([a, b], db=db, nlp=nlp).stored == 2
    with Store(db, read_only=True) as store:
        ids = sorted(r["id"] for r in store.articles())
    assert ids[0] == "story.txt" and ids[1].startswith("story.txt@")


def test_recode_rebuilds_text_and_sentences(tmp_path, seeds_store, nlp):
    db = copy_store(seeds_store[0], tmp_path / "w.duckdb")  # the seeds ingested, a private copy
    with Store(db, read_only=True) as store:
        before = {r["id"]: len(store.sentences(r["id"])) for r in store.articles()}
    assert recode(db=db, nlp=nlp) == 5
    with Store(db, read_only=True) as store:
        after = {r["id"]: len(store.sentences(r["id"])) for r in store.articles()}
        assert store.count("articles") == 5
    assert after == before


def test_without_dedup_repeated_texts_keep_their_own_ids(tmp_path, nlp):
    from whimbrel.pipeline import IngestOptions

    text = "Arnor signed a trade protocol with Gondor on Thursday, officials said."
    feed = tmp_path / "gold.jsonl"
    feed.write_text(json.dumps({"id": "A-1", "text": text}) + "\n"
                    + json.dumps({"id": "A-2", "text": text}) + "\n")
    with_dedup = ingest([feed], db=tmp_path / "a.duckdb", nlp=nlp)
    assert (with_dedup.stored, with_dedup.duplicates) == (1, 1)
    without = ingest([feed], db=tmp_path / "b.duckdb", nlp=nlp,
                     options=IngestOptions(dedup=False))
    assert (without.stored, without.duplicates) == (2, 0)
    again = ingest([feed], db=tmp_path / "b.duckdb", nlp=nlp, options=IngestOptions(dedup=False))
    assert again.stored == 0  # still idempotent per record
