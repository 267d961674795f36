"""Wire datelines and credits are blanked for parsing (analyse.mask_datelines), so a city or an
agency opening a paragraph does not become an actor of its first sentence."""

from __future__ import annotations

import pytest

from whimbrel.analyse import mask_datelines


@pytest.mark.parametrize("text, masked", [
    ("LIMA - Ministers met.", "       Ministers met."),
    ("BOGOTA, March 4 (Reuters) - Rebels left.", " " * 28 + "Rebels left."),
    ("(Bloomberg) -- Troops moved.", " " * 15 + "Troops moved."),
    ("NAIROBI (AP) — Police fired.", " " * 15 + "Police fired."),
    ("Intro line.\nKYIV - Drones hit.", "Intro line.\n       Drones hit."),
])
def test_datelines_are_blanked_keeping_offsets(text, masked):
    assert mask_datelines(text) == masked and len(masked) == len(text)


@pytest.mark.parametrize("text", [
    "A - B", "The army - and the police - moved.", "Mali - a landlocked state.",
    "He said - and meant it.",
])
def test_ordinary_dashes_stay(text):
    assert mask_datelines(text) == text


@pytest.mark.integration
def test_a_dateline_city_is_not_an_actor(nlp):
    from whimbrel.analyse import Analyzer, analyse_articles
    from whimbrel.records import Article
    text = "LIMA - Talks between Peru and Chile resumed on Monday."
    article = Article(id="d", content_hash="d", origin="d.txt", format="txt", text=text,
                      raw_text=text, published="2025-03-10")
    [parsed] = list(analyse_articles(nlp, Analyzer.load(), [article]))
    codes = {c for e in parsed.events for c in (e.source and e.source.code,
                                                 e.target and e.target.code)}
    assert "PER" in codes and "CHL" in codes
    assert all(not m.text.startswith("LIMA") for m in parsed.mentions
               if any(e.source_span and e.source_span.start == m.start for e in parsed.events))
