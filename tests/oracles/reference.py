"""Slow, obviously correct versions of the analytics: remove and search again.

Used by the tests as the standard the fast versions must meet exactly, and by
the benchmark as the baseline. Every function here is quadratic or worse.

>>> import networkx as nx
>>> G = nx.path_graph(["hub", "a", "b", "c"])
>>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
>>> cut_off_counts(G) == {"hub": 3, "a": 2, "b": 1}
True
"""

from __future__ import annotations

from collections import deque

import networkx as nx

__all__ = [
    "reaches_asset",
    "cut_off_counts",
    "cut_off_people",
    "people_at_risk",
    "bridges",
    "asset_gateways",
]


def reaches_asset(G: nx.Graph, removed=frozenset(), removed_edges=frozenset()) -> set:
    """Every node that has a path to an asset, searching out from all assets."""
    removed_edges = {frozenset(e) for e in removed_edges}
    start = [v for v, k in G.nodes(data="kind") if k == "asset" and v not in removed]
    seen = set(start)
    queue = deque(start)
    while queue:
        u = queue.popleft()
        for w in G[u]:
            if w in seen or w in removed or frozenset((u, w)) in removed_edges:
                continue
            seen.add(w)
            queue.append(w)
    return seen


def _people(G, nodes):
    return {v for v in nodes if G.nodes[v]["kind"] == "person"}


def cut_off_people(G: nx.Graph, v) -> set:
    """People who reach an asset in ``G`` and none in ``G - v``."""
    return _people(G, reaches_asset(G) - reaches_asset(G, {v}) - {v})


def cut_off_counts(G: nx.Graph) -> dict:
    """``{node: people cut off by its departure}`` for nodes with a positive count."""
    before = _people(G, reaches_asset(G))
    out = {}
    for v in G:
        lost = before - _people(G, reaches_asset(G, {v})) - {v}
        if lost:
            out[v] = len(lost)
    return out


def people_at_risk(G: nx.Graph) -> set:
    """People whom some single departure cuts off."""
    before = _people(G, reaches_asset(G))
    risk = set()
    for v in G:
        risk |= before - _people(G, reaches_asset(G, {v})) - {v}
    return risk


def bridges(G: nx.Graph) -> dict:
    """``{frozenset({u, v}): ({u: side_u, v: side_v}, people_cut_off)}`` for every bridge.

    A side is ``(people, assets, nodes)`` of what that end still reaches
    without the tie; ``people_cut_off`` counts people who reached an asset
    before and reach none without the tie.
    """
    before = _people(G, reaches_asset(G))
    out = {}
    for u, v in G.edges():
        H = G.copy()
        H.remove_edge(u, v)
        if nx.has_path(H, u, v):
            continue
        sides = {}
        for x in (u, v):
            comp = nx.node_connected_component(H, x)
            kinds = [G.nodes[w]["kind"] for w in comp]
            sides[x] = (kinds.count("person"), kinds.count("asset"), len(comp))
        lost = len(before - _people(G, reaches_asset(G, removed_edges={(u, v)})))
        out[frozenset((u, v))] = (sides, lost)
    return out


def asset_gateways(G: nx.Graph) -> dict:
    """``{asset: {nodes}}``: nodes without which the asset reaches no person at all.

    Only assets that reach some person are listed, and only when the set is
    non-empty.
    """
    out = {}
    for a, k in G.nodes(data="kind"):
        if k != "asset":
            continue
        comp = nx.node_connected_component(G, a)
        if not _people(G, comp):
            continue
        gates = set()
        for w in comp - {a}:
            H = G.subgraph(comp - {w})
            if not _people(G, nx.node_connected_component(H, a)):
                gates.add(w)
        if gates:
            out[a] = gates
    return out


def trend_monthly(projection, until, live_months: int) -> list[dict]:
    """Every month's figures, each computed afresh from the network as it stood then."""
    from mapper.network.trend import figures, month_ends

    first = projection.first_date()
    if first is None:
        return []
    return [{"month": day.strftime("%Y-%m"), **figures(projection, day, live_months)}
            for day in month_ends(first, until)]
