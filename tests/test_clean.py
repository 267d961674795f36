"""The cleaner: each kind of web junk on constructed text, and the seed articles read in place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from whimbrel.clean import CleaningRules, clean, load_rules
from whimbrel.records import CleanedText

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


def test_mojibake_records_each_repaired_word():
    r = clean("Iranâ€™s envoy met the ministerâ€™s deputy.")
    assert r.text == "Iran’s envoy met the minister’s deputy."
    assert [(a.kind, a.before, a.after) for a in r.actions] == [
        ("mojibake", "Iranâ€™s", "Iran’s"), ("mojibake", "ministerâ€™s", "minister’s")]


def test_real_greek_is_left_alone():
    for greek in ("The word αβγ is Greek and stays as it is in this sentence.",
                  "Η λέξη α β γ είναι ελληνική και μένει όπως είναι."):
        r = clean(greek)
        assert r.text == greek and r.actions == ()


def test_curly_quotes_are_kept():
    text = "“We will respond,” Iran’s foreign minister said."
    assert clean(text).text == text and clean(text).actions == ()


def test_whitespace_is_folded_and_recorded():
    r = clean("Talks  resumed\u00a0in Muscat.\n\n\n  Both sides\u200b agreed.  ")
    assert r.text == "Talks resumed in Muscat.\nBoth sides agreed."
    assert set(kinds(r)) == {"whitespace"}
    changes = {(a.before, a.after) for a in r.actions}
    assert ("Talks  resumed\u00a0in Muscat.", "Talks resumed in Muscat.") in changes
    assert ("  Both sides\u200b agreed.  ", "Both sides agreed.") in changes
    assert ("umed in Muscat.\n\n\nBoth sides agre", "umed in Muscat.\nBoth sides agre") in changes
    assert all(a.before != a.after for a in r.actions)


def test_windows_line_breaks_are_recorded():
    r = clean("Talks resumed.\r\nBoth sides agreed.")
    assert r.text == "Talks resumed.\nBoth sides agreed."
    assert [(a.kind, a.before, a.after) for a in r.actions] == [("whitespace", "\r\n", "\n")]


def test_glued_heading_goes_on_its_own_line():
    r = clean(PARA[:-1] + " for global stability.Moscow's Delicate Dance Amidst Regional "
              "Tensions\nThe Middle East remains volatile. U.S. officials said 3.0 percent.")
    assert "stability.\nMoscow's Delicate Dance Amidst Regional Tensions\nThe Middle East" in r.text
    assert "U.S. officials" in r.text and "3.0 percent" in r.text
    action = next(a for a in r.actions if a.kind == "glued-heading")
    assert "stability.Moscow's" in action.before and "stability.\nMoscow's" in action.after


@pytest.mark.parametrize("text", [
    "Officials in the U.S.Treasury Department said so.",
    "The deal took effect under version 3.0 of the text and e.g.Tehran agreed to it in full.",
    "Details are at www.example.com/Iran.Talks and more at news.Example.org today.",
])
def test_dots_inside_sentences_are_not_glued_headings(text):
    assert "glued-heading" not in kinds(clean(text))


def test_glued_bullet_link_is_split_then_dropped():
    r = clean(PARA[:-1] + " of these critical dynamics.- Iran Vs Israel Army Size\n- Iran War Israel")
    assert r.text == PARA[:-1] + " of these critical dynamics."
    assert kinds(r) == ["glued-heading", "related-links", "related-links"]


def test_caption_and_licence_lines_are_removed():
    r = clean("Smoke rises over the port. Photo: J. Doe / Agency\n" + PARA + "\n"
              "Summit in Tehran Creative Commons Attribution 3.0 License.\n" + PARA)
    assert "Photo:" not in r.text and "Creative Commons" not in r.text
    assert kinds(r).count("caption") == 1 and kinds(r).count("licence") == 1
    assert r.text.count("Russia's foreign ministry") == 2
    assert [a.before for a in r.actions] == [
        "Smoke rises over the port. Photo: J. Doe / Agency",
        "Summit in Tehran Creative Commons Attribution 3.0 License."]


@pytest.mark.parametrize(("line", "kind"), [
    ("Image credit: Kremlin.ru (CC BY 2.0)", "licence"),
    ("Araghchi arrives in Moscow. (AP Photo/Alexander Zemlianichenko)", "caption"),
    ("Getty Images", "caption"),
    ("Sources: Reuters, USA Today, MSN, Yahoo News", "boilerplate"),
    ("“In diplomacy, words are weapons. In war, weapons are words.”—Unknown", "boilerplate"),
])
def test_lines_removed_whole(line, kind):
    r = clean(PARA + "\n" + line + "\n" + PARA)
    assert r.text == PARA + "\n" + PARA
    assert [(a.kind, a.before, a.after) for a in r.actions] == [(kind, line, "")]


def test_comment_bait_sentences_only():
    r = clean(PARA + " What are your thoughts on this alliance? Share your insights in the "
              "comments below, or explore our other articles.")
    assert r.text == PARA
    assert kinds(r).count("comment-bait") == 2
    assert r.actions[0].before == "What are your thoughts on this alliance?"


def test_comment_bait_keeps_the_rest_of_the_paragraph():
    r = clean("Subscribe to our newsletter for daily updates. " + PARA)
    assert r.text == PARA
    assert [(a.kind, a.before) for a in r.actions] == [
        ("comment-bait", "Subscribe to our newsletter for daily updates.")]


def test_trailing_related_links_are_removed():
    r = clean(PARA + "\n- Iran Vs Israel Army Size\n- Putin Latest News\n"
              "Iran rejects talks as UN urges restraint\nIran rejects talks as UN urges restraint")
    assert r.text == PARA
    assert kinds(r).count("related-links") == 4
    assert r.actions[0].before == "- Iran Vs Israel Army Size"


def test_closing_sentence_is_not_a_link():
    text = PARA + "\nThe talks resume on Monday."
    assert clean(text).text == text


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
    assert any(a.kind == "keyword-stuffing" and a.before == "putin iran konflikt" and a.after == ""
               for a in r.actions)  # the last line, which is nothing but the phrase


def test_capitalised_seo_phrase_is_left_alone():
    text = ("Moscow's role is a theme in Russia Iran news. Analysts follow Russia Iran news daily.\n"
            "No analysis of Russia Iran news is complete without Moscow.")
    assert clean(text) == CleanedText(text, ())


def test_inline_link_titles_rejoin_the_sentence():
    r = clean("For a deeper dive, you can read more about how\n"
              "Putin Condemns US Iran Strikes, Warns of \"Radiological Catastrophe\" and how the\n"
              "Kremlin Accuses US of Destabilizing Iran's Government and Order.\n"
              "The Geopolitical Chessboard: Why Iran Appeals to Putin\n" + PARA)
    lines = r.text.split("\n")
    assert lines[0] == ("For a deeper dive, you can read more about how Putin Condemns US Iran "
                        "Strikes, Warns of \"Radiological Catastrophe\" and how the Kremlin Accuses "
                        "US of Destabilizing Iran's Government and Order.")
    assert lines[1] == "The Geopolitical Chessboard: Why Iran Appeals to Putin"
    assert [a.kind for a in r.actions] == ["broken-line", "broken-line"]
    assert r.actions[0].before.endswith("about how\nPutin Condemns US Iran Strikes")


def test_headings_are_not_joined_to_paragraphs():
    r = clean("Why Iran Appeals to Putin\n" + PARA + "\nConclusion\n" + PARA)
    assert r.text.split("\n")[0] == "Why Iran Appeals to Putin"
    assert "\nConclusion\n" in r.text
    title = "Iran Seeks Putin's Help Amidst US Aggression, Russia Steps In"  # ends on "In"
    long_title = "Russia Balances on a Tightrope: Backing Iran While Avoiding War With the Gulf"
    for heading in (title, long_title):
        assert clean(heading + "\n" + PARA).text == heading + "\n" + PARA
    unfinished = PARA[:-1] + " and the wider region"  # a paragraph without its full stop
    assert clean(unfinished + "\nConclusion\n" + PARA).text.split("\n")[1] == "Conclusion"


def test_rules_are_versioned_immutable_data(tmp_path):
    rules = load_rules()
    assert isinstance(rules, CleaningRules) and rules.version >= 1
    assert load_rules() is rules  # the default rules are read once
    with pytest.raises(AttributeError):
        rules.version = 2  # type: ignore[misc]
    assert "no" in rules.continuation_words  # quoted in YAML, not read as False
    custom = tmp_path / "cleaning.yaml"
    default = (Path(__file__).resolve().parents[1] / "src" / "whimbrel" / "data" / "cleaning.yaml")
    custom.write_text(default.read_text(encoding="utf-8").replace("'\\bcomments? (section )?below",
                                                                  "'\\bpost below"),
                      encoding="utf-8")
    text = PARA + " Tell us in the comments below."
    assert clean(text, rules=load_rules(custom)).text == text
    assert clean(text).text == PARA


IDEMPOTENCE_CASES = [
    PARA, "Photo: x\n" + PARA + "\n- Link One\n- Link Two", "A  b.C D E\nputin x y\nputin x y",
    "Moscow said it wasnâ€™t consulted and β this cannot be ruled out β it would respond.",
    "Talks\u00a0 resumed.\r\n\r\n\r\n\u200bBoth sides agreed.  \n",
    PARA[:-1] + " for global stability.Moscow's Delicate Dance Amidst Regional Tensions\n" + PARA,
    "Table of Contents\n- The Partnership\nThe Partnership\n" + PARA + " Share your insights "
    "in the comments below.\nIran says no to talks\nIran says no to talks",
    ("The core of the\nputin iran konflikt lies here, and the\nputin iran konflikt grows, and the\n"
    "putin iran konflikt ends.\nputin iran konflikt"),
    "about how\nPutin Condemns US Iran Strikes and how the\nKremlin Accuses US.\nConclusion\n" + PARA,
    "",
]


@pytest.mark.parametrize("text", IDEMPOTENCE_CASES)
def test_idempotent(text):
    once = clean(text)
    twice = clean(once.text)
    assert twice.text == once.text and twice.actions == ()
    assert clean(text) == once  # deterministic


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
    assert "Russia - United States Department of State" not in everything
    assert "Table of Contents" not in everything and "Sources:" not in everything
    assert "—Unknown" not in everything
    for name, r in cleaned.items():
        assert clean(r.text).actions == (), name  # idempotent
        assert all(a.before != a.after or a.kind == "keyword-stuffing" for a in r.actions), name
        assert all(a.before for a in r.actions), name


def test_seed_headings_stay_on_their_own_lines(seeds_dir):
    cleaned = _seed_texts(seeds_dir)
    headings = {
        "001_736459234155e581.txt": ["Iran Seeks Putin's Help Amidst US Aggression, Russia Steps In",
                                     "Russia's Stark Condemnation of US Strikes on Iran",
                                     "The Geopolitical Chessboard: Why Iran Appeals to Putin",
                                     "Escalation and the Shadow of a Wider Conflict", "Conclusion"],
        "002_f808841d254569af.txt": ["Russia And Iran: Navigating A Complex Geopolitical Alliance",
                                     "The Evolving Landscape of Russia-Iran Relations",
                                     "Moscow's Delicate Dance Amidst Regional Tensions",
                                     "Iran's Role in Russia's Geopolitical Strategy", "Conclusion"],
        "003_2b9f872a54b219e4.txt": [("Russia Balances on a Tightrope: Backing Iran While Avoiding "
                                     "War with Israel and the US")],
        "004_91aeb563d4901a78.txt": ["Iran Vs. Russia: Decoding A Shifting Alliance In The Middle East",
                                     "Prioritizing the Ukraine Conflict",
                                     "Geopolitical Chessboard: US and Israel's Perspective",
                                     "Conclusion: A Partnership of Pragmatism"],
    }
    for name, titles in headings.items():
        lines = cleaned[name].text.split("\n")
        for title in titles:
            assert title in lines, (name, title)


def test_seed_trails(seeds_dir):
    cleaned = _seed_texts(seeds_dir)
    trail = {name: kinds(r) for name, r in cleaned.items()}
    assert "licence" in trail["000_25e66934ed0f176f.txt"]
    assert {"mojibake", "broken-line", "keyword-stuffing"} <= set(trail["001_736459234155e581.txt"])
    assert {"glued-heading", "table-of-contents", "comment-bait", "related-links",
            "whitespace"} <= set(trail["002_f808841d254569af.txt"])
    assert "boilerplate" in trail["003_2b9f872a54b219e4.txt"]
    assert trail["004_91aeb563d4901a78.txt"].count("related-links") == 8
    stuffed = [a for a in cleaned["001_736459234155e581.txt"].actions if a.kind == "keyword-stuffing"]
    assert [a.before for a in stuffed] == ["putin iran konflikt"]
    text = cleaned["001_736459234155e581.txt"].text
    assert "intensifying the putin iran konflikt. Moscow, in a move" in text  # re-joined, kept


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
