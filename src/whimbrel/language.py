"""Is a text English? A deterministic check by the share of common English function words.

English prose has 35-50% of its tokens among the commonest English function words; other
languages written in Latin script have under 10%, and non-Latin scripts have none. Texts shorter
than :data:`MIN_WORDS` words are not judged (they pass).
"""

from __future__ import annotations

import re

FUNCTION_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no
nor not now of off on once only or other our out over own same she should so some such than that
the their theirs them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your
""".split())
MIN_WORDS = 20
THRESHOLD = 0.12
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_share(text: str) -> tuple[float, int]:
    """(share of function words, number of word tokens) over the first 2,000 words."""
    words = _TOKEN.findall(text.lower())[:2000]
    if not words:
        return 0.0, 0
    return sum(w in FUNCTION_WORDS for w in words) / len(words), len(words)


def looks_english(text: str) -> tuple[bool, str]:
    """``(True, "")`` for English (or too short to judge), else ``(False, reason)``.

    >>> looks_english("The minister said that the talks would resume in Oman next week, and "
    ...               "that both sides had agreed to meet again after the holiday for a review.")
    (True, '')
    >>> looks_english("Der Minister sagte, die Gespräche würden nächste Woche in Oman "
    ...               "fortgesetzt, und beide Seiten hätten vereinbart, sich nach dem Feiertag "
    ...               "erneut zu treffen.")[0]
    False
    """
    share, n = english_share(text)
    if n < MIN_WORDS:
        return True, ""
    if share >= THRESHOLD:
        return True, ""
    return False, (f"not English: {share:.0%} English function words "
                   f"(threshold {THRESHOLD:.0%})")
