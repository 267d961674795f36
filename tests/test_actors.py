"""Actor mentions on hand-built Docs (no model): one test per kind of mention."""

from __future__ import annotations

from datetime import date

import pytest

from docs import doc
from whimbrel.actors.knowledge import load_knowledge
from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.offices import load_offices
from whimbrel.actors.resolve import Resolver


@pytest.fixture(scope="module")
def tables():
    return load_knowledge(), load_offices()


def mentions(tables, spec: str, on: date | None = date(2025, 6, 23)):
    kb, offices = tables
    d = doc(spec)
    found = find_mentions(d, Resolver(kb, offices, on))
    out = []
    for m in found:
        a, b = m.char_span(d)
        for actor in m.actors:
            out.append((d.text[a:b], actor.code, actor.sector, m.kind))
    return out


def test_office_holder_with_title_and_nationality(tables):
    got = mentions(tables, "Russian/ADJ/amod/1/NORP President/PROPN/compound/3 "
                           "Vladimir/PROPN/compound/3/PERSON Putin/PROPN/nsubj/4/PERSON "
                           "spoke/VERB/ROOT/4 ./PUNCT/punct/4")
    assert ("Russian President Vladimir Putin", "RUS", "GOV", "name") in got


def test_unknown_person_from_title_and_nationality(tables):
    got = mentions(tables, "Russian/ADJ/amod/4/NORP Deputy/PROPN/compound/4 "
                           "Foreign/PROPN/compound/4 Minister/PROPN/compound/4 "
                           "Zorkin_Petrov/PROPN/nsubj/5/PERSON spoke/VERB/ROOT/5")
    assert any(code == "RUS" and sector == "GOV" for _, code, sector, _ in got)


def test_metonym_capital_and_media(tables):
    got = mentions(tables, "The/DET/det/1 Kremlin/PROPN/nsubj/2/ORG thanked/VERB/ROOT/2 "
                           "Tehran/PROPN/dobj/2/GPE ,/PUNCT/punct/2 TASS/PROPN/nsubj/6/ORG "
                           "reported/VERB/conj/2")
    assert ("The Kremlin", "RUS", "GOV", "metonym") in got
    assert ("Tehran", "IRN", "GOV", "capital") in got
    assert any(t == "TASS" and c == "RUS" and s == "MED" for t, c, s, _ in got)


def test_demonym_with_sector_noun(tables):
    got = mentions(tables, "Israeli/ADJ/amod/1/NORP jets/NOUN/nsubj/2 struck/VERB/ROOT/2 "
                           "Iranian/ADJ/amod/4/NORP officials/NOUN/dobj/2")
    assert ("Israeli jets", "ISR", "MIL", "description") in got
    assert ("Iranian officials", "IRN", "GOV", "description") in got


def test_hyphenated_attacker_and_organisations(tables):
    got = mentions(tables, "US/PROPN/npadvmod/2/GPE -/PUNCT/punct/2 led/VERB/amod/3 "
                           "airstrikes/NOUN/nsubj/4 alarmed/VERB/ROOT/4 the/DET/det/8 "
                           "UN/PROPN/compound/8/ORG Security/PROPN/compound/8/ORG "
                           "Council/PROPN/dobj/4/ORG")
    assert ("US-led airstrikes", "USA", "MIL", "description") in got
    assert ("the UN Security Council", "UNO", "IGO", "organisation") in got


def test_possessive_country_keeps_its_own_body(tables):
    got = mentions(tables, "Russia/PROPN/poss/3/GPE 's/PART/case/0 Security/PROPN/compound/3 "
                           "Council/PROPN/nsubj/4 met/VERB/ROOT/4")
    assert ("Russia's Security Council", "RUS", "GOV", "description") in got


def test_of_phrase_and_appositive(tables):
    got = mentions(tables, "the/DET/det/2 foreign/ADJ/amod/2 minister/NOUN/nsubj/5 "
                           "of/ADP/prep/2 Iran/PROPN/pobj/3/GPE arrived/VERB/ROOT/5 "
                           "| Dmitry/PROPN/compound/7/PERSON Zorin/PROPN/nsubj/13/PERSON "
                           ",/PUNCT/punct/7 the/DET/det/12 Kremlin/PROPN/poss/12/ORG "
                           "'s/PART/case/10 spokesman/NOUN/appos/7 agreed/VERB/ROOT/13")
    assert any(t.startswith("the foreign minister") and c == "IRN" for t, c, _, _ in got)
    assert ("Dmitry Zorin", "RUS", "GOV", "description") in got


def test_surname_after_full_mention_and_pronoun(tables):
    got = mentions(tables, "Iranian/ADJ/amod/2/NORP diplomat/NOUN/compound/3 "
                           "Hamid_Zarif/PROPN/compound/3/PERSON Nourbakhsh/PROPN/nsubj/4/PERSON "
                           "arrived/VERB/ROOT/4 | Nourbakhsh/PROPN/nsubj/6/PERSON said/VERB/ROOT/6 "
                           "he/PRON/nsubj/8 would/AUX/aux/8 return/VERB/ccomp/6")
    assert ("Nourbakhsh", "IRN", "GOV", "name") in got
    assert ("he", "IRN", "GOV", "pronoun") in got


def test_pair_reference_takes_the_conjoined_actors(tables):
    got = mentions(tables, "Russia/PROPN/nsubj/3/GPE and/CCONJ/cc/0 Iran/PROPN/conj/0/GPE "
                           "met/VERB/ROOT/3 | both/DET/det/5 nations/NOUN/nsubj/6 agreed/VERB/ROOT/6")
    pair = sorted(c for t, c, _, k in got if t == "both nations")
    assert pair == ["IRN", "RUS"]


def test_vague_collective_has_no_code(tables):
    got = mentions(tables, "Western/ADJ/amod/1 powers/NOUN/nsubj/2 objected/VERB/ROOT/2")
    assert ("Western powers", None, "GOV", "vague") in got


def test_one_surname_two_dates_two_offices(tables):
    spec = "Medvedev/PROPN/nsubj/1/PERSON spoke/VERB/ROOT/1"
    kb, offices = tables
    d = doc(spec)
    early = find_mentions(d, Resolver(kb, offices, date(2010, 1, 1))).mentions[0].actors[0]
    late = find_mentions(d, Resolver(kb, offices, date(2015, 1, 1))).mentions[0].actors[0]
    assert early.code == late.code == "RUS"
    assert (early.office, early.title) == ("head_of_state", "President")
    assert (late.office, late.title) == ("head_of_government", "Prime Minister")


def test_the_same_surname_is_a_different_person_after_a_change_of_office(tables):
    kb, offices = tables
    d = doc("Johnson/PROPN/nsubj/1/PERSON spoke/VERB/ROOT/1")
    in_2017 = find_mentions(d, Resolver(kb, offices, date(2017, 1, 1))).mentions[0].actors[0]
    in_2020 = find_mentions(d, Resolver(kb, offices, date(2020, 1, 1))).mentions[0].actors[0]
    assert in_2017.office == "foreign_minister" and in_2020.office == "head_of_government"
