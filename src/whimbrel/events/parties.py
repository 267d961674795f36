"""When two resolved actors are two parties to an event, not one actor named twice.

A government does not act on itself, so an event whose source and target share a country code
is usually a wrong argument ("Russia ... the Russian president"). But a third of the events in
real conflict news happen inside one country: an army against rebels, police against
protesters, a government against the opposition, two militias against each other. Those keep
the country's code on both sides and differ in sector. The state's own parts (GOV and MIL) are
one party here: a ministry and the army of one state are rarely each other's target, and
treating them as one keeps "the Sudanese army ... Sudan" from becoming an event.

>>> from whimbrel.records import Actor
>>> distinct(Actor("SDN", "MIL", "Sudanese army"), Actor("SDN", "REB", "Rapid Support Forces"))
True
>>> distinct(Actor("RUS", "GOV", "Russia"), Actor("RUS", "MIL", "Russian army"))
False
>>> distinct(Actor("LBY", "REB", "militia A"), Actor("LBY", "REB", "militia B"))
True
"""

from __future__ import annotations

from whimbrel.records import Actor

STATE = frozenset({"GOV", "MIL"})


def party(actor: Actor) -> tuple[str | None, str]:
    """The party an actor belongs to: its code and whether it is the state or which non-state
    sector (a non-state armed group also by its name: two militias are two parties)."""
    sector = actor.sector or "GOV"
    if sector in STATE:
        return (actor.code, "STATE")
    if sector == "REB":
        return (actor.code, f"REB:{actor.name.lower()}")
    return (actor.code, sector)


def distinct(a: Actor, b: Actor) -> bool:
    """Are ``a`` and ``b`` two parties (an event between them makes sense)?"""
    if a.code is None or b.code is None:
        return True
    return party(a) != party(b)
