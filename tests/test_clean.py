"""The cleaner: each kind of web junk on constructed text, and the seed articles read in place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from whimbrel.clean import clean

SHARED = Path(__file__).resolve().parents[2] / "shared"
PARA = ("Russia's foreign ministry condemned the strikes on Sunday and said the attack on the "
        "nuclear sites risked a disaster for the whole region, officials in Moscow told reporters.")


def kinds(result) -> list[str]:
    return [a.kind for a in result.actions]


def test_mojibake_and_beta_dashes():
    r = clean("Moscow said it wasnâ€™t consulted and β this cannot be ruled out β it would "
              "respond. The nationβs leaders agreed.")
    assert "wasn’t" in r.text and "β" not in r.text
    assert "and — this cannot be ruled out — it" in r.text and "nation’s" in r.text
    assert kinds(r).count("mojibake") >= 3
    assert any(a.before == "β" and a.after == "’" for a in r.actions)


def test_real_greek_is_left_alone():
    assert clean("The word αβγ is Greek and stays as it is in this sentence.").text.count("β") == 1


def test_whitespace_is_folded_and_recorded():
    r = clean("Talks  resumed\u00a0in Muscat.\n\n\n  Both sides\u200b agreed.  ")
    assert r.text == "Talks resumed in Muscat.\nBoth sides agreed."
    assert "whitespace" in kinds(r)


def test_glued_heading_goes_on_its_own_line():
    r = clean(PARA[:-1] + " for global stability.Moscow's Delicate Dance Amidst Regional "
              "Tensions\nThe Middle East remains volatile. U.S. officials said 3.0 percent.")
    assert "stability.\nMoscow's Delicate Dance Amidst Regional Tensions\nThe Middle East" in r.text
    assert "U.S. officials" in r.text and "3.0 percent" in r.text
    action = [a for a in r.actions if a.kind == "glued-heading"][0]
    assert "stability.Moscow's" in action.before


def test_caption_and_licence_lines_are_removed():
    r = clean("Smoke rises over the port. Photo: J. Doe / Agency\n" + PARA + "\n"
              "Summit in Tehran Creative Commons Attribution 3.0 License.\n" + PARA)
    assert "Photo:" not in r.text and "Creative Commons" not in r.text
    assert kinds(r).count("caption") == 1 and kinds(r).count("licence") == 1
    assert r.text.count("Russia's foreign ministry") == 2


def test_comment_bait_sentences_only():
    r = clean(PARA + " What are your thoughts on this alliance? Share your insights in the "
              "comments below, or explore our other articles.")
    assert r.text == PARA
    assert kinds(r).count("comment-bait") == 2


def test_trailing_related_links_are_removed():
    r = clean(PARA + "\n- Iran Vs Israel Army Size\n- Putin Latest News\n"
              "Iran rejects talks as UN urges restraint\nIran rejects talks as UN urges restraint")
    assert r.text == PARA
    assert kinds(r).count("related-links") == 4


def test_table_of_contents_is_removed():
    r = clean("Table of Contents\n- The Partnership\n- The Limits\nThe Partnership\n" + PARA)
    assert r.text == "The Partnership\n" + PARA
    assert kinds(r).count("table-of-contents") == 3


def test_keyword_stuffing_rejoins_broken_sentences():
    stuffed = ("The escalation drew Russia deeper into the fray, intensifying the\n"
               "putin iran konflikt. Moscow condemned the strikes.\n"
               "The core of the\nputin iran konflikt lies in its potential to spread.\n"
               "The\nputin iran konflikt is more than a reaction.\nputin iran konflikt")
    r = clean(stuffed)
    assert "intensifying the putin iran konflikt. Moscow condemned" in r.text
    assert "The core of the putin iran konflikt lies" in r.text
    assert not r.text.endswith("\nputin iran konflikt")
    assert any(a.kind == "keyword-stuffing" and a.before == "putin iran konflikt"
               for a in r.actions)
    assert kinds(r).count("broken-line") == 3


def test_headings_are_not_joined_to_paragraphs():
    r = clean("Why Iran Appeals to Putin\n" + PARA + "\nConclusion\n" + PARA)
    assert r.text.split("\n")[0] == "Why Iran Appeals to Putin"
    assert "\nConclusion\n" in r.text


@pytest.mark.parametrize("text", [PARA, "Photo: x\n" + PARA + "\n- Link One\n- Link Two",
                                  "A  b.C D E\nputin x y\nputin x y"])
def test_idempotent(text):
    once = clean(text)
    twice = clean(once.text)
    assert twice.text == once.text and twice.actions == ()


# -- the seed articles, read in place ------------------------------------------------------
def _seed_texts(seeds_dir):
    return {p.name: clean(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.iterdir())}


def test_seed_defects_are_gone(seeds_dir):
    cleaned = _seed_texts(seeds_dir)
    everything = "\n".join(r.text for r in cleaned.values())
    assert not re.search(r"\sβ\s|[a-z]β[a-z]", everything)
    assert "Creative Commons" not in everything and "License." not in everything
    for title in ("Iran Vs Israel Army Size", "Iran War Israel", "Israel Vs Iran World War 3",
                  "Iran President Dead", "Iran And Israel News",
                  "Iran says no to nuclear talks during conflict"):
        assert title not in cleaned["004_91aeb563d4901a78.txt"].text, title
    assert "comments below" not in everything
    assert "stability.Moscow's" not in everything
    assert "\nMoscow's Delicate Dance Amidst Regional Tensions\n" in \
        cleaned["002_f808841d254569af.txt"].text
    assert not re.search(r"[a-z]\.[A-Z][a-z]+ [A-Z]", everything.replace("U.S.", "US"))
    for r in cleaned.values():
        assert clean(r.text).actions == ()


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def test_cleaning_keeps_every_annotated_sentence(seeds_dir):
    gold = SHARED / "gold" / "seeds.jsonl"
    cleaned = {k: _norm(v.text) for k, v in _seed_texts(seeds_dir).items()}
    missing = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["events"] and _norm(row["sentence"].replace("β", " ")) not in cleaned[row["doc"]]:
            missing.append(row["sentence"][:80])
    assert not missing, missing
