"""Suggested new 1:1s chosen by recomputing: the reference for ``mapper.analytics.suggestions``.

The same greedy choice as :func:`mapper.analytics.suggestions.suggest_ties`, made the plain way
it was first written: the graph copied, a search of the whole network for each single point of
failure tried, and the block-cut tree rebuilt for every candidate tie to measure how many people
it takes out of risk. The product's version must return exactly the same suggestions; the bench
times both.

>>> import networkx as nx
>>> G = nx.Graph([("hub", "amina"), ("amina", "ben"), ("ben", "chidi"), ("amina", "dev"), ("dev", "cafe")])
>>> nx.set_node_attributes(G, "person", "kind")
>>> G.nodes["hub"]["kind"] = G.nodes["cafe"]["kind"] = "asset"
>>> s = suggest_ties(G, k=1)[0]
>>> (s.a, s.b, s.people_given_second_route)
('chidi', 'dev', 2)
"""

from __future__ import annotations

import heapq
from collections import deque

import networkx as nx
import numpy as np

from mapper.analytics.block_cut import BlockCutTree
from mapper.analytics.cut_off import at_risk_from_tree, counts_from_tree
from mapper.analytics.fast import IndexedGraph, use_igraph
from mapper.analytics.suggestions import Suggestion

__all__ = ["suggest_ties"]


def _label(G, v):
    return G.nodes[v].get("name") or str(v)


class _Risk:
    """Recomputes who is at risk with extra ties, without rebuilding from networkx each time."""

    def __init__(self, H: nx.Graph, method: str):
        self.H = H
        self.fast = use_igraph(H, method)
        self.ix = IndexedGraph.from_networkx(H)

    def tree(self, extra=()) -> BlockCutTree:
        ix = self.ix
        if not self.fast:
            added = [e for e in extra if not self.H.has_edge(*e)]
            self.H.add_edges_from(added)
            try:
                return BlockCutTree.build(self.H, "networkx", IndexedGraph.from_networkx(self.H))
            finally:
                self.H.remove_edges_from(added)
        if extra:
            more = np.array([[ix.index[u], ix.index[v]] for u, v in extra], dtype=np.int64)
            ix = IndexedGraph(ix.nodes, ix.index, np.vstack([ix.edges, more]), ix.person, ix.asset)
        return BlockCutTree(ix, list(ix.igraph().biconnected_components()))

    def add(self, u, v):
        self.H.add_edge(u, v)
        self.ix = IndexedGraph.from_networkx(self.H) if not self.fast else IndexedGraph(
            self.ix.nodes,
            self.ix.index,
            np.vstack([self.ix.edges, [[self.ix.index[u], self.ix.index[v]]]]),
            self.ix.person,
            self.ix.asset,
        )


def _pieces_without(H: nx.Graph, w):
    """Asset-free pieces of ``H - w`` (as distance maps from ``w``), and everyone else reaching an asset."""
    kind = H.nodes
    dist = {w: 0}
    pieces = []
    for start in H[w]:
        if start in dist:
            continue
        dist[start] = 1
        piece, queue, has_asset = [start], deque([start]), False
        while queue:
            u = queue.popleft()
            has_asset |= kind[u]["kind"] == "asset"
            for x in H[u]:
                if x not in dist:
                    dist[x] = dist[u] + 1
                    piece.append(x)
                    queue.append(x)
        if not has_asset:
            pieces.append({u: dist[u] for u in piece})
    return pieces


def _reaching_assets_without(H: nx.Graph, w) -> set:
    start = [v for v, k in H.nodes(data="kind") if k == "asset" and v != w]
    seen = set(start)
    queue = deque(start)
    while queue:
        u = queue.popleft()
        for x in H[u]:
            if x != w and x not in seen:
                seen.add(x)
                queue.append(x)
    return seen


def _shared(H, a, b) -> list:
    ta = H.nodes[a].get("themes") or ()
    tb = set(H.nodes[b].get("themes") or ())
    return [t for t in ta if t in tb]


def suggest_ties(
    G: nx.Graph,
    k: int = 5,
    method: str = "auto",
    points: int = 3,
    per_side: int = 2,
) -> list[Suggestion]:
    """Up to ``k`` new 1:1s, in greedy order, each with the people it takes out of risk.

    Each round tries the ``points`` nodes whose departure cuts off most people;
    behind each, the ``per_side`` people farthest from it, each paired with
    the ``per_side`` best-matched people who would still reach an asset
    without it (same area, then shared themes, then not at risk themselves,
    then most ties). ``people_given_second_route`` of a suggestion is exactly
    how many people stop being at risk when its tie is added to ``G`` plus
    the ties suggested before it. Stops early when nothing helps. ``G`` is
    not changed.
    """
    H = G.copy()
    risk_calc = _Risk(H, method)
    order = {v: i for i, v in enumerate(G)}
    out: list[Suggestion] = []
    for _ in range(k):
        tree = risk_calc.tree()
        risk = at_risk_from_tree(tree)
        if not risk:
            break
        counts = counts_from_tree(tree)
        tried = set()
        best = None
        used = 0
        for tries, w in enumerate(sorted(counts, key=lambda v: (-counts[v], order[v]))):
            if used == points or tries == 3 * points:
                break
            pieces = _pieces_without(H, w)
            pool = [v for v in _reaching_assets_without(H, w) if H.nodes[v]["kind"] == "person"]
            if not pieces or not pool:
                continue  # e.g. the only asset around: no new 1:1 routes around it
            used += 1
            piece = max(pieces, key=lambda p: sum(H.nodes[u]["kind"] == "person" for u in p))
            behind = [u for u in piece if H.nodes[u]["kind"] == "person"]
            behind = sorted(behind, key=lambda u: (-piece[u], order[u]))[:per_side]
            for a in behind:
                area = H.nodes[a].get("area")

                def fit(b, a=a, area=area):
                    return (
                        area is not None and H.nodes[b].get("area") == area,
                        len(_shared(H, a, b)),
                        b not in risk,
                        H.degree(b),
                        -order[b],
                    )

                for b in heapq.nlargest(per_side, (b for b in pool if not H.has_edge(a, b)), key=fit):
                    if (a, b) in tried:
                        continue
                    tried.add((a, b))
                    gain = len(risk - at_risk_from_tree(risk_calc.tree([(a, b)])))
                    key = (gain, fit(b))
                    if best is None or key > best[0]:
                        best = (key, a, b, w)
        if best is None or best[0][0] == 0:
            break
        (gain, _), a, b, w = best
        bits = [f"gives {gain} {'person' if gain == 1 else 'people'} a second route around {_label(G, w)}"]
        area = H.nodes[a].get("area")
        if area is not None and H.nodes[b].get("area") == area:
            bits.append(f"both in {area}")
        shared = _shared(H, a, b)
        if shared:
            bits.append("shared themes: " + ", ".join(shared))
        out.append(Suggestion(a, b, gain, "; ".join(bits)))
        risk_calc.add(a, b)
    return out
