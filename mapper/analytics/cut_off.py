"""Single points of failure: who would be cut off from every asset if one node left.

Person ``p`` is *cut off by the departure of* node ``v`` (``v != p``, any
kind) when ``p`` can reach at least one asset in the network and can reach
no asset once ``v`` is gone. ``v`` may itself be an asset: losing it matters
when it was the only asset its people could reach.

:func:`cut_off_counts` answers this for every node at once from the
block–cut tree; :func:`cut_off_people` lists the people for one node.

>>> import networkx as nx
>>> G = nx.path_graph(["hub", "amina", "ben", "chidi"])
>>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
>>> dict(sorted(cut_off_counts(G).items()))
{'amina': 2, 'ben': 1, 'hub': 3}
>>> sorted(cut_off_people(G, "amina"))
['ben', 'chidi']
"""

from __future__ import annotations

from collections import Counter, deque

import networkx as nx
import numpy as np

from mapper.analytics.block_cut import BlockCutTree

__all__ = ["cut_off_counts", "cut_off_people", "people_by_area", "people_at_risk"]


def cut_off_counts(G: nx.Graph, method: str = "auto") -> dict:
    """Number of people each node's departure cuts off from every asset.

    Returns ``{node: count}`` for nodes with ``count > 0``. ``method`` is
    ``"auto"`` (igraph for large networks), ``"igraph"`` or ``"networkx"``;
    all give the same answer.

    >>> G = nx.Graph([("hub", "a"), ("a", "b"), ("hub", "c"), ("c", "b")])
    >>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
    >>> cut_off_counts(G)  # a cycle: only losing the hub itself hurts
    {'hub': 3}
    """
    return counts_from_tree(BlockCutTree.build(G, method))


def counts_from_tree(tree: BlockCutTree) -> dict:
    """:func:`cut_off_counts` from an already built block–cut tree."""
    counts = _count_array(tree)
    nodes = tree.ix.nodes
    return {nodes[i]: int(counts[i]) for i in np.flatnonzero(counts)}


def _count_array(tree: BlockCutTree) -> np.ndarray:
    ix = tree.ix
    n = ix.n
    counts = np.zeros(n, dtype=np.int64)
    if n == 0:
        return counts
    rt = tree.rooted()
    nb = tree.n_blocks
    parent, sub = rt.parent, rt.sub
    comp_p, comp_a = tree.comp_people, tree.comp_assets

    # pieces below a cut vertex: its child blocks' subtrees
    blocks = np.arange(nb)
    under_cut = blocks[(parent[:nb] >= nb) & (parent[:nb] != rt.super_root)]
    dry = under_cut[sub[under_cut, 1] == 0]
    np.add.at(counts, tree.cut_vertex_of(parent[dry]), sub[dry, 0])

    # the piece above a cut vertex: its component minus its own subtree
    cuts = tree.cut_vertices
    cn = tree.cut_node[cuts]
    c = tree.comp[cuts]
    above_dry = (comp_a[c] - sub[cn, 1]) == 0
    counts[cuts[above_dry]] += (comp_p[c] - sub[cn, 0])[above_dry]

    # any other node matters only as the one asset of its component
    comp_of = tree.comp
    only_asset = ix.asset & ~tree.is_cut & (comp_a[comp_of] == 1)
    counts[only_asset] = comp_p[comp_of[only_asset]]

    counts[comp_a[comp_of] == 0] = 0
    return counts


def people_at_risk(G: nx.Graph, method: str = "auto") -> set:
    """People whom the departure of some single node would cut off from every asset.

    >>> G = nx.Graph([("hub", "a"), ("a", "b"), ("hub2", "a")])
    >>> nx.set_node_attributes(G, "person", "kind")
    >>> G.nodes["hub"]["kind"] = G.nodes["hub2"]["kind"] = "asset"
    >>> sorted(people_at_risk(G))  # b hangs on a
    ['b']
    """
    return at_risk_from_tree(BlockCutTree.build(G, method))


def at_risk_from_tree(tree: BlockCutTree) -> set:
    """:func:`people_at_risk` from an already built block–cut tree."""
    ix = tree.ix
    nodes = ix.nodes
    if ix.n == 0:
        return set()
    comp_a = tree.comp_assets[tree.comp]
    # rooted at an asset, a person's only candidates are the cut vertices above it
    rt = tree.rooted("asset")
    people = np.flatnonzero(ix.person & (comp_a > 0) & (tree.node_of >= 0))
    t = tree.node_of[people]
    is_cut = tree.is_cut[people]
    b0 = np.where(is_cut, rt.parent[t], t)
    up = rt.parent[b0]
    risk = (up != rt.super_root) & (up >= tree.n_blocks) & (rt.sub[b0, 1] == 0)
    risk |= comp_a[people] == 1
    return {nodes[i] for i in people[risk]}


def cut_off_people(G: nx.Graph, v) -> set:
    """The people cut off from every asset if ``v`` left.

    >>> G = nx.star_graph(3)  # 0 in the middle
    >>> nx.set_node_attributes(G, "person", "kind"); G.nodes[1]["kind"] = "asset"
    >>> sorted(cut_off_people(G, 0))
    [2, 3]
    """
    if v not in G:
        raise KeyError(f"{v!r} is not in the network")
    kind = G.nodes
    seen = {v}
    pieces = []
    for start in G[v]:
        if start in seen:
            continue
        seen.add(start)
        piece, queue, has_asset = [start], deque([start]), False
        while queue:
            u = queue.popleft()
            if kind[u]["kind"] == "asset":
                has_asset = True
            for w in G[u]:
                if w not in seen:
                    seen.add(w)
                    piece.append(w)
                    queue.append(w)
        pieces.append((piece, has_asset))
    reached_asset = kind[v]["kind"] == "asset" or any(has for _, has in pieces)
    if not reached_asset:
        return set()
    return {u for piece, has in pieces if not has for u in piece if kind[u]["kind"] == "person"}


def people_by_area(G: nx.Graph, people, unknown: str = "unknown") -> dict:
    """How many of ``people`` live in each area, largest first (ties by area name).

    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"area": "Lewisham"}), (2, {"area": "Bexley"}), (3, {"area": "Lewisham"}), (4, {})])
    >>> people_by_area(G, [1, 2, 3, 4])
    {'Lewisham': 2, 'Bexley': 1, 'unknown': 1}
    """
    tally = Counter(G.nodes[p].get("area") or unknown for p in people)
    return dict(sorted(tally.items(), key=lambda kv: (-kv[1], str(kv[0]))))
