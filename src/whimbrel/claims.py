"""Claims about standing relationships: the stage that finds them in a parsed document.

A claim is a noun phrase such as "a new defense pact" or "formal military commitments" (head
and modifier lists per kind in ``data/claims/relations.yaml``), its polarity (asserted, or
denied by "no", "without" or a negated governing verb) and the pair of actors it is about: the
actors of its clause ("Russia and Iran are not bound by ..."), "with"/"between" objects, a
possessor, a pair phrase ("the two nations"), else the article's two most mentioned actors.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from whimbrel.actors.mentions import MentionIndex
from whimbrel.errors import WhimbrelError
from whimbrel.records import Claim, Span

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "claims" / "relations.yaml"
HEDGES = frozenset({"reportedly", "allegedly", "apparently", "may", "might", "could"})


class ClaimRuleError(WhimbrelError):
    """The relations file is malformed."""


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    heads: frozenset[str]
    modifiers: frozenset[str]


@dataclass(frozen=True, slots=True)
class Relations:
    version: int
    kinds: tuple[Kind, ...]
    by_head: Mapping[str, tuple[Kind, ...]]


@functools.lru_cache(maxsize=2)
def load_relations(path: Path = DEFAULT_PATH) -> Relations:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds = tuple(Kind(name, frozenset(spec["heads"]), frozenset(spec["modifiers"]))
                      for name, spec in data["kinds"].items())
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ClaimRuleError(f"{path}: cannot read relation kinds: {exc}") from exc
    by_head: dict[str, list[Kind]] = {}
    for k in kinds:
        for h in k.heads:
            by_head.setdefault(h, []).append(k)
    return Relations(int(data.get("version", 1)), kinds,
                     MappingProxyType({h: tuple(v) for h, v in by_head.items()}))


def _denied(noun) -> bool:  # type: ignore[no-untyped-def]
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    node = noun
    for _ in range(4):  # climb through conjuncts, prepositions and the governing verb
        if node.head.i == node.i:
            return False
        dep, node = node.dep_, node.head
        if node.lower_ == "without":
            return True
        if node.pos_ in ("VERB", "AUX"):
            if dep in ("nsubj", "nsubjpass"):
                return False  # "the pact does not require ...": the pact itself stands
            return any(c.dep_ == "neg" for c in node.children)
    return False


def _hedged(noun) -> bool:  # type: ignore[no-untyped-def]
    node = noun
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if any(c.lower_ in HEDGES for c in node.children):
            return True
    return False


def _codes(tokens, mentions: MentionIndex) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for t in tokens:
        m = mentions.at(t)
        if m is None:
            continue
        for a in m.actors:
            if a.code and a.code not in out:
                out.append(a.code)
    return out


def _pair(noun, mentions: MentionIndex, protagonists: Sequence[str]) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    near = [*noun.subtree]
    if verb is not noun:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "prep", "agent"):
                near.extend(c.subtree)
    codes = _codes(near, mentions)
    for p in protagonists:  # fill up from the article's main actors
        if len(codes) >= 2:
            break
        if p not in codes:
            codes.append(p)
    if len(codes) < 2:
        return None
    a, b = sorted(codes[:2])
    return (a, b)


def find_claims(doc, mentions: MentionIndex, *, article_id: str,  # type: ignore[no-untyped-def]
                sentence_index: Sequence[int], relations: Relations | None = None) -> list[Claim]:
    relations = relations or load_relations()
    counts = Counter(a.code for m in mentions for a in m.actors
                     if a.code and m.kind not in ("vague", "pronoun"))
    protagonists = [c for c, _ in counts.most_common(2)]
    out: list[Claim] = []
    for k, sent in enumerate(doc.sents):
        s_idx = sentence_index[k] if k < len(sentence_index) else -1
        if s_idx < 0:
            continue
        for tok in sent:
            kinds = relations.by_head.get(tok.lemma_.lower()) or relations.by_head.get(tok.lower_)
            if not kinds or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound")}
            mods |= {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
            for kind in kinds:
                if not mods & kind.modifiers:
                    continue
                pair = _pair(tok, mentions, protagonists)
                if pair is None:
                    continue
                start = min(c.i for c in tok.lefts) if list(tok.lefts) else tok.i
                a, b = doc[start].idx, tok.idx + len(tok.text)
                out.append(Claim(article_id, s_idx, kind.name, pair, not _denied(tok),
                                 Span(a, b, doc[start:tok.i + 1].text), _hedged(tok)))
    return out
