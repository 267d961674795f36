"""The English check: function-word share, with samples written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from whimbrel.language import MIN_WORDS, english_share, looks_english

SHARED = Path(__file__).resolve().parents[2] / "shared"

ENGLISH = ("Russia's president received Iran's foreign minister in Moscow on Monday to discuss "
           "the situation in the Middle East and the strikes that both countries condemned. "
           "He said that Moscow would do what it could to help, but he did not say how, and the "
           "Kremlin gave no further details of the meeting.")

OTHERS = {
    "de": "Der russische Präsident hat am Montag in Moskau den iranischen Außenminister "
          "empfangen und mit ihm über die Lage im Nahen Osten und die Angriffe gesprochen, "
          "die beide Länder scharf verurteilten. Der Kreml nannte keine weiteren Einzelheiten.",
    "fr": "Le président russe a reçu lundi à Moscou le ministre iranien des affaires "
          "étrangères pour discuter de la situation au Proche-Orient et des frappes que les "
          "deux pays ont vivement condamnées. Le Kremlin n'a donné aucun autre détail.",
    "es": "El presidente ruso recibió el lunes en Moscú al ministro iraní de asuntos "
          "exteriores para hablar de la situación en Oriente Próximo y de los ataques que "
          "ambos países condenaron con dureza. El Kremlin no dio más detalles de la reunión.",
    "ru": "Президент России в понедельник принял в Москве министра иностранных дел Ирана и "
          "обсудил с ним положение на Ближнем Востоке и удары, которые обе страны резко "
          "осудили. Кремль не сообщил других подробностей встречи.",
    "fa": "رئیس جمهور روسیه روز دوشنبه در مسکو وزیر امور خارجه ایران را به حضور پذیرفت و با "
          "او درباره وضعیت خاورمیانه و حملاتی که هر دو کشور به شدت محکوم کردند گفتگو کرد. "
          "کرملین جزئیات بیشتری از این دیدار منتشر نکرد.",
}

REASON = re.compile(r"^not English: \d+% English function words \(threshold 12%\)$")


def test_english_passes():
    assert english_share(ENGLISH)[0] > 0.25
    assert looks_english(ENGLISH) == (True, "")


@pytest.mark.parametrize("lang", sorted(OTHERS))
def test_other_languages_are_rejected_with_a_reason(lang):
    text = OTHERS[lang]
    assert english_share(text)[1] >= MIN_WORDS  # long enough to be judged
    ok, reason = looks_english(text)
    assert not ok and REASON.match(reason), reason


@pytest.mark.parametrize("lang", ["ru", "fa"])
def test_other_scripts_have_no_english_function_words(lang):
    assert english_share(OTHERS[lang])[0] == 0.0
    assert looks_english(OTHERS[lang])[1].startswith("not English: 0%")


def test_short_texts_are_not_judged():
    assert looks_english("Guten Tag, wie geht es Ihnen heute?") == (True, "")
    assert looks_english("") == (True, "")
    assert looks_english("2025-06-19 12:00 -- 42 / 17") == (True, "")


def test_the_word_limit_is_the_boundary():
    german = "die Lage im Osten " * 10  # 40 words, none of them an English function word
    assert not looks_english(" ".join(german.split()[:MIN_WORDS]))[0]
    assert looks_english(" ".join(german.split()[:MIN_WORDS - 1]))[0]


def test_an_english_article_quoting_another_language_passes():
    text = ENGLISH + " The minister told reporters: 'Wir werden sehen, was passiert.'"
    assert looks_english(text)[0]


def test_it_is_deterministic():
    assert {looks_english(OTHERS["fr"]) for _ in range(5)} == {looks_english(OTHERS["fr"])}


def test_the_seed_articles_are_english():
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent (only CI and developers have ../shared)")
    for path in sorted(seeds.glob("*.txt")):
        assert looks_english(path.read_text(encoding="utf-8")) == (True, ""), path.name
