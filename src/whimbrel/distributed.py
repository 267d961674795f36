"""The same pipeline on Ray Data, for corpora beyond one machine.

The driver reads, cleans and deduplicates (exact and near copies need one view of the whole run;
they cost little next to parsing). Ray Data then parses and codes the articles in worker actors
that each load the spaCy model and the knowledge tables once, and writes two Parquet datasets:

* ``OUTPUT/events/``: one row per event in the export schema (the columns of
  ``whimbrel export --format parquet``), for analysis straight from Parquet;
* ``OUTPUT/parsed/``: one row per article with its full analysis as JSON, which
  ``whimbrel load OUTPUT --db FILE`` brings into a DuckDB store (idempotently).

``address`` is a Ray cluster address (``ray://host:10001`` or ``auto``); by default a local Ray
cluster is started on this machine. Workers import whimbrel, so on a real cluster install it on
every node (or pass a Ray ``runtime_env``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whimbrel.dedup import content_hash
from whimbrel.export import CSV_COLUMNS, SPAN_COLUMNS
from whimbrel.pipeline import IngestOptions, _batched, _Deduplicator, _prepared
from whimbrel.readers import read_inputs
from whimbrel.records import Article, IngestSummary, ParsedArticle
from whimbrel.serial import from_data, to_data
from whimbrel.session import WriterSession
from whimbrel.store import DedupLookup

EVENT_COLUMNS = CSV_COLUMNS + SPAN_COLUMNS  # the export schema (whimbrel export --format parquet)


class _NothingStored:
    """A store with nothing in it, for deduplicating a run that writes to Parquet."""

    def dedup_lookup(self, hashes: Sequence[str], ids: Sequence[str],
                     keys: Sequence[Sequence[int]], visit: object = None) -> DedupLookup:
        return DedupLookup(set(), set())


@dataclass(frozen=True, slots=True)
class RayRun:
    summary: IngestSummary
    articles: int
    events: int
    output: Path


def plan(inputs: Iterable[str | Path], options: IngestOptions | None = None
         ) -> tuple[list[Article], dict[str, bytes], IngestSummary]:
    """Read, clean and deduplicate on the driver, as ``ingest`` does into an empty store."""
    options = options or IngestOptions()
    summary = IngestSummary()
    raw = read_inputs([str(p) for p in inputs], max_bytes=options.max_bytes)
    prepared: Iterable[Article] = _prepared(raw, summary, None)
    if not options.dedup:
        prepared = (replace(a, content_hash=content_hash(a.id + "\n" + a.raw_text))
                    for a in prepared)
    dedup = _Deduplicator(_NothingStored(), summary)  # type: ignore[arg-type]
    articles = list(dedup(prepared))
    return articles, dedup.minhashes, summary


class _CodeBatch:
    """A Ray actor: one spaCy model and one set of knowledge tables per worker."""

    def __init__(self, batch_size: int) -> None:
        from whimbrel.analyse import Analyzer
        from whimbrel.nlp import NlpConfig, load_nlp

        self.config = NlpConfig(batch_size=batch_size)
        self.nlp = load_nlp(self.config)
        self.analyzer = Analyzer.load()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from whimbrel.analyse import analyse_articles

        articles = [from_data(Article, json.loads(a)) for a in batch["article"]]
        parsed = list(analyse_articles(self.nlp, self.analyzer, articles, self.config))
        return {"id": [p.article.id for p in parsed],
                "record": [json.dumps(to_data(p), ensure_ascii=False) for p in parsed],
                "minhash": list(batch["minhash"])}


def event_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The export-schema rows of one parsed article."""
    p = from_data(ParsedArticle, json.loads(row["record"]))
    sentences = {s.index: s.text for s in p.sentences}
    out = []
    for seq, e in enumerate(p.events):
        src, tgt = e.source, e.target
        row = {
            "doc": p.article.id, "seq": seq, "sentence": e.sentence,
            "date": e.date or p.article.published, "type": e.type, "mode": e.mode,
            "cameo": e.cameo, "quad_class": e.quad_class, "goldstein": e.goldstein,
            "source": src.code if src else None, "source_sector": src.sector if src else None,
            "target": tgt.code if tgt else None, "target_sector": tgt.sector if tgt else None,
            "negated": e.negated, "hedged": e.hedged,
            "location": e.location.name if e.location else None,
            "location_country": e.location.country if e.location else None,
            "trigger": e.trigger.text, "sentence_text": sentences.get(e.sentence),
            "trigger_start": e.trigger.start, "trigger_end": e.trigger.end,
            "source_start": e.source_span.start if e.source_span else None,
            "source_end": e.source_span.end if e.source_span else None,
            "source_text": e.source_span.text if e.source_span else None,
            "target_start": e.target_span.start if e.target_span else None,
            "target_end": e.target_span.end if e.target_span else None,
            "target_text": e.target_span.text if e.target_span else None,
        }
        out.append({c: row[c] for c in EVENT_COLUMNS})  # export column order; a missing one fails
    return out


def run_ray(inputs: Sequence[str | Path], output: str | Path, *, address: str | None = None,
            workers: int = 2, batch_size: int = 16,
            options: IngestOptions | None = None) -> RayRun:
    """Code ``inputs`` on Ray Data and write ``output/events`` and ``output/parsed``."""
    import ray

    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise FileExistsError(f"{output}: not empty; give a new output folder")
    articles, minhashes, summary = plan(inputs, options)
    if not articles:
        return RayRun(summary, 0, 0, output)
    import logging

    logging.getLogger("ray").setLevel(logging.WARNING)
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    try:
        items = [{"article": json.dumps(to_data(a), ensure_ascii=False),
                  "minhash": minhashes.get(a.id, b"").hex()} for a in articles]
        ds = ray.data.from_items(items, override_num_blocks=max(1, len(items) // batch_size))
        parsed = ds.map_batches(_CodeBatch, fn_constructor_kwargs={"batch_size": batch_size},
                                batch_size=batch_size, concurrency=workers,
                                batch_format="numpy").materialize()
        parsed.write_parquet(str(output / "parsed"))
        events = parsed.flat_map(event_rows)
        n_events = events.count()
        if n_events:
            events.write_parquet(str(output / "events"))
        summary.stored = parsed.count()
    finally:
        if started:
            ray.shutdown()
    return RayRun(summary, summary.stored, n_events, output)


def parsed_records(folder: str | Path) -> Iterator[tuple[ParsedArticle, bytes]]:
    """The articles of a Ray run's output, in id order, with their MinHash signatures."""
    import duckdb

    pattern = str(Path(folder) / "parsed" / "*.parquet")
    if not list(Path(folder, "parsed").glob("*.parquet")):
        raise FileNotFoundError(f"{folder}: no parsed/*.parquet (is it a `whimbrel run` output?)")
    con = duckdb.connect()
    cur = con.execute("SELECT id, record, minhash FROM read_parquet(?) ORDER BY id", [pattern])
    while chunk := cur.fetchmany(200):
        for _, record, minhash in chunk:
            yield from_data(ParsedArticle, json.loads(record)), bytes.fromhex(minhash or "")


def load(folder: str | Path, *, db: str | Path | None = None, batch_size: int = 64) -> int:
    """Bring a Ray run's output into a store; articles already stored are skipped. Returns the
    number of articles stored."""
    stored = 0
    with WriterSession(db) as session:
        run_id = session.start_run(f"load {folder}")
        summary = IngestSummary()
        for batch in _batched(parsed_records(folder), batch_size):
            have = session.existing_hashes([p.article.content_hash for p, _ in batch])
            have_ids = session.existing_ids([p.article.id for p, _ in batch])
            new = [(p, mh) for p, mh in batch
                   if p.article.content_hash not in have and p.article.id not in have_ids]
            summary.read += len(batch)
            summary.duplicates += len(batch) - len(new)
            if new:
                stored += session.write_batch([p for p, _ in new], run_id=run_id,
                                              minhashes={p.article.id: mh for p, mh in new if mh})
        summary.stored = stored
        session.finish_run(run_id, summary)
    return stored
