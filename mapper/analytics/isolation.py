"""Isolation: people and groups with no route to any asset, and clusters barely linked to the rest.

Clusters come from community detection (igraph's Leiden on modularity, or
networkx's Louvain), seeded so the same network always gives the same
clusters. A cluster joined to the rest by 0 or 1 ties is *weakly linked*.

>>> import networkx as nx
>>> G = nx.Graph([("hub", "amina"), ("ben", "chidi")])
>>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
>>> sorted(people_without_assets(G))
['ben', 'chidi']
>>> [sorted(g) for g in groups_without_assets(G)]
[['ben', 'chidi']]
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx
import numpy as np

from mapper.analytics.fast import IndexedGraph, seeded_igraph, use_igraph

__all__ = [
    "people_without_assets",
    "groups_without_assets",
    "clusters",
    "ClusterLinks",
    "cluster_links",
]


def people_without_assets(G: nx.Graph, ix: IndexedGraph | None = None) -> set:
    """People with no path to any asset."""
    ix = ix if ix is not None else IndexedGraph.from_networkx(G)
    if ix.n == 0:
        return set()
    _, comp_a = ix.kind_counts()
    alone = ix.person & (comp_a[ix.components()] == 0)
    return {ix.nodes[i] for i in np.flatnonzero(alone)}


def groups_without_assets(G: nx.Graph, ix: IndexedGraph | None = None) -> list[set]:
    """Connected groups with at least one person and no asset, largest first.

    A single person with no ties at all is a group of one.
    """
    ix = ix if ix is not None else IndexedGraph.from_networkx(G)
    if ix.n == 0:
        return []
    comp = ix.components()
    comp_p, comp_a = ix.kind_counts()
    groups: dict = {}
    for i in np.flatnonzero((comp_p[comp] > 0) & (comp_a[comp] == 0)).tolist():
        groups.setdefault(int(comp[i]), set()).add(ix.nodes[i])
    return [groups[c] for c in sorted(groups, key=lambda c: (-len(groups[c]), c))]


def clusters(G: nx.Graph, seed: int = 1, method: str = "auto", ix: IndexedGraph | None = None) -> list[frozenset]:
    """Communities of the network, largest first; every node is in exactly one.

    igraph (``method="igraph"``, or ``"auto"`` on large networks) runs Leiden
    on modularity; networkx runs Louvain. Both are seeded; the two methods may
    draw the lines differently.

    >>> G = nx.barbell_graph(4, 0)
    >>> [sorted(c) for c in clusters(G, method="networkx")]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    if G.number_of_nodes() == 0:
        return []
    if use_igraph(G, method):
        ix = ix if ix is not None else IndexedGraph.from_networkx(G)
        with seeded_igraph(seed):
            parts = ix.igraph().community_leiden(objective_function="modularity", n_iterations=2)
        membership = np.asarray(parts.membership)
        groups: list[list] = [[] for _ in range(int(membership.max()) + 1)]
        for i, c in enumerate(membership.tolist()):
            groups[c].append(ix.nodes[i])
        found = [frozenset(g) for g in groups if g]
    else:
        found = [frozenset(c) for c in nx.community.louvain_communities(G, seed=seed)]
    order = {v: i for i, v in enumerate(G)}
    return sorted(found, key=lambda c: (-len(c), min(order[v] for v in c)))


class ClusterLinks(NamedTuple):
    """How a cluster sits in the wider network."""

    index: int  # position in the list of clusters
    size: int
    people: int
    assets: int
    links_out: int  # ties from the cluster to the rest of the network
    weakly_linked: bool  # joined to the rest by 0 or 1 ties


def cluster_links(G: nx.Graph, groups: list, ix: IndexedGraph | None = None) -> list[ClusterLinks]:
    """For each cluster, its make-up and the ties joining it to the rest (counted over the
    network's arrays at once).

    >>> G = nx.barbell_graph(3, 0)
    >>> nx.set_node_attributes(G, "person", "kind")
    >>> [c.links_out for c in cluster_links(G, [{0, 1, 2}, {3, 4, 5}])]
    [1, 1]
    """
    ix = ix if ix is not None else IndexedGraph.from_networkx(G)
    label = ix.labels(groups)
    c = len(groups)
    a, b = label[ix.edges[:, 0]], label[ix.edges[:, 1]]
    across = a != b
    out_links = (np.bincount(a[across], minlength=c) + np.bincount(b[across], minlength=c)).tolist()
    people = np.bincount(label, weights=ix.person, minlength=c).astype(np.int64).tolist()
    assets = np.bincount(label, weights=ix.asset, minlength=c).astype(np.int64).tolist()
    return [ClusterLinks(i, len(g), people[i], assets[i], out_links[i], out_links[i] <= 1)
            for i, g in enumerate(groups)]
