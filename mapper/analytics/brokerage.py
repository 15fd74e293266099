"""What a broker holds together: the people who reach the rest of the network only through them.

``reach_only_through[v]`` is, for every node ``v``, the number of people (``v`` not counted) of
``v``'s connected part of the network who, were ``v`` to leave, would no longer be connected to
the largest piece of that part left behind (largest by people): the people of every piece but
the largest. A node whose departure splits nothing counts 0; where two pieces tie for the most
people, one of them is "the rest" and the other counts. It is true whoever the people are and
whatever they reach; it differs from the single points of failure' count, which is the people
left without any asset.

The pieces a node's departure leaves are read off the block–cut tree (see
:mod:`~mapper.analytics.block_cut`), for all nodes at once in time linear in the network: a cut
vertex's pieces are the subtrees of its child blocks, and the rest of its component above it.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("c", "e")])
>>> nx.set_node_attributes(G, "person", "kind")
>>> counts = reach_only_through(BlockCutTree.build(G))
>>> {v: counts[v] for v in sorted(counts)}
{'a': 0, 'b': 1, 'c': 2, 'd': 0, 'e': 0}
"""

from __future__ import annotations

import numpy as np

from mapper.analytics.block_cut import BlockCutTree

__all__ = ["reach_only_through"]


def reach_only_through(tree: BlockCutTree) -> dict:
    """``{node: people who reach the largest rest of their part of the network only through it}``."""
    ix = tree.ix
    out = dict.fromkeys(ix.nodes, 0)
    if not len(tree.cut_vertices):
        return out
    rt = tree.rooted()
    nb = tree.n_blocks
    cuts = nb + np.arange(len(tree.cut_vertices))
    # the most people in one child piece of each cut node (its children are blocks)
    largest_child = np.zeros(len(cuts), dtype=np.int64)
    blocks = np.arange(nb)
    under_cut = (rt.parent[blocks] >= nb) & (rt.parent[blocks] != rt.super_root)
    np.maximum.at(largest_child, rt.parent[blocks[under_cut]] - nb, rt.sub[blocks[under_cut], 0])
    v = tree.cut_vertices
    comp_people = tree.comp_people[tree.comp[v]]
    others = comp_people - ix.person[v].astype(np.int64)
    above = comp_people - rt.sub[cuts, 0]  # the component above the cut node (0 where it is the root)
    counts = others - np.maximum(largest_child, above)
    for i, c in zip(v.tolist(), counts.tolist()):
        out[ix.nodes[i]] = int(c)
    return out
