"""How many people at risk one new tie would take out of risk, read off the block-cut tree.

A person ``p`` is *at risk* when some node ``x`` (``x != p``) is such that, once ``x`` is gone,
the piece of the network holding ``p`` has no asset (``p``'s component having one). Call those
nodes ``p``'s *dangers*. With the block-cut tree hung from an asset in every component, ``p``'s
dangers are the cut vertices above ``p``'s block for as long as the subtree below them holds no
asset (a chain), and, when the component has a single asset ``s``, ``s`` itself.

A new tie ``a``–``b`` never adds a danger (pieces only grow), and it takes away the danger ``x``
exactly when one end lies in ``p``'s piece without ``x``, the other end is not ``x``, and the other
end's piece without ``x`` holds an asset. So ``p`` leaves risk exactly when every one of its dangers
is taken away, which only a person whose block is on the tree path from ``a`` or ``b`` up to the
root can hope for: the count costs a walk up the tree from each end, where rebuilding the tree
costs a pass over the whole network.

>>> import networkx as nx
>>> from mapper.analytics.block_cut import BlockCutTree
>>> from mapper.analytics.cut_off import people_at_risk
>>> G = nx.Graph([("hub", "amina"), ("amina", "ben"), ("ben", "chidi"), ("amina", "dev"), ("dev", "cafe")])
>>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = G.nodes["cafe"]["kind"] = "asset"
>>> routes = SecondRoutes(BlockCutTree.build(G))
>>> sorted(routes.at_risk())
['ben', 'chidi']
>>> i = routes.tree.ix.index
>>> routes.gain(i["chidi"], i["dev"]), routes.gain(i["ben"], i["amina"])
(2, 0)
>>> H = G.copy(); H.add_edge("chidi", "dev")
>>> sorted(people_at_risk(G) - people_at_risk(H))
['ben', 'chidi']
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from mapper.analytics.block_cut import BlockCutTree

__all__ = ["SecondRoutes"]


class SecondRoutes:
    def __init__(self, tree: BlockCutTree):
        self.tree = tree
        ix = tree.ix
        nb = tree.n_blocks
        self.nb = nb
        self.super_root = tree.super_root
        comp = tree.comp
        comp_assets = tree.comp_assets
        # who is at risk, as mapper.analytics.cut_off.at_risk_from_tree finds them, with the block
        # each hangs from
        rt = tree.rooted("asset")
        people = np.flatnonzero(ix.person & (comp_assets[comp] > 0) & (tree.node_of >= 0)) if ix.n else \
            np.zeros(0, dtype=np.int64)
        t = tree.node_of[people]
        b0 = np.where(tree.is_cut[people], rt.parent[t], t)
        up = rt.parent[b0]
        risk = (up != rt.super_root) & (up >= nb) & (rt.sub[b0, 1] == 0)
        risk |= comp_assets[comp[people]] == 1
        self.risk_index = people[risk]
        self.at_risk_in = Counter(b0[risk].tolist())  # block -> people at risk hanging from it
        self.parent = rt.parent.tolist()
        self.assets_below = rt.sub[:, 1].tolist()
        self.node_of = tree.node_of.tolist()
        self.comp = comp.tolist()
        self.comp_assets = comp_assets.tolist()
        self.cut_vertex = tree.cut_vertices.tolist()  # cut node nb + i stands for cut_vertex[i]
        # the component of every tree node, and the one asset of single-asset components
        tree_comp = np.zeros(self.super_root + 1, dtype=np.int64)
        if nb:
            tree_comp[:nb] = comp[[block[0] for block in tree.blocks]]
        tree_comp[nb:self.super_root] = comp[tree.cut_vertices]
        self.tree_comp = tree_comp.tolist()
        lone = np.flatnonzero(ix.asset & (comp_assets[comp] == 1)) if ix.n else np.zeros(0, dtype=np.int64)
        self.only_asset = dict(zip(comp[lone].tolist(), lone.tolist()))
        self.is_cut = tree.is_cut.tolist()

    def at_risk(self) -> set:
        nodes = self.tree.ix.nodes
        return {nodes[i] for i in self.risk_index.tolist()}

    def _path(self, v: int) -> list[int]:
        """Tree nodes from ``v``'s own up to its component's root."""
        t = self.node_of[v]
        path = []
        while t >= 0 and t != self.super_root:
            path.append(t)
            t = self.parent[t]
        return path

    def gain(self, a: int, b: int) -> int:
        """How many people at risk a new tie between vertices ``a`` and ``b`` takes out of risk."""
        paths = {a: self._path(a), b: self._path(b)}
        where = {a: {t: i for i, t in enumerate(paths[a])}, b: {t: i for i, t in enumerate(paths[b])}}
        total = 0
        for block in dict.fromkeys(paths[a] + paths[b]):
            if block < self.nb and block in self.at_risk_in and self._rescued(block, a, b, paths, where):
                total += self.at_risk_in[block]
        return total

    def _rescued(self, block: int, a: int, b: int, paths: dict, where: dict) -> bool:
        """Whether every danger of the people hanging from ``block`` is taken away by ``a``-``b``."""
        parent, nb = self.parent, self.nb
        below, x = block, parent[block]
        while x != self.super_root and x >= nb and self.assets_below[below] == 0:
            if not self._taken_away(x, below, a, b, paths, where):
                return False
            below = parent[x]
            if below == self.super_root:
                break
            x = parent[below]
        k = self.tree_comp[block]
        lone = self.only_asset.get(k)
        if lone is not None and not self.is_cut[lone]:  # (a cut vertex was in the chain above)
            ends_in = [v for v in (a, b) if self.comp[v] == k]
            if len(ends_in) != 1 or ends_in[0] == lone:
                return False
            other = b if ends_in[0] == a else a
            return self.comp_assets[self.comp[other]] > 0
        return True

    def _taken_away(self, x: int, below: int, a: int, b: int, paths: dict, where: dict) -> bool:
        """Whether ``a``-``b`` gives the piece without cut node ``x`` that holds subtree ``below`` an
        asset."""
        in_a, in_b = below in where[a], below in where[b]
        if in_a == in_b:
            return False
        other = b if in_a else a
        if other == self.cut_vertex[x - self.nb]:
            return False
        if self.comp[other] != self.tree_comp[x]:
            return self.comp_assets[self.comp[other]] > 0
        at = where[other].get(x)
        if at is None:
            return True  # above x: the piece holding the root, an asset
        return self.assets_below[paths[other][at - 1]] > 0
