"""The parse runs in spaCy memory zones: words met in one batch of articles do not stay in the
model's vocabulary (in real news their number grows with the corpus, and memory with it)."""

from __future__ import annotations

import pytest

from whimbrel import analyse
from whimbrel.analyse import Analyzer, analyse_articles
from whimbrel.records import Article

pytestmark = pytest.mark.integration


def _article(i: int) -> Article:
    made_up = " ".join(f"Zorv{i}qal{j}" for j in range(20))  # words no model has seen
    text = f"Russia condemned the strikes on Fordow. Residents named {made_up}."
    return Article(id=f"z{i}", content_hash=f"z{i}", origin=f"z{i}.txt", format="txt",
                   text=text, raw_text=text, published="2025-06-23")


def test_words_met_while_parsing_do_not_stay_in_the_vocabulary(nlp, monkeypatch):
    monkeypatch.setattr(analyse, "ZONE_ARTICLES", 8)  # 30 articles: four zones
    analyzer = Analyzer.load()
    strings = len(nlp.vocab.strings)
    parsed = list(analyse_articles(nlp, analyzer, (_article(i) for i in range(30))))
    assert [p.article.id for p in parsed] == [f"z{i}" for i in range(30)]
    for p in parsed:  # coded as usual inside the zones
        assert [(e.type, e.source.code, e.trigger.text) for e in p.events] == [
            ("ACCUSE", "RUS", "condemned")]
    assert len(nlp.vocab.strings) - strings < 30
    assert "Zorv7qal3" not in nlp.vocab.strings
    # the same parse outside a zone keeps each new word (20 an article)
    list(nlp.pipe(_article(i).text for i in range(100, 110)))
    assert len(nlp.vocab.strings) - strings >= 200
    assert "Zorv107qal3" in nlp.vocab.strings
