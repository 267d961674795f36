"""Actor resolution against a gold set: of the gold source/target mentions with a code, how many
the stored mentions resolve to the right code, and to the right code and sector.

A gold mention is found by its text in the stored sentence that best covers the gold sentence
(both normalised as in :mod:`whimbrel.evaluation.score`); it is resolved correctly when a stored
actor mention overlapping that text has the gold code (and sector).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from whimbrel.evaluation.gold import GoldSentence
from whimbrel.evaluation.score import coverage
from whimbrel.store import Store


@dataclass(frozen=True, slots=True)
class ActorAccuracy:
    mentions: int
    code: int
    code_and_sector: int
    misses: list[tuple[str, str, str, str]] = field(default_factory=list, repr=False)

    @property
    def code_share(self) -> float:
        return self.code / self.mentions if self.mentions else 0.0

    @property
    def code_and_sector_share(self) -> float:
        return self.code_and_sector / self.mentions if self.mentions else 0.0


def _find(text: str, needle: str) -> tuple[int, int] | None:
    i = text.find(needle)
    if i < 0:
        # the cleaner may have changed a character or two ("β" to "—", line breaks)
        pattern = r"\W+".join(re.escape(w) for w in re.findall(r"\w+", needle))
        m = re.search(pattern, text) if pattern else None
        return (m.start(), m.end()) if m else None
    return i, i + len(needle)


def actor_accuracy(gold: Sequence[GoldSentence], store: Store) -> ActorAccuracy:
    total = code_ok = both_ok = 0
    misses: list[tuple[str, str, str, str]] = []
    by_doc: dict[str, list] = {}  # type: ignore[type-arg]
    for g in gold:
        if g.doc not in by_doc:
            row = store.article(g.doc)
            by_doc[g.doc] = [] if row is None else [
                (s, [m for m in store.mentions(article_id=g.doc) if m["sentence"] == s.index])
                for s in store.sentences(g.doc)]
        candidates = [(coverage(g.sentence, s.text), s, ms) for s, ms in by_doc[g.doc]]
        for e in g.events:
            for code, sector, text in ((e.source, e.source_sector, e.source_text),
                                       (e.target, e.target_sector, e.target_text)):
                if code is None or not text:
                    continue
                total += 1
                got: list[tuple[str | None, str | None]] = []
                for _, s, ms in sorted(candidates, key=lambda c: -c[0])[:2]:
                    span = _find(s.text, text)
                    if span is None:
                        continue
                    a, b = span[0] + s.start, span[1] + s.start
                    got = [(m["code"], m["sector"]) for m in ms if m["start"] < b and m["end"] > a]
                    break
                code_ok += any(c == code for c, _ in got)
                both_ok += any(c == code and s_ == sector for c, s_ in got)
                if not any(c == code and s_ == sector for c, s_ in got):
                    misses.append((g.doc, text, f"{code}/{sector}",
                                   ", ".join(f"{c}/{s_}" for c, s_ in got) or "-"))
    return ActorAccuracy(total, code_ok, both_ok, misses)
