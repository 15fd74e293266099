"""Bridges: single ties whose loss splits a group in two.

A bridge is a tie (edge) that lies on no cycle. For each one we give what
each end still reaches without it, as a :class:`Side` of people, assets and
nodes, and how many people would lose every route to an asset.

>>> import networkx as nx
>>> G = nx.Graph([("hub", "amina"), ("amina", "ben"), ("ben", "chidi"), ("chidi", "amina")])
>>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
>>> [(b.u, b.v, b.v_side.people, b.people_cut_off) for b in bridges(G)]
[('amina', 'hub', 0, 3)]
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx
import numpy as np

from mapper.analytics.block_cut import BlockCutTree
from mapper.analytics.fast import IndexedGraph, use_igraph

__all__ = ["Side", "Bridge", "bridges", "bridge_ties"]


class Side(NamedTuple):
    """What one end of a bridge still reaches without it."""

    people: int
    assets: int
    nodes: int


class Bridge(NamedTuple):
    """A bridge ``u``–``v``; ``u`` is on the larger side (by nodes)."""

    u: object
    v: object
    u_side: Side
    v_side: Side
    people_cut_off: int


def bridges(G: nx.Graph, method: str = "auto") -> list[Bridge]:
    """Every bridge with the sizes of its two sides.

    Sorted by people cut off (most first), then by the smaller side (largest
    first), then by the order of the nodes in ``G``. ``method`` as in
    :func:`~mapper.analytics.cut_off.cut_off_counts`.
    """
    return bridges_from_tree(BlockCutTree.build(G, method))


def bridges_from_tree(tree: BlockCutTree) -> list[Bridge]:
    """:func:`bridges` from an already built block–cut tree (a bridge is a two-node block)."""
    nodes = tree.ix.nodes
    rt = tree.rooted()
    parent, sub = rt.parent, rt.sub
    ix = tree.ix
    nb = tree.n_blocks
    rows = []
    for b in np.flatnonzero(tree.block_sizes == 2).tolist():
        x, y = tree.blocks[b]
        c = tree.comp[x]
        total = np.array([tree.comp_people[c], tree.comp_assets[c], tree.comp_nodes[c]])
        p = parent[b]
        own = {e: (int(ix.person[e]), int(ix.asset[e]), 1) for e in (x, y)}
        if p != rt.super_root and p >= nb:
            upper = int(tree.cut_vertex_of(p))
            lower = y if upper == x else x
            side = {lower: sub[b], upper: total - sub[b]}
        else:
            # a root bridge: each end is either a cut vertex hanging below it
            # or a leaf (it belongs to no other block)
            side = {e: (sub[tree.cut_node[e]] if tree.is_cut[e] else own[e]) for e in (x, y)}
        sx, sy = Side(*map(int, side[x])), Side(*map(int, side[y]))
        lost = 0
        if total[1] > 0:
            lost = (sx.people if sx.assets == 0 else 0) + (sy.people if sy.assets == 0 else 0)
        if (sy.nodes, -y) > (sx.nodes, -x):
            x, y, sx, sy = y, x, sy, sx
        rows.append((-lost, -sy.nodes, min(x, y), max(x, y), Bridge(nodes[x], nodes[y], sx, sy, lost)))
    rows.sort(key=lambda r: r[:4])
    return [r[-1] for r in rows]


def bridge_ties(G: nx.Graph, method: str = "auto") -> set[frozenset]:
    """Just the bridges, as ``frozenset({u, v})``, straight from igraph or networkx.

    >>> sorted(sorted(b) for b in bridge_ties(nx.path_graph(3)))
    [[0, 1], [1, 2]]
    """
    if not use_igraph(G, method):
        return {frozenset(e) for e in nx.bridges(G)}
    ix = IndexedGraph.from_networkx(G)
    g = ix.igraph()
    nodes = ix.nodes
    return {frozenset((nodes[e.source], nodes[e.target])) for e in g.es[g.bridges()]}
