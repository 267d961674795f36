"""Run an evaluation end to end: code the gold set's documents with the real pipeline, score them.

The documents are ingested into a DuckDB store (a temporary one unless ``db`` is given) with the
same pipeline users run, so what is scored is what ``whimbrel ingest`` stores:

* ``whimbrel`` gold (``seeds.jsonl``): the documents come from ``docs`` (a folder of the
  original articles) when given or already in the store; else each document is rebuilt from the
  gold sentences it carries, one per line;
* ``petrarch`` and ``plover-gsr`` gold: each record's sentence is coded as its own document, with
  a user actor dictionary imported first when ``actors`` is given (PETRARCH's actors are
  fictional countries), and a user verb dictionary when ``rules`` is given.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from whimbrel.actors.dictionary import read_dictionary
from whimbrel.evaluation.actors import ActorAccuracy, actor_accuracy
from whimbrel.evaluation.gold import (
    GoldSentence,
    load_petrarch_records,
    load_plover_gsr,
    load_whimbrel_gold,
)
from whimbrel.evaluation.score import EvalReport, SystemEvent, coding_share, score
from whimbrel.pipeline import IngestOptions, ingest
from whimbrel.store import Store

LOADERS = {"whimbrel": load_whimbrel_gold, "petrarch": load_petrarch_records,
           "plover-gsr": load_plover_gsr}


@dataclass(frozen=True, slots=True)
class EvalRun:
    gold: list[GoldSentence]
    system: list[SystemEvent]
    report: EvalReport
    coded_docs: int
    share: tuple[int, int] | None = None  # PETRARCH: expected codings produced, expected
    actors: ActorAccuracy | None = None  # whimbrel gold: resolution of the gold mentions


def _write_jsonl(path: Path, gold: Sequence[GoldSentence]) -> None:
    by_doc: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    for g in gold:
        by_doc.setdefault(g.doc, [])
        if g.sentence not in by_doc[g.doc]:
            by_doc[g.doc].append(g.sentence)
        if g.date:
            dates.setdefault(g.doc, g.date)  # dated actor codes need the story's date
    with path.open("w", encoding="utf-8") as out:
        for doc, sentences in by_doc.items():
            record = {"id": doc, "text": "\n".join(sentences)}
            if doc in dates:
                record["date"] = dates[doc]
            out.write(json.dumps(record) + "\n")


def system_events(store: Store, docs: set[str]) -> list[SystemEvent]:
    out: list[SystemEvent] = []
    for row in store.events():
        if row["article_id"] not in docs:
            continue
        out.append(SystemEvent(
            doc=row["article_id"], sentence_text=row["sentence_text"] or "", type=row["type"],
            source=row["source_code"], source_sector=row["source_sector"],
            target=row["target_code"], target_sector=row["target_sector"],
            negated=bool(row["negated"]), hedged=bool(row["hedged"]), cameo=row["cameo"],
            trigger=row["trigger_text"], rule=row["rule"], source_text=row["source_text"],
            target_text=row["target_text"]))
    return out


def evaluate(gold_path: str | Path, fmt: str = "whimbrel", *, docs: str | Path | None = None,
             actors: str | Path | None = None, rules: str | Path | None = None,
             db: str | Path | None = None,
             nlp=None) -> EvalRun:  # type: ignore[no-untyped-def]
    """Code the gold set's documents and score them (see the module docstring)."""
    gold = LOADERS[fmt](Path(gold_path))
    doc_ids = {g.doc for g in gold}
    with tempfile.TemporaryDirectory(prefix="whimbrel-eval-") as tmp:
        store_path = Path(db) if db else Path(tmp) / "eval.duckdb"
        if actors or rules:
            with Store(store_path) as store:
                if actors:
                    store.add_user_actors(read_dictionary(actors))
                if rules:
                    rpath = Path(rules)
                    store.add_verb_dictionary(rpath.name, rpath.read_text(encoding="utf-8",
                                                                          errors="replace"))
        with Store(store_path) as store:
            have = {r["id"] for r in store.articles()} & doc_ids
        if fmt == "whimbrel" and docs and not have:
            ingest([docs], db=store_path, nlp=nlp)
        elif not have:
            feed = Path(tmp) / "gold.jsonl"
            _write_jsonl(feed, gold)
            ingest([feed], db=store_path, nlp=nlp, options=IngestOptions(dedup=False))
        with Store(store_path, read_only=True) as store:
            coded = {r["id"] for r in store.articles()} & doc_ids
            system = system_events(store, doc_ids)
            actors_acc = actor_accuracy(gold, store) if fmt == "whimbrel" else None
    report = score(gold, system)
    share = coding_share(gold, system) if fmt == "petrarch" else None
    return EvalRun(gold, system, report, len(coded), share, actors_acc)
