"""Analyses of the coded events: time series, actor profiles, the actor network, escalation.

Every analysis reads a :class:`~whimbrel.store.Store`, aggregates in DuckDB and returns frozen
records. They count events the same way (see :mod:`whimbrel.analysis.series`): negated events
never count, an event's date is its own or its article's, and a missing Goldstein score takes
its quad class default.

    >>> from whimbrel.store import Store
    >>> from whimbrel.analysis import dyad_series
    >>> with Store(":memory:") as store:
    ...     dyad_series(store, "RUS", "UKR", freq="month").points
    ()
"""

from whimbrel.analysis.escalation import Escalation, escalation, escalations
from whimbrel.analysis.network import (
    Edge,
    Network,
    Node,
    actor_network,
    network_to_graphml,
    to_networkx,
)
from whimbrel.analysis.profile import ActorProfile, Partner, actor_profile
from whimbrel.analysis.series import PeriodValue, Series, SeriesPoint, dyad_series

__all__ = [
    "ActorProfile",
    "Edge",
    "Escalation",
    "Network",
    "Node",
    "Partner",
    "PeriodValue",
    "Series",
    "SeriesPoint",
    "actor_network",
    "actor_profile",
    "dyad_series",
    "escalation",
    "escalations",
    "network_to_graphml",
    "to_networkx",
]
