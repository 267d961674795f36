"""Event counts over time for a dyad (or any actors), bucketed by day, week, month or year.

Every analysis counts the same events the same way, and the rules live here:

* An event's date is its own ``date``, else its article's ``published`` date. It counts at the
  start of that date's interval: ``2025-06`` is 1 June 2025. A year-only date (``2025``) counts
  only in yearly buckets; day, week and month buckets skip it. Weeks start on Monday (ISO).
* Negated events ("Russia did not attack") did not happen and are never counted.
* Goldstein scores missing from an event take the default of its quad class
  (:data:`DEFAULT_GOLDSTEIN`).

The grouping runs in DuckDB; Python only fills the periods that have no events with zeros.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from whimbrel.records import PLOVER_TYPES
from whimbrel.store import Store

FREQS = ("day", "week", "month", "year")
QUAD_CLASSES = (1, 2, 3, 4)
# Goldstein score of an event whose CAMEO code gives none, by quad class.
DEFAULT_GOLDSTEIN: dict[int, float] = {1: 2.0, 2: 5.0, 3: -3.0, 4: -8.0}

_EFFECTIVE = "coalesce(e.date, CAST(a.published AS VARCHAR))"
_DEFAULT_GS = "CASE e.quad_class " + " ".join(
    f"WHEN {q} THEN {g}" for q, g in DEFAULT_GOLDSTEIN.items()) + " END"

# ``ev``: every event that happened (not negated) with its date interval start and a Goldstein
# score. Analyses write ``EVENTS_CTE + "SELECT ... FROM ev ..."``. NOT MATERIALIZED: a query may
# read ``ev`` more than once (:func:`dyad_events`), and DuckDB would then by default compute it
# once, whole, before filtering; inlined, each reference's filters reach the scan of ``events``.
EVENTS_CTE = f"""
WITH ev AS NOT MATERIALIZED (
    SELECT e.article_id, e.seq, e.type, e.quad_class, e.source_code, e.target_code,
           coalesce(e.goldstein, {_DEFAULT_GS}) AS gs,
           CASE length({_EFFECTIVE})
               WHEN 10 THEN TRY_CAST({_EFFECTIVE} AS DATE)
               WHEN 7 THEN TRY_CAST({_EFFECTIVE} || '-01' AS DATE)
               WHEN 4 THEN TRY_CAST({_EFFECTIVE} || '-01-01' AS DATE)
           END AS start_date,
           length({_EFFECTIVE}) = 4 AS year_only
    FROM events e LEFT JOIN articles a ON a.id = e.article_id
    WHERE NOT coalesce(e.negated, false)
)
"""


class PeriodValue(NamedTuple):
    """One value of a per-period series: ``period`` is the ISO date the bucket starts on."""

    period: str
    value: float


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """The events of one bucket: counts per PLOVER type (all 16 present) and per quad class
    (1-4 present), the total, and the sum of their Goldstein scores."""

    period: str
    type_counts: dict[str, int]
    quad_counts: dict[int, int]
    events: int
    goldstein: float


@dataclass(frozen=True, slots=True)
class Series:
    """A dyad's events per bucket, from the first to the last bucket with an event (or the
    ``since``/``until`` bounds when given); buckets with no events are present with zeros."""

    freq: str
    source: str | None
    target: str | None
    points: tuple[SeriesPoint, ...]


def check_freq(freq: str) -> str:
    if freq not in FREQS:
        raise ValueError(f"freq {freq!r} is not one of {', '.join(FREQS)}")
    return freq


def bucket_sql(freq: str) -> str:
    """The SQL expression (over ``ev``) of the bucket an event falls in, NULL if it has none."""
    trunc = f"CAST(date_trunc('{check_freq(freq)}', start_date) AS DATE)"
    return trunc if freq == "year" else f"CASE WHEN year_only THEN NULL ELSE {trunc} END"


def bucket_start(day: date, freq: str) -> date:
    """The first day of the bucket ``day`` falls in."""
    check_freq(freq)
    if freq == "week":
        return day - timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "year":
        return day.replace(month=1, day=1)
    return day


def shift(start: date, freq: str, n: int) -> date:
    """The bucket start ``n`` buckets after (negative: before) the bucket starting at ``start``."""
    check_freq(freq)
    if freq == "day":
        return start + timedelta(days=n)
    if freq == "week":
        return start + timedelta(weeks=n)
    if freq == "year":
        return start.replace(year=start.year + n)
    months = start.year * 12 + start.month - 1 + n
    return date(months // 12, months % 12 + 1, 1)


def period_range(first: date, last: date, freq: str) -> list[date]:
    """Every bucket start from ``first``'s bucket to ``last``'s, in order."""
    periods, current, end = [], bucket_start(first, freq), bucket_start(last, freq)
    while current <= end:
        periods.append(current)
        current = shift(current, freq, 1)
    return periods


def parse_bound(value: str | None, *, end: bool = False) -> date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as the first day of that interval (the last day
    when ``end``)."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        if len(value) == 7:
            first = date.fromisoformat(value + "-01")
            return shift(first, "month", 1) - timedelta(days=1) if end else first
        if len(value) == 4:
            return date(int(value), 12, 31) if end else date(int(value), 1, 1)
    except ValueError:
        pass
    raise ValueError(f"date bound {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY")


def dyad_condition(source: str | None, target: str | None, *,
                   either_direction: bool) -> tuple[str, list[Any]]:
    """SQL over ``ev`` matching events from ``source`` to ``target`` (None: any actor), and
    its parameters; with ``either_direction`` also those from ``target`` to ``source``."""
    def one(src: str | None, tgt: str | None) -> tuple[str, list[Any]]:
        parts, params = [], []
        for column, value in (("source_code", src), ("target_code", tgt)):
            if value is not None:
                parts.append(f"{column} = ?")
                params.append(value)
        return (" AND ".join(parts) or "true"), params

    sql, params = one(source, target)
    if either_direction:
        back_sql, back_params = one(target, source)
        return f"(({sql}) OR ({back_sql}))", params + back_params
    return f"({sql})", params


def dyad_events(source: str | None, target: str | None, *,
                either_direction: bool) -> tuple[str, list[Any]]:
    """A subquery over ``ev`` of the events :func:`dyad_condition` matches, and its parameters.

    Either direction is the events from ``source`` to ``target``, then (UNION ALL) those from
    ``target`` to ``source`` that the first part did not take. Each part filters one column
    on one value, which DuckDB applies inside the scan of ``events`` (the other columns are read
    only for the rows that pass); an OR of the two directions is not pushed into the scan, so
    every column would be read for every row and the OR evaluated above it.
    """
    forward, params = dyad_condition(source, target, either_direction=False)
    if either_direction:
        backward, back_params = dyad_condition(target, source, either_direction=False)
        if (backward, back_params) != (forward, params):  # (A, A) and (None, None): one way
            return (f"(SELECT * FROM ev WHERE {forward} UNION ALL SELECT * FROM ev "
                    f"WHERE {backward} AND NOT coalesce({forward}, false))",
                    [*params, *back_params, *params])
    return f"(SELECT * FROM ev WHERE {forward})", params


def date_conditions(since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """SQL over ``ev`` keeping events whose date interval starts within the bounds."""
    parts, params = ["true"], []
    if (lo := parse_bound(since)) is not None:
        parts.append("start_date >= ?")
        params.append(lo)
    if (hi := parse_bound(until, end=True)) is not None:
        parts.append("start_date <= ?")
        params.append(hi)
    return " AND ".join(parts), params


def dyad_series(store: Store, source: str | None = None, target: str | None = None, *,
                freq: str = "month", either_direction: bool = False,
                since: str | None = None, until: str | None = None) -> Series:
    """Events from ``source`` to ``target`` per bucket of ``freq`` (day, week, month, year).

    >>> with Store(":memory:") as store:
    ...     dyad_series(store, "RUS", "UKR", freq="week").points
    ()
    """
    bucket = bucket_sql(freq)
    dyad, params = dyad_events(source, target, either_direction=either_direction)
    dates, date_params = date_conditions(since, until)
    rows = store.query(
        EVENTS_CTE + f"SELECT {bucket} AS period, type, quad_class, count(*) AS n, "
        f"coalesce(sum(gs), 0) AS gs FROM {dyad} AS dyad "
        f"WHERE {dates} AND {bucket} IS NOT NULL GROUP BY ALL ORDER BY period",
        [*params, *date_params])
    first = parse_bound(since) or (rows[0]["period"] if rows else None)
    last = parse_bound(until, end=True) or (rows[-1]["period"] if rows else None)
    periods = period_range(first, last, freq) if first and last else []
    return Series(freq, source, target, _points(periods, rows))


def _points(periods: Sequence[date], rows: Sequence[dict[str, Any]]) -> tuple[SeriesPoint, ...]:
    by_period: dict[date, list[dict[str, Any]]] = {}
    for row in rows:
        by_period.setdefault(row["period"], []).append(row)
    points = []
    for period in periods:
        types = dict.fromkeys(PLOVER_TYPES, 0)
        quads = dict.fromkeys(QUAD_CLASSES, 0)
        events, goldstein = 0, 0.0
        for row in by_period.get(period, ()):
            if row["type"] is not None:
                types[row["type"]] = types.get(row["type"], 0) + row["n"]
            if row["quad_class"] is not None:
                quads[row["quad_class"]] = quads.get(row["quad_class"], 0) + row["n"]
            events += row["n"]
            goldstein += row["gs"]
        points.append(SeriesPoint(period.isoformat(), types, quads, events, goldstein))
    return tuple(points)
