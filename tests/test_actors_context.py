"""Actor mechanisms that look beyond the head noun, on hand-built Docs (no model): names among
the modifiers, names running on through "of", sponsors, and generic actor nouns that take their
country from the document."""

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
    out = []
    for m in find_mentions(d, Resolver(kb, offices, on)):
        a, b = m.char_span(d)
        out.extend((d.text[a:b], actor.code, actor.sector) for actor in m.actors)
    return out


def test_armed_group_named_as_modifier_keeps_its_sector(tables):
    got = mentions(tables, "Houthi/PROPN/compound/1 drones/NOUN/nsubj/2 hit/VERB/ROOT/2 "
                           "a/DET/det/4 port/NOUN/dobj/2")
    assert ("Houthi drones", "YEM", "REB") in got


def test_organisation_named_as_modifier_takes_the_head_sector(tables):
    got = mentions(tables, "AU/PROPN/compound/2/ORG peacekeeping/NOUN/compound/2 "
                           "troops/NOUN/nsubj/3 withdrew/VERB/ROOT/3")
    assert ("AU peacekeeping troops", "AU", "MIL") in got


def test_organisation_modifier_of_an_event_noun_is_no_actor(tables):
    got = mentions(tables, "The/DET/det/2 G20/PROPN/compound/2/ORG summit/NOUN/nsubj/3 "
                           "opened/VERB/ROOT/3")
    assert not any("summit" in text for text, _, _ in got)


def test_name_running_on_through_of(tables):
    got = mentions(tables, "The/DET/det/1 Organization/PROPN/nsubj/5/ORG of/ADP/prep/1/ORG "
                           "American/PROPN/compound/4/ORG States/PROPN/pobj/2/ORG "
                           "condemned/VERB/ROOT/5 the/DET/det/7 vote/NOUN/dobj/5")
    assert ("The Organization of American States", "OAS", "IGO") in got


def test_sponsor_is_not_the_actor(tables):
    got = mentions(tables, "Iran/PROPN/npadvmod/2/GPE -/PUNCT/punct/2 backed/VERB/amod/3 "
                           "militiamen/NOUN/nsubj/4 fired/VERB/ROOT/4")
    assert not any("militiamen" in text and code == "IRN" for text, code, _ in got)
