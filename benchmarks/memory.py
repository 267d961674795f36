"""Peak memory of an ingest, measured in a child process per corpus size.

Each size runs ``python benchmarks/memory.py --child CORPUS DB RESULT`` in a fresh interpreter
(one process, ``n_process=1``), so one size never contaminates another. The peak is the child's
own high-water mark, ``VmHWM`` in ``/proc/self/status``, read at the end of its ingest: it
belongs to the memory map the child's ``exec`` created. ``ru_maxrss`` from ``wait4`` or
``RUSAGE_CHILDREN`` is not used: Linux carries the high-water mark of the pre-``exec`` image (a
fork or vfork of the parent, which has the model loaded) into it, so every size would report
at least the parent's size. The child also reports its resident size after loading the model
and the knowledge tables (the baseline every size pays) and its CPU time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class MemoryRun:
    articles: int  # generated
    read: int
    stored: int
    near_duplicates: int
    duplicates: int
    rejected: int
    seconds: float  # the ingest alone, in the child
    cpu_s: float  # CPU seconds of the child's ingest (its threads included)
    baseline_mb: float  # resident after loading model and knowledge, before the ingest
    peak_mb: float  # the child's VmHWM: its peak resident size, loading included

    @property
    def articles_per_s(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0


def status_mb(field: str) -> float:
    """``VmRSS``/``VmHWM`` of this process in MB (Linux only), 0 when unavailable."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(corpus: Path, articles: int) -> MemoryRun:
    """Ingest ``corpus`` in a child process and return its counts, time and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="whimbrel-mem-") as tmp:
        db = Path(tmp) / "mem.duckdb"
        out = Path(tmp) / "result.json"
        code = subprocess.call([sys.executable, str(Path(__file__).resolve()), "--child",
                                str(corpus), str(db), str(out)])
        if code != 0:
            raise RuntimeError(f"memory child for {corpus} exited with {code}")
        result = json.loads(out.read_text())
    return MemoryRun(articles=articles, read=result["read"], stored=result["stored"],
                     near_duplicates=result["near_duplicates"],
                     duplicates=result["duplicates"], rejected=result["rejected"],
                     seconds=result["seconds"], cpu_s=result["cpu_s"],
                     baseline_mb=result["baseline_mb"], peak_mb=result["peak_mb"])


def _child(corpus: str, db: str, out: str) -> None:
    from whimbrel.analyse import Analyzer
    from whimbrel.nlp import NlpConfig, load_nlp
    from whimbrel.pipeline import IngestOptions, ingest

    nlp = load_nlp(NlpConfig())
    Analyzer.load()
    for _ in nlp.pipe(["Russia condemned the strikes on Sunday."] * 4):
        pass
    baseline = status_mb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    summary = ingest([corpus], db=db, options=IngestOptions(), nlp=nlp)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    Path(out).write_text(json.dumps({
        "read": summary.read, "stored": summary.stored, "duplicates": summary.duplicates,
        "near_duplicates": summary.near_duplicates, "rejected": len(summary.rejected),
        "seconds": seconds, "cpu_s": cpu, "baseline_mb": baseline,
        "peak_mb": status_mb("VmHWM")}))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(*sys.argv[2:5])
    else:
        sys.exit("usage: memory.py --child CORPUS DB RESULT_JSON (run by benchmarks/run.py)")
