"""The block–cut tree of a community network.

A network falls apart, when one node leaves, exactly at its *cut vertices*
(articulation points). The biconnected components ("blocks") and the cut
vertices form a forest, the block–cut tree; counting people and assets in
each subtree of that forest answers "who is left without any asset if this
node leaves?" for every node at once, in time linear in the network.

Each tree node carries a weight ``(people, assets, nodes)``: a cut vertex
carries itself; a block carries its members that are not cut vertices.
A super-root joins the roots of all components so one traversal covers
the forest.

>>> import networkx as nx
>>> G = nx.Graph([("hub", "a"), ("a", "b")])
>>> nx.set_node_attributes(G, {"hub": "asset", "a": "person", "b": "person"}, "kind")
>>> t = BlockCutTree.build(G)
>>> [t.ix.nodes[v] for v in t.cut_vertices]
['a']
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from mapper.analytics.fast import IndexedGraph, gc_paused, use_igraph

__all__ = ["BlockCutTree", "RootedTree"]


@dataclass
class RootedTree:
    """The block–cut forest hung from one root per component.

    ``parent[t]`` is the parent tree node (``super_root`` for a root, -1 for the
    super-root itself); ``sub[t]`` sums ``(people, assets, nodes)`` over the
    subtree of ``t`` (its own weight included).
    """

    parent: np.ndarray
    sub: np.ndarray
    super_root: int


class BlockCutTree:
    """Blocks and cut vertices of an indexed network.

    Tree nodes ``0..nb-1`` are blocks and ``nb..nb+k-1`` are cut vertices,
    ``k = len(cut_vertices)``; ``nb + k`` is the super-root.
    """

    def __init__(self, ix: IndexedGraph, blocks: list):
        self.ix = ix
        n = ix.n
        nb = len(blocks)
        sizes = np.fromiter(map(len, blocks), dtype=np.int64, count=nb)
        members = np.fromiter(chain.from_iterable(blocks), dtype=np.int64, count=int(sizes.sum()))
        block_of = np.repeat(np.arange(nb, dtype=np.int64), sizes)
        is_cut = np.bincount(members, minlength=n) > 1
        cut_vertices = np.flatnonzero(is_cut)
        k = len(cut_vertices)
        cut_node = np.full(n, -1, dtype=np.int64)
        cut_node[cut_vertices] = nb + np.arange(k, dtype=np.int64)

        # the tree node standing for each vertex: its cut node, else its only block
        node_of = cut_node.copy()
        plain = ~is_cut[members]
        node_of[members[plain]] = block_of[plain]

        size = nb + k + 1
        weight = np.zeros((size, 3), dtype=np.int64)
        vertex_weight = np.stack([ix.person, ix.asset, np.ones(n, bool)], axis=1).astype(np.int64)
        np.add.at(weight, block_of[plain], vertex_weight[members[plain]])
        weight[nb : nb + k] = vertex_weight[cut_vertices]

        on_cut = ~plain
        self.tree_edges = np.stack([block_of[on_cut], cut_node[members[on_cut]]], axis=1)
        self.n_blocks = nb
        self.blocks = blocks
        self.block_sizes = sizes
        self.is_cut = is_cut
        self.cut_vertices = cut_vertices
        self.cut_node = cut_node
        self.node_of = node_of
        self.weight = weight
        self.super_root = size - 1
        self.comp = ix.components()
        self.comp_people, self.comp_assets = ix.kind_counts()
        self.comp_nodes = np.bincount(self.comp, minlength=len(self.comp_people)).astype(np.int64)
        self._rooted: dict = {}

    @classmethod
    def build(cls, G: nx.Graph, method: str = "auto", ix: IndexedGraph | None = None) -> "BlockCutTree":
        """Find the blocks with igraph or networkx (see :func:`~mapper.analytics.fast.use_igraph`)."""
        ix = ix if ix is not None else IndexedGraph.from_networkx(G)
        with gc_paused():
            if use_igraph(G, method):
                blocks = list(ix.igraph().biconnected_components())
            else:
                index = ix.index
                blocks = [[index[v] for v in b] for b in nx.biconnected_components(G)]
            return cls(ix, blocks)

    def cut_vertex_of(self, tree_node):
        """The vertex index of a cut node (array or int)."""
        return self.cut_vertices[np.asarray(tree_node) - self.n_blocks]

    def rooted(self, prefer: str | None = None) -> RootedTree:
        """Hang every component's tree from a node of kind ``prefer`` where it has one."""
        if prefer in self._rooted:
            return self._rooted[prefer]
        ix = self.ix
        size = self.super_root + 1
        cand = np.flatnonzero(self.node_of >= 0)
        if prefer is None:
            rank = np.zeros(len(cand), dtype=np.int64)
        else:
            rank = np.where(ix.person[cand] if prefer == "person" else ix.asset[cand], 0, 1)
        order = np.lexsort((rank, self.comp[cand]))
        cand = cand[order]
        _, first = np.unique(self.comp[cand], return_index=True)
        roots = self.node_of[cand[first]]

        ends = np.concatenate(
            [self.tree_edges, np.stack([np.full(len(roots), self.super_root), roots], axis=1)]
        )
        adj = sparse.coo_matrix(
            (np.ones(len(ends), dtype=np.int8), (ends[:, 0], ends[:, 1])), shape=(size, size)
        ).tocsr()
        order, pred = csgraph.breadth_first_order(
            adj, self.super_root, directed=False, return_predecessors=True
        )
        parent = np.where(pred < 0, -1, pred).astype(np.int64)
        sub = self.weight.copy()
        p_l, a_l, n_l = sub[:, 0].tolist(), sub[:, 1].tolist(), sub[:, 2].tolist()
        par = parent.tolist()
        for t in order[:0:-1].tolist():
            q = par[t]
            p_l[q] += p_l[t]
            a_l[q] += a_l[t]
            n_l[q] += n_l[t]
        sub = np.array([p_l, a_l, n_l], dtype=np.int64).T.reshape(size, 3)
        result = RootedTree(parent, sub, self.super_root)
        self._rooted[prefer] = result
        return result
