"""Merging event mentions into real events, and the disputes between reports (no model)."""

from __future__ import annotations

from dataclasses import replace

from whimbrel.reasoning.disputes import claim_disputes, event_disputes
from whimbrel.reasoning.merge import MergeOptions, Mention, compatible, interval, merge, outlets
from whimbrel.reasoning.quality import qualities
from whimbrel.records import Span

_seq = iter(range(10_000))


def m(article: str, type: str, source: str | None, target: str | None, *, outlet: str | None = None,
      report: str | None = None, **kw) -> Mention:
    n = next(_seq)
    return Mention(article_id=article, seq=n, sentence=n % 7, type=type, source=source,
                   target=target, trigger=Span(n, n + 4, "word"), report=report or article,
                   outlet=outlet or article, **kw)


def test_dates_cover_their_days_and_windows():
    assert interval("2025-06") == (interval("2025-06-01")[0], interval("2025-06-30")[1])
    assert compatible("2025-06-13", "2025-06-19", 7) and not compatible("2025-06-13", "2025-06-25", 7)
    assert compatible("2025-06", "2025-06-30", 0) and compatible(None, "1586", 7)
    assert not compatible("1586", "2025-01", 7)


def test_reports_of_one_event_merge_and_far_dates_split():
    events = merge([m("a", "ASSAULT", "ISR", "IRN", date="2025-06-13"),
                    m("b", "ASSAULT", "ISR", "IRN", date="2025-06-14"),
                    m("c", "ASSAULT", "ISR", "IRN", date="2025-10-01")])
    by_date = {e.date: e for e in events}
    assert len(events) == 2 and by_date["2025-10-01"].articles == 1
    june = next(e for e in events if e.date != "2025-10-01")
    assert (june.articles, june.sources, june.status) == (2, 2, "corroborated")


def test_republished_copies_count_as_one_source():
    events = merge([m("a", "ACCUSE", "RUS", "USA", report="a", outlet="wire.example"),
                    m("a-copy", "ACCUSE", "RUS", "USA", report="a", outlet="wire.example")])
    assert len(events) == 1
    assert (events[0].articles, events[0].reports, events[0].sources) == (2, 1, 1)
    assert events[0].status == "single-source"


def test_outlets_follow_the_story_cluster_and_its_first_url():
    rows = [{"id": "a", "cluster": "a", "url": "https://www.wire.example/x"},
            {"id": "b", "cluster": "a", "url": "https://copycat.example/y"},
            {"id": "c", "cluster": "c", "url": None}]
    assert outlets(rows) == {"a": ("a", "wire.example"), "b": ("a", "wire.example"),
                             "c": ("c", "c")}


def test_reciprocal_types_merge_either_direction():
    events = merge([m("a", "CONSULT", "RUS", "IRN"), m("b", "CONSULT", "IRN", "RUS")])
    assert len(events) == 1 and (events[0].source, events[0].target) == ("IRN", "RUS")


def test_a_letter_joins_the_appeal_it_carried_and_a_meeting_does_not():
    events = merge([m("a", "REQUEST", "IRN", "RUS"),
                    m("b", "CONSULT", "IRN", "RUS", medium="letter"),
                    m("c", "CONSULT", "IRN", "RUS", medium="in person")])
    types = sorted((e.type, e.articles) for e in events)
    assert types == [("CONSULT", 1), ("REQUEST", 2)]
    appeal = next(e for e in events if e.type == "REQUEST")
    assert appeal.media == {"letter": ["b"]}
    assert any(x.vehicle for x in appeal.mentions)


def test_a_lone_letter_stays_a_consultation():
    events = merge([m("a", "CONSULT", "IRN", "RUS", medium="letter")])
    assert [e.type for e in events] == ["CONSULT"]


def test_a_mention_missing_a_side_joins_the_one_event_it_fits():
    named = {"x": {"RUS", "IRN"}, "y": {"RUS", "IRN"}, "z": {"FRA"}}
    events = merge([m("x", "AGREE", "RUS", "IRN"), m("y", "AGREE", None, None, date="2025-01"),
                    m("z", "AGREE", None, None, date="2025-01")], named)
    treaty = next(e for e in events if e.source)
    assert treaty.articles == 2 and treaty.date == "2025-01"
    assert len(events) == 2  # the article that names neither actor is not attached


def test_undated_reports_are_news_not_history():
    events = merge([m("a", "AGREE", "IRN", "RUS", date="1586"), m("b", "AGREE", "RUS", "IRN"),
                    m("c", "AGREE", "RUS", "IRN"), m("d", "ASSAULT", "ISR", "IRN",
                                                       date="2025-06-13")])
    agree = sorted((e.date or "", e.articles) for e in events if e.type == "AGREE")
    assert agree == [("", 2), ("1586", 1)]


def test_a_denial_from_another_outlet_disputes_the_event():
    said, denied = m("a", "ACCUSE", "RUS", "USA"), m("b", "ACCUSE", "RUS", "USA", negated=True)
    [event] = merge([said, denied])
    assert event.status == "disputed"
    [d] = event_disputes([event])
    assert d.kind == "occurrence"
    assert [(s.value, s.articles) for s in d.sides] == [("reported", ("a",)), ("denied", ("b",))]
    # one outlet that says both is not a dispute between sources
    [own] = merge([said, replace(denied, article_id="a", outlet="a", report="a")])
    assert own.status == "single-source" and event_disputes([own]) == []


def test_details_that_differ_between_outlets_are_disputes():
    events = merge([
        m("a", "REQUEST", "IRN", "RUS", medium="phone", date="2025-06-22", location="Moscow",
          location_country="RUS"),
        m("b", "REQUEST", "IRN", "RUS", medium="letter", date="2025-06-23", location="Tehran",
          location_country="IRN"),
        m("c", "REQUEST", "IRN", "RUS", medium="letter")])
    [event] = events
    assert event.conflicts == ("how", "when", "where")
    how = next(d for d in event_disputes(events) if d.kind == "how")
    assert {s.value: s.articles for s in how.sides} == {"letter": ("b", "c"), "phone": ("a",)}
    assert how.sides[0].evidence[0].text == "word"


def test_the_same_detail_from_one_outlet_twice_is_no_dispute():
    [event] = merge([m("a", "REQUEST", "IRN", "RUS", medium="phone", outlet="o"),
                     m("b", "REQUEST", "IRN", "RUS", medium="letter", outlet="o")])
    assert event.conflicts == ()


def test_who_did_it_when_outlets_name_different_attackers_for_one_strike():
    events = merge([m("a", "ASSAULT", "ISR", "IRN", date="2025-06-22", location="Isfahan"),
                    m("b", "ASSAULT", "USA", "IRN", date="2025-06-22", location="Isfahan"),
                    m("c", "ASSAULT", "USA", "IRN", date="2025-07-25", location="Fordow")])
    who = [d for d in event_disputes(events) if d.kind == "who"]
    assert len(who) == 1 and [s.value for s in who[0].sides] == ["ISR", "USA"]


def test_relationship_claims_asserted_and_denied_by_different_outlets():
    def row(article, asserted, text):
        return {"article_id": article, "sentence": 1, "kind": "defence commitment",
                "actor_a": "IRN", "actor_b": "RUS", "asserted": asserted, "start_char": 0,
                "end_char": len(text), "text": text}

    outlet_of = {"a": ("a", "a.example"), "b": ("b", "b.example"), "c": ("c", "a.example")}
    [d] = claim_disputes([row("a", True, "a defence pact"), row("b", False, "no defence pact")],
                         outlet_of)
    assert d.kind == "relationship" and d.subject == "defence commitment IRN-RUS"
    assert [(s.value, s.articles) for s in d.sides] == [("asserted", ("a",)), ("denied", ("b",))]
    assert claim_disputes([row("a", True, "x"), row("c", False, "y")], outlet_of) == []


def test_quality_signals_and_filters():
    rows = [{"id": "a", "cluster": "a", "published": "2025-06-01", "raw_chars": 1000},
            {"id": "b", "cluster": "a", "published": None, "raw_chars": 1000}]
    q = qualities(rows, {("a", "boilerplate"): 300, ("a", "keyword-stuffing"): 100,
                         ("a", "whitespace"): 50})
    assert (q["a"].junk_ratio, q["a"].stuffing_ratio, q["a"].copy) == (0.4, 0.1, False)
    assert q["b"].copy and q["b"].missing_date
    assert not q["a"].passes(max_junk=0.3) and q["a"].passes(max_junk=0.5)
    assert not q["b"].passes(originals_only=True) and not q["b"].passes(dated_only=True)


def test_merge_options_window():
    ms = [m("a", "ASSAULT", "ISR", "IRN", date="2025-06-13"),
          m("b", "ASSAULT", "ISR", "IRN", date="2025-06-18")]
    assert len(merge(ms, options=MergeOptions(window_days=7))) == 1
    assert len(merge(ms, options=MergeOptions(window_days=2))) == 2


def test_undated_reports_from_articles_far_apart_are_different_events():
    events = merge([m("a", "ASSAULT", "USA", "IRN", published="2024-01-12"),
                    m("b", "ASSAULT", "USA", "IRN", published="2024-01-14"),
                    m("c", "ASSAULT", "USA", "IRN", published="2025-06-22"),
                    m("d", "ASSAULT", "USA", "IRN", date="2025-06-21", published="2025-06-23")])
    assert sorted(e.articles for e in events) == [2, 2]
    june = next(e for e in events if "c" in {x.article_id for x in e.mentions})
    assert {x.article_id for x in june.mentions} == {"c", "d"} and june.date == "2025-06-21"
