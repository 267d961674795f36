"""The scorer on constructed gold and system sets, and the gold loaders on the real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from whimbrel.cameo import cameo_info, load_cameo_plover
from whimbrel.evaluation.gold import (
    GoldEvent,
    GoldFormatError,
    GoldSentence,
    load_petrarch_records,
    load_plover_gsr,
    load_whimbrel_gold,
)
from whimbrel.evaluation.score import SystemEvent, coding_share, coverage, score

SHARED = Path(__file__).resolve().parents[2] / "shared"
S = "Russia condemned the American strikes on Iranian nuclear sites on Sunday evening ."


def sys_event(t, src, tgt, sentence=S, doc="d", **kw):
    return SystemEvent(doc, sentence, t, src, kw.pop("ss", "GOV"), tgt, kw.pop("ts", "GOV"), **kw)


def gold(*events, sentence=S, doc="d"):
    return [GoldSentence(doc, sentence, tuple(events))]


def g(t, src, tgt, ss="GOV", ts="GOV", **kw):
    return GoldEvent(type=t, source=src, source_sector=ss, target=tgt, target_sector=ts, **kw)


def test_alignment_needs_half_the_gold_words():
    words = S.split()
    assert coverage(S, " ".join(words[:4])) < 0.5
    assert coverage(S, " ".join(words[:8])) >= 0.5
    few = score(gold(g("ACCUSE", "RUS", "USA")), [sys_event("ACCUSE", "RUS", "USA",
                                                            " ".join(words[:4]))])
    most = score(gold(g("ACCUSE", "RUS", "USA")), [sys_event("ACCUSE", "RUS", "USA",
                                                             " ".join(words[:8]))])
    assert few.system_events == 0 and few.dyad.fn == 1
    assert most.dyad.tp == 1


def test_cleaning_differences_do_not_break_alignment():
    assert coverage("and β this cannot be ruled out β radiological",
                    "and — this cannot be ruled out — radiological") == 1.0


def test_one_to_one_pairing():
    r = score(gold(g("ACCUSE", "RUS", "USA")),
              [sys_event("ACCUSE", "RUS", "USA"), sys_event("ACCUSE", "RUS", "USA")])
    assert (r.dyad.tp, r.dyad.fp, r.dyad.fn) == (1, 1, 0)


def test_reciprocal_types_ignore_direction_and_collapse():
    r = score(gold(g("CONSULT", "IRN", "RUS")),
              [sys_event("CONSULT", "RUS", "IRN"), sys_event("CONSULT", "IRN", "RUS")])
    assert (r.dyad.tp, r.dyad.fp, r.dyad.fn) == (1, 0, 0)
    r = score(gold(g("ACCUSE", "IRN", "RUS")), [sys_event("ACCUSE", "RUS", "IRN")])
    assert r.dyad.tp == 0 and r.type.tp == 1


def test_levels():
    r = score(gold(g("ASSAULT", "USA", "IRN", ss="MIL")),
              [sys_event("ASSAULT", "USA", "IRN", ss="GOV")])
    assert (r.type.tp, r.dyad.tp, r.full.tp) == (1, 1, 0)
    r = score(gold(g("ASSAULT", "USA", "IRN", hedged=True)), [sys_event("ASSAULT", "USA", "IRN")])
    assert (r.dyad.tp, r.full.tp) == (1, 0)
    r = score(gold(g("ASSAULT", None, None, ss=None, ts=None)),
              [sys_event("ASSAULT", None, None, ss=None, ts=None)])
    assert r.full.tp == 1


def test_no_event_sentences_count_false_positives():
    r = score(gold(), [sys_event("ACCUSE", "RUS", "USA")])
    assert (r.no_event_sentences, r.false_positives_on_no_event, r.type.fp) == (1, 1, 1)


def test_per_type_confusion_and_json():
    r = score(gold(g("SUPPORT", "RUS", "IRN"), g("ASSAULT", "USA", "IRN")),
              [sys_event("COOPERATE", "RUS", "IRN"), sys_event("ASSAULT", "USA", "IRN")])
    assert r.confusion[("SUPPORT", "COOPERATE")] == 1
    assert r.per_type["ASSAULT"].f1 == 1.0 and r.per_type["SUPPORT"].recall == 0.0
    data = r.to_json()
    for level in ("type", "dyad", "full"):
        assert set(data[level]) >= {"precision", "recall", "f1"}


def test_petrarch_coding_share():
    gs = [GoldSentence("p1", S, (GoldEvent("ACCUSE", "RUSGOV", None, "USA", cameo="111"),))]
    assert coding_share(gs, [sys_event("ACCUSE", "RUS", "USAMIL", doc="p1", cameo="112")]) == (1, 1)
    assert coding_share(gs, [sys_event("ACCUSE", "RUS", "IRN", doc="p1", cameo="112")]) == (0, 1)


def test_cameo_roots():
    assert cameo_info("195").plover == "ASSAULT" and cameo_info("195").goldstein == -10.0
    assert cameo_info("057").plover == "AGREE" and cameo_info("0874").plover == "RETREAT"
    assert cameo_info("99") is None


def test_bad_gold_names_the_line(tmp_path):
    f = tmp_path / "g.jsonl"
    f.write_text('{"doc": "a", "sentence": "x", "events": []}\n{"doc": "a"}\n')
    with pytest.raises(GoldFormatError, match=r"g.jsonl:2"):
        load_whimbrel_gold(f)


def _shared(path: str) -> Path:
    p = SHARED / path
    if not p.exists():
        pytest.skip(f"{p} is absent")
    return p


def test_real_gold_files_load():
    seeds = load_whimbrel_gold(_shared("gold/seeds.jsonl"))
    assert len(seeds) == 157
    assert sum(len(s.events) for s in seeds) == 201
    assert sum(1 for s in seeds if not s.events) == 27
    perfect = [SystemEvent(s.doc, s.sentence, e.type, e.source, e.source_sector, e.target,
                           e.target_sector, e.negated, e.hedged) for s in seeds for e in s.events]
    r = score(seeds, perfect)
    assert r.type.f1 == r.dyad.f1 == r.full.f1 == 1.0
    petr = load_petrarch_records(_shared("peers/petrarch2/PETR.UnitTest.records.xml"))
    assert len(petr) > 200 and sum(len(s.events) for s in petr) > 200
    gsr = load_plover_gsr(_shared("peers/plover/PLOVER_GSR_CAMEO.txt"))
    assert len(gsr) == 322
    assert {e.type for s in gsr for e in s.events} <= {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    table = load_cameo_plover(_shared("peers/plover/CAMEO2PLOVER-2021.txt"))
    assert table["04"] == "CONSULT" and table["190"] == "ASSAULT"


def test_error_classes_put_each_error_in_one_class():
    from whimbrel.evaluation.score import ERROR_CLASSES, error_classes, render_error_classes

    gold = [
        GoldSentence("d", "Peru shelled Chile.", (GoldEvent("ASSAULT", "PER", "GOV", "CHL", "GOV"),)),
        GoldSentence("d", "Chile thanked Peru.", (GoldEvent("SUPPORT", "CHL", "GOV", "PER", "GOV"),
                                                  GoldEvent("ACCUSE", "CHL", "GOV", "PER", "GOV"))),
        GoldSentence("d", "Nothing happened here.", ()),
        GoldSentence("d", "Bolivia met Peru.", (GoldEvent("CONSULT", "BOL", "GOV", "PER", "GOV"),)),
    ]
    system = [
        SystemEvent("d", "Peru shelled Chile.", "ASSAULT", "PER", "GOV", None, None),
        SystemEvent("d", "Chile thanked Peru.", "SUPPORT", "CHL", "GOV", "PER", "MIL"),
        SystemEvent("d", "Nothing happened here.", "AID", "PER", "GOV", None, None),
    ]
    classes = error_classes(score(gold, system), gold)
    counts = {name: len(pairs) for name, pairs in classes.items()}
    assert counts == {**{c: 0 for c in ERROR_CLASSES},
                      "right type, target missing": 1,
                      "right dyad, sector, negation or hedging wrong": 1,
                      "missed: the sentence has other events": 1,
                      "missed: nothing coded in the sentence": 1,
                      "extra event on a no-event sentence": 1}
    assert "target missing" in render_error_classes(classes)
