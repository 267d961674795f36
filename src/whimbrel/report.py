"""Briefs on an actor (or a dyad): a self-contained HTML file or Markdown.

The HTML opens with no network: plotly.js and the styles are inlined. Contents: the actor's event
timeline by quad class with net Goldstein, the actor network around it, the top real events
(merged reports) with their evidence and sources, and the disputes that involve it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from whimbrel.reasoning.disputes import Dispute, describe
from whimbrel.reasoning.merge import MergedEvent, Mention
from whimbrel.store import Store


@dataclass(frozen=True, slots=True)
class Brief:
    actor: str
    vs: str | None
    series: Any
    network: Any
    profile: Any
    events: tuple[MergedEvent, ...]
    disputes: tuple[Dispute, ...]


def gather(store: Store, actor: str, vs: str | None = None, *, top: int = 15,
           freq: str = "month") -> Brief:
    from whimbrel.analysis.network import actor_network
    from whimbrel.analysis.profile import actor_profile
    from whimbrel.analysis.series import dyad_series
    from whimbrel.reasoning.run import disputes, merged_events

    actor, vs = actor.upper(), vs.upper() if vs else None
    series = dyad_series(store, actor, vs, freq=freq, either_direction=True)
    involved = {actor} | ({vs} if vs else set())

    def concerns(codes: set[str | None]) -> bool:
        return involved <= codes if vs else actor in codes

    merged = [e for e in merged_events(store) if concerns({e.source, e.target})]
    found = [d for d in disputes(store) if any(code in d.subject for code in involved)]
    return Brief(actor, vs, series, actor_network(store), actor_profile(store, actor),
                 tuple(merged[:top]), tuple(found))


def _lead(e: MergedEvent) -> Mention:
    """The mention a brief quotes for an event: the first that reports it, not a denial."""
    return next((x for x in e.mentions if not x.negated), e.mentions[0])


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def render_html(brief: Brief) -> str:
    from plotly.offline import get_plotlyjs

    from whimbrel.web.charts import network_chart, series_chart

    title = f"{brief.actor}" + (f" and {brief.vs}" if brief.vs else "")
    years = sorted({p.period[:4] for p in brief.series.points})
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>whimbrel brief: {_e(title)}</title>",
        "<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;"
        "color:#222}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
        "padding:.3em .5em;text-align:left;vertical-align:top}.muted{color:#666;font-size:.9em}"
        "mark{background:#ffd43b}.disputed{color:#b00;font-weight:bold}</style>",
        f"<script>{get_plotlyjs()}</script></head><body>",
        f"<h1>Brief: {_e(title)}</h1>",
        f"<p class='muted'>{brief.profile.events_as_source} events with {_e(brief.actor)} as "
        f"source, {brief.profile.events_as_target} as target; years covered: "
        f"{_e(', '.join(years) or 'none')}. Trend: {_e(brief.profile.trend_direction)}.</p>",
        "<h2>Timeline</h2>", series_chart(brief.series, f"Events of {title} by month"),
        "<h2>Network</h2>", network_chart(brief.network, highlight=brief.actor),
        "<h2>Top events</h2>", "<table><tr><th>event</th><th>date</th><th>reports</th>"
        "<th>status</th><th>evidence</th></tr>",
    ]
    for e in brief.events:
        m = _lead(e)
        sentence = _e(m.sentence_text).replace(_e(m.trigger.text),
                                               f"<mark>{_e(m.trigger.text)}</mark>", 1)
        status = (f"<span class='disputed'>{_e(e.status)}</span>" if e.status == "disputed"
                  else _e(e.status))
        if e.conflicts:
            status += f"<br><span class='disputed'>reports differ on {_e(', '.join(e.conflicts))}</span>"
        sources = ", ".join(sorted({x.outlet for x in e.mentions}))
        parts.append(f"<tr><td>{_e(describe(e))}</td><td>{_e(e.date or '')}</td>"
                     f"<td>{len(e.mentions)} mentions, {e.articles} articles, {e.sources} sources"
                     f"<br><span class='muted'>{_e(sources)}</span></td><td>{status}</td>"
                     f"<td>{sentence}<br><span class='muted'>{_e(m.article_id)}</span></td></tr>")
    parts.append("</table><h2>Disputes</h2>")
    if not brief.disputes:
        parts.append("<p>No contradictions between reports.</p>")
    for d in brief.disputes:
        parts.append(f"<h3>{_e(d.kind)}: {_e(d.subject)}</h3><ul>")
        for s in d.sides:
            ev = s.evidence[0] if s.evidence else None
            quote = f" — “{_e(ev.sentence_text)}” ({_e(ev.article_id)})" if ev else ""
            parts.append(f"<li><b>{_e(s.value)}</b>: {len(s.articles)} articles{quote}</li>")
        parts.append("</ul>")
    parts.append("<p class='muted'>Made by whimbrel from its store; every event above links to "
                 "the sentence it was coded from.</p></body></html>")
    return "".join(parts)


def render_markdown(brief: Brief) -> str:
    title = f"{brief.actor}" + (f" and {brief.vs}" if brief.vs else "")
    lines = [f"# Brief: {title}", "",
             f"{brief.profile.events_as_source} events as source, "
             f"{brief.profile.events_as_target} as target; trend {brief.profile.trend_direction}.",
             "", "## Timeline", "", "| period | events | cooperation | conflict | Goldstein |",
             "|---|---|---|---|---|"]
    for p in brief.series.points:
        coop = p.quad_counts.get(1, 0) + p.quad_counts.get(2, 0)
        conf = p.quad_counts.get(3, 0) + p.quad_counts.get(4, 0)
        lines.append(f"| {p.period} | {p.events} | {coop} | {conf} | {p.goldstein:+.1f} |")
    lines += ["", "## Top events", "", "| event | date | reports | status | evidence |",
              "|---|---|---|---|---|"]
    for e in brief.events:
        m = _lead(e)
        text = m.sentence_text.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {describe(e)} | {e.date or ''} | {len(e.mentions)} mentions, "
                     f"{e.articles} articles, {e.sources} sources | {e.status}"
                     f"{' (' + ', '.join(e.conflicts) + ')' if e.conflicts else ''} | "
                     f"{text} ({m.article_id}) |")
    lines += ["", "## Disputes", ""]
    for d in brief.disputes:
        lines.append(f"- **{d.kind}**: {d.subject}")
        for s in d.sides:
            ev = s.evidence[0] if s.evidence else None
            quote = f" — “{ev.sentence_text.strip()}” ({ev.article_id})" if ev else ""
            lines.append(f"  - {s.value}: {len(s.articles)} articles{quote}")
    if not brief.disputes:
        lines.append("No contradictions between reports.")
    return "\n".join(lines) + "\n"
