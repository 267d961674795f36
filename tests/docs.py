"""Hand-built spaCy Docs for unit tests that need no model.

``doc("Russian/ADJ/amod/2 President/PROPN/compound/2 Putin/PROPN/nsubj/3 said/VERB/ROOT/3/say")``:
each token is ``text/POS/dep/head-index``, optionally ``/ENT`` (upper case, e.g. ``PERSON``)
and ``/lemma`` (lower case; it may follow the head index directly). Sentences: a token ``|`` starts a new sentence (it is not part of the Doc).
"""

from __future__ import annotations

from spacy.tokens import Doc
import spacy

VOCAB = spacy.blank("en").vocab  # lexical attributes (lower_, is_punct) need the English defaults


def doc(spec: str) -> Doc:
    words, pos, deps, heads, ents, lemmas, starts = [], [], [], [], [], [], []
    new_sentence = True
    for item in spec.split():
        if item == "|":
            new_sentence = True
            continue
        parts = item.split("/")
        text, p, d, h = parts[0].replace("_", " "), parts[1], parts[2], int(parts[3])
        extra = parts[4:]
        if extra and extra[0] and not extra[0].isupper():
            extra = ["", *extra]  # a lower-case fifth field is the lemma: no entity
        ent = extra[0] if extra and extra[0] else "O"
        lemma = extra[1] if len(extra) > 1 else text.lower()
        words.append(text)
        pos.append(p)
        deps.append(d)
        heads.append(h)
        lemmas.append(lemma)
        starts.append(new_sentence)
        new_sentence = False
        ents.append(ent)
    iob = []
    for i, e in enumerate(ents):
        if e == "O":
            iob.append("O")
        else:
            iob.append(("I-" if i and ents[i - 1] == e else "B-") + e)
    spaces = [not (i + 1 < len(words) and words[i + 1] in (".", ",", "'s", "’s", "-"))
              and words[i] != "-" for i in range(len(words))]
    return Doc(VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads,
               lemmas=lemmas, ents=iob,
               sent_starts=[True if s else None for s in starts])
