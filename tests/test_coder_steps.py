"""The coder's steps one by one (events/coder.py): candidates, sources, targets and their
fallbacks, pairs. Each test shows the sentence its step exists for; sentences written for the
test, parsed with the real model."""

from __future__ import annotations

from datetime import date

import pytest

from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.resolve import Resolver
from whimbrel.analyse import Analyzer
from whimbrel.events.coder import Candidate, Coder

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer.load()


def _parts(nlp, analyzer, text):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    resolver = Resolver(analyzer.kb, analyzer.offices, date(2025, 3, 10), analyzer.user)
    mentions = find_mentions(doc, resolver, event_nouns=frozenset(analyzer.rules.nouns))
    return doc, mentions, Coder(analyzer.rules, analyzer.gazetteer)


def _tok(doc, word):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.text == word)


def _codes(args):  # type: ignore[no-untyped-def]
    return [a.actor.code for a in args]


def test_candidates_skip_what_is_asked_for_and_code_a_light_verb_once(nlp, analyzer):
    doc, mentions, coder = _parts(nlp, analyzer, "Peru urged Chile to halt the raids.")
    assert [t.lemma_ for t, _ in coder._candidates(doc, mentions, set())] == ["urge"]
    doc, mentions, coder = _parts(nlp, analyzer, "Peru launched airstrikes on Chile.")
    consumed: set[int] = set()
    assert [t.text for t, _ in coder._candidates(doc, mentions, consumed)] == ["launched"]
    assert _tok(doc, "airstrikes").i in consumed


def test_sources_of_a_noun_come_from_its_light_verb(nlp, analyzer):
    doc, mentions, coder = _parts(nlp, analyzer, "Peru issued a stern warning to Chile.")
    warning = _tok(doc, "warning")
    assert _codes(coder._sources(warning, coder.trigger_of(warning, mentions), mentions)) == ["PER"]


def test_targets_fall_back_to_who_undergoes_a_noun_and_to_the_verb_s_preposition(nlp, analyzer):
    doc, mentions, coder = _parts(nlp, analyzer,
                                  "Bolivia, facing sanctions, sought help from Peru.")
    sanctions = _tok(doc, "sanctions")
    rule = coder.trigger_of(sanctions, mentions)
    sources, targets = coder._targets(sanctions, rule, "SANCTION", [], mentions)
    assert _codes(targets) == ["BOL"] and sources == []
    doc, mentions, coder = _parts(nlp, analyzer, "Peru sent a warning to Chile.")
    warning = _tok(doc, "warning")
    _, targets = coder._targets(warning, coder.trigger_of(warning, mentions), "THREATEN", [],
                                mentions)
    assert _codes(targets) == ["CHL"]


def test_pairs_of_joint_mutual_and_own_object_acts(nlp, analyzer):
    doc, mentions, coder = _parts(nlp, analyzer, "Peru and Chile clashed along the border.")
    clashed = _tok(doc, "clashed")
    rule = coder.trigger_of(clashed, mentions)
    sources = coder._sources(clashed, rule, mentions)
    pairs = coder._pairs(Candidate(clashed, rule, "ASSAULT", sources, []), mentions)
    assert {(s.actor.code, t.actor.code) for s, t in pairs} == {("PER", "CHL"), ("CHL", "PER")}
    doc, mentions, coder = _parts(nlp, analyzer, "Peru and Chile cooperated closely.")
    tok = _tok(doc, "cooperated")
    rule = coder.trigger_of(tok, mentions)
    pairs = coder._pairs(Candidate(tok, rule, "COOPERATE", coder._sources(tok, rule, mentions),
                                   []), mentions)
    assert [(s.actor.code, t.actor.code) for s, t in pairs] == [("PER", "CHL")]
    doc, mentions, coder = _parts(nlp, analyzer, "Peru withdrew its ambassador.")
    tok = _tok(doc, "withdrew")
    rule = coder.trigger_of(tok, mentions)
    sources, targets = coder._targets(tok, rule, "SANCTION", coder._sources(tok, rule, mentions),
                                      mentions)
    pairs = coder._pairs(Candidate(tok, rule, "SANCTION", sources, targets), mentions)
    assert [(s.actor.code, t) for s, t in pairs] == [("PER", None)]


def test_a_statement_is_addressed_to_no_one_the_article_would_name(nlp, analyzer):
    from whimbrel.events.clauses import statement as _statement
    from whimbrel.records import Event, Span

    doc = nlp("A senior Peruvian official said on Saturday that talks would resume.")
    said = _tok(doc, "said")
    event = Event(article_id="a", sentence=0, type="REQUEST",
                  trigger=Span(said.idx, said.idx + len(said.text), said.text))
    assert _statement(doc, event, analyzer.rules)
    talks = _tok(doc, "talks")
    assert not _statement(doc, Event(article_id="a", sentence=0, type="CONSULT",
                                     trigger=Span(talks.idx, talks.idx + 5, "talks")),
                          analyzer.rules)


def test_the_target_of_a_label_is_the_labelled_party(nlp, analyzer):
    for text in ("Peru's president called the Chilean junta illegitimate.",
                 "Peru said the Chilean junta was out of control."):
        doc, mentions, coder = _parts(nlp, analyzer, text)
        tok = next(t for t in doc if t.lemma_ in ("call", "say"))
        rule = coder.trigger_of(tok, mentions)
        assert rule is not None and rule.requires_label == "condemnatory"
        _, targets = coder._targets(tok, rule, rule.type, [], mentions)
        assert _codes(targets) == ["CHL"]
