"""Brokers: the people and organisations that hold the network together.

* betweenness — how often a node lies on the shortest routes between others
  (exact on small networks, estimated from a seeded sample of starting points
  on large ones);
* degree — how many ties a node has;
* cluster linkers — nodes whose neighbours sit in two or more clusters.

>>> import networkx as nx
>>> G = nx.barbell_graph(3, 1)  # two triangles joined through node 3
>>> nx.set_node_attributes(G, "person", "kind")
>>> [b.node for b in brokers(G, top=3)]
[3, 2, 4]
"""

from __future__ import annotations

import random
from typing import NamedTuple

import networkx as nx
import numpy as np

from mapper.analytics.fast import IndexedGraph, use_igraph
from mapper.analytics.isolation import clusters as find_clusters

__all__ = ["SAMPLE_ABOVE", "SAMPLES", "betweenness", "degree", "cluster_linkers", "Broker", "brokers"]

#: Networks with more nodes than this get estimated betweenness.
SAMPLE_ABOVE = 5_000
#: How many starting points the estimate uses.
SAMPLES = 50


def betweenness(
    G: nx.Graph, seed: int = 1, method: str = "auto", ix: IndexedGraph | None = None
) -> dict:
    """Normalised betweenness of every node (as :func:`networkx.betweenness_centrality`).

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    n = G.number_of_nodes()
    k = min(SAMPLES, n) if n > SAMPLE_ABOVE else None
    if not use_igraph(G, method):
        return nx.betweenness_centrality(G, k=k, seed=seed)
    ix = ix if ix is not None else IndexedGraph.from_networkx(G)
    g = ix.igraph()
    if k is None:
        raw = np.asarray(g.betweenness(directed=False), dtype=float)
    else:
        sources = sorted(random.Random(seed).sample(range(n), k))
        raw = np.asarray(g.betweenness(directed=False, sources=sources), dtype=float) * n / k
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return dict(zip(ix.nodes, (raw * scale).tolist()))


def degree(G: nx.Graph) -> dict:
    """Number of ties of every node.

    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    """
    return dict(G.degree())


def cluster_linkers(G: nx.Graph, groups: list, ix: IndexedGraph | None = None) -> dict:
    """``{node: number of clusters among its neighbours}`` for nodes that reach two or more
    (counted over the network's arrays at once).

    >>> G = nx.path_graph(3)
    >>> nx.set_node_attributes(G, "person", "kind")
    >>> cluster_linkers(G, [{0}, {1}, {2}])
    {1: 2}
    """
    ix = ix if ix is not None else IndexedGraph.from_networkx(G)
    label = ix.labels(groups)
    if not len(ix.edges):
        return {}
    ends = np.concatenate([ix.edges, ix.edges[:, ::-1]])  # each tie seen from both ends
    seen = np.unique(ends[:, 0] * max(len(groups), 1) + label[ends[:, 1]])  # (node, a neighbour's cluster)
    counts = np.bincount(seen // max(len(groups), 1), minlength=ix.n)
    return {ix.nodes[i]: int(counts[i]) for i in np.flatnonzero(counts >= 2).tolist()}


class Broker(NamedTuple):
    node: object
    betweenness: float
    degree: int
    clusters_linked: int  # clusters among its neighbours; 0 when fewer than two


def brokers(
    G: nx.Graph,
    top: int = 20,
    seed: int = 1,
    method: str = "auto",
    groups: list | None = None,
    ix: IndexedGraph | None = None,
) -> list[Broker]:
    """The ``top`` nodes by betweenness (ties by degree, then network order)."""
    if G.number_of_nodes() == 0:
        return []
    if use_igraph(G, method) and ix is None:
        ix = IndexedGraph.from_networkx(G)
    groups = groups if groups is not None else find_clusters(G, seed=seed, method=method, ix=ix)
    btw = betweenness(G, seed=seed, method=method, ix=ix)
    ix = ix if ix is not None else IndexedGraph.from_networkx(G)
    linked = cluster_linkers(G, groups, ix)
    scores = np.fromiter(map(btw.__getitem__, ix.nodes), dtype=float, count=ix.n)
    deg = np.bincount(ix.edges.ravel(), minlength=ix.n)  # a tie to oneself counts twice, as in networkx
    best = np.lexsort((np.arange(ix.n), -deg, -scores))[:top].tolist()  # ties by degree, then network order
    return [Broker(ix.nodes[i], btw[ix.nodes[i]], int(deg[i]), linked.get(ix.nodes[i], 0)) for i in best]
