"""Throughput: bare spaCy parse against whimbrel's end-to-end ingest, on the same articles.

* :func:`bare_parse` runs ``nlp.pipe`` over the cleaned texts (the model and pipeline
  :func:`whimbrel.nlp.load_nlp` loads, whimbrel's batch size) and consumes the docs: the floor.
* :func:`ingest_run` ingests the same JSON Lines file into a fresh DuckDB store with
  :func:`whimbrel.pipeline.ingest` (read, clean, dedup, parse, actors, events, batched writes).

Both count words as ``len(text.split())`` of the cleaned text (for ingest: of the articles
stored). The model is loaded once and warmed up, and the knowledge tables are loaded, before
anything is timed; :func:`startup` reports what those loads cost.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from whimbrel.analyse import Analyzer
from whimbrel.nlp import NlpConfig, load_nlp
from whimbrel.pipeline import IngestOptions, ingest
from whimbrel.records import IngestSummary
from whimbrel.store import Store


@dataclass(frozen=True, slots=True)
class Throughput:
    """One timed run over ``articles`` articles of ``words`` words."""

    label: str
    articles: int
    words: int
    seconds: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class Startup:
    model_s: float  # load_nlp
    knowledge_s: float  # Analyzer.load: actor tables, office holders, rules, gazetteer


def startup():  # type: ignore[no-untyped-def]
    """Load the model and the knowledge tables once; return ``(nlp, Startup)``.

    The model is warmed up on a few sentences; the knowledge tables are cached by whimbrel, so
    later ingests in this process do not pay for them again.
    """
    t0 = time.perf_counter()
    nlp = load_nlp(NlpConfig())
    t1 = time.perf_counter()
    Analyzer.load()
    t2 = time.perf_counter()
    warm_up(nlp)
    return nlp, Startup(t1 - t0, t2 - t1)


def warm_up(nlp, texts: list[str] | None = None) -> None:  # type: ignore[no-untyped-def]
    texts = texts or ["Russia condemned the US strikes on Iran's nuclear sites on Sunday.",
                      "Iran's foreign minister met President Vladimir Putin in Moscow."] * 8
    for _ in nlp.pipe(texts, batch_size=NlpConfig().batch_size):
        pass


def bare_parse(nlp, texts: list[str], *, n_process: int = 1,  # type: ignore[no-untyped-def]
               batch_size: int | None = None) -> Throughput:
    """Parse ``texts`` with ``nlp.pipe`` and nothing else."""
    batch_size = batch_size or NlpConfig().batch_size
    start = time.perf_counter()
    n = 0
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        n += 1
    seconds = time.perf_counter() - start
    return Throughput(f"bare spaCy, {n_process} process{'es' if n_process > 1 else ''}", n,
                      sum(len(t.split()) for t in texts), seconds)


@dataclass(frozen=True, slots=True)
class Stored:
    """What an ingest left in its store."""

    articles: int
    words: int
    sentences: int
    mentions: int
    events: int


def stored(db: Path) -> Stored:
    """Counts of ``db``'s rows; words counted as the benchmarks count them."""
    with Store(db, read_only=True) as store:
        texts = [row["text"] for row in store.articles()]
        return Stored(len(texts), sum(len(t.split()) for t in texts), store.count("sentences"),
                      store.count("actor_mentions"), store.count("events"))


def ingest_run(corpus: Path, *, nlp=None, n_process: int = 1,  # type: ignore[no-untyped-def]
               db: Path | None = None) -> tuple[Throughput, IngestSummary, Stored]:
    """Ingest ``corpus`` into a fresh store (a temporary file unless ``db``) and time it."""
    options = IngestOptions(nlp=NlpConfig(n_process=n_process))
    with tempfile.TemporaryDirectory(prefix="whimbrel-bench-") as tmp:
        path = db or Path(tmp) / "bench.duckdb"
        if path.exists():
            path.unlink()
        start = time.perf_counter()
        summary = ingest([corpus], db=path, options=options, nlp=nlp)
        seconds = time.perf_counter() - start
        counts = stored(path)
    label = f"whimbrel ingest, {n_process} process{'es' if n_process > 1 else ''}"
    return Throughput(label, counts.articles, counts.words, seconds), summary, counts


@dataclass(frozen=True, slots=True)
class CommandRun:
    """``whimbrel ingest`` run as a command from a cold start (what a user waits for)."""

    throughput: Throughput
    cpu_s: float  # user + system CPU seconds of the command and every process it started


def command_run(corpus: Path, *, workers: int = 1) -> CommandRun:
    """Time ``whimbrel ingest CORPUS --db FRESH -q --workers N`` in a new interpreter: start-up
    (imports, model, knowledge tables, worker processes) is inside the time, as it is for a
    user."""
    with tempfile.TemporaryDirectory(prefix="whimbrel-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "whimbrel", "ingest", str(corpus), "--db",
                               str(db), "-q", "--workers", str(workers)],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"whimbrel ingest --workers {workers} failed: {done.stderr[-2000:]}")
        counts = stored(db)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    label = f"whimbrel ingest --workers {workers}"
    return CommandRun(Throughput(label, counts.articles, counts.words, seconds), cpu)
