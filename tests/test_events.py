"""The event coder on hand-built Docs (no model)."""

from __future__ import annotations

from datetime import date

import pytest

from docs import doc
from whimbrel.actors.knowledge import load_knowledge
from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.offices import load_offices
from whimbrel.actors.resolve import Resolver
from whimbrel.events.attributes import resolve_date
from whimbrel.events.coder import Coder
from whimbrel.events.rules import RuleError, load_rules, read_rules


@pytest.fixture(scope="module")
def coder_parts():
    rules = load_rules()
    return load_knowledge(), load_offices(), rules, Coder(rules)


def code(parts, spec: str, ref: date | None = date(2025, 6, 23)):
    kb, offices, rules, coder = parts
    d = doc(spec)
    mentions = find_mentions(d, Resolver(kb, offices, ref), event_nouns=frozenset(rules.nouns))
    n = len(list(d.sents))
    events = coder.code_doc(d, mentions, article_id="t", sentence_index=list(range(n)),
                            reference=ref)
    return [(e.type, e.source and e.source.code, e.target and e.target.code, e) for e in events]


def triples(events):
    return sorted((t, s, g) for t, s, g, _ in events)


def test_active_verb(coder_parts):
    got = code(coder_parts, "Russia/PROPN/nsubj/1/GPE condemned/VERB/ROOT/1/condemn "
                            "the/DET/det/3 strikes/NOUN/dobj/1/strike on/ADP/prep/3/on "
                            "Iran/PROPN/pobj/4/GPE")
    assert ("ACCUSE", "RUS", "IRN") not in triples(got)
    assert ("ASSAULT", None, "IRN") in triples(got)
    accuse = [e for t, _, _, e in got if t == "ACCUSE"][0]
    assert accuse.source.code == "RUS" and accuse.trigger.text == "condemned"
    assert accuse.cameo == "111" and accuse.source_span.text == "Russia"


def test_passive_with_agent(coder_parts):
    got = code(coder_parts, "Iran/PROPN/nsubjpass/2/GPE was/AUX/auxpass/2/be "
                            "attacked/VERB/ROOT/2/attack by/ADP/agent/2/by Israel/PROPN/pobj/3/GPE")
    assert triples(got) == [("ASSAULT", "ISR", "IRN")]


def test_nominal_event_with_possessive_and_target(coder_parts):
    got = code(coder_parts, "Russia/PROPN/poss/2/GPE 's/PART/case/0 condemnation/NOUN/nsubj/6 "
                            "of/ADP/prep/2 US/PROPN/compound/5/GPE strikes/NOUN/pobj/3/strike "
                            "grew/VERB/ROOT/6/grow")
    assert ("ACCUSE", "RUS", "USA") in triples(got)
    assert ("ASSAULT", "USA", None) in triples(got)
    attack = [e for t, _, _, e in got if t == "ASSAULT"][0]
    assert attack.source.sector == "MIL" and attack.mode == "aerial"


def test_coordinated_subjects_give_one_event_each(coder_parts):
    got = code(coder_parts, "Russia/PROPN/nsubj/3/GPE and/CCONJ/cc/0 China/PROPN/conj/0/GPE "
                            "condemned/VERB/ROOT/3/condemn Israel/PROPN/dobj/3/GPE")
    assert triples(got) == [("ACCUSE", "CHN", "ISR"), ("ACCUSE", "RUS", "ISR")]


def test_reciprocal_joint_subjects(coder_parts):
    got = code(coder_parts, "Russia/PROPN/nsubj/3/GPE and/CCONJ/cc/0 Iran/PROPN/conj/0/GPE "
                            "signed/VERB/ROOT/3/sign a/DET/det/5 treaty/NOUN/dobj/3/treaty")
    assert triples(got) == [("AGREE", "RUS", "IRN")]


def test_negation_and_hedging(coder_parts):
    got = code(coder_parts, "Russia/PROPN/nsubj/3/GPE did/AUX/aux/3/do not/PART/neg/3/not "
                            "condemn/VERB/ROOT/3/condemn Israel/PROPN/dobj/3/GPE | "
                            "Iran/PROPN/nsubj/7/GPE reportedly/ADV/advmod/7/reportedly "
                            "attacked/VERB/ROOT/7/attack Israel/PROPN/dobj/7/GPE")
    by_type = {t: e for t, _, _, e in got}
    assert by_type["ACCUSE"].negated and not by_type["ACCUSE"].hedged
    assert by_type["ASSAULT"].hedged and not by_type["ASSAULT"].negated


def test_light_verb_is_one_event(coder_parts):
    got = code(coder_parts, "Israel/PROPN/nsubj/1/GPE launched/VERB/ROOT/1/launch "
                            "strikes/NOUN/dobj/1/strike on/ADP/prep/2/on Iran/PROPN/pobj/3/GPE")
    assert triples(got) == [("ASSAULT", "ISR", "IRN")]


def test_embedded_report_keeps_the_speaker(coder_parts):
    got = code(coder_parts, "Lavrov/PROPN/nsubj/1/PERSON said/VERB/ROOT/1/say "
                            "Israel/PROPN/nsubj/3/GPE attacked/VERB/ccomp/1/attack "
                            "Iran/PROPN/dobj/3/GPE")
    [(t, s, g, e)] = [x for x in got if x[0] == "ASSAULT"]
    assert (s, g) == ("ISR", "IRN") and e.speaker == "Lavrov"


def test_directive_complement_is_not_an_event(coder_parts):
    got = code(coder_parts, "Russia/PROPN/nsubj/1/GPE urged/VERB/ROOT/1/urge "
                            "Israel/PROPN/dobj/1/GPE not/PART/neg/5/not to/PART/aux/5/to "
                            "attack/VERB/xcomp/1/attack Iran/PROPN/dobj/5/GPE")
    assert triples(got) == [("REQUEST", "RUS", "ISR")]


def test_dates_resolve_against_the_reference():
    ref = date(2025, 6, 19)
    assert resolve_date("June 13", ref) == "2025-06-13"
    assert resolve_date("in January", ref) == "2025-01"
    assert resolve_date("December", ref) == "2024-12"
    assert resolve_date("June 28, 2019", ref) == "2019-06-28"
    assert resolve_date("2022", None) == "2022"
    assert resolve_date("on Friday", ref) is None
    assert resolve_date("June 13", None) is None


def test_rules_reject_yaml_booleans(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("version: 1\nverbs:\n  call: {type: REQUEST, requires_prep: [on, for]}\n")
    with pytest.raises(RuleError, match="not a string"):
        read_rules(bad)
    bad.write_text("version: 1\nverbs:\n  call: {type: SHOUT}\n")
    with pytest.raises(RuleError, match="PLOVER"):
        read_rules(bad)


def test_events_carry_quad_class_and_goldstein(coder_parts):
    [(_, _, _, e)] = code(coder_parts, "Iran/PROPN/nsubjpass/2/GPE was/AUX/auxpass/2/be "
                                       "attacked/VERB/ROOT/2/attack by/ADP/agent/2/by "
                                       "Israel/PROPN/pobj/3/GPE")
    assert (e.cameo, e.quad_class, e.goldstein) == ("190", 4, -10.0)


def test_sentence_dates_are_the_sentences_date_entities(nlp, sample_dir):
    """The date entities read from token tags are what spaCy's ``Span.ents`` gives, on every
    sentence of the sample corpus (and a sentence split inside an entity keeps it out)."""
    from whimbrel.events.attributes import sentence_dates

    texts = [p.read_text(encoding="utf-8") for p in sorted((sample_dir / "txt").glob("*.txt"))]
    compared = dated = 0
    for d in nlp.pipe(texts):
        for sent in d.sents:
            expected = [(e.start, e.end) for e in sent.ents if e.label_ == "DATE"]
            assert [(e.start, e.end) for e in sentence_dates(sent)] == expected, sent.text
            compared, dated = compared + 1, dated + bool(expected)
        # a span cut through an entity: neither half is a whole entity of the span
        for ent in d.ents:
            if ent.label_ == "DATE" and len(ent) > 1:
                cut = d[ent.start - 1 if ent.start else 0:ent.start + 1]
                assert [e for e in sentence_dates(cut)] == [e for e in cut.ents
                                                            if e.label_ == "DATE"]
    assert compared > 100 and dated > 20
