"""The DuckDB store: one file, a schema migrated by version number, transactional batch writes.

DuckDB allows one writing process per file. Opening a store that another process is writing to
raises :class:`~whimbrel.errors.StoreLockedError` with a message that says so; the file is never
touched in that case. Every :meth:`Store.write_batch` is one transaction: a process killed in the
middle of it (even by SIGKILL) leaves no partial article behind, and DuckDB replays or discards
its write-ahead log on the next open.

Reads return generators of plain dicts (or records where one exists), newest schema only.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from whimbrel.actors.dictionary import UserActor
from whimbrel.dedup import band_keys, from_bytes
from whimbrel.errors import QueryTimeout, StoreError, StoreLockedError
from whimbrel.events.verbdict import VerbDictionary, digest, parse_verb_dictionary
from whimbrel.schema import MIGRATIONS, SCHEMA_VERSION
from whimbrel.records import (
    CleaningAction,
    Event,
    IngestSummary,
    ParsedArticle,
    Rejection,
    Sentence,
)

DEFAULT_DB = "whimbrel.duckdb"
_log = logging.getLogger(__name__)



def default_db_path() -> str:
    """``$WHIMBREL_DB`` if set, else ``./whimbrel.duckdb``."""
    return os.environ.get("WHIMBREL_DB") or DEFAULT_DB


# DuckDB's memory limit while a writer session writes a batch. With DuckDB's default (80% of
# the machine), the checkpoint that closes each batch keeps in memory every row group it
# merges, and the row groups an ingest appended grow with the store: peak RSS rose ~5 MB per
# 1,000 stored articles, in spikes of up to 100 MB. Under a limit DuckDB evicts and spills
# instead. A commit pins about twice the bytes it writes, so a batch of long texts raises the
# limit for its own transaction; a write that still runs out of memory (DuckDB may then
# invalidate the connection) is rolled back and made again on a new connection with no limit.
# Reads are never limited.
WRITER_MEMORY_LIMIT = 32 * 2**20
COMMIT_BYTES_FACTOR = 3
# What DuckDB raises when it runs out of its limit: a failed COMMIT is a TransactionException,
# and a failure it cannot roll back invalidates the database (FatalException).
_OUT_OF_MEMORY = (duckdb.OutOfMemoryException, duckdb.TransactionException,
                  duckdb.FatalException)


def _end_of(bound: str) -> str:
    """An inclusive upper bound as text: "2025-06" and "2025" cover their last day, so "2025-06"
    keeps the events of 30 June (compared as text, "2025-06-30" > "2025-06")."""
    return bound + "-99-99"[: max(0, 10 - len(bound))] if len(bound) in (4, 7) else bound


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    """One whimbrel DuckDB file.

    >>> with Store(":memory:") as store:
    ...     store.count("articles")
    0
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 schema: dict[str, list[str]] | None = None,
                 memory_limit: int | None = None) -> None:
        """``schema``: column types by table, shared by the stores a :class:`WriterSession`
        opens one after another; when it is filled, the schema is known to be current and is
        not checked again. ``memory_limit``: the bytes DuckDB may use while a batch is written
        and checkpointed (see :data:`WRITER_MEMORY_LIMIT`); None leaves DuckDB's default."""
        self.path = str(path if path is not None else default_db_path())
        self.read_only = read_only
        self._deadline: float | None = None
        # a limit is for files only: an in-memory store could not be reopened after a failure
        self._memory_floor = None if read_only or self.path == ":memory:" else memory_limit
        self._unchecked = False  # written under the limit, not yet checkpointed
        self._types: dict[str, list[str]] = schema if schema is not None else {}
        checked = bool(self._types)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store; run `whimbrel ingest` first")
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"{self.path}: another whimbrel process is writing to this store "
                    "(DuckDB allows one writer); wait for it to finish or use another --db"
                ) from exc
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a whimbrel/DuckDB store: {exc}") from exc
        if checked:
            return
        if not read_only:
            self._migrate()
        elif self.schema_version() != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {self.schema_version()}, this whimbrel needs "
                f"{SCHEMA_VERSION}; open it once for writing (e.g. `whimbrel ingest`) to migrate"
            )

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        if self._unchecked:
            self._checkpoint()
        self._con.close()

    def _checkpoint(self) -> None:
        """Checkpoint what was written under the writer's limit here, where a failure shows:
        DuckDB's checkpoint on close would swallow it and leave the write-ahead log to grow
        (and every later open to replay it)."""
        self._unlimited_if_short("a checkpoint", lambda: self._con.execute("CHECKPOINT"))
        self._unchecked = False

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        has_meta = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()
        if not has_meta or not has_meta[0]:
            return 0
        row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this whimbrel "
                f"({SCHEMA_VERSION}); upgrade whimbrel"
            )
        for version, ddl in MIGRATIONS:
            if version <= current:
                continue
            with self._transaction():
                for statement in filter(None, (s.strip() for s in ddl.split(";"))):
                    self._con.execute(statement)
                if version == 6:
                    self._index_stored_signatures()
                self._con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
                )
        self._column_types("articles")  # the schema is current: remember it

    def _index_stored_signatures(self) -> None:
        """Migration 6: the LSH bands of the articles stored before the bands had a table."""
        cur = self._con.cursor()
        cur.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL")
        while rows := cur.fetchmany(1024):
            self._insert("lsh_bands", _band_rows({i: raw for i, raw in rows}))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._con)

    def _limit_memory(self, nbytes: int) -> None:
        self._con.execute(f"SET memory_limit = '{int(nbytes)}B'")

    def memory_limit(self) -> str:
        """DuckDB's memory limit on this store's connection, as DuckDB prints it."""
        row = self._con.execute("SELECT current_setting('memory_limit')").fetchone()
        return str(row[0]) if row else ""

    def _write(self, nbytes: int, work: Callable[[], None]) -> None:
        """Run ``work`` as one transaction that writes about ``nbytes`` of text. In a writer
        session it runs (and the store then closes) within the memory limit, raised to fit the
        batch."""

        def transaction() -> None:
            with self._transaction():
                work()

        if self._memory_floor is None:
            transaction()
            return
        self._limit_memory(max(self._memory_floor, COMMIT_BYTES_FACTOR * nbytes))
        self._unlimited_if_short("a write", transaction)
        self._unchecked = self._memory_floor is not None  # still limited: not made again

    def _unlimited_if_short(self, what: str, action: Callable[[], object]) -> None:
        """``action`` under the writer's limit; if DuckDB runs out of memory (it may then
        invalidate the connection), again on a new connection with no limit."""
        try:
            action()
        except _OUT_OF_MEMORY as exc:
            _log.warning("%s: %s ran out of DuckDB's writer limit (%s); making it again without "
                         "a limit", self.path, what, str(exc).splitlines()[0])
            self._reopen()
            action()

    def _reopen(self) -> None:
        """A new connection with DuckDB's default memory (after a write ran out of memory; a
        fatal error invalidates the old one, and DuckDB recovers the file on the new open)."""
        try:
            self._con.close()
        except duckdb.Error:
            pass  # an invalidated database may refuse even to close cleanly
        self._con = duckdb.connect(self.path)
        self._memory_floor = None
        self._unchecked = False

    # -- runs ------------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        with self._transaction():
            row = self._con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()
            run_id = int(row[0]) if row else 1
            self._con.execute(
                "INSERT INTO runs (id, command, started_at) VALUES (?, ?, ?)",
                [run_id, command, _now()],
            )
        return run_id

    def finish_run(self, run_id: int, summary: IngestSummary) -> None:
        with self._transaction():
            self._con.execute(
                "UPDATE runs SET finished_at = ?, read = ?, stored = ?, duplicates = ?, "
                "near_duplicates = ?, rejected = ? WHERE id = ?",
                [_now(), summary.read, summary.stored, summary.duplicates,
                 summary.near_duplicates, len(summary.rejected), run_id],
            )

    def record_rejections(self, run_id: int, rejections: Iterable[Rejection]) -> None:
        rows = [(run_id, r.origin, r.reason) for r in rejections]
        if rows:
            with self._transaction():
                self._con.executemany("INSERT INTO rejections VALUES (?, ?, ?)", rows)

    # -- writes ----------------------------------------------------------------------------
    def existing_hashes(self, hashes: Sequence[str]) -> set[str]:
        """The subset of ``hashes`` already stored."""
        if not hashes:
            return set()
        rows = self._con.execute(
            "SELECT content_hash FROM articles WHERE list_contains(?, content_hash)", [list(hashes)]
        ).fetchall()
        return {r[0] for r in rows}

    def near_candidates(self, keys: Sequence[Sequence[int]],
                        visit: Callable[[int, str, str, bytes], None]) -> None:
        """For each list of LSH band keys (see :func:`whimbrel.dedup.band_keys`), the stored
        articles sharing a band with it: ``visit(k, id, cluster, minhash bytes)`` is called for
        each (the k-th list), in no set order. Signatures are read a block at a time,
        so memory does not grow with how many candidates a large store has."""
        pos, bands, values = [], [], []
        for k, row in enumerate(keys):
            for band, key in enumerate(row):
                pos.append(k)
                bands.append(band)
                values.append(key)
        if not pos:
            return
        wanted: dict[str, list[int]] = {}
        for k, article_id in self._con.execute(
                "SELECT DISTINCT q.pos, b.article_id FROM (SELECT unnest(?::INTEGER[]) AS pos, "
                "unnest(?::SMALLINT[]) AS band, unnest(?::BIGINT[]) AS key) q "
                "JOIN lsh_bands b ON b.band = q.band AND b.key = q.key",
                [pos, bands, values]).fetchall():
            wanted.setdefault(article_id, []).append(k)
        if not wanted:
            return
        result = self._con.execute(
            "SELECT id, cluster, minhash FROM articles WHERE id IN (SELECT unnest(?)) "
            "AND minhash IS NOT NULL", [list(wanted)])
        while rows := result.fetchmany(1024):
            for article_id, cluster, raw in rows:
                for k in wanted[article_id]:
                    visit(k, article_id, cluster or article_id, raw)

    def dedup_lookup(self, hashes: Sequence[str], ids: Sequence[str],
                     keys: Sequence[Sequence[int]],
                     visit: Callable[[int, str, str, bytes], None]) -> DedupLookup:
        """What deduplicating a chunk of new articles needs from the store, in one call: the
        stored hashes and ids among them, and each stored near-duplicate candidate shown to
        ``visit`` (see :meth:`near_candidates`)."""
        self.near_candidates(keys, visit)
        return DedupLookup(self.existing_hashes(hashes), self.existing_ids(ids))

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self._con.execute(
            "SELECT id FROM articles WHERE list_contains(?, id)", [list(ids)]
        ).fetchall()
        return {r[0] for r in rows}

    def _insert(self, table: str, rows: Sequence[tuple]) -> None:  # type: ignore[type-arg]
        """Insert rows in one statement: each column is sent as one list and unnested in
        parallel (executemany runs a statement per row, which is far slower)."""
        if not rows:
            return
        types = self._column_types(table)
        if len(rows[0]) != len(types):
            raise StoreError(f"{table}: {len(rows[0])} values for {len(types)} columns")
        columns = [list(col) for col in zip(*rows, strict=True)]
        select = ", ".join(f"unnest(?::{t}[])" for t in types)
        self._con.execute(f"INSERT INTO {table} SELECT {select}", columns)

    def _column_types(self, table: str) -> list[str]:
        cache = self._types
        if table not in cache:
            cache[table] = [r[1] for r in self._con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
        return cache[table]  # type: ignore[no-any-return]

    def _write_analysis(self, batch: Sequence[ParsedArticle]) -> None:
        mentions, events, claims = [], [], []
        for parsed in batch:
            a = parsed.article
            mentions.extend(
                (a.id, m.sentence, i, m.start, m.end, m.text, m.actor.code, m.actor.sector,
                 m.actor.name, m.actor.person, m.actor.title, m.actor.office, m.kind,
                 m.confidence) for i, m in enumerate(parsed.mentions))
            events.extend(_event_row(a.id, i, e) for i, e in enumerate(parsed.events))
            claims.extend(
                (a.id, c.sentence, i, c.kind, c.actors[0], c.actors[1], c.asserted, c.hedged,
                 c.span.start, c.span.end, c.span.text) for i, c in enumerate(parsed.claims))
        self._insert("actor_mentions", mentions)
        self._insert("events", events)
        self._insert("claims", claims)

    def write_batch(
        self, batch: Sequence[ParsedArticle], *, run_id: int | None = None,
        minhashes: dict[str, bytes] | None = None,
    ) -> int:
        """Store parsed articles, their cleaning trail and sentences in one transaction."""
        if not batch:
            return 0
        minhashes = minhashes or {}
        now = _now()
        articles, cleaning, sentences = [], [], []
        for parsed in batch:
            a = parsed.article
            articles.append((a.id, a.content_hash, a.origin, a.format, a.title, a.url,
                             a.published, a.text, a.raw_text, a.cluster, minhashes.get(a.id),
                             run_id, now))
            cleaning.extend((a.id, i, c.kind, c.reason, c.before, c.after)
                            for i, c in enumerate(a.cleaning))
            sentences.extend((a.id, s.index, s.start, s.end, s.text) for s in parsed.sentences)
        def work() -> None:
            self._insert("articles", articles)
            self._insert("lsh_bands", _band_rows(
                {p.article.id: minhashes[p.article.id] for p in batch if p.article.id in minhashes}))
            self._insert("cleaning", cleaning)
            self._insert("sentences", sentences)
            self._write_analysis(batch)

        self._write(_text_bytes(batch, raw=True), work)
        return len(batch)

    def replace_analysis(self, batch: Sequence[ParsedArticle]) -> int:
        """Replace the cleaned text, cleaning trail and sentences of stored articles (recode)."""
        if not batch:
            return 0

        def work() -> None:
            for parsed in batch:
                a = parsed.article
                self._con.execute("UPDATE articles SET text = ? WHERE id = ?", [a.text, a.id])
                self._con.execute("DELETE FROM cleaning WHERE article_id = ?", [a.id])
                self._con.execute("DELETE FROM sentences WHERE article_id = ?", [a.id])
                self._con.execute("DELETE FROM actor_mentions WHERE article_id = ?", [a.id])
                self._con.execute("DELETE FROM events WHERE article_id = ?", [a.id])
                self._con.execute("DELETE FROM claims WHERE article_id = ?", [a.id])
                self._write_analysis([parsed])
                if a.cleaning:
                    self._con.executemany(
                        "INSERT INTO cleaning VALUES (?, ?, ?, ?, ?, ?)",
                        [(a.id, i, c.kind, c.reason, c.before, c.after)
                         for i, c in enumerate(a.cleaning)])
                if parsed.sentences:
                    self._con.executemany(
                        "INSERT INTO sentences VALUES (?, ?, ?, ?, ?)",
                        [(a.id, s.index, s.start, s.end, s.text) for s in parsed.sentences])

        self._write(_text_bytes(batch, raw=False), work)
        return len(batch)

    # -- reads -----------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in {"articles", "sentences", "cleaning", "runs", "rejections",
                         "actor_mentions", "events", "user_actors",
                         "user_verb_dictionaries", "claims", "lsh_bands"}:
            raise StoreError(f"unknown table {table!r}")
        row = self._con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 (whitelisted)
        return int(row[0]) if row else 0

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        cur = self._con.cursor()
        timer = None
        if self._deadline is not None:
            self._check_deadline()
            timer = threading.Timer(max(0.0, self._deadline - time.monotonic()), cur.interrupt)
            timer.daemon = True
            timer.start()
        try:
            cur.execute(sql, list(params))
        except duckdb.InterruptException as exc:
            raise QueryTimeout(f"{self.path}: query ran past its time limit") from exc
        finally:
            if timer is not None:
                timer.cancel()
        names = [d[0] for d in cur.description or ()]
        while rows := cur.fetchmany(500):
            self._check_deadline()
            for row in rows:
                yield dict(zip(names, row, strict=True))

    def interrupt(self) -> None:
        """Stop the query running on this store (from another thread; a time limit)."""
        self._con.interrupt()

    def set_deadline(self, seconds: float | None) -> None:
        """Reads past ``seconds`` from now raise QueryTimeout: a statement still running then
        is interrupted, and a read still fetching rows stops."""
        self._deadline = None if seconds is None else time.monotonic() + seconds

    def _check_deadline(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise QueryTimeout(f"{self.path}: query ran past its time limit")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read query (for the analysis stages), values bound as parameters."""
        return list(self._dicts(sql, params))

    def articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Stored articles (without raw text), in id order."""
        sql = ("SELECT id, title, url, CAST(published AS VARCHAR) AS published, cluster, origin, "
               "format, text, content_hash FROM articles ORDER BY id LIMIT ? OFFSET ?")
        return self._dicts(sql, [limit if limit is not None else 2**62, offset])

    def article(self, article_id: str) -> dict[str, Any] | None:
        rows = list(self._dicts(
            "SELECT id, title, url, CAST(published AS VARCHAR) AS published, cluster, origin, "
            "format, text, raw_text, content_hash, run_id FROM articles WHERE id = ?",
            [article_id]))
        return rows[0] if rows else None

    def cleaning(self, article_id: str) -> list[CleaningAction]:
        rows = self._con.execute(
            "SELECT kind, reason, before, after FROM cleaning WHERE article_id = ? ORDER BY seq",
            [article_id]).fetchall()
        return [CleaningAction(kind=k, reason=r, before=b, after=a) for k, r, b, a in rows]

    def sentences(self, article_id: str) -> list[Sentence]:
        rows = self._con.execute(
            "SELECT idx, start_char, end_char, text FROM sentences WHERE article_id = ? "
            "ORDER BY idx", [article_id]).fetchall()
        return [Sentence(article_id=article_id, index=i, start=s, end=e, text=t)
                for i, s, e, t in rows]

    def minhashes(self) -> Iterator[tuple[str, str | None, bytes]]:
        """``(id, cluster, minhash bytes)`` of every stored article that has a signature."""
        cur = self._con.cursor()
        cur.execute("SELECT id, cluster, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY id")
        while rows := cur.fetchmany(1000):
            yield from ((r[0], r[1], bytes(r[2])) for r in rows)

    def stored_articles(self, *, after: str | None = None,
                        limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Articles with their raw text in id order (those after the id ``after``), for
        re-running the stages (recode) page by page."""
        return self._dicts(
            "SELECT id, content_hash, origin, format, title, url, "
            "CAST(published AS VARCHAR) AS published, raw_text, cluster FROM articles "
            "WHERE ? IS NULL OR id > ? ORDER BY id LIMIT ?",
            [after, after, limit if limit is not None else 2**62])

    def mentions(self, *, article_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Actor mentions in text order, of one article or all."""
        sql = ("SELECT article_id AS doc, sentence, text, start_char AS start, end_char AS \"end\", "
               "code, sector, name, person, title, office, kind FROM actor_mentions")
        params: list[Any] = []
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        return self._dicts(sql + " ORDER BY article_id, seq", params)

    @staticmethod
    def _event_filters(source: str | None, target: str | None, type: str | None,
                       since: str | None, until: str | None, article_id: str | None,
                       actor: str | None = None) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("source_code", source), ("target_code", target),
                              ("type", type), ("e.article_id", article_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if actor is not None:
            where.append("(source_code = ? OR target_code = ?)")
            params += [actor, actor]
        if since is not None:
            where.append("coalesce(e.date, CAST(a.published AS VARCHAR)) >= ?")
            params.append(since)
        if until is not None:
            where.append("coalesce(e.date, CAST(a.published AS VARCHAR)) <= ?")
            params.append(_end_of(until))
        return where, params

    def events(self, *, source: str | None = None, target: str | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               article_id: str | None = None, actor: str | None = None,
               limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Coded events, filtered; every filter is a bound parameter."""
        where, params = self._event_filters(source, target, type, since, until, article_id, actor)
        sql = ("SELECT e.*, s.text AS sentence_text, CAST(a.published AS VARCHAR) AS published "
               "FROM events e JOIN articles a ON a.id = e.article_id "
               "LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.article_id, e.seq LIMIT ? OFFSET ?"
        return self._dicts(sql, [*params, limit if limit is not None else 2**62, offset])

    def count_events(self, *, source: str | None = None, target: str | None = None,
                     type: str | None = None, since: str | None = None,
                     until: str | None = None, actor: str | None = None) -> int:
        where, params = self._event_filters(source, target, type, since, until, None, actor)
        sql = "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self._con.execute(sql, params).fetchone()[0])  # type: ignore[index]

    def event(self, article_id: str, seq: int) -> dict[str, Any] | None:
        rows = list(self._dicts(
            "SELECT e.*, s.text AS sentence_text, s.start_char AS sentence_start, "
            "s.end_char AS sentence_end, CAST(a.published AS VARCHAR) AS published, "
            "a.title AS article_title, a.url AS article_url FROM events e "
            "JOIN articles a ON a.id = e.article_id LEFT JOIN sentences s "
            "ON s.article_id = e.article_id AND s.idx = e.sentence "
            "WHERE e.article_id = ? AND e.seq = ?", [article_id, seq]))
        return rows[0] if rows else None

    def add_user_actors(self, actors: Sequence[UserActor]) -> int:
        """Store imported dictionary entries (a re-import replaces an entry: the same phrase,
        code, sector and dates); returns how many."""
        now = _now()
        unique = list({(a.phrase, a.code, a.sector, a.start, a.end): a for a in actors}.values())
        with self._transaction():
            self._con.executemany(
                "DELETE FROM user_actors WHERE phrase = ? AND code IS NOT DISTINCT FROM ? "
                "AND sector IS NOT DISTINCT FROM ? AND start_date IS NOT DISTINCT FROM ? "
                "AND end_date IS NOT DISTINCT FROM ?",
                [(a.phrase, a.code, a.sector, a.start, a.end) for a in unique])
            self._con.executemany(
                "INSERT INTO user_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(a.phrase, a.code, a.sector, a.name, a.start, a.end, a.source, now)
                 for a in unique])
        return len(actors)

    def user_actors(self) -> list[UserActor]:
        rows = self._con.execute(
            "SELECT phrase, code, sector, name, start_date, end_date, source FROM user_actors "
            "ORDER BY phrase").fetchall()
        return [UserActor(*row) for row in rows]

    def add_verb_dictionary(self, name: str, body: str) -> VerbDictionary:
        """Store a user verb dictionary's text under ``name`` (a re-import replaces it); it is
        parsed first, so a malformed file is refused and nothing is stored."""
        parsed = parse_verb_dictionary(body, name)
        with self._transaction():
            self._con.execute(
                "INSERT OR REPLACE INTO user_verb_dictionaries VALUES (?, ?, ?, ?, ?, ?)",
                [name, digest(body), body, len(parsed.blocks), len(parsed), _now()])
        return parsed

    def verb_dictionary_texts(self) -> list[tuple[str, str]]:
        """(name, text) of every imported verb dictionary, in import order."""
        return [(n, b) for n, b in self._con.execute(
            "SELECT name, body FROM user_verb_dictionaries ORDER BY imported_at, name"
        ).fetchall()]

    def verb_dictionaries(self) -> list[VerbDictionary]:
        rows = self._con.execute(
            "SELECT name, body FROM user_verb_dictionaries ORDER BY imported_at, name").fetchall()
        return [parse_verb_dictionary(body, name) for name, body in rows]

    def verb_dictionary_list(self) -> Iterator[dict[str, Any]]:
        return self._dicts("SELECT name, digest, verbs, patterns, imported_at "
                           "FROM user_verb_dictionaries ORDER BY imported_at, name")

    def article_meta(self) -> Iterator[dict[str, Any]]:
        """Every article's id, url, story cluster, date and raw size (no text)."""
        return self._dicts("SELECT id, url, cluster, CAST(published AS VARCHAR) AS published, "
                           "length(raw_text) AS raw_chars FROM articles ORDER BY id")

    def removed_chars(self) -> dict[tuple[str, str], int]:
        """Characters the cleaner removed (or, for keyword stuffing it left in place, the
        characters of every repeat), by (article id, action kind)."""
        rows = self._con.execute(
            "SELECT c.article_id, c.kind, sum(CASE WHEN c.kind = 'keyword-stuffing' "
            # a stuffed phrase may be kept in place: count every repeat of it in the raw text
            "AND c.before = c.after AND length(c.before) > 0 THEN length(a.raw_text) - "
            "length(replace(a.raw_text, c.before, '')) ELSE greatest(length(coalesce(c.before, "
            "'')) - length(coalesce(c.after, '')), 0) END) FROM cleaning c JOIN articles a "
            "ON a.id = c.article_id GROUP BY 1, 2").fetchall()
        return {(a, k): int(n or 0) for a, k, n in rows}

    def article_actor_codes(self) -> dict[str, set[str]]:
        """The actor codes each article names."""
        rows = self._con.execute("SELECT article_id, list(DISTINCT code) FROM actor_mentions "
                                 "WHERE code IS NOT NULL GROUP BY 1").fetchall()
        return {a: set(codes) for a, codes in rows}

    def claims(self) -> Iterator[dict[str, Any]]:
        """Relationship claims with their sentence text."""
        return self._dicts(
            "SELECT c.*, s.text AS sentence_text FROM claims c LEFT JOIN sentences s "
            "ON s.article_id = c.article_id AND s.idx = c.sentence ORDER BY c.article_id, c.seq")

    def actor_counts(self) -> Iterator[dict[str, Any]]:
        """Actors by code and sector with their mention counts and most used name."""
        return self._dicts(
            "SELECT code, sector, count(*) AS mentions, count(DISTINCT article_id) AS articles, "
            "mode(name) AS name FROM actor_mentions GROUP BY code, sector "
            "ORDER BY mentions DESC, code NULLS LAST, sector")

    def runs(self) -> Iterator[dict[str, Any]]:
        return self._dicts("SELECT * FROM runs ORDER BY id")


@dataclass(frozen=True, slots=True)
class DedupLookup:
    hashes: set[str]  # content hashes already stored
    ids: set[str]  # article ids already taken


def _band_rows(minhashes: dict[str, bytes]) -> list[tuple[int, int, str]]:
    return [(band, key, article_id) for article_id, raw in minhashes.items() if raw
            for band, key in enumerate(band_keys(from_bytes(raw)))]


def _event_row(article_id: str, seq: int, e: Event) -> tuple:  # type: ignore[type-arg]
    def side(actor, span):  # type: ignore[no-untyped-def]
        return ((actor.code, actor.sector, actor.name) if actor else (None, None, None)) + (
            (span.start, span.end, span.text) if span else (None, None, None))

    loc = e.location
    return (article_id, seq, e.sentence, e.type, e.mode, list(e.contexts), e.cameo, e.quad_class,
            e.goldstein, *side(e.source, e.source_span), *side(e.target, e.target_span),
            e.trigger.start, e.trigger.end, e.trigger.text, e.negated, e.hedged, e.quoted,
            e.speaker, e.date, loc.name if loc else None, loc.country if loc else None,
            loc.lat if loc else None, loc.lon if loc else None, e.confidence, e.rule, e.medium)


def _text_bytes(batch: Sequence[ParsedArticle], *, raw: bool) -> int:
    """About how many bytes of text writing ``batch`` stores: the cleaned text twice (the
    article and its sentences), the raw text when it is written too."""
    return sum(2 * len(p.article.text.encode()) + (len(p.article.raw_text.encode()) if raw else 0)
               for p in batch)


class _Transaction:
    """``BEGIN``/``COMMIT``, or ``ROLLBACK`` when the block raises (or the commit fails)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def __enter__(self) -> None:
        self._con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self._con.execute("COMMIT")
            except duckdb.Error:
                self._rollback()
                raise
        else:
            self._rollback()

    def _rollback(self) -> None:
        try:
            self._con.execute("ROLLBACK")
        except duckdb.TransactionException:
            pass  # a failed COMMIT has ended the transaction already
