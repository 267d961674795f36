"""Is a dyad's conflict escalating? The latest period's conflict intensity against its baseline.

The conflict intensity of a dyad in a period is minus the sum of the negative Goldstein scores
of its conflict events (quad classes 3-4, either direction): a period with two attacks (-10
each) has intensity 20. The latest period is the bucket of ``as_of``, by default of the store's
latest dated event (so a dyad that went quiet is measured now, not at its last event). Its
intensity is compared with the ``baseline_periods`` periods before it, periods without events
counting as 0::

    z = (latest - mean(baseline)) / max(std(baseline), 1.0)

(population standard deviation; the floor keeps a flat, quiet baseline from turning one event
into an infinite z). ``level`` is ``escalating`` when z >= 2, ``elevated`` when z >= 1, else
``normal``. Counting follows :mod:`whimbrel.analysis.series`; the whole computation, gap filling
included, runs in DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from whimbrel.analysis.series import (
    EVENTS_CTE,
    PeriodValue,
    bucket_sql,
    bucket_start,
    parse_bound,
    shift,
)
from whimbrel.store import Store

Level = Literal["escalating", "elevated", "normal"]

ESCALATING_Z = 2.0
ELEVATED_Z = 1.0
MIN_STD = 1.0


@dataclass(frozen=True, slots=True)
class Escalation:
    """``periods`` holds the baseline periods then the latest one, oldest first, with their
    conflict intensity; ``conflict_events`` counts the dyad's conflict events of all time."""

    source: str
    target: str
    freq: str
    periods: tuple[PeriodValue, ...]
    latest: float
    baseline_mean: float
    baseline_std: float
    z: float
    level: Level
    conflict_events: int


def level_of(z: float) -> Level:
    if z >= ESCALATING_Z:
        return "escalating"
    if z >= ELEVATED_Z:
        return "elevated"
    return "normal"


def escalation(store: Store, source: str, target: str, *, freq: str = "week",
               baseline_periods: int = 8, as_of: str | None = None) -> Escalation:
    """The escalation of the conflict between ``source`` and ``target`` (both directions).

    >>> with Store(":memory:") as store:
    ...     escalation(store, "RUS", "UKR").level
    'normal'
    """
    periods = _window(store, freq, baseline_periods, as_of)
    pair = sorted((source, target))
    rows = _ranked(store, freq, periods, min_events=0, dyad=(pair[0], pair[1]), top=1)
    if not rows:  # no conflict between them at all
        rows = [{"a": pair[0], "b": pair[1], "n": 0, "vs": [0.0] * len(periods), "mean": 0.0,
                 "sd": 0.0, "latest": 0.0, "z": 0.0}]
    return _record(rows[0], freq, periods, source, target)


def escalations(store: Store, *, top: int = 10, freq: str = "week", baseline_periods: int = 8,
                min_events: int = 3, as_of: str | None = None) -> tuple[Escalation, ...]:
    """The ``top`` dyads with at least ``min_events`` conflict events, highest z first.

    >>> with Store(":memory:") as store:
    ...     escalations(store)
    ()
    """
    periods = _window(store, freq, baseline_periods, as_of)
    rows = _ranked(store, freq, periods, min_events=min_events, dyad=None, top=top)
    return tuple(_record(row, freq, periods, row["a"], row["b"]) for row in rows)


def _window(store: Store, freq: str, baseline_periods: int, as_of: str | None) -> list[date]:
    """The baseline period starts then the latest, oldest first (empty: nothing dated)."""
    if baseline_periods < 1:
        raise ValueError(f"baseline_periods must be at least 1, not {baseline_periods}")
    bucket = bucket_sql(freq)
    latest = parse_bound(as_of)
    if latest is not None:
        latest = bucket_start(latest, freq)
    else:
        latest = store.query(EVENTS_CTE + f"SELECT max({bucket}) AS p FROM ev")[0]["p"]
    if latest is None:
        return []
    return [shift(latest, freq, -n) for n in range(baseline_periods, -1, -1)]


def _ranked(store: Store, freq: str, periods: list[date], *, min_events: int,
            dyad: tuple[str, str] | None, top: int) -> list[dict[str, Any]]:
    if not periods:
        return []
    bucket = bucket_sql(freq)
    pair_sql, pair_params = ("AND least(source_code, target_code) = ? "
                             "AND greatest(source_code, target_code) = ?", list(dyad)) \
        if dyad else ("", [])
    return store.query(
        EVENTS_CTE + ", conflict AS ("
        "SELECT least(source_code, target_code) AS a, greatest(source_code, target_code) AS b, "
        f"{bucket} AS period, gs FROM ev WHERE quad_class IN (3, 4) "
        "AND source_code IS NOT NULL AND target_code IS NOT NULL "
        f"AND source_code <> target_code {pair_sql}), "
        "win AS (SELECT unnest(?::DATE[]) AS period), "
        "dyads AS (SELECT a, b, count(*) AS n FROM conflict GROUP BY a, b HAVING count(*) >= ?), "
        "intensity AS (SELECT a, b, period, -coalesce(sum(gs) FILTER (WHERE gs < 0), 0) AS v "
        "FROM conflict WHERE period IN (SELECT period FROM win) GROUP BY a, b, period), "
        "filled AS (SELECT d.a, d.b, d.n, w.period, coalesce(i.v, 0) AS v "
        "FROM dyads d CROSS JOIN win w LEFT JOIN intensity i "
        "ON i.a = d.a AND i.b = d.b AND i.period = w.period), "
        "stats AS (SELECT a, b, n, list(v ORDER BY period) AS vs, "
        "avg(v) FILTER (WHERE period < ?) AS mean, "
        "stddev_pop(v) FILTER (WHERE period < ?) AS sd, "
        "max(v) FILTER (WHERE period = ?) AS latest FROM filled GROUP BY a, b, n) "
        "SELECT *, (latest - mean) / greatest(coalesce(sd, 0), ?) AS z FROM stats "
        "ORDER BY z DESC, latest DESC, a, b LIMIT ?",
        [*pair_params, periods, min_events, periods[-1], periods[-1], periods[-1], MIN_STD, top])


def _record(row: dict[str, Any], freq: str, periods: list[date], source: str,
            target: str) -> Escalation:
    z = float(row["z"])
    return Escalation(
        source=source, target=target, freq=freq,
        periods=tuple(PeriodValue(p.isoformat(), float(v)) for p, v in zip(periods, row["vs"],
                                                                           strict=True)),
        latest=float(row["latest"]), baseline_mean=float(row["mean"]),
        baseline_std=float(row["sd"] or 0.0), z=z, level=level_of(z), conflict_events=row["n"])
