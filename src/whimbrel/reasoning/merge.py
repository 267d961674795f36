"""One real event, many reports: merging event mentions across sentences and articles.

Mentions with the same type, source and target (an unordered pair for CONSULT, COOPERATE and
AGREE) whose dates are compatible (within ``window_days``; a month or a year covers its days,
an unknown date fits anything) are one real event. Then:

* a communication told by its vehicle — a CONSULT coded on "a phone call" or "a letter" between
  the two — joins the speech act it carried (the appeal made in that call or letter) when there
  is one for the same pair; its medium is how that report says the act was made;
* a mention with a missing side ("the treaty signed in January") joins the one event of its
  type whose known side agrees, whose date fits and whose actors the mention's article names;
  with no such event, or several, it stays on its own.

Counts follow GDELT's NumMentions, NumArticles and NumSources, but of real events: articles
that republish one story (one near-duplicate cluster) count as one source; a source is the
web domain of the story's first article, or the story itself when there is no URL.
"""

from __future__ import annotations

import calendar
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
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

    @property
    def full(self) -> bool:
        return self.source is not None and self.target is not None


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
    own = interval(m.date)
    if own is not None:
        return own
    published = interval(m.published)
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
    members: list[Mention] = field(default_factory=list)
    horizon: date | None = None

    def dates(self) -> list[str | None]:
        return [m.date for m in self.members]

    def fits(self, m: Mention, window: int) -> bool:
        mine = when(m)
        spans = [iv for iv in (when(x) for x in self.members) if iv is not None]
        if mine is None:
            return True
        if not spans:
            if self.horizon is None:
                return True
            # an event no report dates is recent: a dated mention older than a year is another
            return _overlaps(mine, self.horizon - timedelta(days=RECENT_DAYS), self.horizon,
                             window)
        return all(_overlaps(mine, lo, hi, window) for lo, hi in spans)


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
    by_key: dict[tuple, list[Mention]] = defaultdict(list)  # type: ignore[type-arg]
    for m in full:
        if m not in vehicles:
            by_key[_key(m)].append(m)
    groups = [g for ms in by_key.values() for g in _cluster(ms, window, horizon)]
    # a call or letter joins the act it carried, else it is a consultation of its own
    leftover: list[Mention] = []
    for v in vehicles:
        home = _vehicle_home(v, groups, window)
        if home is None:
            leftover.append(v)
        else:
            home.members.append(replace(v, vehicle=True))
    by_key = defaultdict(list)
    for v in leftover:
        by_key[_key(v)].append(v)
    for ms in by_key.values():
        for g in _cluster(ms, window, horizon):
            home = next((h for h in groups if (h.type, h.source, h.target) == (g.type, g.source,
                         g.target) and all(h.fits(x, window) for x in g.members)), None)
            if home is None:
                groups.append(g)
            else:
                home.members.extend(g.members)
    # a mention with a missing side joins the one event it fits
    partial_by_key: dict[tuple, list[Mention]] = defaultdict(list)  # type: ignore[type-arg]
    for m in mentions:
        if m.full:
            continue
        home = _partial_home(m, groups, article_actors.get(m.article_id, set()), window)
        if home is None:
            partial_by_key[(m.type, m.source, m.target)].append(m)
        else:
            home.members.append(m)
    for ms in partial_by_key.values():
        groups.extend(_cluster(ms, window, horizon))
    return sorted((_finish(g, window) for g in groups if g.members),
                  key=lambda e: (-len({m.outlet for m in e.mentions}), -len(e.mentions), e.id))


def _vehicle_home(v: Mention, groups: Sequence[_Group], window: int) -> _Group | None:
    cands = [g for g in groups if g.type in SPEECH_ACTS and g.type not in RECIPROCAL
             and g.source == v.source and g.target == v.target and g.fits(v, window)]
    if not cands:
        return None
    return max(cands, key=lambda g: (any(m.article_id == v.article_id and m.sentence == v.sentence
                                         for m in g.members),
                                     SPEECH_ACTS.index(g.type) == 0, len(g.members)))


def _partial_home(m: Mention, groups: Sequence[_Group], named: set[str],
                  window: int) -> _Group | None:
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
