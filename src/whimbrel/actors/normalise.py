"""How actor phrases are normalised into lookup keys.

The same function builds the keys of the knowledge base and the keys a mention is looked up by,
so "the U.S.", "US", "Élysée" and "Elysee", "al-Qaeda" and "al Qaeda", "Iran’s" and "Iran's" meet:

    >>> normalise("the U.S.")
    'us'
    >>> normalise("the U.S.", keep_case=True)
    'US'
    >>> normalise("Quai d’Orsay")
    "quai d'orsay"
    >>> normalise("Washington, D.C.")
    'washington dc'
    >>> is_acronym("U.S."), is_acronym("G-7"), is_acronym("NATO"), is_acronym("dpa")
    (True, True, False, False)
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Typographic apostrophes and dashes folded to ASCII before anything else.
_FOLD = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",  # left single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
        "\u00b4": "'",  # acute accent used as apostrophe
        "`": "'",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u00ad": None,  # soft hyphen
    }
)
_SEPARATORS = re.compile(r"[-,\s]+")
_ACRONYM = re.compile(r"[A-Z0-9&]{1,3}")
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")


def normalise(phrase: str, *, keep_case: bool = False) -> str:
    """Return the lookup key of ``phrase``.

    Folds curly apostrophes and dashes, strips accents, drops dots, turns hyphens and commas into
    spaces, collapses whitespace and drops a leading "the". The key is lower-cased unless
    ``keep_case`` (used for forms that match only as written, see :func:`is_acronym`).
    """
    return _normalise(phrase, keep_case)


@functools.lru_cache(maxsize=1 << 16)  # a pure function called ~250 times per article
def _normalise(phrase: str, keep_case: bool) -> str:
    text = unicodedata.normalize("NFKD", phrase.translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SEPARATORS.sub(" ", text.replace(".", "")).strip()
    if text[:4].lower() == "the " and len(text) > 4:
        text = text[4:]
    return text if keep_case else text.lower()


def is_acronym(form: str) -> bool:
    """True for a short all-capital form ("US", "U.K.", "WHO", "G-7", "MI6") that must match only
    in capitals, because its lower-case spelling is often an ordinary word ("us", "who", "is")."""
    compact = normalise(form, keep_case=True).replace(" ", "")
    return bool(_ACRONYM.fullmatch(compact)) and any(ch.isalpha() for ch in compact)


def strip_possessive(key: str) -> str | None:
    """``"Iran's"`` -> ``"Iran"``, ``"houthis'"`` -> ``"houthis"``; None when there is none."""
    tail = key[-2:].lower()
    if len(key) > 2 and tail == "'s":
        return key[:-2]
    if len(key) > 2 and tail == "s'":
        return key[:-1]
    return None


def token_count(form: str) -> int:
    """An upper bound on the number of spaCy-style tokens ``form`` spans: words, and each
    punctuation mark (hyphen, apostrophe, slash) as a token of its own."""
    return len(_TOKEN.findall(form.replace(".", "")))
