"""One real event, many reports: merging event mentions across sentences and articles.

Mentions with the same type, source and target (an unordered pair for CONSULT, COOPERATE and
AGREE) whose dates are compatible (within ``window_days``; a month or a year covers its days,
an unknown date fits anything) are one real event. Then:

* a communication told by its vehicle — a CONSULT coded on "a phone call" or "a letter" between
  the two — joins the speech act it carried (the appeal made in that call or letter) when there
  is one for the same pair; its medium is how that report says the act was made;
* a mention with a missing side ("the treaty signed in January") joins the one event of its
  type whose known side agrees, whose date fits and whose actors the mention's article names;
  with no such event, or several, it stays on its own. A side the coder filled from the
  article (no span in the text) counts as missing here, and as agreeing only with itself.

Counts follow GDELT's NumMentions, NumArticles and NumSources, but of real events: articles
that republish one story (one near-duplicate cluster) count as one source; a source is the
web domain of the story's first article, or the story itself when there is no URL.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlparse

from whimbrel.records import Span

RECIPROCAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
NEWS_DAYS = 30  # an undated mention in a news report is about the month before it
RECENT_DAYS = 365  # an event no report dates is from the year before the latest date known
VEHICLE_MEDIA = frozenset({"phone", "letter", "message", "video"})
SPEECH_ACTS = ("REQUEST", "SUPPORT", "ACCUSE", "THREATEN", "REJECT", "AGREE", "CONCEDE")


@dataclass(frozen=True, slots=True)
class Mention:
    """One coded event mention, with what merging needs of its article."""

    article_id: str
    seq: int
    sentence: int
    type: str
    source: str | None
    target: str | None
    trigger: Span
    sentence_text: str = ""
    date: str | None = None
    published: str | None = None
    negated: bool = False
    hedged: bool = False
    medium: str | None = None
    location: str | None = None
    location_country: str | None = None
    source_span: Span | None = None
    target_span: Span | None = None
    report: str = ""  # the story: near-duplicate cluster id (or the article id)
    outlet: str = ""  # the source: the story's web domain, or the story itself
    vehicle: bool = False  # a call or letter folded into the act it carried
    inferred: bool = False  # a side was filled from the article, not named in the sentence

    @property
    def full(self) -> bool:
        """Both sides named: a side the coder filled from the article's context is a guess,
        so such a mention is placed like one with a missing side (it joins the one event it
        agrees with), not trusted to found an event of its own first."""
        return self.source is not None and self.target is not None and not self.inferred


@dataclass(frozen=True, slots=True)
class MergedEvent:
    id: str
    type: str
    source: str | None
    target: str | None
    date: str | None
    mentions: tuple[Mention, ...]
    status: str  # single-source, corroborated or disputed
    conflicts: tuple[str, ...] = ()  # kinds of detail the reports disagree on (how, when, where)

    @property
    def articles(self) -> int:
        return len({m.article_id for m in self.mentions})

    @property
    def sources(self) -> int:
        return len({m.outlet for m in self.mentions if not m.negated})

    @property
    def reports(self) -> int:
        return len({m.report for m in self.mentions})

    @property
    def media(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for m in self.mentions:
            if m.medium and m.article_id not in out[m.medium]:
                out[m.medium].append(m.article_id)
        return dict(out)

    @property
    def location(self) -> str | None:
        names = [m.location for m in self.mentions if m.location]
        return _commonest(names) if names else None


@dataclass(frozen=True, slots=True)
class MergeOptions:
    window_days: int = 7


# -- dates --------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1 << 14)
def interval(value: str | None) -> tuple[date, date] | None:
    """``2025-06-13`` -> that day; ``2025-06`` -> the month; ``2025`` -> the year."""
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return date(y, 1, 1), date(y, 12, 31)
        m = int(parts[1])
        if len(parts) == 2:
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        d = date(y, m, int(parts[2][:2]))
        return d, d
    except (ValueError, IndexError):
        return None


def compatible(a: str | None, b: str | None, window_days: int) -> bool:
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return True
    gap = timedelta(days=window_days)
    return ia[0] - gap <= ib[1] and ib[0] - gap <= ia[1]


def _most_specific(dates: Iterable[str | None]) -> str | None:
    known = [d for d in dates if interval(d) is not None]
    if not known:
        return None
    best = max(len(d) for d in known)
    finest = [d for d in known if len(d) == best]
    return _commonest(finest)


def _commonest(values: Sequence[str]) -> str:
    """The value most reports give; on a tie, the first in sorted order (deterministic)."""
    return min(set(values), key=lambda v: (-values.count(v), v))


# -- sources ------------------------------------------------------------------------------
def outlets(articles: Iterable[Mapping]) -> dict[str, tuple[str, str]]:  # type: ignore[type-arg]
    """article id -> (story, source): the near-duplicate cluster and the web domain of the
    cluster's first article (or the cluster id when it has no URL)."""
    rows = list(articles)
    first_url: dict[str, str | None] = {}
    for r in rows:
        if r["id"] == (r.get("cluster") or r["id"]):
            first_url[r["id"]] = r.get("url")
    out = {}
    for r in rows:
        story = r.get("cluster") or r["id"]
        url = first_url.get(story, r.get("url"))
        host = urlparse(url).netloc.lower().removeprefix("www.") if url else ""
        out[r["id"]] = (story, host or story)
    return out


# -- merging ------------------------------------------------------------------------------
def _key(m: Mention) -> tuple[str, str | None, str | None]:
    if m.type in RECIPROCAL and m.source and m.target:
        a, b = sorted((m.source, m.target))
        return (m.type, a, b)
    return (m.type, m.source, m.target)


def when(m: Mention) -> tuple[date, date] | None:
    """When a mention says the event happened: its own date, else (news) the month before its
    article's date, else unknown."""
    return _when(m.date, m.published)


@functools.lru_cache(maxsize=1 << 14)
def _when(own_date: str | None, published_date: str | None) -> tuple[date, date] | None:
    own = interval(own_date)
    if own is not None:
        return own
    published = interval(published_date)
    if published is not None:
        return published[1] - timedelta(days=NEWS_DAYS), published[1]
    return None


def _overlaps(iv: tuple[date, date] | None, lo: date, hi: date, window: int) -> bool:
    if iv is None:
        return True
    gap = timedelta(days=window)
    return iv[0] - gap <= hi and lo - gap <= iv[1]


@dataclass(slots=True)
class _Group:
    type: str
    source: str | None
    target: str | None
    members: list[Mention] = field(default_factory=list)  # only ever appended to
    horizon: date | None = None
    # the latest start and the earliest end of the members' times, over members[:_seen]
    _latest_start: date | None = None
    _earliest_end: date | None = None
    _seen: int = 0

    def dates(self) -> list[str | None]:
        return [m.date for m in self.members]

    def _bounds(self) -> tuple[date, date] | None:
        for x in self.members[self._seen:]:
            iv = when(x)
            if iv is not None:
                lo, hi = iv
                if self._latest_start is None or lo > self._latest_start:
                    self._latest_start = lo
                if self._earliest_end is None or hi < self._earliest_end:
                    self._earliest_end = hi
        self._seen = len(self.members)
        if self._latest_start is None or self._earliest_end is None:
            return None
        return self._latest_start, self._earliest_end

    def fits(self, m: Mention, window: int) -> bool:
        """Does ``m``'s time overlap (within the window) the time of every dated member? That
        is: does it overlap from the latest start to the earliest end, which the group keeps
        as members are added, rather than comparing with each member."""
        mine = when(m)
        if mine is None:
            return True
        bounds = self._bounds()
        if bounds is None:
            if self.horizon is None:
                return True
            # an event no report dates is recent: a dated mention older than a year is another
            return _overlaps(mine, self.horizon - timedelta(days=RECENT_DAYS), self.horizon,
                             window)
        gap = timedelta(days=window)
        return mine[0] - gap <= bounds[1] and bounds[0] - gap <= mine[1]


class _ByTime:
    """Groups in their order (``(position, group)``), to find those a mention's time could fit.

    Only a superset is promised; :meth:`_Group.fits` decides. Groups are sorted by their latest
    member start when indexed. A group's fit window only narrows as members join (its latest
    start rises, its earliest end falls), so a group that fits later fitted when indexed: its
    latest start then was at most the mention's end plus the window, and at least the
    mention's start less the window less the widest (end - start) of the indexed groups. Groups
    with no dated member when indexed are always candidates.
    """

    def __init__(self, groups: Iterable[tuple[int, _Group]], window: int) -> None:
        self.gap = timedelta(days=window)
        self.always: list[tuple[int, _Group]] = []
        dated: list[tuple[date, int, _Group]] = []
        span = timedelta(0)
        for pos, g in groups:
            bounds = g._bounds()
            if bounds is None:
                self.always.append((pos, g))
            else:
                dated.append((bounds[0], pos, g))
                span = max(span, bounds[1] - bounds[0])
        dated.sort(key=lambda t: (t[0], t[1]))
        self.starts = [t[0] for t in dated]
        self.dated = [(pos, g) for _, pos, g in dated]
        self.span = span

    def candidates(self, iv: tuple[date, date] | None) -> list[tuple[int, _Group]]:
        if iv is None:
            return self.always + self.dated
        lo = bisect.bisect_left(self.starts, iv[0] - self.gap - self.span)
        hi = bisect.bisect_right(self.starts, iv[1] + self.gap)
        return self.always + self.dated[lo:hi]


def _cluster(mentions: Sequence[Mention], window: int, horizon: date | None) -> list[_Group]:
    """Mentions of one key, split where their times are too far apart (see :func:`when`). A
    mention with no time at all joins the group of its own article, else the largest, else
    the group of the undated."""
    first = mentions[0]
    _, src, tgt = _key(first)
    timed = sorted((m for m in mentions if when(m) is not None), key=lambda m: when(m))  # type: ignore[arg-type,return-value]
    groups: list[_Group] = []
    for m in timed:
        if groups and groups[-1].fits(m, window):
            groups[-1].members.append(m)
        else:
            groups.append(_Group(first.type, src, tgt, members=[m], horizon=horizon))
    undated: _Group | None = None
    for m in mentions:
        if when(m) is not None:
            continue
        now = horizon
        home = [g for g in groups if now is None or any(
            _overlaps(when(x), now - timedelta(days=NEWS_DAYS), now, window) for x in g.members)]
        if home:
            max(home, key=lambda g: (any(x.article_id == m.article_id for x in g.members),
                                     len(g.members))).members.append(m)
            continue
        if undated is None:
            undated = _Group(first.type, src, tgt, horizon=horizon)
            groups.append(undated)
        undated.members.append(m)
    return groups


def horizon_of(mentions: Iterable[Mention]) -> date | None:
    """The latest date the mentions give (event dates and article dates)."""
    ends = [iv[1] for m in mentions for iv in (interval(m.date), interval(m.published)) if iv]
    return max(ends) if ends else None


def merge(mentions: Sequence[Mention], article_actors: Mapping[str, set[str]] | None = None,
          options: MergeOptions | None = None) -> list[MergedEvent]:
    """Merge event mentions into real events (see the module docstring)."""
    options = options or MergeOptions()
    window = options.window_days
    article_actors = article_actors or {}
    horizon = horizon_of(mentions)
    full = [m for m in mentions if m.full]
    vehicles = [m for m in full if m.type == "CONSULT" and m.medium in VEHICLE_MEDIA]
    vehicle_ids = {id(v) for v in vehicles}
    by_key: dict[tuple, list[Mention]] = defaultdict(list)  # type: ignore[type-arg]
    for m in full:
        if id(m) not in vehicle_ids:
            by_key[_key(m)].append(m)
    groups = [g for ms in by_key.values() for g in _cluster(ms, window, horizon)]
    # a call or letter joins the act it carried, else it is a consultation of its own
    speech_by_pair: dict[tuple[str | None, str | None], list[tuple[int, _Group]]] = \
        defaultdict(list)
    for k, g in enumerate(groups):
        if g.type in SPEECH_ACTS and g.type not in RECIPROCAL:
            speech_by_pair[(g.source, g.target)].append((k, g))
    speech = {pair: _ByTime(gs, window) for pair, gs in speech_by_pair.items()}
    leftover: list[Mention] = []
    for v in vehicles:
        index = speech.get((v.source, v.target))
        near = sorted(index.candidates(when(v)), key=lambda kg: kg[0]) if index else []
        home = _vehicle_home(v, [g for _, g in near], window)
        if home is None:
            leftover.append(v)
        else:
            home.members.append(replace(v, vehicle=True))
    by_key = defaultdict(list)
    for v in leftover:
        by_key[_key(v)].append(v)
    # (position, group) by type, source and target, kept as groups are added
    in_dyad: dict[tuple[str, str | None, str | None], list[tuple[int, _Group]]] = \
        defaultdict(list)
    for k, g in enumerate(groups):
        in_dyad[(g.type, g.source, g.target)].append((k, g))
    for ms in by_key.values():
        for g in _cluster(ms, window, horizon):
            key = (g.type, g.source, g.target)
            home = next((h for _, h in in_dyad[key]
                         if all(h.fits(x, window) for x in g.members)), None)
            if home is None:
                in_dyad[key].append((len(groups), g))
                groups.append(g)
            else:
                home.members.extend(g.members)
    # a mention with a missing side joins the one event it fits: an event between two actors
    # its article names, so only those dyads' groups are looked at (in their order)
    by_dyad: dict[tuple[str, str | None, str | None], _ByTime] = {}  # made when first needed
    partial_by_key: dict[tuple, list[Mention]] = defaultdict(list)  # type: ignore[type-arg]
    for m in mentions:
        if m.full:
            continue
        named = article_actors.get(m.article_id, set())
        mine = when(m)
        found = {}
        for dyad in _dyads(m, named):
            if dyad not in in_dyad:
                continue
            if dyad not in by_dyad:
                by_dyad[dyad] = _ByTime(in_dyad[dyad], window)
            found.update(by_dyad[dyad].candidates(mine))
        home = _partial_home(m, [found[k] for k in sorted(found)], named, window)
        if home is None:
            partial_by_key[(m.type, m.source, m.target)].append(m)
        else:
            home.members.append(m)
    for ms in partial_by_key.values():
        groups.extend(_cluster(ms, window, horizon))
    return sorted((_finish(g, window) for g in groups if g.members),
                  key=lambda e: (-len({m.outlet for m in e.mentions}), -len(e.mentions), e.id))


def _dyads(m: Mention, named: set[str]) -> Iterator[tuple[str, str | None, str | None]]:
    """(type, source, target) of every event a mention with a missing side could join: its
    known side in its role (either role for a reciprocal type), the other an actor its article
    names (see :func:`_partial_home`)."""
    for other in named:
        if m.type in RECIPROCAL and (m.source or m.target):
            known = m.source or m.target
            yield m.type, known, other
            yield m.type, other, known
        elif m.source:
            yield m.type, m.source, other
        elif m.target:
            yield m.type, other, m.target
        else:
            for second in named:
                yield m.type, other, second


def _vehicle_home(v: Mention, groups: Sequence[_Group], window: int) -> _Group | None:
    """The speech act a call or letter carried, among ``groups`` (in order; any group may be
    passed: the conditions are checked here)."""
    cands = [g for g in groups if g.type in SPEECH_ACTS and g.type not in RECIPROCAL
             and g.source == v.source and g.target == v.target and g.fits(v, window)]
    if not cands:
        return None
    return max(cands, key=lambda g: (any(m.article_id == v.article_id and m.sentence == v.sentence
                                         for m in g.members),
                                     SPEECH_ACTS.index(g.type) == 0, len(g.members)))


def _partial_home(m: Mention, groups: Sequence[_Group], named: set[str],
                  window: int) -> _Group | None:
    """The one event a mention with a missing side joins, among ``groups`` (in order; every
    group that could agree must be among them, and each is checked here)."""
    def agrees(g: _Group) -> bool:
        if g.type != m.type or g.source is None or g.target is None or not g.fits(m, window):
            return False
        if m.type in RECIPROCAL:
            known = {x for x in (m.source, m.target) if x}
            return known <= {g.source, g.target}
        return (m.source is None or m.source == g.source) and (
            m.target is None or m.target == g.target)

    cands = [g for g in groups if agrees(g) and {g.source, g.target} <= named]
    if len(cands) > 1:  # prefer the one its own article reports
        own = [g for g in cands if any(x.article_id == m.article_id for x in g.members)]
        cands = own or cands
    if len(cands) > 1:  # then the one most reported, when clearly so ("the pact")
        cands.sort(key=lambda g: -len(g.members))
        if len(cands[0].members) >= 2 * len(cands[1].members):
            cands = cands[:1]
    return cands[0] if len(cands) == 1 else None


def _finish(g: _Group, window: int) -> MergedEvent:
    members = tuple(sorted(g.members, key=lambda m: (m.article_id, m.sentence, m.seq)))
    when = _most_specific(m.date for m in members)
    first = members[0]
    ident = hashlib.sha1(f"{g.type}|{g.source}|{g.target}|{first.article_id}|{first.seq}"
                         .encode()).hexdigest()[:12]
    affirmed = {m.outlet for m in members if not m.negated}
    denied = {m.outlet for m in members if m.negated}
    conflicts = detail_conflicts(members)
    if affirmed and denied - affirmed:  # an outlet denies what others report
        status = "disputed"
    elif len(affirmed) >= 2:
        status = "corroborated"
    else:
        status = "single-source"
    return MergedEvent(ident, g.type, g.source, g.target, when, members, status,
                       tuple(sorted(conflicts)))


def detail_conflicts(members: Sequence[Mention]) -> dict[str, dict[str, list[Mention]]]:
    """How, when and where, by value, where two sources disagree: {kind: {value: mentions}}."""
    out: dict[str, dict[str, list[Mention]]] = {}
    for kind, value in (("how", lambda m: m.medium),
                        ("when", lambda m: m.date if m.date and len(m.date) == 10 else None),
                        ("where", lambda m: m.location_country or m.location)):
        by_value: dict[str, list[Mention]] = defaultdict(list)
        for m in members:
            v = value(m)
            if v and not m.negated:
                by_value[v].append(m)
        outlets_by_value = {v: {m.outlet for m in ms} for v, ms in by_value.items()}
        if len(by_value) >= 2 and len(set().union(*outlets_by_value.values())) >= 2:
            out[kind] = dict(by_value)
    return out
