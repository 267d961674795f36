"""Where an ingest's time goes: cProfile over an ingest of 100 news-length articles, whimbrel's own code first.

    python benchmarks/profile_ingest.py [--articles 200] [--top 25] [--out ingest.prof]

The model and knowledge tables are loaded (and the model warmed up) before profiling, so the
profile is of the steady state. Prints the stages' cumulative times (the spaCy parse among them),
then the top functions in ``whimbrel/`` by cumulative time, and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus, throughput  # noqa: E402
from whimbrel.pipeline import IngestOptions, ingest  # noqa: E402

# (label, file suffix, function name): the stages and the parse, as cProfile names them
STAGES = (
    ("read (read_inputs)", "whimbrel/readers.py", "read_inputs"),
    ("clean + language check (prepare)", "whimbrel/pipeline.py", "prepare"),
    ("dedup (_Deduplicator.__call__)", "whimbrel/pipeline.py", "__call__"),
    ("  of which MinHash signature", "whimbrel/dedup.py", "signature"),
    ("  of which LSH add/query", "whimbrel/dedup.py", "add"),
    ("truecase_headings (before parse)", "whimbrel/analyse.py", "truecase_headings"),
    ("spaCy Language.pipe (parse)", "spacy/language.py", "pipe"),
    ("Analyzer.analyse (actors, events, claims)", "whimbrel/analyse.py", "analyse"),
    ("  find_mentions (actors)", "whimbrel/actors/mentions.py", "find_mentions"),
    ("  Coder.code_doc (events)", "whimbrel/events/coder.py", "code_doc"),
    ("  find_claims", "whimbrel/claims.py", "find_claims"),
    ("  sentences_of", "whimbrel/nlp.py", "sentences_of"),
    ("Store.write_batch (DuckDB writes)", "whimbrel/store.py", "write_batch"),
)


def _find(stats: pstats.Stats, suffix: str, name: str) -> tuple[int, float, float]:
    """``(calls, own seconds, cumulative seconds)`` of a function, summed over matches."""
    calls, own, cum = 0, 0.0, 0.0
    for (filename, _, func), (_, ncalls, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.endswith(suffix) and func == name:
            calls, own, cum = calls + ncalls, own + tt, cum + ct
    return calls, own, cum


def _whimbrel_top(stats: pstats.Stats, key: str, top: int) -> str:
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats(key).print_stats(r"/whimbrel/", top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--length", choices=sorted(corpus.LENGTHS), default="news")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also save the raw profile (for snakeviz)")
    args = parser.parse_args(argv)

    path = corpus.corpus_file(args.articles, seed=args.seed, length=args.length)
    nlp, _ = throughput.startup()
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="whimbrel-prof-") as tmp:
        start = time.perf_counter()
        profiler.enable()
        summary = ingest([path], db=Path(tmp) / "prof.duckdb", options=IngestOptions(), nlp=nlp)
        profiler.disable()
        wall = time.perf_counter() - start
    if args.out:
        profiler.dump_stats(args.out)
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"ingest of {summary.stored} articles ({path.name}): {wall:.1f} s wall, "
          f"{total:.1f} s profiled (cProfile adds overhead to Python-heavy code)\n")
    print(f"{'stage':<44} {'calls':>7} {'cum s':>8} {'% of run':>9}")
    for label, suffix, name in STAGES:
        calls, _, cum = _find(stats, suffix, name)
        print(f"{label:<44} {calls:>7} {cum:>8.2f} {cum / total:>8.0%}")
    print("\nnote: generators (read, prepare, dedup, Language.pipe) are charged only for the "
          "time spent inside them while the next item is produced; Language.pipe includes "
          "the whimbrel line-break component and, through as_tuples, nothing of the analysis.")
    print(f"\n-- top {args.top} whimbrel functions by cumulative time --")
    print(_whimbrel_top(stats, "cumulative", args.top))
    print(f"\n-- top {args.top} whimbrel functions by own time --")
    print(_whimbrel_top(stats, "tottime", args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
