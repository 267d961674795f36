"""Contradictions between reports, each side with its evidence.

Kinds:

* ``occurrence``: one source reports an event, another denies it (a negated mention of the same
  merged event);
* ``how``, ``when``, ``where``: reports of one merged event disagree on the medium (phone call or
  letter), the day, or the place;
* ``who``: two merged events of one type on one target, on the same day and at the same place,
  with different sources named by different outlets;
* ``relationship``: statements about a standing relationship disagree ("a defence pact" against
  "not bound by a mutual defence agreement"), from the stored claims.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from whimbrel.reasoning.merge import MergedEvent, Mention, detail_conflicts, interval

KINDS = ("occurrence", "how", "when", "where", "who", "relationship")


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    sentence_text: str = ""


@dataclass(frozen=True, slots=True)
class Side:
    value: str
    articles: tuple[str, ...]
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Dispute:
    kind: str
    subject: str
    sides: tuple[Side, ...]
    event_id: str | None = None


def _evidence(m: Mention) -> Evidence:
    return Evidence(m.article_id, m.sentence, m.trigger.start, m.trigger.end, m.trigger.text,
                    m.sentence_text)


def _side(value: str, mentions: Sequence[Mention]) -> Side:
    return Side(value, tuple(sorted({m.article_id for m in mentions})),
                tuple(sorted({m.outlet for m in mentions})),
                tuple(_evidence(m) for m in mentions))


def describe(e: MergedEvent) -> str:
    arrow = "<->" if e.type in ("CONSULT", "COOPERATE", "AGREE") else "->"
    return f"{e.type} {e.source or '?'}{arrow}{e.target or '?'}" + (f" {e.date}" if e.date else "")


def event_disputes(events: Iterable[MergedEvent]) -> list[Dispute]:
    out: list[Dispute] = []
    events = list(events)
    for e in events:
        said = [m for m in e.mentions if not m.negated]
        denied = [m for m in e.mentions if m.negated]
        if e.status == "disputed":
            out.append(Dispute("occurrence", describe(e),
                               (_side("reported", said), _side("denied", denied)), e.id))
        for kind, by_value in sorted(detail_conflicts(e.mentions).items()):
            out.append(Dispute(kind, describe(e),
                               tuple(_side(v, ms) for v, ms in sorted(by_value.items())), e.id))
    out.extend(_who(events))
    return out


def _who(events: Sequence[MergedEvent]) -> list[Dispute]:
    """Same type, target, day and place; different sources named by different outlets."""
    by_slot: dict[tuple, list[MergedEvent]] = defaultdict(list)  # type: ignore[type-arg]
    for e in events:
        day = interval(e.date)
        if e.target is None or e.source is None or day is None or day[0] != day[1] \
                or not e.location:
            continue
        by_slot[(e.type, e.target, e.date, e.location)].append(e)
    out = []
    for (etype, target, day, place), group in by_slot.items():
        sources = {e.source for e in group}
        outlets = {m.outlet for e in group for m in e.mentions}
        if len(sources) >= 2 and len(outlets) >= 2:
            sides = tuple(_side(e.source or "?", list(e.mentions))
                          for e in sorted(group, key=lambda x: x.source or ""))
            out.append(Dispute("who", f"{etype} ?->{target} {day} at {place}", sides))
    return out


def claim_disputes(claims: Iterable[Mapping], outlet_of: Mapping[str, tuple[str, str]]  # type: ignore[type-arg]
                   ) -> list[Dispute]:
    """Claims rows (from the store) that assert and deny one relationship for one pair."""
    groups: dict[tuple[str, str, str], dict[bool, list[Mapping]]] = defaultdict(  # type: ignore[type-arg]
        lambda: {True: [], False: []})
    for c in claims:
        groups[(c["kind"], c["actor_a"], c["actor_b"])][bool(c["asserted"])].append(c)
    out = []
    for (kind, a, b), sides in sorted(groups.items()):
        if not sides[True] or not sides[False]:
            continue
        yes = {outlet_of.get(c["article_id"], ("", c["article_id"]))[1] for c in sides[True]}
        no = {outlet_of.get(c["article_id"], ("", c["article_id"]))[1] for c in sides[False]}
        if not (yes | no) - (yes & no):
            continue  # one outlet hedging its own statement is not a dispute between sources

        def side(value: str, rows: list[Mapping]) -> Side:  # type: ignore[type-arg]
            return Side(value, tuple(sorted({r["article_id"] for r in rows})),
                        tuple(sorted({outlet_of.get(r["article_id"], ("", r["article_id"]))[1]
                                      for r in rows})),
                        tuple(Evidence(r["article_id"], r["sentence"], r["start_char"],
                                       r["end_char"], r["text"], r.get("sentence_text") or "")
                              for r in rows))

        out.append(Dispute("relationship", f"{kind} {a}-{b}",
                           (side("asserted", sides[True]), side("denied", sides[False]))))
    return out
