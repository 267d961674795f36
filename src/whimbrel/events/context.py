"""Arguments from the article, not only the sentence: an event's missing source or target.

News leaves participants implicit all the time. "Talks continued late into the night" is
between the article's two sides; "Israel has withdrawn" withdrew from the country the article is
about; "the strikes hit 18 sites" were on whoever the story's attacker was fighting. A reader
fills these from the article, and so does the gold (ANNOTATION.md rule 3). This module does it
after every sentence has been coded, from two things the document already has:

* its **cast**: every resolved actor mention, counted per party (a country code, and for
  non-state actors their sector: see :mod:`whimbrel.events.parties`), with the sentences it
  appears in;
* its **dyads**: the pairs of parties that the events coded with both ends connect.

An event with one end known takes as its other end a party named in the event's own sentence
or the two before it (the "immediate article context" of ANNOTATION.md rule 3), the one that
scores best on: being named in the sentence itself, being paired with the known end in other
events of the article (of the same kind, hostile or not), being named just before, and being
mentioned often overall. Parties with another part in the sentence (who condemns an act is not
its target) are left out, and so is an event only referred to inside another ("condemned the
US strikes") or a trigger whose object is a thing ("targeted ships"). An event with
neither end (reciprocal talks, a ceasefire, an agreement) takes the article's main dyad. A place
the event happened at (geocoded to a country) is the target of an attack on it. Every filled end
has no evidence span (the text does not name it) and lowers the event's confidence; the rule id
records it (``+context``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from whimbrel.actors.mentions import DocMention
from whimbrel.events.parties import distinct, party
from whimbrel.records import Actor, Event

Party = tuple[str | None, str]

# types whose gold target is usually null when the text names none: military moves are not
# aimed at anyone unless the text says so (ANNOTATION.md rule 6)
NO_IMPLICIT_TARGET = frozenset({"MOBILIZE"})
RECIPROCAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
# types where the place an event happened at stands for the party it was done to
PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION"})
HOSTILE = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                     "ASSAULT"})
# who does these in a sentence speaks about the other acts in it, and is not their target
SPEAKERS = frozenset({"ACCUSE", "REQUEST", "THREATEN", "SUPPORT", "REJECT"})
# sectors that report events rather than take part in them: a news agency named in a
# sentence ("told AFP", "(Bloomberg)") is never an implicit side
REPORTERS = frozenset({"MED"})
CONFIDENCE_FACTOR = 0.7
MEDIATION = ("mediat", "broker")
MUTUAL_NOUNS = frozenset({"clash", "clashes", "fighting", "hostilities", "battle", "battles",
                          "skirmish", "skirmishes", "firefight", "firefights", "shootout",
                          "shootouts", "gunfight", "gunfights", "exchange", "exchanges"})
LOOKBACK = 2


@dataclass(slots=True)
class Cast:
    """The document's parties: how often each is named, where, and as which actor."""

    counts: Counter[Party] = field(default_factory=Counter)
    sentences: dict[Party, set[int]] = field(default_factory=lambda: defaultdict(set))
    actors: dict[Party, Counter[Actor]] = field(default_factory=lambda: defaultdict(Counter))
    dyads: Counter[tuple[frozenset[Party], bool]] = field(default_factory=Counter)

    @classmethod
    def of(cls, mentions: Iterable[DocMention], sentence_index: Sequence[int],
           events: Iterable[Event]) -> Cast:
        """The cast from a document's mentions (``sentence_index`` maps their spaCy sentence
        to the stored one) and the dyads of its events that have both ends."""
        cast = cls()
        for m in mentions:
            if m.kind == "vague":
                continue
            s_idx = sentence_index[m.sentence] if m.sentence < len(sentence_index) else -1
            for a in m.actors:
                if a.code is None:
                    continue
                p = party(a)
                cast.counts[p] += 1
                cast.sentences[p].add(s_idx)
                cast.actors[p][_plain(a)] += 1
        for e in events:
            if e.source is not None and e.target is not None and e.source.code and e.target.code:
                cast.dyads[(frozenset((party(e.source), party(e.target))), hostile(e.type))] += 1
        return cast

    def actor(self, p: Party) -> Actor:
        """The party as an actor: its most often named form."""
        return self.actors[p].most_common(1)[0][0]

    def partner(self, known: Actor, sentence: int, etype: str,
                exclude: frozenset[Party] = frozenset()) -> Party | None:
        """The party most likely on the other end of an event with ``known`` on one end, among
        those with some evidence: named in the event's sentence or the two before it, or
        connected to ``known`` by another event of the article (an event of the same kind,
        hostile or not, counts fully; of the other kind a third). ``exclude``: parties that play
        another part in the sentence (who reports or condemns an act is not its target)."""
        k = party(known)
        # civilians of a country are hit by whoever fights that country: its state's other
        # events count for them too ("at least three people were killed", after the strikes)
        sides = [k, (k[0], "STATE")] if k[1] == "CVL" else [k]
        top = max(self.counts.values(), default=0)
        most_paired = max(self.dyads.values(), default=1)
        best: tuple[float, int, Party] | None = None
        for order, (p, n) in enumerate(self.counts.most_common()):
            if p == k or p in exclude or p[1] in REPORTERS or not distinct(self.actor(p), known):
                continue
            where = self.sentences[p]
            here = sentence in where
            before = any(sentence - d in where for d in range(1, LOOKBACK + 1))
            paired = max(self._paired(side, p, etype) for side in sides) / most_paired
            if not (here or before):
                continue
            # a hostile act between a state and a non-state party of one country (an army and
            # rebels, police and protesters) is the commonest kind in conflict news
            domestic = hostile(etype) and p[0] == k[0] and "STATE" in (p[1], k[1])
            score = 4.0 * here + 3.0 * paired + 2.0 * before + 2.0 * domestic + n / top
            if best is None or score > best[0]:
                best = (score, order, p)
        return best[2] if best else None

    def state(self, code: str) -> Actor:
        """A country's state as the article names it, or the bare country if it does not."""
        p = (code, "STATE")
        return self.actor(p) if p in self.counts else Actor(code, "GOV", code)

    def _rank(self, p: Party) -> tuple[int, int, str, str]:
        """Most named first, then first named, then by code: the same order in every run
        (a set's order changes with Python's hash seed)."""
        return (-self.counts[p], min(self.sentences[p], default=0), p[0] or "", p[1])

    def _paired(self, k: Party, p: Party, etype: str) -> float:
        """How many of the article's events connect ``k`` and ``p``: those of the same kind
        (hostile or not) fully, the others a third."""
        pair = frozenset((k, p))
        return self.dyads[(pair, hostile(etype))] + self.dyads[(pair, not hostile(etype))] / 3

    def main_dyad(self, exclude: frozenset[Party] = frozenset(),
                  fighting: bool = False) -> tuple[Party, Party] | None:
        """The article's two sides: its most connected pair of parties, else its two most
        often named distinct parties (``exclude``: parties that cannot be one of them). For
        ``fighting``, the pair most connected by hostile acts comes first (a mediator talks to
        both sides more often than they fight)."""
        pairs = self.dyads.most_common()
        if fighting:
            pairs = [kv for kv in pairs if kv[0][1]] + [kv for kv in pairs if not kv[0][1]]
        for (pair, _), _n in pairs:
            if len(pair) == 2 and not pair & exclude:
                a, b = sorted(pair, key=self._rank)
                return a, b
        ranked = [p for p, _ in self.counts.most_common() if p not in exclude]
        for i, a in enumerate(ranked):
            for b in ranked[i + 1:]:
                if distinct(self.actor(a), self.actor(b)):
                    return a, b
            break  # only pair the most named party with the next distinct one
        return None


def hostile(etype: str) -> bool:
    """Is the type a conflictual one (PLOVER's quad classes 3 and 4)?"""
    return etype in HOSTILE


def _plain(a: Actor) -> Actor:
    """An actor as it stands for its party: a person is replaced by their country and sector,
    since an inferred end names no one in particular."""
    if a.person is None:
        return a
    return Actor(a.code, a.sector, a.code or a.name)


def _fill(e: Event, *, source: Actor | None = None, target: Actor | None = None) -> Event:
    return replace(
        e, source=source if source is not None else e.source,
        target=target if target is not None else e.target,
        confidence=round(e.confidence * CONFIDENCE_FACTOR, 2),
        rule=f"{e.rule}+context" if e.rule and not e.rule.endswith("+context") else e.rule)


def _place_party(e: Event, cast: Cast) -> Actor | None:
    """The country an event's place is in, as the party the article names for it (the state
    unless the article only names a non-state actor of it)."""
    if e.location is None or e.location.country is None:
        return None
    code = e.location.country
    named = [p for p in cast.counts if p[0] == code]
    if named and (code, "STATE") not in named:
        return cast.actor(max(named, key=lambda p: cast.counts[p]))
    return cast.state(code)


def complete(events: Sequence[Event], cast: Cast,
             in_object: Callable[[Event], frozenset[Party]] = lambda e: frozenset(),
             mentioned: Callable[[Event], bool] = lambda e: False,
             judged: Callable[[Event], str | None] = lambda e: None) -> list[Event]:
    """The events with missing ends filled from the article (see the module docstring).

    ``in_object(e)``: the parties named inside the event's object ("condemned the strikes on
    Ukraine"): what the act is about, not its other side (Ukraine is not who is accused).
    ``mentioned(e)``: the event is only referred to inside another act's report ("condemned
    the US strikes", "after the talks"): the sentence is not about it, and what it leaves out
    is not filled.
    ``judged(e)``: the type of the act an accusation, threat or rejection is about ("condemned
    the attack": ASSAULT); its target is that act's author, the source of the latest such
    event the article has told."""
    by_sentence: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        by_sentence[e.sentence].append(e)
    out: list[Event] = []
    for e in events:
        if e.source is not None and e.target is not None or mentioned(e):
            out.append(e)
            continue
        roles = _roles(e, by_sentence[e.sentence])
        if e.source is not None:  # only the target is missing
            act = judged(e)
            author = _author(act, e, out) if act else None
            if author is not None:
                out.append(_fill(e, target=author))
                continue
            if e.type == "CONSULT" and e.trigger.text.lower().startswith(MEDIATION):
                out.extend(_mediated(e, cast, roles))
                continue
        done = _complete_one(e, cast, roles | in_object(e))
        out.append(done)
        if done is not e and e.source is None and e.target is None and _mutual_act(e) \
                and done.source is not None:
            out.append(_reverse(done))  # each side on the other
    return out


def _roles(e: Event, sentence_events: Iterable[Event]) -> frozenset[Party]:
    """Parties with another part in the event's sentence: the sources of other acts (a reporter,
    a condemner), and every end of the events coded from the same trigger (the other members
    of a pair: "sanctions against both countries")."""
    out: set[Party] = set()
    for f in sentence_events:
        if f is e:
            continue
        if f.trigger.start == e.trigger.start:
            out.update(party(a) for a in (f.source, f.target) if a is not None and a.code)
        elif f.source is not None and f.source.code and f.type in SPEAKERS:
            out.add(party(f.source))
    for a in (e.source, e.target):
        if a is not None:
            out.discard(party(a))
    return frozenset(out)


def _complete_one(e: Event, cast: Cast, exclude: frozenset[Party]) -> Event:
    if e.source is not None and e.target is not None:
        return e
    if e.source is None and e.target is None:
        return _both_missing(e, cast, exclude)
    known = e.source if e.source is not None else e.target
    assert known is not None
    if known.code is None:
        return e
    if e.target is None:
        if e.type in NO_IMPLICIT_TARGET:
            return e
        if e.type == "PROTEST" and known.sector == "CVL":
            return _protest(e, cast)
        place = _place_party(e, cast) if e.type in PLACE_TARGETS else None
        if place is not None and distinct(place, known):
            return _fill(e, target=place)
        p = cast.partner(known, e.sentence, e.type, exclude)
        return _fill(e, target=cast.actor(p)) if p is not None else e
    p = cast.partner(known, e.sentence, e.type, exclude)
    return _fill(e, source=cast.actor(p)) if p is not None else e


def _protest(e: Event, cast: Cast) -> Event:
    """Protests with no one named ("protests spread") are by the people of the country the
    story is about, against its government; protesters named with no target protest against
    their own government."""
    if e.source is not None and e.source.code is not None:
        code = e.source.code
    else:
        states = [p for p in cast.counts if p[1] == "STATE" and p[0] is not None]
        if not states:
            return e
        code = max(states, key=lambda p: cast.counts[p])[0]
    target = cast.state(code)
    source = e.source if e.source is not None else Actor(code, "CVL", f"people of {code}")
    if not distinct(source, target):
        return e
    return _fill(e, source=source if e.source is None else None, target=target)


def _both_missing(e: Event, cast: Cast, exclude: frozenset[Party]) -> Event:
    if e.type == "PROTEST":
        return _protest(e, cast)
    place = _place_party(e, cast) if e.type in PLACE_TARGETS else None
    if place is not None:
        p = cast.partner(place, e.sentence, e.type, exclude)
        return _fill(e, source=cast.actor(p), target=place) if p is not None else e
    if e.type not in RECIPROCAL and not _mutual_act(e):
        return e
    pair = cast.main_dyad(fighting=_mutual_act(e))
    if pair is None:
        return e
    return _fill(e, source=cast.actor(pair[0]), target=cast.actor(pair[1]))


def _author(act: str, e: Event, told: Sequence[Event]) -> Actor | None:
    """The source of the latest event of type ``act`` told up to ``e`` (not ``e``'s own
    source): who did the act an accusation is about."""
    assert e.source is not None
    for f in reversed(told):
        if f.type == act and f.sentence <= e.sentence and f.source is not None \
                and f.source.code is not None and distinct(f.source, e.source):
            return _plain(f.source)
    return None


def _mediated(e: Event, cast: Cast, mediators: frozenset[Party]) -> list[Event]:
    """A mediation with no party named ("the talks, mediated by Saudi officials") is between
    the article's two sides (other than the mediators): the mediator consults each."""
    assert e.source is not None
    pair = cast.main_dyad(mediators | {party(e.source)})
    if pair is None:
        return [e]
    parties = [p for p in pair if distinct(cast.actor(p), e.source)]
    return [_fill(e, target=cast.actor(p)) for p in parties] or [e]


def _mutual_act(e: Event) -> bool:
    """Fighting named by a noun that takes both sides at once ("clashes were reported",
    "hostilities escalated"): with no side named, it is between the article's two sides."""
    return e.type == "ASSAULT" and e.trigger.text.lower() in MUTUAL_NOUNS


def _reverse(e: Event) -> Event:
    return replace(e, source=e.target, target=e.source, source_span=e.target_span,
                   target_span=e.source_span)
