"""Peak memory of the store's writes alone, without the parser: DuckDB's share of an ingest's peak.

An ingest writes each batch in a :class:`~whimbrel.session.WriterSession`: the store is opened,
the batch inserted in one transaction and the store closed, which checkpoints it. A checkpoint
merges the row groups that earlier batches appended, and with DuckDB's default memory limit it
holds what it merges in memory, so the peak of a write grows with the store. This part makes
the same writes with records built from the generated corpus (no model: sentences cut at full
stops, a mention for each capitalised word, an event for each sentence, random MinHash
signatures), batch by batch through a writer session as ``ingest`` does, in a fresh child
process per run. Before each batch the child resets its high-water mark
(``/proc/self/clear_refs``), so what it records for a batch is that batch's own peak above the
resident size before it. The parent prints the largest of those up to each size, with the
writer's memory limit and with DuckDB's default, from one run.
"""

from __future__ import annotations

import json
import logging
import random
import re
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCH = 32  # ingest's default batch size
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


@dataclass(frozen=True, slots=True)
class WritePeaks:
    limit: str  # "default" or the limit in MiB
    articles: int
    seconds: float
    peaks: list[float]  # per batch: MB of peak above the resident size before it
    retries: int  # batches that ran out of the limit and were written again without one

    def largest_up_to(self, stored: int) -> float:
        """The largest batch peak up to ``stored`` articles, the first batch left out (its
        write starts DuckDB: a one-time cost that any size pays)."""
        return max(self.peaks[1:max(2, -(-stored // BATCH))], default=0.0)


def measure(corpus: Path, articles: int, memory_limit: int | None) -> WritePeaks:
    """Write ``corpus`` in a child process; each batch's peak above the resident size before it."""
    with tempfile.TemporaryDirectory(prefix="whimbrel-writes-") as tmp:
        out = Path(tmp) / "result.json"
        code = subprocess.call([sys.executable, str(Path(__file__).resolve()), "--child",
                                str(corpus), str(Path(tmp) / "w.duckdb"), str(out),
                                str(memory_limit or 0)])
        if code != 0:
            raise RuntimeError(f"writes child for {corpus} exited with {code}")
        result = json.loads(out.read_text())
    label = f"{memory_limit / 2**20:.0f} MiB" if memory_limit else "default"
    return WritePeaks(label, articles, result["seconds"], result["peaks"], result["retries"])


def _records(line: str, rng: random.Random):  # type: ignore[no-untyped-def]
    from whimbrel.records import (
        Actor,
        ActorMention,
        Article,
        Event,
        ParsedArticle,
        Sentence,
        Span,
    )

    row = json.loads(line)
    text = row["text"]
    art = Article(id=row["id"], content_hash=f"{rng.getrandbits(128):032x}", origin=row["id"],
                  format="jsonl", text=text, raw_text=text, title=row.get("title"),
                  url=row.get("url"), published=row.get("published"), cluster=row["id"])
    actor = Actor("RUS", "GOV", "Russia")
    sentences, mentions, events = [], [], []
    for match in _SENTENCE.finditer(text):
        if not match.group().strip():
            continue
        i = len(sentences)
        sentences.append(Sentence(art.id, i, match.start(), match.end(), match.group()))
        words = [(match.start() + w.start(), match.start() + w.end(), w.group())
                 for w in _CAPITALISED.finditer(match.group())]
        mentions.extend(ActorMention(art.id, i, s, e, t, actor, "name") for s, e, t in words)
        if words:
            s, e, t = words[0]
            events.append(Event(art.id, i, "CONSULT", Span(s, e, t), source=actor, target=actor,
                                source_span=Span(s, e, t), target_span=Span(s, e, t),
                                cameo="040", quad_class=1, goldstein=1.0, rule="bench"))
    signature = struct.pack("<128Q", *(rng.getrandbits(32) for _ in range(128)))  # as MinHash
    return ParsedArticle(art, tuple(sentences), tuple(mentions), tuple(events)), signature


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _child(corpus: str, db: str, out: str, limit: str) -> None:
    import gc
    import time

    from memory import status_mb  # beside this file: the child runs it as a script

    from whimbrel.session import WriterSession

    retries = _Count()
    logging.getLogger("whimbrel.store").addHandler(retries)
    rng = random.Random(0)
    lines = Path(corpus).read_text().splitlines()
    peaks: list[float] = []
    start = time.perf_counter()
    with WriterSession(db, memory_limit=int(limit) or None) as session:
        for i in range(0, len(lines), BATCH):
            records = [_records(line, rng) for line in lines[i:i + BATCH]]
            batch = [p for p, _ in records]
            signatures = {p.article.id: sig for p, sig in records}
            gc.collect()
            Path("/proc/self/clear_refs").write_text("5")  # the high-water mark := now
            before = status_mb("VmRSS")
            session.write_batch(batch, run_id=1, minhashes=signatures)
            peaks.append(round(status_mb("VmHWM") - before, 2))
    Path(out).write_text(json.dumps({"seconds": time.perf_counter() - start, "peaks": peaks,
                                      "retries": retries.count}))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        _child(*sys.argv[2:6])
    else:
        sys.exit("usage: writes.py --child CORPUS DB RESULT_JSON LIMIT_BYTES (run by "
                 "benchmarks/run.py)")
