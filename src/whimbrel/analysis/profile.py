"""One actor's record: how often it acts and is acted on, with whom it cooperates and fights,
and whether its relations are getting better or worse.

Counting follows :mod:`whimbrel.analysis.series` (negated events never count, missing
Goldstein scores take their quad class default). An actor's events with itself (a government
against its own opposition) are in the source/target counts but name no partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Literal, NamedTuple

from whimbrel.analysis.series import EVENTS_CTE, PeriodValue, bucket_sql, period_range
from whimbrel.store import Store

TrendDirection = Literal["improving", "worsening", "flat"]

RECENT_MONTHS = 3
# A change of the mean monthly net Goldstein smaller than this is "flat".
TREND_TOLERANCE = 1.0


class Partner(NamedTuple):
    """Another actor and the events between the two (either direction) of one kind."""

    code: str
    events: int
    goldstein: float


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """``partners`` (quad classes 1-2) and ``adversaries`` (3-4) are sorted by event count,
    most first; ``trend`` is the net Goldstein of every month from the actor's first to its last
    (months without events are 0)."""

    code: str
    events_as_source: int
    events_as_target: int
    partners: tuple[Partner, ...]
    adversaries: tuple[Partner, ...]
    trend: tuple[PeriodValue, ...]
    trend_direction: TrendDirection


def actor_profile(store: Store, code: str, *, top: int = 10) -> ActorProfile:
    """The profile of actor ``code`` with its ``top`` partners and adversaries.

    >>> with Store(":memory:") as store:
    ...     actor_profile(store, "RUS").trend_direction
    'flat'
    """
    counts = store.query(
        EVENTS_CTE + "SELECT count(*) FILTER (WHERE source_code = $1) AS src, "
        "count(*) FILTER (WHERE target_code = $1) AS tgt FROM ev "
        "WHERE source_code = $1 OR target_code = $1", [code])[0]
    trend = _trend(store, code)
    return ActorProfile(
        code=code, events_as_source=counts["src"], events_as_target=counts["tgt"],
        partners=_partners(store, code, (1, 2), top),
        adversaries=_partners(store, code, (3, 4), top),
        trend=trend, trend_direction=trend_direction([p.value for p in trend]))


def trend_direction(values: list[float]) -> TrendDirection:
    """Compare the mean of the last three values (fewer when there are fewer than four) with the
    mean of the ones before.

    >>> trend_direction([-5.0, -4.0, 2.0, 3.0, 2.0])
    'improving'
    """
    if len(values) < 2:
        return "flat"
    recent = min(RECENT_MONTHS, len(values) - 1)
    change = fmean(values[-recent:]) - fmean(values[:-recent])
    if change > TREND_TOLERANCE:
        return "improving"
    if change < -TREND_TOLERANCE:
        return "worsening"
    return "flat"


def _partners(store: Store, code: str, quads: tuple[int, int], top: int) -> tuple[Partner, ...]:
    rows = store.query(
        EVENTS_CTE + "SELECT partner, count(*) AS n, coalesce(sum(gs), 0) AS gs FROM ("
        "SELECT CASE WHEN source_code = $1 THEN target_code ELSE source_code END AS partner, gs "
        "FROM ev WHERE (source_code = $1 OR target_code = $1) AND quad_class IN ($2, $3)) "
        "WHERE partner IS NOT NULL AND partner <> $1 GROUP BY partner "
        "ORDER BY n DESC, partner LIMIT $4", [code, *quads, top])
    return tuple(Partner(r["partner"], r["n"], float(r["gs"])) for r in rows)


def _trend(store: Store, code: str) -> tuple[PeriodValue, ...]:
    bucket = bucket_sql("month")
    rows = store.query(
        EVENTS_CTE + f"SELECT {bucket} AS period, coalesce(sum(gs), 0) AS gs FROM ev "
        f"WHERE (source_code = $1 OR target_code = $1) AND {bucket} IS NOT NULL "
        "GROUP BY period ORDER BY period", [code])
    if not rows:
        return ()
    net: dict[date, float] = {r["period"]: float(r["gs"]) for r in rows}
    return tuple(PeriodValue(p.isoformat(), net.get(p, 0.0))
                 for p in period_range(rows[0]["period"], rows[-1]["period"], "month"))
