"""Plain-data shapes of merged events, disputes and source quality, for the CLI and the APIs."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from whimbrel.reasoning.disputes import Dispute, describe
from whimbrel.reasoning.merge import MergedEvent, Mention
from whimbrel.reasoning.quality import Quality


def mention_record(m: Mention) -> dict[str, Any]:
    return {"doc": m.article_id, "sentence": m.sentence, "seq": m.seq, "type": m.type,
            "source": m.source, "target": m.target, "date": m.date, "negated": m.negated,
            "hedged": m.hedged, "medium": m.medium, "location": m.location,
            "story": m.report, "outlet": m.outlet, "vehicle": m.vehicle,
            "trigger": [m.trigger.start, m.trigger.end, m.trigger.text],
            "sentence_text": m.sentence_text}


def merged_record(e: MergedEvent, *, with_mentions: bool = True) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": e.id, "type": e.type, "source": e.source, "target": e.target, "date": e.date,
        "location": e.location, "num_mentions": len(e.mentions), "num_articles": e.articles,
        "num_sources": e.sources, "status": e.status, "conflicts": list(e.conflicts),
        "media": e.media, "articles": sorted({m.article_id for m in e.mentions}),
    }
    if with_mentions:
        rec["mentions"] = [mention_record(m) for m in e.mentions]
    return rec


def merged_line(e: MergedEvent) -> str:
    conflicts = ("  disputed: " + ", ".join(e.conflicts)) if e.conflicts else ""
    return (f"{e.id}  {describe(e):34} {len(e.mentions):4} mentions {e.articles:3} articles "
            f"{e.sources:3} sources  {e.status}{conflicts}")


def dispute_record(d: Dispute) -> dict[str, Any]:
    return {"kind": d.kind, "subject": d.subject, "event_id": d.event_id,
            "sides": [asdict(s) for s in d.sides]}


def dispute_lines(d: Dispute) -> list[str]:
    lines = [f"{d.kind:12} {d.subject}" + (f"  (event {d.event_id})" if d.event_id else "")]
    for s in d.sides:
        lines.append(f"  {s.value}: {len(s.articles)} articles, {len(s.sources)} sources")
        for ev in s.evidence[:6]:
            lines.append(f"    {ev.article_id[:28]:28} s{ev.sentence:<4} [{ev.text}] "
                         f"{ev.sentence_text[:90]}")
        if len(s.evidence) > 6:
            lines.append(f"    ... and {len(s.evidence) - 6} more")
    return lines


def quality_record(q: Quality) -> dict[str, Any]:
    return {"junk_ratio": q.junk_ratio, "stuffing_ratio": q.stuffing_ratio,
            "missing_date": q.missing_date, "copy": q.copy}
