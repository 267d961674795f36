"""The network of actors: who interacts with whom, how warmly, and which blocs they form.

Nodes are actor codes; an undirected edge joins two actors with at least ``min_events`` events
between them (either direction; an actor's events with itself make no edge). Its ``weight`` is
the sum of their Goldstein scores (cooperation positive, conflict negative), with the counts of
cooperation (quad classes 1-2) and conflict (3-4) events. Blocs are the Louvain communities
(networkx, ``seed=0`` so they are the same on every run) of the graph of the positive-weight
edges: actors that cooperate more than they fight end up together. Bloc 0 is the largest.

Counting follows :mod:`whimbrel.analysis.series`. networkx is imported only when blocs or a
graph are made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whimbrel.analysis.series import EVENTS_CTE, date_conditions
from whimbrel.store import Store

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class Edge:
    """Events between actors ``a`` and ``b`` (``a < b``), both directions."""

    a: str
    b: str
    weight: float
    cooperation: int
    conflict: int
    events: int


@dataclass(frozen=True, slots=True)
class Node:
    """An actor, its bloc index and the number of events on its edges."""

    code: str
    bloc: int
    events: int


@dataclass(frozen=True, slots=True)
class Network:
    """Nodes and edges sorted by code; ``blocs[i]`` holds the codes of bloc ``i``."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    blocs: tuple[tuple[str, ...], ...]


def actor_network(store: Store, *, since: str | None = None, until: str | None = None,
                  min_events: int = 1) -> Network:
    """The actor network of the events dated within ``since``..``until``.

    >>> with Store(":memory:") as store:
    ...     actor_network(store).nodes
    ()
    """
    dates, params = date_conditions(since, until)
    rows = store.query(
        EVENTS_CTE + "SELECT least(source_code, target_code) AS a, "
        "greatest(source_code, target_code) AS b, coalesce(sum(gs), 0) AS weight, "
        "count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation, "
        "count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict, count(*) AS events FROM ev "
        "WHERE source_code IS NOT NULL AND target_code IS NOT NULL "
        f"AND source_code <> target_code AND {dates} "
        "GROUP BY a, b HAVING count(*) >= ? ORDER BY a, b", [*params, min_events])
    edges = tuple(Edge(r["a"], r["b"], float(r["weight"]), r["cooperation"], r["conflict"],
                       r["events"]) for r in rows)
    events: dict[str, int] = {}
    for edge in edges:
        events[edge.a] = events.get(edge.a, 0) + edge.events
        events[edge.b] = events.get(edge.b, 0) + edge.events
    blocs = _blocs(sorted(events), edges)
    bloc_of = {code: i for i, bloc in enumerate(blocs) for code in bloc}
    nodes = tuple(Node(code, bloc_of[code], n) for code, n in sorted(events.items()))
    return Network(nodes, edges, blocs)


def _blocs(codes: list[str], edges: Iterable[Edge]) -> tuple[tuple[str, ...], ...]:
    if not codes:
        return ()
    import networkx as nx

    positive = nx.Graph()
    positive.add_nodes_from(codes)
    positive.add_weighted_edges_from((e.a, e.b, e.weight) for e in edges if e.weight > 0)
    communities = nx.community.louvain_communities(positive, weight="weight", seed=0)
    blocs = [tuple(sorted(c)) for c in communities]
    return tuple(sorted(blocs, key=lambda bloc: (-len(bloc), bloc)))


def to_networkx(network: Network) -> nx.Graph:
    """An undirected networkx graph: node attributes ``bloc`` and ``events``, edge attributes
    ``weight``, ``cooperation``, ``conflict`` and ``events``."""
    import networkx as nx

    graph = nx.Graph()
    for node in network.nodes:
        graph.add_node(node.code, bloc=node.bloc, events=node.events)
    for e in network.edges:
        graph.add_edge(e.a, e.b, weight=e.weight, cooperation=e.cooperation,
                       conflict=e.conflict, events=e.events)
    return graph


def network_to_graphml(network: Network, path: str | Path) -> None:
    """Write the network as GraphML (readable by ``networkx.read_graphml``, Gephi, yEd)."""
    import networkx as nx

    nx.write_graphml(to_networkx(network), str(path))
