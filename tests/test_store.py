from __future__ import annotations

import random
import string
import subprocess
import sys
import textwrap

import duckdb
import pytest

from whimbrel.errors import StoreError, StoreLockedError
from whimbrel.records import Article, CleaningAction, ParsedArticle, Sentence
from whimbrel import store as store_module
from whimbrel.session import WriterSession
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


def _long(i: int, words: int) -> ParsedArticle:
    """An article with a long, varied text (so that DuckDB's compression cannot shrink it)."""
    text = " ".join(f"w{i}x{(j * 7919) % 100003}" for j in range(words))
    art = Article(id=f"long{i}", content_hash=f"long{i}", origin=f"long{i}.txt", format="txt",
                  text=text, raw_text=text, published="2025-06-23", cluster=f"long{i}")
    return ParsedArticle(art, (Sentence(art.id, 0, 0, len(text), text),))


def test_a_writer_session_limits_duckdb_memory_while_it_writes_and_reads_keep_the_default(
        tmp_path):
    db = tmp_path / "w.duckdb"
    with WriterSession(db) as session, session.open() as store:
        assert store.existing_ids(["a1"]) == set()
        assert store.memory_limit() != "32.0 MiB"  # a read, no limit
        store.write_batch([_parsed(1)])
        assert store.memory_limit() == "32.0 MiB"  # the batch and the checkpoint on close
    with Store(db, read_only=True) as reader:
        assert reader.memory_limit() != "32.0 MiB"
    with Store(db) as plain:  # a writer opened on its own keeps DuckDB's default too
        plain.write_batch([_parsed(2)])
        assert plain.memory_limit() != "32.0 MiB"


def _record(monkeypatch) -> tuple[list[int], list[str]]:
    limits: list[int] = []
    reopened: list[str] = []
    limit, reopen = Store._limit_memory, Store._reopen

    def record_limit(self, nbytes):
        limits.append(nbytes)
        limit(self, nbytes)

    def record_reopen(self):
        reopened.append(self.path)
        reopen(self)

    monkeypatch.setattr(Store, "_limit_memory", record_limit)
    monkeypatch.setattr(Store, "_reopen", record_reopen)
    return limits, reopened


def test_a_batch_of_long_texts_raises_the_writer_limit_for_its_transaction(tmp_path, monkeypatch):
    floor = 8 * 2**20
    batch = [_long(i, 400_000) for i in range(4)]  # ~36 MB of text with its sentences
    limits, reopened = _record(monkeypatch)
    with WriterSession(tmp_path / "w.duckdb", memory_limit=floor) as session:
        assert session.write_batch(batch) == 4
        assert reopened == []  # no second try was needed
        assert limits == [3 * sum(3 * len(p.article.text) for p in batch)]
        assert limits[0] > floor
        with session.open() as store:
            assert store.article("long2")["text"] == batch[2].article.text
            assert store.count("sentences") == 4


def test_a_write_that_runs_out_of_memory_is_made_again_without_a_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "COMMIT_BYTES_FACTOR", 0)  # never raised: the floor holds
    limits, reopened = _record(monkeypatch)
    batch = [_long(i, 400_000) for i in range(4)]
    db = tmp_path / "w.duckdb"
    with WriterSession(db, memory_limit=8 * 2**20) as session:
        session.write_batch([_parsed(1)])
        assert session.write_batch(batch) == 4
        assert limits == [8 * 2**20, 8 * 2**20]
        assert reopened == [str(db)]  # the first try failed under 8 MiB and was rolled back
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 5
        assert store.count("sentences") == 6  # written once, not twice
        assert store.article("long3")["text"] == batch[3].article.text


def _squeeze(con: duckdb.DuckDBPyConnection) -> None:
    """The lowest memory limit DuckDB accepts now (it refuses one below what it holds)."""
    for kib in range(256, 256 * 1024, 256):
        try:
            con.execute(f"SET memory_limit = '{kib}KiB'")
            return
        except duckdb.OutOfMemoryException:
            continue


def test_a_checkpoint_that_runs_out_of_the_limit_is_made_again_without_one(
        tmp_path, caplog, monkeypatch):
    """DuckDB's own checkpoint on close swallows a failure and leaves the write-ahead log
    behind, to grow with every batch: the writer checkpoints first, where it sees one."""
    write = Store._write

    def write_then_squeeze(self, nbytes, work):  # the batch commits; its checkpoint will not fit
        write(self, nbytes, work)
        _squeeze(self._con)

    monkeypatch.setattr(Store, "_write", write_then_squeeze)
    rng = random.Random(0)
    db = tmp_path / "w.duckdb"
    with WriterSession(db) as session:
        for b in range(3):
            session.write_batch([_parsed(b * 20 + i, "".join(rng.choices(string.ascii_letters,
                                                                         k=20_000)))
                                 for i in range(20)])
            assert not (tmp_path / "w.duckdb.wal").exists()
    assert caplog.text.count("a checkpoint ran out of DuckDB's writer limit") == 3
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 60
    # what the writer guards against: DuckDB's checkpoint on close fails and says nothing
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO rejections SELECT 1, 'x' || i, repeat('y', 20000) "
                "FROM range(100) t(i)")
    _squeeze(con)
    con.close()
    assert (tmp_path / "w.duckdb.wal").exists()


def _dated(i: int, event_date: str | None, published: str) -> ParsedArticle:
    from whimbrel.records import Actor, Event, Span

    text = "Peru struck Chile."
    art = Article(id=f"d{i}", content_hash=f"dh{i}", origin=f"d{i}.txt", format="txt", text=text,
                  raw_text=text, published=published, cluster=f"d{i}")
    event = Event(article_id=art.id, sentence=0, type="ASSAULT", trigger=Span(5, 11, "struck"),
                  source=Actor("PER", "GOV", "Peru"), target=Actor("CHL", "GOV", "Chile"),
                  date=event_date)
    return ParsedArticle(art, (Sentence(art.id, 0, 0, len(text), text),), (), (event,))


@pytest.mark.parametrize("since, until, expected", [
    (None, "2025-06", {"d1", "d2", "d4"}),        # a month keeps its last day
    (None, "2025-06-30", {"d1", "d2", "d4"}),     # a day is inclusive
    (None, "2025-06-29", {"d1"}),
    ("2025-06-30", None, {"d2", "d3", "d4"}),     # inclusive at the start too
    ("2025-07", "2025-07", {"d3"}),
    (None, "2025", {"d1", "d2", "d3", "d4"}),     # a year keeps December
    ("2026", None, set()),
])
def test_date_filters_are_inclusive_at_both_edges_in_every_form(tmp_path, since, until, expected):
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch([_dated(1, "2025-06-02", "2025-06-03"),
                           _dated(2, "2025-06-30", "2025-07-01"),
                           _dated(3, "2025-07-01", "2025-07-01"),
                           _dated(4, None, "2025-06-30")])  # undated: the article's date
        got = {e["article_id"] for e in store.events(since=since, until=until)}
        assert got == expected
        assert store.count_events(since=since, until=until) == len(expected)
