"""The learned type model: it trains from the bundled file, ranks clear cases right, is
deterministic, keeps evidence spans and mostly leaves no-event text alone. No spaCy model needed.

The sentences here were written for these tests and are not in the training file."""

from __future__ import annotations

import json

import pytest

from whimbrel.events.learned import (
    NONE,
    TRAINING_PATH,
    Example,
    TrainingDataError,
    TypeModel,
    cross_validate,
    default_model,
    read_examples,
)
from whimbrel.records import PLOVER_TYPES

CLEAR = [
    ("Fighter jets bombed an ammunition depot outside the city, killing four soldiers.", "ASSAULT"),
    ("The foreign ministers of Peru and Chile held talks in Lima on Friday.", "CONSULT"),
    ("The two governments signed an agreement on fishing rights.", "AGREE"),
    ("Seoul accused Pyongyang of jamming GPS signals near the border.", "ACCUSE"),
    ("Brussels imposed sanctions on four Belarusian officials.", "SANCTION"),
    ("Thousands of protesters marched through the streets of Lisbon.", "PROTEST"),
    ("The navy held live-fire drills off the southern coast.", "MOBILIZE"),
    ("Police arrested the opposition leader at his home.", "COERCE"),
    ("The minister urged the neighbouring state to release the detained sailors.", "REQUEST"),
    ("Russia vetoed the draft resolution at the Security Council.", "REJECT"),
    ("Tehran warned it would retaliate against any strike on its territory.", "THREATEN"),
    ("Sweden announced a new military aid package for Kyiv.", "AID"),
]

QUIET = [
    "The country's population has doubled since 1990.",
    "Growth slowed to 2 percent in the third quarter, the statistics office said.",
    "The province is known for its tea plantations and mountain scenery.",
    "Analysts expect the currency to weaken further this year.",
    "The river forms part of the border between the two states.",
    "It was not clear when the bridge would reopen to traffic.",
    "The general has led the armed forces since 2017.",
    "Most residents of the town work in farming or fishing.",
]


def test_training_file_covers_every_type():
    examples = read_examples()
    counts = {t: sum(e.type == t for e in examples) for t in (*PLOVER_TYPES, NONE)}
    assert min(counts[t] for t in PLOVER_TYPES) >= 40, counts
    assert counts[NONE] >= 80, counts
    assert len({e.text for e in examples}) == len(examples), "duplicate training sentences"


def test_model_trains_on_every_label():
    model = default_model()
    assert set(model.labels) == {*PLOVER_TYPES, NONE}
    assert model.n_examples == len(read_examples())
    ranked = model.predict("The two sides met in Geneva.")
    assert [t for t, _ in ranked] and len(ranked) == len(model.labels)
    assert sum(p for _, p in ranked) == pytest.approx(1.0)
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)


@pytest.mark.parametrize("text,expected", CLEAR)
def test_clear_cases(text, expected):
    assert default_model().predict(text)[0][0] == expected


def test_deterministic():
    examples = read_examples()
    a, b = TypeModel.train(examples), TypeModel.train(examples)
    assert (a.weights == b.weights).all() and (a.bias == b.bias).all()
    assert a.predict(CLEAR[0][0]) == b.predict(CLEAR[0][0])


def test_ignores_most_no_event_text():
    model = default_model()
    quiet = [model.predict(t)[0][0] for t in QUIET]
    assert quiet.count(NONE) / len(QUIET) >= 0.75, list(zip(QUIET, quiet))


def test_evidence_spans_point_at_the_trigger_words():
    text = "Overnight, drones struck a fuel depot near the port."
    spans = default_model().evidence(text, "ASSAULT", k=2)
    assert spans and all(text[s:e] == w for s, e, w in spans)
    assert "struck" in {w for _, _, w in spans}


def test_cross_validation_beats_the_majority_class():
    examples = read_examples()
    majority = max(sum(e.type == t for e in examples) for t in {e.type for e in examples})
    accuracy, n = cross_validate(examples, folds=3)
    assert n == len(examples)
    assert accuracy > 2 * majority / n


def test_a_training_file_with_an_unknown_type_is_rejected(tmp_path):
    bad = tmp_path / "train.jsonl"
    bad.write_text(json.dumps({"text": "They met.", "type": "MEET"}) + "\n")
    with pytest.raises(TrainingDataError, match="train.jsonl:1: unknown type 'MEET'"):
        read_examples(bad)


def test_a_small_model_learns_its_examples():
    examples = [Example("Troops shelled the village.", "ASSAULT"),
                Example("Artillery shelled the town.", "ASSAULT"),
                Example("The leaders held talks.", "CONSULT"),
                Example("The envoys held talks again.", "CONSULT")]
    model = TypeModel.train(examples)
    assert model.predict("Tanks shelled the city.")[0][0] == "ASSAULT"
    assert model.predict("Ministers held talks.")[0][0] == "CONSULT"


def test_training_path_is_packaged():
    assert TRAINING_PATH.name == "type_training.jsonl" and TRAINING_PATH.exists()
