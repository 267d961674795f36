"""CI's accuracy ratchet: code the seed articles and score them against the seeds gold.

Fails if dyad F1 falls more than 0.02 below the figure recorded in eval/ratchet.json. Skipped
only where ../shared is absent (a user's fresh clone); CI always has it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from whimbrel.evaluation.run import evaluate

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def test_seeds_dyad_f1_holds_the_ratchet(nlp, tmp_path):
    gold = SHARED / "gold" / "seeds.jsonl"
    if not gold.exists():
        pytest.skip("../shared is absent")
    recorded = json.loads((ROOT / "eval" / "ratchet.json").read_text())["seeds"]
    result = evaluate(gold, "whimbrel", docs=SHARED / "corpus" / "seeds", nlp=nlp,
                      db=tmp_path / "eval.duckdb")
    report = result.report
    print(f"seeds: type F1 {report.type.f1:.3f}, dyad F1 {report.dyad.f1:.3f}, "
          f"full F1 {report.full.f1:.3f}, no-event FPs {report.false_positives_on_no_event}"
          f"/{report.no_event_sentences}")
    assert report.dyad.f1 >= recorded["dyad_f1"] - 0.02
    assert report.type.f1 >= recorded["type_f1"] - 0.02
    assert report.false_positives_on_no_event * 10 <= report.no_event_sentences
    actors = result.actors
    print(f"actors: {actors.mentions} gold mentions, code {actors.code_share:.3f}, "
          f"code+sector {actors.code_and_sector_share:.3f}")
    assert actors.mentions > 300
    assert actors.code_share >= 0.92 and actors.code_and_sector_share >= 0.85


def test_petrarch_unit_records_share_holds_the_ratchet(nlp, tmp_path):
    """PETRARCH2's unit-test records, coded with its validation actor and verb dictionaries
    imported as a user would import them."""
    peers = SHARED / "peers" / "petrarch2"
    if not peers.exists():
        pytest.skip("../shared is absent")
    recorded = json.loads((ROOT / "eval" / "ratchet.json").read_text())["petrarch"]
    result = evaluate(peers / "PETR.UnitTest.records.xml", "petrarch", nlp=nlp,
                      actors=peers / "PETR.Validate.actors.txt",
                      rules=peers / "PETR.Validate.verbs.txt", db=tmp_path / "eval.duckdb")
    produced, expected = result.share
    print(f"PETRARCH codings produced: {produced}/{expected} = {produced / expected:.3f}")
    assert expected > 250
    assert produced / expected >= recorded["share"] - 0.02
