"""What-if: what happens to the network if some people, organisations, assets or ties go.

The network passed in is never changed: the analysis runs on a read-only view
with the nodes and ties taken out.

>>> import networkx as nx
>>> G = nx.path_graph(["hub", "amina", "ben"])
>>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
>>> r = what_if(G, remove_nodes=["amina"])
>>> r.newly_cut_off, r.components_before, r.components_after
({'ben'}, 1, 2)
>>> r.nearest["ben"]
NearestChange(before='hub', before_steps=2, after=None, after_steps=None)
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx

__all__ = ["NearestChange", "WhatIf", "what_if", "nearest_assets"]


class NearestChange(NamedTuple):
    """A person's nearest asset, in steps along ties, before and after."""

    before: object
    before_steps: int
    after: object | None  # None when no asset is reachable any more
    after_steps: int | None


@dataclass
class WhatIf:
    """The effect of taking nodes and ties out of the network."""

    newly_cut_off: set  # people who reached an asset before and reach none after
    components_before: int
    components_after: int  # counted over the nodes that remain
    split: list  # [(size before, [sizes after, largest first])] for groups broken apart
    nearest: dict  # person -> NearestChange, for those whose nearest asset is now farther or gone


def nearest_assets(G: nx.Graph) -> dict:
    """``{node: (asset, steps)}`` for every node that reaches an asset.

    Ties between equally near assets go to the asset that comes first in ``G``.

    >>> G = nx.path_graph(["hub", "amina", "ben"])
    >>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
    >>> nearest_assets(G)["ben"]
    ('hub', 2)
    """
    found = {v: (v, 0) for v, k in G.nodes(data="kind") if k == "asset"}
    queue = deque(found)
    while queue:
        u = queue.popleft()
        asset, steps = found[u]
        for w in G[u]:
            if w not in found:
                found[w] = (asset, steps + 1)
                queue.append(w)
    return found


def what_if(G: nx.Graph, remove_nodes=(), remove_edges=()) -> WhatIf:
    """The people newly cut off, groups split and nearest assets lost if these went.

    ``remove_nodes`` are node ids; ``remove_edges`` are ``(u, v)`` pairs. Unknown
    ids raise :class:`KeyError`.
    """
    gone = set(remove_nodes)
    for v in gone:
        if v not in G:
            raise KeyError(f"{v!r} is not in the network")
    gone_edges = []
    for u, v in remove_edges:
        if not G.has_edge(u, v):
            raise KeyError(f"no tie between {u!r} and {v!r}")
        gone_edges.append((u, v))
    H = nx.restricted_view(G, gone, gone_edges)

    before = nearest_assets(G)
    after = nearest_assets(H)
    people = [v for v, k in H.nodes(data="kind") if k == "person"]
    newly = {p for p in people if p in before and p not in after}
    nearest = {}
    for p in people:
        if p in before and (p not in after or after[p][1] > before[p][1]):
            new = after.get(p, (None, None))
            nearest[p] = NearestChange(before[p][0], before[p][1], new[0], new[1])

    comps_before = list(nx.connected_components(G))
    comps_after = list(nx.connected_components(H))
    where_after = {v: i for i, c in enumerate(comps_after) for v in c}
    split = []
    for c in comps_before:
        pieces = {where_after[v] for v in c if v not in gone}
        if len(pieces) > 1:
            split.append((len(c), sorted((len(comps_after[i]) for i in pieces), reverse=True)))
    split.sort(key=lambda s: (-s[0], s[1]))
    return WhatIf(newly, len(comps_before), len(comps_after), split, nearest)
