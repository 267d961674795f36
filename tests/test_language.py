import pytest

from whimbrel.language import looks_english

SAMPLES = {
    "de": "Der russische Präsident hat am Montag in Moskau den iranischen Außenminister "
          "empfangen und mit ihm über die Lage im Nahen Osten und die Angriffe gesprochen, "
          "die beide Seiten scharf verurteilten.",
    "fr": "Le président russe a reçu lundi à Moscou le ministre iranien des affaires "
          "étrangères pour discuter de la situation au Proche-Orient et des frappes que les "
          "deux pays ont vivement condamnées.",
    "es": "El presidente ruso recibió el lunes en Moscú al ministro iraní de asuntos "
          "exteriores para hablar de la situación en Oriente Próximo y de los ataques que "
          "ambos países condenaron con dureza.",
    "ru": "Президент России в понедельник принял в Москве министра иностранных дел Ирана и "
          "обсудил с ним положение на Ближнем Востоке и удары которые обе стороны резко "
          "осудили на встрече в Кремле сегодня вечером.",
    "fa": "رئیس جمهور روسیه روز دوشنبه در مسکو وزیر امور خارجه ایران را به حضور پذیرفت و با "
          "او درباره وضعیت خاورمیانه و حملات گفتگو کرد که هر دو طرف به شدت محکوم کردند و "
          "خواستار پایان درگیری شدند",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_other_languages_are_rejected_with_a_reason(lang):
    ok, reason = looks_english(SAMPLES[lang])
    assert not ok and reason.startswith("not English:")


def test_english_passes():
    text = ("Russia's president received Iran's foreign minister in Moscow on Monday to discuss "
            "the situation in the Middle East and the strikes that both countries condemned.")
    assert looks_english(text) == (True, "")


def test_short_texts_are_not_judged():
    assert looks_english("Guten Tag")[0]
