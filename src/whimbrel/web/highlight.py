"""An article's text cut into segments for display, with an event's evidence marked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    marks: tuple[str, ...]  # css classes: evidence (the sentence), trigger, source, target


def evidence_segments(text: str, row: Mapping[str, Any]) -> list[list[Segment]]:
    """Paragraphs of ``text`` as segments; the event's sentence is marked ``evidence`` and its
    trigger, source and target spans ``trigger``, ``source``, ``target``."""
    spans: list[tuple[int, int, str]] = []
    for name, a, b in (("evidence", "sentence_start", "sentence_end"),
                       ("source", "source_start", "source_end"),
                       ("target", "target_start", "target_end"),
                       ("trigger", "trigger_start", "trigger_end")):
        start, end = row.get(a), row.get(b)
        if start is not None and end is not None and 0 <= start < end <= len(text):
            spans.append((start, end, name))
    cuts = sorted({0, len(text), *(p for s, e, _ in spans for p in (s, e)),
                   *(i + 1 for i, ch in enumerate(text) if ch == "\n")})
    paragraphs: list[list[Segment]] = [[]]
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        marks = tuple(name for s, e, name in spans if s <= a and b <= e)
        if piece.endswith("\n"):
            if piece.strip():
                paragraphs[-1].append(Segment(piece.rstrip("\n"), marks))
            paragraphs.append([])
        else:
            paragraphs[-1].append(Segment(piece, marks))
    return [p for p in paragraphs if any(s.text.strip() for s in p)]
