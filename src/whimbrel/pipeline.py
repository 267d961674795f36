"""The ingest pipeline: read -> clean -> check -> dedup -> parse -> store, streamed in batches.

Every stage maps a stream to a stream; batching happens only at the store, where each batch is
one transaction. A run that is killed leaves whole batches behind, and running it again skips
what is stored (by content hash) and completes the job with no duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, replace
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any, BinaryIO

from whimbrel.clean import clean
from whimbrel.dedup import (
    BestStored,
    NearDuplicateIndex,
    band_keys,
    best_match,
    content_hash,
    signature,
    to_bytes,
)
from whimbrel.errors import RejectedInput
from whimbrel.language import looks_english
from whimbrel.heap import one_heap
from whimbrel.analyse import analyse_articles
from whimbrel.nlp import NlpConfig, load_nlp
from whimbrel.readers import DEFAULT_MAX_BYTES, read_inputs
from whimbrel.records import Article, IngestSummary, ParsedArticle, RawDocument, Rejection
from whimbrel.session import WriterSession
from whimbrel.workers import UserRules, analyse_in_workers

Progress = Callable[[int], None]

# Before any thread (DuckDB's, the writer's) has made a malloc heap of its own: see whimbrel.heap.
one_heap()


@dataclass(frozen=True, slots=True)
class IngestOptions:
    batch_size: int = 32  # articles per store transaction
    nlp: NlpConfig = field(default_factory=NlpConfig)
    max_bytes: int = DEFAULT_MAX_BYTES
    # False keeps records whose text repeats another's under their own id (gold sets, where
    # the same sentence is coded under several ids); the content hash then covers the id too
    dedup: bool = True


def prepare(raw: RawDocument) -> Article:
    """Clean one raw document into an article; raises :class:`RejectedInput` when unusable."""
    extracted = raw.text or ""
    if not extracted.strip():
        raise RejectedInput(raw.origin, "no text")
    cleaned = clean(extracted)
    if not cleaned.text.strip():
        raise RejectedInput(raw.origin, "no text left after cleaning")
    english, why = looks_english(cleaned.text)
    if not english:
        raise RejectedInput(raw.origin, why)
    return Article(
        id=raw.name, content_hash=content_hash(extracted), origin=raw.origin, format=raw.format,
        text=cleaned.text, raw_text=extracted, title=raw.title, url=raw.url,
        published=raw.published, cleaning=cleaned.actions,
    )


class _WriteBehind:
    """Writes batches in a background thread, one at a time and in order, while the caller
    makes the next one: DuckDB does its work (opening the store, the inserts, the checkpoint
    when it closes) without Python's GIL, on the core the parse leaves idle.

    At most one batch is being written: :meth:`submit` first waits for the one before it and
    hands ``done`` its result and the tag it was submitted with; :meth:`finish` waits for the
    last. A write that fails raises
    in the caller, at the next ``submit`` or ``finish``. Leaving the block, even by an
    exception, waits for a write under way, so its transaction ends before the store is closed.
    """

    def __init__(self, done: Callable[[int, Any], None]) -> None:
        self._done = done
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="whimbrel-writer")
        self._inflight: tuple[Future[int], Any] | None = None

    def submit(self, write: Callable[[], int], tag: Any = None) -> None:
        self.finish()
        self._inflight = self._pool.submit(write), tag

    def finish(self) -> None:
        inflight, self._inflight = self._inflight, None
        if inflight is not None:
            future, tag = inflight
            self._done(future.result(), tag)

    def __enter__(self) -> _WriteBehind:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)


def _batched(items: Iterable, size: int) -> Iterator[list]:  # type: ignore[type-arg]
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class _Deduplicator:
    """Drops exact copies (stored or seen in this run), gives clashing ids a hash suffix, and
    links near-duplicates into story clusters. One per run.

    What it holds in memory is bounded: the articles it has let through that are not yet known
    to be stored (:meth:`committed` tells it). Everything stored is looked up in the store, one
    query per chunk of articles (content hashes, ids and LSH band keys)."""

    CHUNK = 256
    FIRST_CHUNKS = (8, 64)

    def __init__(self, store: WriterSession, summary: IngestSummary) -> None:
        self.store = store
        self.summary = summary
        self.pending = NearDuplicateIndex()  # let through, not yet known to be stored
        self.pending_hashes: dict[str, str] = {}  # their content hashes, by id
        self.minhashes: dict[str, bytes] = {}  # signatures of articles not yet written
        self._stored: list[str] = []  # written since the last chunk's lookup

    def committed(self, ids: Iterable[str]) -> None:
        """These articles are in the store now (the next chunk's lookup finds them there)."""
        for article_id in ids:
            self.minhashes.pop(article_id, None)
            self._stored.append(article_id)

    def _settle(self) -> None:
        for article_id in self._stored:
            self.pending.discard(article_id)
            self.pending_hashes.pop(article_id, None)
        self._stored.clear()

    def _chunks(self, articles: Iterable[Article]) -> Iterator[list[Article]]:
        """Chunks of :attr:`CHUNK` articles, after a first few small ones: the first articles
        reach the parser (and the model or the worker processes start loading) after a few
        dozen are cleaned, not a whole chunk."""
        it = iter(articles)
        for size in chain(self.FIRST_CHUNKS, repeat(self.CHUNK)):
            chunk = list(islice(it, size))
            if not chunk:
                return
            yield chunk

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for chunk in self._chunks(articles):
            self._settle()  # before the lookup: what it forgets, the lookup sees stored
            sigs = [signature(a.text) for a in chunk]
            stored = BestStored(sigs)
            seen = self.store.dedup_lookup([a.content_hash for a in chunk],
                                           [a.id for a in chunk], [band_keys(m) for m in sigs],
                                           stored)
            hashes = set(self.pending_hashes.values())
            for article, mh, best in zip(chunk, sigs, stored.best, strict=True):
                if article.content_hash in seen.hashes or article.content_hash in hashes:
                    self.summary.duplicates += 1
                    continue
                hashes.add(article.content_hash)
                if article.id in seen.ids or article.id in self.pending_hashes:
                    article = replace(article, id=f"{article.id}@{article.content_hash[:12]}")
                found = best_match(mh, self.pending.candidates(mh), best=best)
                if found is not None:
                    self.summary.near_duplicates += 1
                cluster = found.cluster if found else article.id
                self.pending.insert(article.id, mh, cluster)
                self.pending_hashes[article.id] = article.content_hash
                self.minhashes[article.id] = to_bytes(mh)
                yield replace(article, cluster=cluster)


def _prepared(items: Iterable[RawDocument | Rejection], summary: IngestSummary,
              progress: Progress | None) -> Iterator[Article]:
    for item in items:
        summary.read += 1
        if progress:
            progress(1)
        if isinstance(item, Rejection):
            summary.rejected.append(item)
            continue
        try:
            yield prepare(item)
        except RejectedInput as exc:
            summary.rejected.append(Rejection(exc.origin, exc.reason))


def ingest(paths: Iterable[str | Path], *, db: str | Path | None = None,
           options: IngestOptions | None = None, stdin: BinaryIO | None = None,
           progress: Progress | None = None, on_commit: Callable[[int, int], None] | None = None,
           nlp=None) -> IngestSummary:  # type: ignore[no-untyped-def]
    """Ingest files, folders or ``-`` (stdin) into the store; return what happened.

    Re-ingesting the same input stores nothing new. Rejected inputs are recorded with their reason
    and the rest of the batch goes on. ``on_commit(batch_number, stored_so_far)`` is called after
    each committed batch.
    """
    options = options or IngestOptions()
    summary = IngestSummary()
    paths = [str(p) for p in paths]
    with WriterSession(db) as store:  # DuckDB's lock is held only while a batch is written
        run_id = store.start_run("ingest " + " ".join(paths))
        dedup = _Deduplicator(store, summary)
        raw = read_inputs(paths, max_bytes=options.max_bytes, stdin=stdin)
        prepared = _prepared(raw, summary, progress)
        if not options.dedup:
            prepared = (replace(a, content_hash=content_hash(a.id + "\n" + a.raw_text))
                        for a in prepared)
        articles = dedup(prepared)
        parsed = _parse_lazily(articles, nlp, options.nlp, lambda: _user_rules(store))
        def done(stored: int, tag: tuple[int, list[str]]) -> None:  # a batch is written
            number, ids = tag
            summary.stored += stored
            dedup.committed(ids)
            if on_commit:
                on_commit(number, summary.stored)

        # closing: a failed write ends the parse at once, spaCy's memory zone with it (left to
        # the collector, the zone would end inside a later parse and drop its strings)
        with closing(parsed), _WriteBehind(done) as writer:
            for number, batch in enumerate(_batched(parsed, options.batch_size), start=1):
                ids = [p.article.id for p in batch]
                signatures = {i: dedup.minhashes[i] for i in ids if i in dedup.minhashes}
                writer.submit(lambda batch=batch, signatures=signatures: store.write_batch(
                    batch, run_id=run_id, minhashes=signatures), (number, ids))
            writer.finish()
        store.record_rejections(run_id, summary.rejected)
        store.finish_run(run_id, summary)
    return summary


def _user_rules(store: WriterSession) -> UserRules:
    return UserRules(tuple(store.user_actors()), tuple(store.verb_dictionary_texts()))


def _parse_lazily(articles: Iterator[Article], nlp, config: NlpConfig,  # type: ignore[no-untyped-def]
                  rules: Callable[[], UserRules]) -> Iterator[ParsedArticle]:
    """Load the model only when the first new article arrives (a no-op re-run loads nothing).
    With more than one process, worker processes parse and code (see whimbrel.workers)."""
    first = next(articles, None)
    if first is None:
        return

    every = chain((first,), articles)
    if config.n_process > 1:
        yield from analyse_in_workers(every, config, rules())
        return
    nlp = nlp or load_nlp(config)
    yield from analyse_articles(nlp, rules().analyzer(), every, config)


def recode(*, db: str | Path | None = None, options: IngestOptions | None = None,
           progress: Progress | None = None, nlp=None) -> int:  # type: ignore[no-untyped-def]
    """Re-run cleaning and every later stage on the stored articles (after rules change).

    Returns the number of articles recoded. Each batch is one transaction.
    """
    options = options or IngestOptions()
    with WriterSession(db) as store:
        first = store.stored_articles(limit=1)
        if not first:
            return 0

        def pages() -> Iterator[dict]:  # type: ignore[type-arg]
            """The stored articles a page at a time: memory stays flat on a large store."""
            after = None
            while rows := store.stored_articles(after=after, limit=256):
                yield from rows
                after = rows[-1]["id"]

        articles = (_recleaned(row) for row in pages())
        done = 0
        if options.nlp.n_process > 1:
            parsed = analyse_in_workers(articles, options.nlp, _user_rules(store))
        else:
            nlp = nlp or load_nlp(options.nlp)
            parsed = analyse_articles(nlp, _user_rules(store).analyzer(), articles, options.nlp)

        def replaced(count: int, size: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress(size)

        with closing(parsed), _WriteBehind(replaced) as writer:
            for batch in _batched(parsed, options.batch_size):
                writer.submit(lambda batch=batch: store.replace_analysis(batch), len(batch))
            writer.finish()
    return done


def _recleaned(row: dict) -> Article:  # type: ignore[type-arg]
    cleaned = clean(row["raw_text"])
    return Article(id=row["id"], content_hash=row["content_hash"], origin=row["origin"],
                   format=row["format"], text=cleaned.text, raw_text=row["raw_text"],
                   title=row["title"], url=row["url"], published=row["published"],
                   cleaning=cleaned.actions, cluster=row["cluster"])
