"""Suggested new 1:1s that give people a second route to an asset.

A person is *at risk* when one node's departure would cut them off from every
asset (:func:`~mapper.analytics.cut_off.people_at_risk`). A new tie between two
people, one on each side of such a node, gives everyone behind it a route
around it. Suggestions are chosen greedily: at each step a handful of
candidate pairs is tried — people far behind the most damaging single points
of failure, paired with people who would still reach an asset without it,
preferring the same area and shared themes — and the pair that takes the
most people out of risk is kept. The effect of every suggestion is measured,
not guessed: how many people a candidate tie takes out of risk is read off the
block-cut tree exactly (:mod:`~mapper.analytics.second_routes`), and the tree is
built again with each suggestion kept (and all earlier ones in place). The
choice is the same as rebuilding the tree for every candidate
(``tests/oracles/suggestions_recomputed.py``, checked on many networks).

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
from itertools import chain
from typing import NamedTuple

import igraph as ig
import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from mapper.analytics.block_cut import BlockCutTree
from mapper.analytics.cut_off import counts_from_tree
from mapper.analytics.fast import IndexedGraph, gc_paused, use_igraph
from mapper.analytics.second_routes import SecondRoutes

__all__ = ["Suggestion", "suggest_ties"]


class Suggestion(NamedTuple):
    a: object  # the person behind the single point of failure
    b: object  # the person who would still reach an asset without it
    people_given_second_route: int
    reason: str


def _label(G, v):
    return G.nodes[v].get("name") or str(v)


def _blocks(g: ig.Graph, edges: np.ndarray, n: int) -> list:
    """The biconnected components of ``g`` (built from ``edges``, in order) as sorted arrays of
    vertices: what ``g.biconnected_components()`` lists, without a Python set per block."""
    trees = ig.GraphBase.biconnected_components(g, False)
    if not trees:
        return []
    sizes = np.fromiter(map(len, trees), dtype=np.int64, count=len(trees))
    ids = np.fromiter(chain.from_iterable(trees), dtype=np.int64, count=int(sizes.sum()))
    block = np.repeat(np.arange(len(trees), dtype=np.int64), sizes)
    ends = edges[ids]
    members = np.unique(np.concatenate([block * n + ends[:, 0], block * n + ends[:, 1]]))
    return np.split(members % n, np.searchsorted(members // n, np.arange(1, len(trees))))


class _Network:
    """The network with the ties suggested so far, as arrays (the graph given is never changed)."""

    def __init__(self, G: nx.Graph, method: str, tree: BlockCutTree | None = None):
        self.G = G
        self.ix = ix = tree.ix if tree is not None else IndexedGraph.from_networkx(G)
        self.first_tree = tree
        self.fast = use_igraph(G, method)
        self.H = None if self.fast else G.copy()  # networkx finds the blocks of small networks
        n = ix.n
        self.added: list[tuple[int, int]] = []
        self.added_next: dict[int, list[int]] = {}
        self.degree = np.bincount(ix.edges.ravel(), minlength=n).astype(np.int64) if n else np.zeros(0, np.int64)
        attrs = [G.nodes[v] for v in ix.nodes]
        areas: dict = {}
        self.area = np.array([-1 if d.get("area") is None else areas.setdefault(d.get("area"), len(areas))
                              for d in attrs], dtype=np.int64)
        self.themes = [d.get("themes") or () for d in attrs]
        self.with_theme: dict = {}  # theme -> whether each node has it
        for i, themes in enumerate(self.themes):
            for t in themes:
                self.with_theme.setdefault(t, np.zeros(n, dtype=bool))[i] = True

    def edges(self) -> np.ndarray:
        return np.vstack([self.ix.edges, np.array(self.added, dtype=np.int64).reshape(-1, 2)])

    def tree(self) -> BlockCutTree:
        if not self.added and self.first_tree is not None:
            return self.first_tree
        ix = self.ix
        with gc_paused():
            if not self.fast:
                if self.added:
                    ix = IndexedGraph(ix.nodes, ix.index, self.edges(), ix.person, ix.asset)
                index = ix.index
                return BlockCutTree(ix, [[index[v] for v in b] for b in nx.biconnected_components(self.H)])
            g = ix.igraph()
            if self.added:
                g = g.copy()
                g.add_edges(self.added)
                ix = IndexedGraph(ix.nodes, ix.index, self.edges(), ix.person, ix.asset, g)
            return BlockCutTree(ix, _blocks(g, ix.edges, ix.n))

    def add(self, a: int, b: int) -> None:
        self.added.append((a, b))
        self.added_next.setdefault(a, []).append(b)
        self.added_next.setdefault(b, []).append(a)
        self.degree[a] += 1
        self.degree[b] += 1
        if self.H is not None:
            self.H.add_edge(self.ix.nodes[a], self.ix.nodes[b])

    def neighbours(self, v: int) -> list[int]:
        """``v``'s neighbours in the order a copy of the graph lists them (``Graph.copy`` puts the
        neighbours listed before ``v`` first, in node order), then the ties suggested since."""
        index = self.ix.index
        mine = [index[u] for u in self.G[self.ix.nodes[v]]]
        return sorted(u for u in mine if u < v) + [u for u in mine if u >= v] + self.added_next.get(v, [])

    def has_edge(self, a: int, b: int) -> bool:
        nodes = self.ix.nodes
        return self.G.has_edge(nodes[a], nodes[b]) or b in self.added_next.get(a, ())

    def shared(self, a: int, b: int) -> list:
        mine = set(self.themes[b])
        return [t for t in self.themes[a] if t in mine]


class _Round:
    """One greedy step: the tree of the network with the ties kept so far."""

    def __init__(self, net: _Network):
        self.net = net
        self.tree = net.tree()
        self.routes = SecondRoutes(self.tree)
        n = net.ix.n
        self.risk = np.zeros(n, dtype=bool)
        self.risk[self.routes.risk_index] = True
        edges = net.edges()
        self.csr = sparse.coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])),
                                     shape=(n, n)).tocsr()
        self.rows = np.repeat(np.arange(n, dtype=self.csr.indices.dtype), np.diff(self.csr.indptr))

    def without(self, w: int) -> tuple[list[tuple[int, np.ndarray]], np.ndarray]:
        """The pieces of the network without ``w`` that hang from ``w`` and hold no asset, each as
        (the first of ``w``'s neighbours in it, its members), in the order of those neighbours; and
        which people still reach an asset without ``w``."""
        net, csr = self.net, self.csr
        indices = csr.indices.copy()
        hits = indices == w
        indices[hits] = self.rows[hits]  # ties to w become loops: w is gone
        indices[csr.indptr[w]:csr.indptr[w + 1]] = w
        cut = sparse.csr_matrix((csr.data, indices, csr.indptr), shape=csr.shape)
        _, label = csgraph.connected_components(cut, directed=False)
        assets = np.bincount(label, weights=net.ix.asset, minlength=label.max() + 1)
        reach = (assets[label] > 0) & net.ix.person
        reach[w] = False
        pieces, seen = [], set()
        for start in net.neighbours(w):
            piece = int(label[start])
            if start == w or piece in seen:
                continue
            seen.add(piece)
            if assets[piece] == 0:
                pieces.append((start, np.flatnonzero(label == piece)))
        return pieces, reach

    def distances(self, w: int, start: int) -> dict[int, int]:
        """Steps from ``w`` through ``start`` within ``start``'s piece without ``w`` (a search from
        ``start``, as the piece's people are ranked by how far behind ``w`` they are)."""
        dist = {w: 0, start: 1}
        queue = deque([start])
        while queue:
            u = queue.popleft()
            for x in self.net.neighbours(u):
                if x not in dist:
                    dist[x] = dist[u] + 1
                    queue.append(x)
        del dist[w]
        return dist

    def fit(self, a: int, b: int) -> tuple:
        net = self.net
        return (bool(net.area[a] >= 0 and net.area[b] == net.area[a]), len(net.shared(a, b)), not self.risk[b],
                int(net.degree[b]), -b)

    def best_matches(self, a: int, reach: np.ndarray, per_side: int) -> list[int]:
        """The ``per_side`` people reaching an asset without ``w`` that fit ``a`` best (same area,
        then shared themes, then not at risk themselves, then most ties, then first listed)."""
        net = self.net
        pool = np.flatnonzero(reach)
        if not len(pool):
            return []
        shared = np.zeros(len(pool), dtype=np.int64)
        for t in net.themes[a]:
            having = net.with_theme.get(t)
            if having is not None:
                shared += having[pool]
        same_area = (net.area[pool] == net.area[a]) & (net.area[a] >= 0)
        order = np.lexsort((pool, -net.degree[pool], self.risk[pool], -shared, ~same_area))
        out = []
        for b in pool[order].tolist():
            if not net.has_edge(a, b):
                out.append(b)
                if len(out) == per_side:
                    break
        return out


def suggest_ties(
    G: nx.Graph,
    k: int = 5,
    method: str = "auto",
    points: int = 3,
    per_side: int = 2,
    tree: BlockCutTree | None = None,
) -> list[Suggestion]:
    """Up to ``k`` new 1:1s, in greedy order, each with the people it takes out of risk.

    Each round tries the ``points`` nodes whose departure cuts off most people;
    behind each, the ``per_side`` people farthest from it, each paired with
    the ``per_side`` best-matched people who would still reach an asset
    without it (same area, then shared themes, then not at risk themselves,
    then most ties). ``people_given_second_route`` of a suggestion is exactly
    how many people stop being at risk when its tie is added to ``G`` plus
    the ties suggested before it. Stops early when nothing helps. ``G`` is
    not changed. ``tree``: the block-cut tree of ``G`` when it is already
    built (as :func:`~mapper.analytics.summary.summary` builds it).
    """
    net = _Network(G, method, tree)
    nodes = net.ix.nodes
    out: list[Suggestion] = []
    for _ in range(k):
        now = _Round(net)
        if not now.risk.any():
            break
        counts = {net.ix.index[v]: c for v, c in counts_from_tree(now.tree).items()}
        tried = set()
        best = None
        used = 0
        for tries, w in enumerate(heapq.nsmallest(3 * points, counts, key=lambda v: (-counts[v], v))):
            if used == points or tries == 3 * points:
                break
            pieces, reach = now.without(w)
            if not pieces or not reach.any():
                continue  # e.g. the only asset around: no new 1:1 routes around it
            used += 1
            people = [int(net.ix.person[members].sum()) for _, members in pieces]
            start, _ = pieces[people.index(max(people))]
            piece = now.distances(w, start)
            behind = sorted((u for u in piece if net.ix.person[u]), key=lambda u: (-piece[u], u))[:per_side]
            for a in behind:
                for b in now.best_matches(a, reach, per_side):
                    if (a, b) in tried:
                        continue
                    tried.add((a, b))
                    key = (now.routes.gain(a, b), now.fit(a, b))
                    if best is None or key > best[0]:
                        best = (key, a, b, w)
        if best is None or best[0][0] == 0:
            break
        (gain, _), a, b, w = best
        bits = [f"gives {gain} {'person' if gain == 1 else 'people'} a second route around {_label(G, nodes[w])}"]
        area = G.nodes[nodes[a]].get("area")
        if area is not None and G.nodes[nodes[b]].get("area") == area:
            bits.append(f"both in {area}")
        shared = net.shared(a, b)
        if shared:
            bits.append("shared themes: " + ", ".join(shared))
        out.append(Suggestion(nodes[a], nodes[b], gain, "; ".join(bits)))
        net.add(a, b)
    return out
