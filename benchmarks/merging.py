"""Merging at scale: :func:`whimbrel.reasoning.merge.merge` over synthetic event mentions.

Mentions are made the way a large store holds them: many articles, each naming a handful of
actors from a pool, each coding events between them with dates spread over years (some
undated, some with a missing side, some reported by a call or letter), and copies of an event
in several articles. The figure that matters is how the time grows with the number of
mentions: it should grow about linearly (an earlier version compared each mention with every
group of its kind and took 26 s for 14,000 real mentions).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from whimbrel.reasoning.merge import Mention, merge
from whimbrel.records import Span

TYPES = ("ASSAULT", "ACCUSE", "CONSULT", "REQUEST", "SUPPORT", "COOPERATE", "AGREE", "COERCE",
         "THREATEN", "AID")
ACTORS = tuple(f"C{k:02d}" for k in range(40))


@dataclass(frozen=True, slots=True)
class MergeTiming:
    mentions: int
    articles: int
    events: int
    seconds: float


def mentions(n: int, *, seed: int = 0) -> tuple[list[Mention], dict[str, set[str]]]:
    """About ``n`` mentions in articles of about 24 mentions each, and who each article names."""
    rng = random.Random(seed)
    out: list[Mention] = []
    named: dict[str, set[str]] = {}
    start = date(2015, 1, 1)
    k = 0
    while len(out) < n:
        article = f"a{k:07d}"
        k += 1
        cast = rng.sample(ACTORS, 5)
        named[article] = set(cast)
        published = start + timedelta(days=rng.randrange(3650))
        for seq in range(24):
            etype = rng.choice(TYPES)
            source, target = rng.sample(cast, 2)
            if rng.random() < 0.2:  # a missing side
                source, target = (None, target) if rng.random() < 0.5 else (source, None)
            r = rng.random()
            when = (None if r < 0.3 else
                    (published - timedelta(days=rng.randrange(10))).isoformat() if r < 0.8 else
                    published.isoformat()[:7])
            medium = rng.choice(("phone", "letter", None, None, None)) \
                if etype == "CONSULT" else None
            out.append(Mention(article_id=article, seq=seq, sentence=seq, type=etype,
                               source=source, target=target, trigger=Span(0, 4, "word"),
                               date=when, published=published.isoformat(), medium=medium,
                               negated=rng.random() < 0.03, report=article,
                               outlet=f"outlet{rng.randrange(50)}"))
    return out, named


def time_merge(n: int, *, seed: int = 0) -> MergeTiming:
    found, named = mentions(n, seed=seed)
    start = time.perf_counter()
    events = merge(found, named)
    return MergeTiming(len(found), len(named), len(events), time.perf_counter() - start)
