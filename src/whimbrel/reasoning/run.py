"""Reasoning over a store: merged events and disputes, computed from the stored events, claims and
articles each time they are asked for (they always reflect the store as it is)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from whimbrel.reasoning.disputes import Dispute, claim_disputes, event_disputes
from whimbrel.reasoning.merge import MergedEvent, MergeOptions, Mention, merge, outlets
from whimbrel.reasoning.quality import Quality, qualities
from whimbrel.records import Span
from whimbrel.store import Store


@dataclass(frozen=True, slots=True)
class SourceFilter:
    """Which articles' reports count (see :class:`~whimbrel.reasoning.quality.Quality`)."""

    max_junk: float | None = None
    max_stuffing: float | None = None
    dated_only: bool = False
    originals_only: bool = False


def article_qualities(store: Store) -> dict[str, Quality]:
    return qualities(store.article_meta(), store.removed_chars())


def _span(start, end, text) -> Span | None:  # type: ignore[no-untyped-def]
    return None if start is None else Span(start, end, text or "")


def mentions_of(store: Store, keep: set[str] | None = None,
                outlet_of: Mapping[str, tuple[str, str]] | None = None) -> list[Mention]:
    outlet_of = outlet_of if outlet_of is not None else outlets(store.article_meta())
    out = []
    for r in store.events():
        aid = r["article_id"]
        if keep is not None and aid not in keep:
            continue
        story, outlet = outlet_of.get(aid, (aid, aid))
        out.append(Mention(
            article_id=aid, seq=r["seq"], sentence=r["sentence"], type=r["type"],
            source=r["source_code"], target=r["target_code"],
            trigger=Span(r["trigger_start"], r["trigger_end"], r["trigger_text"] or ""),
            sentence_text=r["sentence_text"] or "", date=r["date"], published=r["published"],
            negated=bool(r["negated"]), hedged=bool(r["hedged"]), medium=r.get("medium"),
            location=r["location"], location_country=r["location_country"],
            source_span=_span(r["source_start"], r["source_end"], r["source_text"]),
            target_span=_span(r["target_start"], r["target_end"], r["target_text"]),
            inferred=(r["source_code"] is not None and r["source_start"] is None)
            or (r["target_code"] is not None and r["target_start"] is None),
            report=story, outlet=outlet))
    return out


def _kept(store: Store, filters: SourceFilter | None) -> set[str] | None:
    if filters is None or filters == SourceFilter():
        return None
    return {aid for aid, q in article_qualities(store).items()
            if q.passes(max_junk=filters.max_junk, max_stuffing=filters.max_stuffing,
                        dated_only=filters.dated_only, originals_only=filters.originals_only)}


def merged_events(store: Store, *, options: MergeOptions | None = None,
                  filters: SourceFilter | None = None) -> list[MergedEvent]:
    """The store's event mentions merged into real events."""
    keep = _kept(store, filters)
    return merge(mentions_of(store, keep), store.article_actor_codes(), options)


def disputes(store: Store, *, options: MergeOptions | None = None,
             filters: SourceFilter | None = None) -> list[Dispute]:
    """Contradictions between the store's reports: about events, and about relationships."""
    keep = _kept(store, filters)
    outlet_of = outlets(store.article_meta())
    events = merge(mentions_of(store, keep, outlet_of), store.article_actor_codes(), options)
    claims = [c for c in store.claims() if keep is None or c["article_id"] in keep]
    return event_disputes(events) + claim_disputes(claims, outlet_of)
