"""Query latency: a dyad series over a store of synthetic events (10 million by default).

The store is made once and cached under ``benchmarks/.cache/``: :class:`whimbrel.store.Store`
creates the schema (so the tables, keys and indexes are exactly whimbrel's), then DuckDB SQL
fills ``articles`` and ``events`` from ``range()`` and ``random()``:

* articles have ids ``q0000000``.., dates spread over 2016-2025;
* events are spread evenly over the articles; source and target codes are drawn from
  :data:`CODES` with a skew (the first codes, USA and RUS among them, are the commonest) and are
  missing in 8%; 45% carry their own date (35% a day, 5% a month, 5% a year only), the rest take
  the article's date; 5% are negated; 20% have no Goldstein score.

:func:`time_series` then times :func:`whimbrel.analysis.series.dyad_series` on a read-only
store, the first call included.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from whimbrel.analysis.series import dyad_series
from whimbrel.records import PLOVER_TYPES
from whimbrel.store import SCHEMA_VERSION, Store

from benchmarks.corpus import ensure_cache_dir

QUERY_VERSION = 1  # bump when generation changes: cached files carry it in their name
CODES = ("USA", "RUS", "ISR", "IRN", "UKR", "CHN", "GBR", "FRA", "DEU", "TUR", "SYR", "IRQ",
         "SAU", "QAT", "EGY", "IND", "PAK", "JPN", "KOR", "PRK", "UNO", "NATO", "EU", "IAEA",
         "YEM", "LBN", "JOR", "POL", "BLR", "KAZ", "AZE", "ARM", "GEO", "BRA", "VEN", "CAN",
         "MEX", "NGA", "ETH", "KEN")
SECTORS = ("GOV", "MIL", "REB", "CVL", "BUS", "MED", "IGO", "OTHER")


def _sql_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def _date_text(fmt: str) -> str:
    return f"strftime(DATE '2016-01-01' + CAST(floor(random() * 3650) AS INTEGER), '{fmt}')"


def _fill(con: duckdb.DuckDBPyConnection, events: int, articles: int) -> None:
    codes, types, sectors = _sql_list(CODES), _sql_list(PLOVER_TYPES), _sql_list(SECTORS)
    pick_code = f"{codes}[1 + CAST(floor(pow(random(), 2.5) * {len(CODES)}) AS INTEGER)]"
    con.execute("SET enable_progress_bar = false")
    con.execute("SELECT setseed(0.42)")
    con.execute(f"""
        INSERT INTO articles (id, content_hash, origin, format, title, url, published, text,
                              raw_text, cluster, run_id, ingested_at)
        SELECT 'q' || lpad(CAST(i AS VARCHAR), 7, '0'), md5(CAST(i AS VARCHAR)), 'synthetic',
               'jsonl', 'Synthetic article ' || i, 'https://bench.test/q/' || i,
               DATE '2016-01-01' + CAST(floor(random() * 3650) AS INTEGER),
               'synthetic text', 'synthetic text', 'q' || lpad(CAST(i AS VARCHAR), 7, '0'),
               NULL, now()
        FROM range({articles}) t(i)""")
    con.execute(f"""
        INSERT INTO events (article_id, seq, sentence, type, mode, contexts, cameo, quad_class,
                            goldstein, source_code, source_sector, source_name, target_code,
                            target_sector, target_name, trigger_start, trigger_end,
                            trigger_text, negated, hedged, quoted, date, confidence, rule)
        SELECT 'q' || lpad(CAST(i % {articles} AS VARCHAR), 7, '0'), i // {articles},
               CAST((i // {articles}) % 20 AS INTEGER),
               {types}[1 + CAST(floor(r_type * {len(PLOVER_TYPES)}) AS INTEGER)], 'verbal',
               CAST([] AS VARCHAR[]), '0' || CAST(10 + CAST(floor(r_type * 90) AS INTEGER)
                                            AS VARCHAR),
               1 + CAST(floor(r_type * 4) AS INTEGER),
               CASE WHEN random() < 0.2 THEN NULL ELSE round(random() * 20 - 10, 1) END,
               CASE WHEN random() < 0.08 THEN NULL ELSE {pick_code} END,
               {sectors}[1 + CAST(floor(random() * {len(SECTORS)}) AS INTEGER)], NULL,
               CASE WHEN random() < 0.08 THEN NULL ELSE {pick_code} END,
               {sectors}[1 + CAST(floor(random() * {len(SECTORS)}) AS INTEGER)], NULL,
               0, 10, 'trigger', random() < 0.05, random() < 0.1, random() < 0.1,
               CASE WHEN r_date < 0.55 THEN NULL
                    WHEN r_date < 0.90 THEN {_date_text('%Y-%m-%d')}
                    WHEN r_date < 0.95 THEN {_date_text('%Y-%m')}
                    ELSE {_date_text('%Y')} END,
               round(random(), 2), 'synthetic'
        FROM (SELECT i, random() AS r_type, random() AS r_date FROM range({events}) t(i))""")


@dataclass(frozen=True, slots=True)
class StoreInfo:
    path: Path
    events: int
    articles: int
    generated_s: float | None  # None when the cached file was used


def events_store(events: int = 10_000_000, articles: int = 100_000) -> StoreInfo:
    """The cached store of ``events`` synthetic events over ``articles`` articles (made if
    missing)."""
    name = f"events-v{QUERY_VERSION}-schema{SCHEMA_VERSION}-{events}-{articles}.duckdb"
    path = ensure_cache_dir() / name
    if path.exists():
        return StoreInfo(path, events, articles, None)
    tmp = path.with_name(path.name + ".tmp")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    start = time.perf_counter()
    Store(tmp).close()  # whimbrel's schema, migrated to the current version
    con = duckdb.connect(str(tmp))
    try:
        _fill(con, events, articles)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    tmp.replace(path)
    return StoreInfo(path, events, articles, time.perf_counter() - start)


@dataclass(frozen=True, slots=True)
class Latency:
    label: str
    times: tuple[float, ...]  # seconds per call, the first (cold) call first
    points: int  # buckets in the series
    events: int  # events the series counts

    @property
    def first(self) -> float:
        return self.times[0]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def max(self) -> float:
        return max(self.times)


def time_series(path: Path, *, repeats: int = 5, source: str = "RUS", target: str = "USA",
                freq: str = "month") -> list[Latency]:
    """Time ``dyad_series`` one way and ``either_direction``, ``repeats`` calls each."""
    out = []
    with Store(path, read_only=True) as store:
        for either in (False, True):
            times = []
            for _ in range(max(repeats, 1)):
                start = time.perf_counter()
                series = dyad_series(store, source, target, freq=freq, either_direction=either)
                times.append(time.perf_counter() - start)
            label = f"dyad_series({source}, {target}, {freq}{', either_direction' if either else ''})"
            out.append(Latency(label, tuple(times), len(series.points),
                               sum(p.events for p in series.points)))
    return out
