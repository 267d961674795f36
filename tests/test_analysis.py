"""Analyses over real DuckDB stores filled with hand-made events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import networkx as nx
import pytest

from whimbrel.analysis import (
    actor_network,
    actor_profile,
    dyad_series,
    network_to_graphml,
    to_networkx,
)
from whimbrel.analysis.escalation import escalation, escalations, level_of
from whimbrel.analysis.profile import trend_direction
from whimbrel.store import Store

QUAD = {"AGREE": 1, "CONSULT": 1, "REQUEST": 1, "COOPERATE": 2, "AID": 2, "ACCUSE": 3,
        "THREATEN": 3, "ASSAULT": 4, "COERCE": 4}


def ev(type: str, source: str | None, target: str | None, date: str | None,
       goldstein: float | None = None, **extra: Any) -> dict[str, Any]:
    """One event row; ``article`` (default ``a1``) names its article."""
    return {"type": type, "quad_class": QUAD[type], "source_code": source,
            "target_code": target, "date": date, "goldstein": goldstein, **extra}


def make_store(path: Path, events: list[dict[str, Any]],
               published: dict[str, str] | None = None) -> Path:
    """A migrated store holding ``events`` (and an article for each ``article`` they name)."""
    Store(path).close()
    published = published or {}
    con = duckdb.connect(str(path))
    try:
        ids = sorted({e.get("article", "a1") for e in events} | set(published))
        con.executemany(
            "INSERT INTO articles (id, content_hash, published, text, raw_text) "
            "VALUES (?, ?, ?, 'text', 'text')",
            [(a, f"hash-{a}", published.get(a)) for a in ids])
        seqs: dict[str, int] = {}
        for e in events:
            row = dict(e)
            article = row.pop("article", "a1")
            seqs[article] = seqs.get(article, -1) + 1
            row.update(article_id=article, seq=seqs[article], sentence=0)
            row.setdefault("negated", False)
            con.execute(f"INSERT INTO events ({', '.join(row)}) "
                        f"VALUES ({', '.join('?' * len(row))})", list(row.values()))
    finally:
        con.close()
    return path


# -- series --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def series_store(tmp_path_factory) -> Store:
    path = make_store(tmp_path_factory.mktemp("series") / "s.duckdb", [
        ev("ASSAULT", "RUS", "UKR", "2024-01-05", -10.0),
        ev("ACCUSE", "RUS", "UKR", "2024-01-20"),  # no Goldstein: quad 3 default -3.0
        ev("ASSAULT", "RUS", "UKR", "2024-01-07", -10.0, negated=True),  # did not happen
        ev("REQUEST", "RUS", "UKR", "2024-02"),  # month precision: 1 February; default 2.0
        ev("THREATEN", "RUS", "UKR", "2024-03-02", -4.4),
        ev("CONSULT", "RUS", "UKR", None, 1.0, article="a2"),  # article date 2024-03-15
        ev("AGREE", "RUS", "UKR", "2024", 3.0),  # year only: yearly buckets only
        ev("ACCUSE", "UKR", "RUS", "2024-02-10", -2.0),
        ev("AID", "USA", "UKR", "2024-02-11", 7.4),
    ], published={"a2": "2024-03-15"})
    with Store(path, read_only=True) as store:
        yield store


def test_monthly_series_counts_per_bucket(series_store):
    series = dyad_series(series_store, "RUS", "UKR", freq="month")
    assert (series.freq, series.source, series.target) == ("month", "RUS", "UKR")
    assert [p.period for p in series.points] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    jan, feb, mar = series.points
    assert jan.events == 2  # the negated assault is not counted
    assert jan.type_counts["ASSAULT"] == 1 and jan.type_counts["ACCUSE"] == 1
    assert jan.type_counts["AGREE"] == 0 and len(jan.type_counts) == 16
    assert jan.quad_counts == {1: 0, 2: 0, 3: 1, 4: 1}
    assert jan.goldstein == pytest.approx(-13.0)
    assert (feb.events, feb.type_counts["REQUEST"], feb.goldstein) == (1, 1, pytest.approx(2.0))
    assert mar.events == 2 and mar.type_counts["CONSULT"] == 1  # dated by its article
    assert mar.goldstein == pytest.approx(-3.4)


def test_year_only_dates_count_in_yearly_buckets(series_store):
    (year,) = dyad_series(series_store, "RUS", "UKR", freq="year").points
    assert year.period == "2024-01-01"
    assert year.events == 6 and year.type_counts["AGREE"] == 1


def test_weekly_series_fills_empty_weeks(series_store):
    points = dyad_series(series_store, "RUS", "UKR", freq="week").points
    assert points[0].period == "2024-01-01"  # Friday 5 January is in the week of Monday 1st
    assert [p.events for p in points[:3]] == [1, 0, 1]
    assert points[2].period == "2024-01-15"
    assert sum(p.events for p in points) == 5


def test_daily_series_puts_a_month_date_on_the_first(series_store):
    days = {p.period: p for p in dyad_series(series_store, "RUS", "UKR", freq="day").points}
    assert days["2024-02-01"].type_counts["REQUEST"] == 1
    assert days["2024-01-07"].events == 0  # the negated assault's day
    assert days["2024-03-15"].type_counts["CONSULT"] == 1


def test_either_direction_counts_both_ways(series_store):
    one_way = dyad_series(series_store, "RUS", "UKR", freq="month").points
    both = dyad_series(series_store, "RUS", "UKR", freq="month", either_direction=True).points
    assert one_way[1].events == 1
    assert both[1].events == 2 and both[1].type_counts["ACCUSE"] == 1
    assert both[1].goldstein == pytest.approx(0.0)



@pytest.fixture(scope="module")
def direction_store(tmp_path_factory) -> Store:
    path = make_store(tmp_path_factory.mktemp("direction") / "d.duckdb", [
        ev("ASSAULT", "RUS", "UKR", "2024-01-05", -10.0),
        ev("ACCUSE", "UKR", "RUS", "2024-01-06"),  # default Goldstein
        ev("AID", "UKR", "RUS", None, 4.0, article="a2"),  # dated by its article
        ev("REQUEST", "RUS", "UKR", "2024-02"),
        ev("AGREE", "UKR", "RUS", "2024", 3.0),  # year only
        ev("THREATEN", "UKR", "RUS", "2024-03-09", -4.4, negated=True),
        ev("CONSULT", "RUS", "RUS", "2024-01-10", 1.0),  # an actor with itself
        ev("CONSULT", "UKR", "UKR", "2024-01-11", 1.0),
        ev("COERCE", None, "RUS", "2024-02-12"),
        ev("COERCE", "RUS", None, "2024-02-13"),
        ev("AID", "USA", "UKR", "2024-03-14", 7.4),
        ev("ACCUSE", "UKR", "RUS", None, article="a3"),  # no date at all: in no bucket
    ], published={"a2": "2024-03-15", "a3": None})
    with Store(path, read_only=True) as store:
        yield store


def _totals(*signed: tuple[int, Any]) -> dict[str, tuple[int, dict, dict, float]]:
    """Per period with events: the event, type and quad counts and Goldstein sum of the series,
    each added (sign 1) or taken away (-1)."""
    out: dict[str, tuple[int, dict, dict, float]] = {}
    for sign, series in signed:
        for p in series.points:
            n, types, quads, gs = out.get(p.period, (0, {}, {}, 0.0))
            types = {k: types.get(k, 0) + sign * p.type_counts.get(k, 0)
                     for k in {*types, *p.type_counts}}
            quads = {k: quads.get(k, 0) + sign * p.quad_counts.get(k, 0)
                     for k in {*quads, *p.quad_counts}}
            out[p.period] = (n + sign * p.events, types, quads, gs + sign * p.goldstein)
    return {period: (n, {k: v for k, v in types.items() if v},
                     {k: v for k, v in quads.items() if v}, round(gs, 6))
            for period, (n, types, quads, gs) in out.items() if n}


@pytest.mark.parametrize("freq", ["day", "week", "month", "year"])
def test_either_direction_is_the_sum_of_both_directions(direction_store, freq):
    def series(source, target, either=False):
        return dyad_series(direction_store, source, target, freq=freq, either_direction=either)

    forward, backward = series("RUS", "UKR"), series("UKR", "RUS")
    both = series("RUS", "UKR", either=True)
    assert _totals((1, both)) == _totals((1, forward), (1, backward))
    assert sum(p.events for p in forward.points) and sum(p.events for p in backward.points)
    assert _totals((1, series("UKR", "RUS", either=True))) == _totals((1, both))
    # an actor with itself is one direction; one actor and anyone counts its self-events once
    assert _totals((1, series("RUS", "RUS", either=True))) == _totals((1, series("RUS", "RUS")))
    assert _totals((1, series("RUS", None, either=True))) == _totals(
        (1, series("RUS", None)), (1, series(None, "RUS")), (-1, series("RUS", "RUS")))
    assert _totals((1, series(None, None, either=True))) == _totals((1, series(None, None)))
    window = {"since": "2024-01", "until": "2024-02"}
    assert _totals((1, dyad_series(direction_store, "RUS", "UKR", freq=freq,
                                   either_direction=True, **window))) == _totals(
        (1, dyad_series(direction_store, "RUS", "UKR", freq=freq, **window)),
        (1, dyad_series(direction_store, "UKR", "RUS", freq=freq, **window)))

def test_any_source_and_date_bounds(series_store):
    feb = dyad_series(series_store, None, "UKR", since="2024-02", until="2024-02").points
    assert [p.period for p in feb] == ["2024-02-01"]
    assert feb[0].events == 2 and feb[0].type_counts["AID"] == 1


def test_bad_freq_raises_naming_it(series_store):
    with pytest.raises(ValueError, match="fortnight"):
        dyad_series(series_store, "RUS", "UKR", freq="fortnight")
    with pytest.raises(ValueError, match="2024-13"):
        dyad_series(series_store, "RUS", "UKR", since="2024-13")


# -- profile -------------------------------------------------------------------------------------
def test_actor_profile_partners_adversaries_and_trend(tmp_path):
    path = make_store(tmp_path / "s.duckdb", [
        ev("AGREE", "RUS", "CHN", "2024-01-03", 3.0),
        ev("AGREE", "RUS", "CHN", "2024-01-09", 3.0),
        ev("COOPERATE", "CHN", "RUS", "2024-02-01", 6.0),
        ev("COOPERATE", "CHN", "RUS", "2024-02-02", 6.0, negated=True),
        ev("CONSULT", "IRN", "RUS", "2024-02-05", 1.0),
        ev("AID", "RUS", "IRN", "2024-03-05"),  # default 5.0
        ev("CONSULT", "RUS", "BLR", "2024-03-06", 1.0),
        ev("ASSAULT", "RUS", "UKR", "2024-04-01", -10.0),
        ev("ASSAULT", "RUS", "UKR", "2024-05-01", -10.0),
        ev("ACCUSE", "USA", "RUS", "2024-06-01", -2.0),
        ev("COERCE", "RUS", "RUS", "2024-06-02", -7.0),  # at home: no partner
    ])
    with Store(path, read_only=True) as store:
        profile = actor_profile(store, "RUS")
        short = actor_profile(store, "RUS", top=2)
    assert (profile.events_as_source, profile.events_as_target) == (7, 4)
    assert [tuple(p) for p in profile.partners] == [
        ("CHN", 3, 12.0), ("IRN", 2, 6.0), ("BLR", 1, 1.0)]
    assert [tuple(p) for p in profile.adversaries] == [("UKR", 2, -20.0), ("USA", 1, -2.0)]
    assert [p.code for p in short.partners] == ["CHN", "IRN"]
    assert [p.period for p in profile.trend] == [f"2024-0{m}-01" for m in range(1, 7)]
    assert [p.value for p in profile.trend] == pytest.approx([6.0, 7.0, 6.0, -10.0, -10.0, -9.0])
    assert profile.trend_direction == "worsening"


def test_trend_direction_rules():
    assert trend_direction([]) == "flat"
    assert trend_direction([5.0]) == "flat"
    assert trend_direction([-6.0, 4.0]) == "improving"
    assert trend_direction([1.0, 1.0, 1.5, 1.2, 0.8]) == "flat"
    assert trend_direction([0.0, 0.0, 0.0, -3.0, -3.0, -3.0]) == "worsening"


# -- network -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bloc_store(tmp_path_factory) -> Store:
    west, east = ("USA", "GBR", "FRA"), ("RUS", "BLR", "IRN")
    events = []
    for bloc in (west, east):
        for i, a in enumerate(bloc):
            for b in bloc[i + 1:]:
                events += [ev("AGREE", a, b, "2024-01-10", 3.0), ev("AID", b, a, "2024-01-11")]
    events += [ev("ASSAULT", "USA", "RUS", "2024-01-12", -10.0),
               ev("THREATEN", "RUS", "GBR", "2024-01-13", -4.0),
               ev("CONSULT", "FRA", "RUS", "2024-01-14", 1.0),
               ev("COOPERATE", "USA", "ISR", "2023-06-01", 6.0),  # before `since`
               ev("ACCUSE", "USA", None, "2024-01-15", -2.0)]  # no target: no edge
    path = make_store(tmp_path_factory.mktemp("net") / "s.duckdb", events)
    with Store(path, read_only=True) as store:
        yield store


def test_network_edges_and_two_blocs(bloc_store):
    network = actor_network(bloc_store, since="2024-01-01")
    assert [n.code for n in network.nodes] == ["BLR", "FRA", "GBR", "IRN", "RUS", "USA"]
    edges = {(e.a, e.b): e for e in network.edges}
    assert len(edges) == 9  # 3 + 3 inside the blocs, 3 across
    rus_usa = edges[("RUS", "USA")]
    assert (rus_usa.weight, rus_usa.conflict, rus_usa.cooperation, rus_usa.events) == (
        -10.0, 1, 0, 1)
    assert edges[("FRA", "GBR")].weight == pytest.approx(8.0)  # 3.0 + default 5.0
    assert edges[("FRA", "GBR")].cooperation == 2
    assert set(network.blocs) == {("FRA", "GBR", "USA"), ("BLR", "IRN", "RUS")}
    bloc = {n.code: n.bloc for n in network.nodes}
    assert bloc["USA"] == bloc["GBR"] == bloc["FRA"] != bloc["RUS"] == bloc["BLR"] == bloc["IRN"]


def test_network_filters(bloc_store):
    everything = actor_network(bloc_store)
    assert "ISR" in {n.code for n in everything.nodes}
    busy = actor_network(bloc_store, since="2024-01-01", min_events=2)
    assert len(busy.edges) == 6 and all(e.cooperation == 2 for e in busy.edges)


def test_network_to_networkx_and_graphml(bloc_store, tmp_path):
    network = actor_network(bloc_store, since="2024-01-01")
    graph = to_networkx(network)
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 9
    assert graph["RUS"]["USA"]["weight"] == -10.0 and graph["RUS"]["USA"]["conflict"] == 1
    network_to_graphml(network, tmp_path / "net.graphml")
    back = nx.read_graphml(tmp_path / "net.graphml")
    assert {n: d["bloc"] for n, d in back.nodes(data=True)} == {
        n.code: n.bloc for n in network.nodes}
    assert back["FRA"]["GBR"]["events"] == 2 and back["FRA"]["GBR"]["weight"] == 8.0


# -- escalation ----------------------------------------------------------------------------------
WEEKS = [f"2024-{d}" for d in ("01-01", "01-08", "01-15", "01-22", "01-29", "02-05", "02-12",
                               "02-19", "02-26")]  # Mondays; the last is the latest week


@pytest.fixture(scope="module")
def escalation_store(tmp_path_factory) -> Store:
    events = []
    for week in WEEKS[0:8:2]:  # baseline: 4.0 every other week, nothing in between
        events.append(ev("THREATEN", "ISR", "IRN", week, -4.0))
    events += [ev("ASSAULT", "IRN", "ISR", WEEKS[-1], -10.0) for _ in range(3)]  # the spike
    events.append(ev("ACCUSE", "ISR", "IRN", WEEKS[-1], 2.0))  # positive score: no intensity
    for week in WEEKS:  # steady: one accusation every week
        events.append(ev("ACCUSE", "IND", "PAK", week, -2.0))
    events += [ev("ASSAULT", "SDN", "TCD", WEEKS[-1], -10.0) for _ in range(2)]  # too few
    events += [ev("ASSAULT", "IND", "PAK", WEEKS[-1], -10.0, negated=True) for _ in range(5)]
    path = make_store(tmp_path_factory.mktemp("esc") / "s.duckdb", events)
    with Store(path, read_only=True) as store:
        yield store


def test_escalation_of_a_spike_against_a_gappy_baseline(escalation_store):
    spike = escalation(escalation_store, "ISR", "IRN", freq="week", baseline_periods=8)
    assert [p.period for p in spike.periods] == WEEKS
    assert [p.value for p in spike.periods] == [4.0, 0.0] * 4 + [30.0]
    assert spike.latest == 30.0
    assert spike.baseline_mean == pytest.approx(2.0)
    assert spike.baseline_std == pytest.approx(2.0)
    assert spike.z == pytest.approx(14.0)
    assert spike.level == "escalating"
    assert spike.conflict_events == 8
    assert (spike.source, spike.target) == ("ISR", "IRN")


def test_steady_conflict_is_normal_and_negated_spike_ignored(escalation_store):
    steady = escalation(escalation_store, "PAK", "IND")
    assert [p.value for p in steady.periods] == [2.0] * 9
    assert steady.z == 0.0 and steady.level == "normal"
    quiet = escalation(escalation_store, "USA", "CAN")
    assert quiet.z == 0.0 and quiet.conflict_events == 0 and len(quiet.periods) == 9


def test_escalation_latest_period_is_the_store_latest_or_as_of(escalation_store):
    earlier = escalation(escalation_store, "ISR", "IRN", baseline_periods=4, as_of="2024-02-21")
    assert [p.period for p in earlier.periods] == WEEKS[3:8]
    assert earlier.latest == 0.0 and earlier.level == "normal"
    monthly = escalation(escalation_store, "ISR", "IRN", freq="month", baseline_periods=1)
    assert [p.period for p in monthly.periods] == ["2024-01-01", "2024-02-01"]
    assert [p.value for p in monthly.periods] == [12.0, 34.0]


def test_escalations_rank_dyads_with_enough_conflict(escalation_store):
    ranked = escalations(escalation_store, top=10)
    assert [(e.source, e.target) for e in ranked] == [("IRN", "ISR"), ("IND", "PAK")]
    assert ranked[0].z == pytest.approx(14.0) and ranked[1].z == 0.0
    assert len(escalations(escalation_store, top=1)) == 1
    with pytest.raises(ValueError, match="baseline_periods"):
        escalations(escalation_store, baseline_periods=0)


def test_levels():
    assert [level_of(z) for z in (2.0, 1.99, 1.0, 0.99, -3.0)] == [
        "escalating", "elevated", "elevated", "normal", "normal"]
