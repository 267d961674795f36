"""Tidying a sentence's coded events: one act told twice becomes one event, an empty target is
filled from the one other actor the sentence names, partial duplicates are dropped."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace

from whimbrel.actors.mentions import MentionIndex
from whimbrel.events.clauses import trigger_token
from whimbrel.records import Actor, Event, Span


def tidy(events: list[Event], sent, mentions: MentionIndex) -> list[Event]:  # type: ignore[no-untyped-def]
    """All the steps, in order."""
    events = _accused_attacker(_join_halves(events))
    return first_of_each(_drop_subsumed(_sole_other(events, sent, mentions)))


def _accused_attacker(events: list[Event]) -> list[Event]:
    """An accusation or warning with no target, in a sentence that names who attacked, is aimed
    at the attacker ("Following the US airstrikes on Iran, Putin ... labeling the military action
    an act of aggression")."""
    attackers = [e for e in events if e.type == "ASSAULT" and e.source is not None
                 and e.source.code is not None]
    out = []
    for e in events:
        if e.type in ("ACCUSE", "THREATEN") and e.target is None and e.source is not None:
            hit = next((a for a in attackers if a.source.code != e.source.code), None)
            if hit is not None:
                e = replace(e, target=hit.source, target_span=hit.source_span,
                            confidence=round(e.confidence * 0.8, 2))
        out.append(e)
    return out


def _sole_other(events: list[Event], sent, mentions: MentionIndex) -> list[Event]:  # type: ignore[no-untyped-def]
    """An event with a source and no target takes the one other actor its sentence names, when
    there is exactly one ("Russia isn't rushing to Tehran's aid in the face of Israeli strikes":
    the strikes are on Tehran). Marked with lower confidence."""
    sentence_mentions = [m for m in mentions if sent.start <= m.head < sent.end
                         and m.kind not in ("vague", "name", "pronoun")
                         and not any(a.person for a in m.actors)]
    acting = {e.source.code for e in events if e.source is not None}
    out = []
    for e in events:
        if e.source is None or e.target is not None or e.source.code is None \
                or _has_object(sent.doc, e):
            out.append(e)
            continue
        others = {a.code: (m, a) for m in sentence_mentions for a in m.actors
                  if a.code and a.code not in acting}
        if len(others) != 1:
            out.append(e)
            continue
        m, actor = next(iter(others.values()))
        a, b = m.char_span(sent.doc)
        out.append(replace(e, target=actor, target_span=Span(a, b, sent.doc[m.start:m.end].text),
                           confidence=round(e.confidence * 0.8, 2)))
    return out


def _has_object(doc, e: Event) -> bool:  # type: ignore[no-untyped-def]
    """The trigger has an object of its own ("condemned the strikes"): its empty target is
    what the text says, not a gap to fill."""
    tok = trigger_token(doc, e)
    if tok is None:
        return True
    return any(c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("of", "on",
               "against", "to", "with", "for")) for c in tok.children)


def _join_halves(events: list[Event]) -> list[Event]:
    """One act told twice in a sentence ("Russian condemnation ..., Medvedev lambasted Trump"):
    an event with only a source and one of the same type with only a target become one."""
    out = list(events)
    for e in events:
        if e.source is None or e.target is not None or e not in out:
            continue
        partner = next((f for f in out if f.type == e.type and f.source is None
                        and f.target is not None and f.target.code != e.source.code), None)
        if partner is not None:
            out.remove(partner)
            out[out.index(e)] = replace(e, target=partner.target,
                                        target_span=partner.target_span)
    return out


def dyad_key(e: Event) -> tuple[str, str | None, str | None]:
    """An event's type and the codes of its source and target."""
    return (e.type, e.source.code if e.source else None, e.target.code if e.target else None)


def first_of_each(events: Iterable[Event],
                  key: Callable[[Event], Hashable] = dyad_key) -> list[Event]:
    """The first event of each ``key`` (by default one per type and dyad in a sentence: the
    first, usually the verb's), in order."""
    seen: set[Hashable] = set()
    out = []
    for e in events:
        k = key(e)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def _drop_subsumed(events: list[Event]) -> list[Event]:
    """Drop an event with no target when another of its type and source has one (the same
    event seen at a light verb and at its noun or complement)."""
    def covers(f: Event, e: Event) -> bool:
        same_src = e.source is None or _who(f.source) == _who(e.source)
        same_tgt = e.target is None or _who(f.target) == _who(e.target)
        more = (f.source is not None) + (f.target is not None) > (
            (e.source is not None) + (e.target is not None))
        return f.type == e.type and same_src and same_tgt and more

    return [e for e in events if not any(covers(f, e) for f in events if f is not e)]


def _who(actor: Actor | None) -> tuple[str | None, str | None] | None:
    return (actor.code, actor.sector) if actor is not None else None
