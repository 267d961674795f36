from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from whimbrel.errors import StoreError, StoreLockedError
from whimbrel.records import Article, CleaningAction, ParsedArticle, Sentence
from whimbrel.store import SCHEMA_VERSION, Store, default_db_path


def _parsed(i: int, text: str = "Russia condemned the strikes. Iran welcomed it.") -> ParsedArticle:
    art = Article(id=f"a{i}", content_hash=f"h{i}", origin=f"a{i}.txt", format="txt", text=text,
                  raw_text=text, published="2025-06-23", cluster=f"a{i}",
                  cleaning=(CleaningAction("whitespace", "folded spaces", "  ", " "),))
    sents = (Sentence(art.id, 0, 0, 29, text[0:29]), Sentence(art.id, 1, 30, len(text), text[30:]))
    return ParsedArticle(art, sents)


def test_new_store_is_migrated_to_current_schema(tmp_path):
    db = tmp_path / "w.duckdb"
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.count("articles") == 0
    with Store(db, read_only=True) as store:  # reopening migrates nothing and reads fine
        assert store.schema_version() == SCHEMA_VERSION


def test_write_batch_round_trip(tmp_path):
    with Store(tmp_path / "w.duckdb") as store:
        assert store.write_batch([_parsed(1), _parsed(2)], run_id=1) == 2
        row = store.article("a1")
        assert row["published"] == "2025-06-23"
        assert [s.text for s in store.sentences("a1")] == ["Russia condemned the strikes.",
                                                          "Iran welcomed it."]
        assert store.cleaning("a2")[0].kind == "whitespace"
        assert store.existing_hashes(["h1", "h9"]) == {"h1"}
        assert store.existing_ids(["a2", "zz"]) == {"a2"}


def test_failed_batch_leaves_nothing(tmp_path):
    with Store(tmp_path / "w.duckdb") as store:
        store.write_batch([_parsed(1)])
        with pytest.raises(duckdb.Error):
            # the second article repeats a stored id: the whole batch must roll back
            store.write_batch([_parsed(2), _parsed(1)])
        assert store.count("articles") == 1
        assert store.count("sentences") == 2
        assert store.article("a2") is None


def test_read_only_missing_store_names_file(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "w.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="newer than this whimbrel"):
        Store(db)


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="bogus.duckdb"):
        Store(bogus)


def test_second_writer_gets_clear_lock_error(tmp_path):
    db = tmp_path / "w.duckdb"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db)!r})
            print("locked", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match="another whimbrel process"):
            Store(db)
    finally:
        holder.communicate("\n", timeout=30)
    with Store(db) as store:  # the file is intact afterwards
        assert store.schema_version() == SCHEMA_VERSION


def test_default_db_from_environment(monkeypatch):
    monkeypatch.setenv("WHIMBREL_DB", "/tmp/elsewhere.duckdb")
    assert default_db_path() == "/tmp/elsewhere.duckdb"
    monkeypatch.delenv("WHIMBREL_DB")
    assert default_db_path() == "whimbrel.duckdb"
