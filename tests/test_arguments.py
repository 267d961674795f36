"""Arguments the parse leaves out: lists hung on an apposition, the reporter as the agent of an
agentless passive in their report. Sentences written for the test, coded with the real model."""

from __future__ import annotations

import pytest

from test_context import _code

pytestmark = pytest.mark.integration


def test_a_list_on_an_apposition_gives_every_member(nlp):
    got = _code(nlp, "Kenyan President Ruto said the US, Brazil and France have been contacted.")
    assert {("CONSULT", "KEN", t) for t in ("USA", "BRA", "FRA")} <= set(got)


def test_an_agentless_passive_in_a_report_is_the_reporter_s_act_unless_an_attack(nlp):
    got = _code(nlp, "Kenyan President Ruto said the US, Brazil and France have been contacted.")
    assert not any(s in ("USA", "BRA") and t in ("BRA", "FRA", "USA") for _, s, t in got)
    got = _code(nlp, "The Peruvian government said a village near the border with Chile was "
                     "attacked.")
    assert not any(t == "ASSAULT" and s == "PER" for t, s, _ in got)


def test_an_act_on_the_source_s_own_people_keeps_the_source(nlp):
    got = _code(nlp, "Mali expelled the French envoy. France then withdrew its ambassador.")
    assert ("SANCTION", "FRA", "MLI") in got  # the other side from the sentence before


def test_a_mediator_consults_each_party_of_what_it_mediates(nlp):
    got = _code(nlp, "A truce between Peru and Chile, brokered by Brazil and Mexico, began.")
    assert {("CONSULT", m, p) for m in ("BRA", "MEX") for p in ("PER", "CHL")} <= set(got)
    assert ("CONSULT", "BRA", "MEX") not in got  # co-mediators do not talk to each other
    got = _code(nlp, "The army of Sudan and the Rapid Support Forces fought in Khartoum. "
                     "The talks, mediated by Saudi officials, were adjourned.")
    assert sum(1 for t, s, g in got if (t, s, g) == ("CONSULT", "SAU", "SDN")) == 2
