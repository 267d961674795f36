"""Plotly figures for the pages and reports, as HTML fragments (plotly.js loaded separately)."""

from __future__ import annotations

from typing import Any

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
QUAD_COLOURS = {1: "#6baed6", 2: "#2171b5", 3: "#fd8d3c", 4: "#cb181d"}


def _html(fig: Any, div_id: str) -> str:
    import plotly.io as pio

    return pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


def series_chart(series: Any, title: str, div_id: str = "timeline") -> str:
    """Events per period stacked by quad class, with net Goldstein as a line."""
    import plotly.graph_objects as go

    periods = [p.period for p in series.points]
    fig = go.Figure()
    for quad, name in QUAD_NAMES.items():
        fig.add_bar(x=periods, y=[p.quad_counts.get(quad, 0) for p in series.points], name=name,
                    marker_color=QUAD_COLOURS[quad])
    fig.add_scatter(x=periods, y=[p.goldstein for p in series.points], name="net Goldstein",
                    yaxis="y2", mode="lines+markers", line={"color": "#333"})
    fig.update_layout(barmode="stack", title=title, height=380, margin={"t": 50, "b": 40},
                      yaxis={"title": "events"},
                      yaxis2={"title": "Goldstein", "overlaying": "y", "side": "right"},
                      legend={"orientation": "h"})
    return _html(fig, div_id)


def network_chart(net: Any, div_id: str = "network", highlight: str | None = None) -> str:
    """The signed actor network: green edges cooperation, red conflict, nodes by bloc."""
    import networkx as nx
    import plotly.graph_objects as go

    from whimbrel.analysis.network import to_networkx

    g = to_networkx(net)
    if g.number_of_nodes() == 0:
        return "<p>No actors with events yet.</p>"
    pos = nx.spring_layout(g, seed=0, weight=None)
    fig = go.Figure()
    for u, v, d in g.edges(data=True):
        w = float(d.get("weight", 0.0))
        fig.add_scatter(x=[pos[u][0], pos[v][0]], y=[pos[u][1], pos[v][1]], mode="lines",
                        line={"width": 1 + min(6.0, abs(w) / 10),
                              "color": "#2ca02c" if w >= 0 else "#d62728"},
                        hoverinfo="text", text=f"{u}–{v}: {w:+.1f}", showlegend=False)
    nodes = list(g.nodes(data=True))
    fig.add_scatter(x=[pos[n][0] for n, _ in nodes], y=[pos[n][1] for n, _ in nodes],
                    mode="markers+text", text=[n for n, _ in nodes], textposition="top center",
                    marker={"size": [14 if n == highlight else 10 for n, _ in nodes],
                            "color": [d.get("bloc", 0) for _, d in nodes],
                            "colorscale": "Viridis", "line": {"width": 1, "color": "#333"}},
                    hoverinfo="text", showlegend=False)
    fig.update_layout(height=520, margin={"t": 20, "b": 20, "l": 20, "r": 20},
                      xaxis={"visible": False}, yaxis={"visible": False})
    return _html(fig, div_id)
