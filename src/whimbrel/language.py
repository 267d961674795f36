"""Is a text English? A deterministic check by the share of common English function words.

English prose has 30-50% of its word tokens among the ~130 commonest English function words
(:data:`FUNCTION_WORDS`); other languages written in Latin script have under 10% (a few words such
as ``a``, ``in`` or ``no`` are shared), and other scripts have none. Texts of fewer than
:data:`MIN_WORDS` words are not judged: they pass. No model and no dependency: the same text always
gets the same answer.
"""

from __future__ import annotations

import re

FUNCTION_WORDS = frozenset((
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no",
    "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over",
    "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "would", "you", "your",
))
MIN_WORDS = 20  # shorter texts are not judged
THRESHOLD = 0.12  # English prose is well above 25%; other languages below 10%
MAX_WORDS = 2000  # only the start of a long text is looked at
_TOKEN = re.compile(r"[^\W\d_]+")  # runs of letters, in any script


def english_share(text: str) -> tuple[float, int]:
    """``(share of function words, number of word tokens)`` over the first 2,000 words.

    >>> english_share("The talks in Oman")
    (0.5, 4)
    """
    words = _TOKEN.findall(text.lower())[:MAX_WORDS]
    if not words:
        return 0.0, 0
    return sum(word in FUNCTION_WORDS for word in words) / len(words), len(words)


def looks_english(text: str) -> tuple[bool, str]:
    """``(True, "")`` for English or a text too short to judge, else ``(False, reason)``.

    Never raises. The reason is one line, for a :class:`~whimbrel.records.Rejection`.

    >>> looks_english("The minister said that the talks would resume in Oman next week, and "
    ...               "that both sides had agreed to meet again after the holiday for a review.")
    (True, '')
    >>> looks_english("Der Minister sagte, die Gespräche würden nächste Woche in Oman "
    ...               "fortgesetzt, und beide Seiten hätten vereinbart, sich nach dem Feiertag "
    ...               "erneut zu treffen.")
    (False, 'not English: 4% English function words (threshold 12%)')
    """
    share, words = english_share(text)
    if words < MIN_WORDS or share >= THRESHOLD:
        return True, ""
    return False, f"not English: {share:.0%} English function words (threshold {THRESHOLD:.0%})"
