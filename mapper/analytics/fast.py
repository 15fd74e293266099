"""Integer-indexed view of a community network, and its igraph twin.

The analytics take a :class:`networkx.Graph` whose nodes are people,
organisations and assets. The heavy steps run on arrays indexed ``0..n-1``;
this module does that conversion once per analysis.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("hub", kind="asset"); G.add_node("amina", kind="person")
>>> G.add_edge("hub", "amina")
>>> ix = IndexedGraph.from_networkx(G)
>>> ix.n, ix.nodes, ix.person.tolist(), ix.asset.tolist()
(2, ['hub', 'amina'], [False, True], [True, False])
>>> ix.igraph().ecount()
1
"""

from __future__ import annotations

import gc
import random
from itertools import chain
from contextlib import contextmanager
from dataclasses import dataclass, field

import igraph as ig
import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

__all__ = ["IndexedGraph", "LARGE", "use_igraph", "seeded_igraph", "gc_paused"]

#: Graphs with at least this many nodes take the igraph path when
#: ``method="auto"``.
LARGE = 2_000

KINDS = ("person", "organisation", "asset")


def use_igraph(G: nx.Graph, method: str) -> bool:
    """Whether an analysis with ``method`` ("auto", "igraph", "networkx") runs on igraph.

    >>> use_igraph(nx.path_graph(3), "auto"), use_igraph(nx.path_graph(3), "igraph")
    (False, True)
    """
    if method == "igraph":
        return True
    if method == "networkx":
        return False
    if method == "auto":
        return G.number_of_nodes() >= LARGE
    raise ValueError(f"unknown method {method!r}: expected 'auto', 'igraph' or 'networkx'")


@contextmanager
def gc_paused():
    """Hold Python's cycle collector while building big arrays.

    With a large networkx graph in memory every collection walks millions of
    dicts; converting 500k ties then takes ten times longer.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextmanager
def seeded_igraph(seed: int):
    """Run igraph's randomised algorithms with a fixed seed, then restore its generator."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


@dataclass
class IndexedGraph:
    """A community network as integer arrays: ``nodes[i]`` is the node with index ``i``."""

    nodes: list
    index: dict
    edges: np.ndarray  # shape (m, 2), int64 indices
    person: np.ndarray  # bool per index
    asset: np.ndarray  # bool per index
    _ig: ig.Graph | None = field(default=None, repr=False)
    _components: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_networkx(cls, G: nx.Graph) -> "IndexedGraph":
        with gc_paused():
            return cls._from_networkx(G)

    @classmethod
    def _from_networkx(cls, G: nx.Graph) -> "IndexedGraph":
        nodes = list(G)
        n = len(nodes)
        index = {v: i for i, v in enumerate(nodes)}
        kinds = [k for _, k in G.nodes(data="kind")]
        unknown = set(kinds).difference(KINDS)
        if unknown:
            raise ValueError(f"node kind must be one of {KINDS}, found {sorted(map(str, unknown))}")
        kind_arr = np.array(kinds, dtype=object) if n else np.zeros(0, dtype=object)
        person = kind_arr == "person"
        asset = kind_arr == "asset"
        # Each tie as G.edges() gives it, in the same order: from the node seen first, read off the
        # adjacency lists at once (every tie is listed at both ends; a tie to oneself once).
        adj = G._adj
        degrees = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n)
        ends = np.fromiter(map(index.__getitem__, chain.from_iterable(adj.values())), dtype=np.int64,
                           count=int(degrees.sum()))
        starts = np.repeat(np.arange(n, dtype=np.int64), degrees)
        first = starts <= ends
        edges = np.stack([starts[first], ends[first]], axis=1) if n else np.zeros((0, 2), dtype=np.int64)
        return cls(nodes, index, edges, np.asarray(person, bool), np.asarray(asset, bool))

    def labels(self, groups: list) -> np.ndarray:
        """The position in ``groups`` (sets of nodes, each node in one) of every node, by index."""
        out = np.full(self.n, -1, dtype=np.int64)
        for i, group in enumerate(groups):
            out[list(map(self.index.__getitem__, group))] = i
        return out

    @property
    def n(self) -> int:
        return len(self.nodes)

    def igraph(self) -> ig.Graph:
        """The same network as an igraph graph on vertices ``0..n-1`` (built once)."""
        if self._ig is None:
            with gc_paused():
                self._ig = ig.Graph(n=self.n, edges=self.edges, directed=False)
        return self._ig

    def components(self) -> np.ndarray:
        """Connected component label of every node (labels ``0..c-1``)."""
        if self._components is None:
            n = self.n
            if n == 0:
                self._components = np.zeros(0, dtype=np.int64)
            else:
                adj = sparse.coo_matrix(
                    (np.ones(len(self.edges), dtype=np.int8), (self.edges[:, 0], self.edges[:, 1])),
                    shape=(n, n),
                ).tocsr()
                _, labels = csgraph.connected_components(adj, directed=False)
                self._components = labels.astype(np.int64)
        return self._components

    def kind_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """People and assets in each component, indexed by component label."""
        comp = self.components()
        c = int(comp.max()) + 1 if len(comp) else 0
        return (
            np.bincount(comp, weights=self.person, minlength=c).astype(np.int64),
            np.bincount(comp, weights=self.asset, minlength=c).astype(np.int64),
        )
