"""Run whimbrel's benchmarks and print the figures against the targets of "Fast and big".

    python benchmarks/run.py                 # full run: sizes chosen to stay within ~20 minutes
    python benchmarks/run.py --small         # quick run: 60 articles, memory at 200 and 2,000
    python benchmarks/run.py --sizes 2000 20000 --budget-minutes 0    # fixed sizes, no budget
    python benchmarks/run.py --only query    # one part (throughput, query, merge, writes, memory)

Parts, in the order they run:

1. throughput, on a generated corpus of news-length articles (``--length short``: the old short
   ones): bare spaCy ``nlp.pipe`` over the cleaned texts (the floor) and whimbrel's ingest of the
   same articles into a fresh store, in this process with the model loaded and warm (their
   ratio); bare spaCy with 2 processes (a reference); then the ``whimbrel ingest`` command from a
   cold start with ``--workers 1`` and ``--workers 2`` (the speed-up: start-up is in both);
2. query: ``dyad_series`` over a cached store of 10 million synthetic events;
3. merge: ``merge`` over 10,000 and 100,000 synthetic event mentions (how its time grows);
4. writes: the store's writes alone (no model), batch by batch up to the larger memory size,
   with the writer's DuckDB memory limit and with DuckDB's default: the largest peak of one
   batch's write up to each size (DuckDB's share of the memory part's growth);
5. memory: peak RSS of an ingest at two corpus sizes, each in its own child process. Without
   ``--sizes``, the second size is the largest (up to 20,000) that the time the first took says
   fits in what is left of ``--budget-minutes``.

Figures are printed, never asserted: the exit code is 0 whether targets pass or fail.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus, memory, merging, query, throughput, writes  # noqa: E402

TARGET_RATIO = 0.75  # end-to-end words/s over bare spaCy words/s, one process
TARGET_SPEEDUP = 1.7  # ingest with 2 processes over 1
TARGET_RSS_RATIO = 1.15  # peak RSS at the larger size over the smaller
TARGET_QUERY_S = 0.5  # dyad_series median over 10M events
PARTS = ("throughput", "query", "merge", "writes", "memory")
FIXED_COST_ARTICLES = 4  # a near-empty ingest, to see start-up apart from throughput


@dataclass
class Results:
    environment: dict[str, object] = field(default_factory=dict)
    startup: dict[str, float] = field(default_factory=dict)
    corpus: dict[str, object] = field(default_factory=dict)
    throughput: list[dict[str, object]] = field(default_factory=list)
    fixed_cost: dict[str, float] = field(default_factory=dict)
    query_store: dict[str, object] = field(default_factory=dict)
    query: list[dict[str, object]] = field(default_factory=list)
    merge: list[dict[str, object]] = field(default_factory=list)
    writes: list[dict[str, object]] = field(default_factory=list)
    memory: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true",
                        help="quick run: 60 articles for throughput, memory at 200 and 2,000")
    parser.add_argument("--sizes", nargs=2, type=int, metavar=("A", "B"),
                        help="the two corpus sizes of the memory part (no budget adjustment)")
    parser.add_argument("--throughput-articles", type=int,
                        help="articles in the throughput corpus (default 600, --small 60)")
    parser.add_argument("--length", choices=sorted(corpus.LENGTHS), default="news",
                        help="article length of the throughput corpus (default news: ~480 "
                             "words; short: ~140)")
    parser.add_argument("--budget-minutes", type=float, default=20.0,
                        help="total time the default run aims at (default 20; 0: no limit)")
    parser.add_argument("--events", type=int, default=10_000_000,
                        help="synthetic events in the query store (default 10,000,000)")
    parser.add_argument("--query-articles", type=int, default=100_000,
                        help="synthetic articles those events belong to (default 100,000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per query")
    parser.add_argument("--only", choices=PARTS, action="append",
                        help="run only this part (repeatable)")
    parser.add_argument("--seed", type=int, default=1, help="corpus generation seed")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def heading(text: str) -> None:
    print(f"\n== {text} " + "=" * max(0, 76 - len(text)), flush=True)


def environment(results: Results) -> None:
    import duckdb
    import spacy

    from whimbrel.nlp import MODEL_NAMES

    model = "none found"
    for name in MODEL_NAMES:  # the order load_nlp tries them in
        if importlib.util.find_spec(name) is not None:
            model = f"{name} {importlib.metadata.version(name)}"
            break
    env = {"python": platform.python_version(), "spacy": spacy.__version__,
           "model": model, "duckdb": duckdb.__version__, "cpus": os.cpu_count(),
           "load_average": [round(x, 2) for x in os.getloadavg()]}
    results.environment = env
    heading("environment")
    for key, value in env.items():
        print(f"  {key:<14} {value}")
    if os.getloadavg()[0] > 0.8:
        note = (f"load average {os.getloadavg()[0]:.1f} at start on {os.cpu_count()} cpus: other "
                "processes are using the CPU, so the timings are pessimistic")
        results.notes.append(note)
        print("  note: " + note)


def _row(t: throughput.Throughput, cpu: float) -> str:
    return (f"  {t.label:<28} {t.articles:>6} art {t.words:>8} words {t.seconds:>8.1f} s "
            f"{t.words_per_s:>8.0f} words/s {t.articles_per_s:>7.1f} art/s  cpu {cpu:>6.1f} s")


def run_throughput(n: int, seed: int, length: str, results: Results) -> None:
    heading(f"throughput: {n} generated {length} articles")
    path = corpus.corpus_file(n, seed=seed, length=length)
    texts = corpus.cleaned_texts(path)
    results.corpus = {"file": str(path), "articles": n, "length": length,
                      "cleaned": len(texts), "words": corpus.words(texts)}
    print(f"  corpus {path.name}: {len(texts)} cleaned texts, {corpus.words(texts)} words "
          f"({corpus.words(texts) / max(len(texts), 1):.0f} per article)")
    nlp, start = throughput.startup()
    results.startup = {"model_s": start.model_s, "knowledge_s": start.knowledge_s}
    print(f"  in process, warm (load_nlp {start.model_s:.1f} s and knowledge tables "
          f"{start.knowledge_s:.1f} s before the timings; model warmed up):")
    runs = [
        ("bare", 1, lambda: throughput.bare_parse(nlp, texts, n_process=1)),
        ("ingest", 1, lambda: throughput.ingest_run(path, nlp=nlp, n_process=1)),
        ("bare", 2, lambda: throughput.bare_parse(nlp, texts, n_process=2)),
    ]
    for kind, procs, call in runs:
        cpu0 = time.process_time()
        out = call()
        cpu = time.process_time() - cpu0
        result, summary, counts = out if isinstance(out, tuple) else (out, None, None)
        print(_row(result, cpu), flush=True)
        row = {"kind": kind, "n_process": procs, **asdict(result),
               "words_per_s": result.words_per_s, "articles_per_s": result.articles_per_s,
               "cpu_s_this_process": cpu}
        if summary is not None and counts is not None:
            row["stored"] = asdict(counts)
            row["summary"] = {"read": summary.read, "stored": summary.stored,
                              "duplicates": summary.duplicates,
                              "near_duplicates": summary.near_duplicates,
                              "rejected": len(summary.rejected)}
            print(f"  {'':<28} read {summary.read}, stored {summary.stored}, duplicates "
                  f"{summary.duplicates}, near-duplicates linked {summary.near_duplicates}, "
                  f"rejected {len(summary.rejected)}; {counts.sentences} sentences, "
                  f"{counts.mentions} actor mentions, {counts.events} events")
        results.throughput.append(row)
    print("  (cpu: CPU seconds of this process, its threads included; spaCy's own worker "
          "processes are not in it)")
    print("  the command, cold (a new interpreter: imports, model, knowledge tables and worker "
          "processes inside the time):")
    for workers in (1, 2):
        run = throughput.command_run(path, workers=workers)
        t = run.throughput
        print(_row(t, run.cpu_s).replace("cpu", "cpu (all processes)"), flush=True)
        results.throughput.append({"kind": "command", "n_process": workers, **asdict(t),
                                   "words_per_s": t.words_per_s,
                                   "articles_per_s": t.articles_per_s, "cpu_s_all": run.cpu_s})
    # what a command costs before its first article: interpreter, model, knowledge, workers
    tiny = corpus.corpus_file(FIXED_COST_ARTICLES, seed=seed + 100, length=length)
    fixed = {w: throughput.command_run(tiny, workers=w).throughput.seconds for w in (1, 2)}
    results.fixed_cost = {str(k): v for k, v in fixed.items()}
    print(f"  fixed cost (the command on {FIXED_COST_ARTICLES} articles): --workers 1 "
          f"{fixed[1]:.1f} s, --workers 2 {fixed[2]:.1f} s")


def run_query(events: int, articles: int, repeats: int, results: Results) -> None:
    heading(f"query: dyad_series over {events:,} synthetic events")
    info = query.events_store(events, articles)
    how = (f"generated in {info.generated_s:.0f} s" if info.generated_s is not None
           else "cached")
    size_mb = info.path.stat().st_size / 2**20
    results.query_store = {"file": str(info.path), "events": events, "articles": articles,
                           "generated_s": info.generated_s, "size_mb": size_mb}
    print(f"  store {info.path.name} ({size_mb:.0f} MB, {articles:,} articles): {how}")
    for lat in query.time_series(info.path, repeats=repeats):
        results.query.append({"label": lat.label, "times": list(lat.times), "first": lat.first,
                              "median": lat.median, "max": lat.max, "points": lat.points,
                              "events": lat.events})
        print(f"  {lat.label:<46} first {lat.first:.3f} s  median {lat.median:.3f} s  "
              f"max {lat.max:.3f} s  ({lat.points} months, {lat.events:,} events)", flush=True)


def run_merge(sizes: tuple[int, ...], results: Results) -> None:
    heading("merge: reports of one event merged, over synthetic event mentions")
    for n in sizes:
        t = merging.time_merge(n)
        results.merge.append(asdict(t))
        print(f"  {t.mentions:>8,} mentions in {t.articles:>6,} articles -> {t.events:>7,} "
              f"events: {t.seconds:6.2f} s ({t.seconds / t.mentions * 1e6:.1f} us per mention)",
              flush=True)


def run_writes(sizes: tuple[int, int], seed: int, results: Results) -> None:
    from whimbrel.store import WRITER_MEMORY_LIMIT

    small, big = sizes
    heading(f"writes: the store's writes alone (no model), {big:,} generated articles in "
            f"batches of {writes.BATCH}")
    path = corpus.corpus_file(big, seed=seed)
    print("  largest peak of one batch's write above the resident size before it "
          "(the first batch, which starts DuckDB, left out):")
    for limit in (None, WRITER_MEMORY_LIMIT):
        run = writes.measure(path, big, limit)
        a, b = run.largest_up_to(small), run.largest_up_to(big)
        results.writes.append({"limit": run.limit, "articles": big, "seconds": run.seconds,
                               "retries": run.retries, "largest_small": a,
                               "largest_big": b, "small": small})
        print(f"  DuckDB memory {run.limit:<8} up to {small:>6,} articles {a:6.1f} MB, up to "
              f"{big:>6,} {b:6.1f} MB; {run.seconds:5.0f} s, {run.retries} batches written "
              "again without the limit", flush=True)


def _print_memory(run: memory.MemoryRun, wall: float, results: Results) -> None:
    results.memory.append({**asdict(run), "articles_per_s": run.articles_per_s, "wall_s": wall})
    print(f"  {run.articles:>6} articles: stored {run.stored} (read {run.read}, duplicates "
          f"{run.duplicates}, near-duplicates linked {run.near_duplicates}, rejected "
          f"{run.rejected})\n  {'':>15}ingest {run.seconds:.0f} s, cpu {run.cpu_s:.0f} s "
          f"({run.articles_per_s:.1f} art/s); RSS after loading {run.baseline_mb:.0f} MB, "
          f"peak {run.peak_mb:.0f} MB", flush=True)


def _measure(n: int, seed: int, results: Results) -> tuple[memory.MemoryRun, float]:
    path = corpus.corpus_file(n, seed=seed)
    start = time.perf_counter()
    run = memory.measure(path, n)
    wall = time.perf_counter() - start
    _print_memory(run, wall, results)
    return run, wall


def run_memory(sizes: tuple[int, int], *, adaptive: bool, deadline: float | None, seed: int,
               results: Results) -> None:
    first_n, want = sizes
    heading(f"memory: peak RSS of an ingest in a child process, {first_n:,} then "
            f"{'up to ' if adaptive else ''}{want:,} articles")
    first, wall = _measure(first_n, seed, results)
    second_n = want
    if adaptive and deadline is not None:
        per_article = first.seconds / max(first.stored, 1) * 1.15  # margin: cost grows with size
        fixed = wall - first.seconds  # interpreter, model and knowledge loading
        left = deadline - time.perf_counter() - fixed
        fits = int(left / per_article) // 1000 * 1000 if per_article > 0 else want
        second_n = min(want, max(fits, 2 * first_n))
        if second_n < want:
            note = (f"memory: {want:,} articles would take ~{fixed + want * per_article:.0f} s "
                    f"at {first_n:,}'s pace; the budget leaves {max(left, 0):.0f} s, so the "
                    f"second size is {second_n:,}")
            results.notes.append(note)
            print("  " + note)
    print(f"  sizes used: {first_n:,} and {second_n:,}")
    _measure(second_n, seed, results)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def summary(results: Results) -> None:
    heading("summary")
    rows: list[tuple[str, str, str, str]] = []
    by = {(r["kind"], r["n_process"]): r for r in results.throughput}
    if ("bare", 1) in by and ("ingest", 1) in by:
        bare1, e2e1 = by[("bare", 1)], by[("ingest", 1)]
        rows.append(("bare spaCy parse, 1 process (floor)", f"{bare1['words_per_s']:,.0f} words/s",
                     "", ""))
        rows.append(("whimbrel ingest, 1 process",
                     f"{e2e1['words_per_s']:,.0f} words/s, {e2e1['articles_per_s']:.1f} art/s",
                     "", ""))
        ratio = e2e1["words_per_s"] / bare1["words_per_s"]
        rows.append(("end-to-end / bare", f"{ratio:.2f}", f">= {TARGET_RATIO}",
                     _verdict(ratio >= TARGET_RATIO)))
        cpu_ratio = (bare1["cpu_s_this_process"] / e2e1["cpu_s_this_process"]
                     * e2e1["words"] / bare1["words"])
        rows.append(("  same, by CPU seconds (load-proof)", f"{cpu_ratio:.2f}", "", ""))
    if ("bare", 2) in by and ("bare", 1) in by:
        speed = by[("bare", 2)]["words_per_s"] / by[("bare", 1)]["words_per_s"]
        rows.append(("bare spaCy speed-up, 1 -> 2 processes", f"{speed:.2f}x", "(reference)", ""))
    if ("command", 2) in by and ("command", 1) in by:
        one, two = by[("command", 1)], by[("command", 2)]
        speed = one["seconds"] / two["seconds"] * two["words"] / max(one["words"], 1)
        rows.append(("whimbrel ingest --workers 1, cold",
                     f"{one['words_per_s']:,.0f} words/s, {one['articles_per_s']:.1f} art/s",
                     "", ""))
        rows.append(("whimbrel ingest --workers 2, cold",
                     f"{two['words_per_s']:,.0f} words/s, {two['articles_per_s']:.1f} art/s",
                     "", ""))
        rows.append(("ingest speed-up, 1 -> 2 processes", f"{speed:.2f}x",
                     f">= {TARGET_SPEEDUP}x", _verdict(speed >= TARGET_SPEEDUP)))
        if results.fixed_cost:
            a = one["seconds"] - results.fixed_cost["1"]
            b = two["seconds"] - results.fixed_cost["2"]
            if a > 0 and b > 0:
                rows.append(("  same, fixed start-up costs taken out", f"{a / b:.2f}x",
                             "", ""))
    if len(results.memory) == 2:
        small, big = results.memory
        ratio = big["peak_mb"] / small["peak_mb"]
        rows.append((f"peak RSS, {small['articles']:,} articles", f"{small['peak_mb']:,.0f} MB",
                     "", ""))
        rows.append((f"peak RSS, {big['articles']:,} articles", f"{big['peak_mb']:,.0f} MB",
                     "", ""))
        rows.append(("peak RSS ratio", f"{ratio:.2f}", f"<= {TARGET_RSS_RATIO}",
                     _verdict(ratio <= TARGET_RSS_RATIO)))
        per_k = ((big["peak_mb"] - small["peak_mb"])
                 / max(big["stored"] - small["stored"], 1) * 1000)
        at_20k = small["peak_mb"] + per_k * (20_000 - small["stored"]) / 1000
        rows.append(("  growth per 1,000 stored articles", f"{per_k:,.1f} MB", "", ""))
        if big["articles"] < 20_000 and small["stored"] >= 1000:  # small runs: startup noise
                rows.append(("  20,000 articles, extrapolated", f"~{at_20k:,.0f} MB "
                         f"(ratio {at_20k / small['peak_mb']:.2f})", "", ""))
    for w in results.writes:
        rows.append((f"largest batch write, DuckDB memory {w['limit']}",
                     f"{w['largest_small']:.0f} MB to {w['small']:,}, "
                     f"{w['largest_big']:.0f} MB to {w['articles']:,}", "", ""))
    if len(results.merge) == 2:
        small, big = results.merge
        growth = (big["seconds"] / big["mentions"]) / (small["seconds"] / small["mentions"])
        rows.append((f"merge, {big['mentions']:,} mentions", f"{big['seconds']:.2f} s", "", ""))
        rows.append(("  time per mention, larger / smaller", f"{growth:.2f}x",
                     "(1.0: linear)", ""))
    for q in results.query:
        rows.append((q["label"] + " median",
                     f"{q['median']:.3f} s (max {q['max']:.3f} s)", f"< {TARGET_QUERY_S} s",
                     _verdict(q["median"] < TARGET_QUERY_S)))
    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"  {'measure':<{width}}  {'value':<34} {'target':<12} result")
    for name, value, target, verdict in rows:
        print(f"  {name:<{width}}  {value:<34} {target:<12} {verdict}")
    results.environment["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"  load average at the end: {results.environment['load_average_end']}")
    for note in results.notes:
        print(f"  note: {note}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    deadline = started + args.budget_minutes * 60 if args.budget_minutes > 0 else None
    parts = args.only or list(PARTS)
    n_throughput = args.throughput_articles or (60 if args.small else 600)
    if args.sizes:
        sizes, adaptive = (args.sizes[0], args.sizes[1]), False
    elif args.small:
        sizes, adaptive = (200, 2000), False
    else:
        sizes, adaptive = (2000, 20_000), True
    results = Results()
    environment(results)
    if "throughput" in parts:
        run_throughput(n_throughput, args.seed, args.length, results)
    if "query" in parts:
        run_query(args.events, args.query_articles, args.repeats, results)
    if "merge" in parts:
        run_merge((10_000, 100_000) if not args.small else (10_000, 30_000), results)
    if "writes" in parts:
        run_writes(sizes, args.seed + 1, results)
    if "memory" in parts:
        run_memory(sizes, adaptive=adaptive, deadline=deadline, seed=args.seed + 1,
                   results=results)
    summary(results)
    print(f"\n  total {time.perf_counter() - started:.0f} s", flush=True)
    if args.json:
        args.json.write_text(json.dumps(asdict(results), indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
