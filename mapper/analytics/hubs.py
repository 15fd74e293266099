"""Hubs that hang on one person.

Two ways an asset (a listening hub, a peer-support group) can depend on a
single node:

* it is *run* by exactly one person and nobody else (:func:`assets_run_by_one`);
* every route from it to any person passes through one node, its *gateway*
  (:func:`asset_gateways`) — for instance an asset with a single neighbour.

Who runs what is read from edge attribute ``rel == "RUNS"`` between an asset
and a person or organisation, unless a mapping ``{asset: {runner, ...}}`` is
passed as ``runners``.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_nodes_from([("hub", {"kind": "asset"}), ("amina", {"kind": "person"}), ("ben", {"kind": "person"})])
>>> G.add_edge("hub", "amina", rel="RUNS"); G.add_edge("amina", "ben")
>>> assets_run_by_one(G)
{'hub': 'amina'}
>>> asset_gateways(G)
{'hub': ['amina']}
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from mapper.analytics.block_cut import BlockCutTree

__all__ = ["runners_of", "assets_run_by_one", "asset_gateways"]


def runners_of(G: nx.Graph) -> dict:
    """``{asset: {runners}}`` from edges with ``rel == "RUNS"`` (either direction).

    >>> G = nx.Graph([("hub", "org", {"rel": "RUNS"})])
    >>> nx.set_node_attributes(G, {"hub": "asset", "org": "organisation"}, "kind")
    >>> runners_of(G)
    {'hub': {'org'}}
    """
    kinds = G.nodes
    out: dict = {}
    for u, v, rel in G.edges(data="rel"):
        if rel != "RUNS":
            continue
        ku, kv = kinds[u]["kind"], kinds[v]["kind"]
        if ku == "asset" and kv != "asset":
            out.setdefault(u, set()).add(v)
        elif kv == "asset" and ku != "asset":
            out.setdefault(v, set()).add(u)
    return out


def assets_run_by_one(G: nx.Graph, runners: dict | None = None) -> dict:
    """``{asset: person}`` for assets whose only runner is one person.

    An asset run by one person *and* an organisation is not listed; nor is
    one with no recorded runner.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("hub", {"kind": "asset"}), ("amina", {"kind": "person"})])
    >>> assets_run_by_one(G, runners={"hub": {"amina"}})
    {'hub': 'amina'}
    """
    runners = runners_of(G) if runners is None else runners
    out = {}
    for asset in G:
        if G.nodes[asset]["kind"] != "asset":
            continue
        who = runners.get(asset, ())
        if len(who) == 1:
            (only,) = who
            if only in G and G.nodes[only]["kind"] == "person":
                out[asset] = only
    return out


def asset_gateways(G: nx.Graph, method: str = "auto") -> dict:
    """``{asset: [gateway, ...]}``: nodes without which an asset reaches no person.

    Gateways are listed nearest the asset first. Only assets that reach at
    least one person appear, and only when they have a gateway.

    >>> G = nx.path_graph(["hub", "org", "amina", "ben"])
    >>> nx.set_node_attributes(G, {"hub": "asset", "org": "organisation", "amina": "person", "ben": "person"}, "kind")
    >>> asset_gateways(G)
    {'hub': ['org', 'amina']}
    """
    return gateways_from_tree(BlockCutTree.build(G, method))


def gateways_from_tree(tree: BlockCutTree) -> dict:
    """:func:`asset_gateways` from an already built block–cut tree."""
    ix = tree.ix
    nodes = ix.nodes
    # hung from a person, the only nodes that can separate an asset from
    # every person are the cut vertices above it
    rt = tree.rooted("person")
    parent = rt.parent.tolist()
    sub_people = rt.sub[:, 0].tolist()
    nb, root = tree.n_blocks, rt.super_root
    comp_p = tree.comp_people[tree.comp]
    # where a component has one person, every asset in it hangs on that person
    people = np.flatnonzero(ix.person)
    lone = dict(zip(tree.comp[people].tolist(), people.tolist()))
    out = {}
    for a in np.flatnonzero(ix.asset & (comp_p > 0) & (tree.node_of >= 0)).tolist():
        t = int(tree.node_of[a])
        b = parent[t] if tree.is_cut[a] else t
        gates = []
        while b != root and b < nb and sub_people[b] == 0:
            w = parent[b]
            if w == root:
                break
            gates.append(nodes[int(tree.cut_vertex_of(w))])
            b = parent[w]
        if comp_p[a] == 1:
            only = nodes[lone[int(tree.comp[a])]]
            if only not in gates:
                gates.append(only)
        if gates:
            out[nodes[a]] = gates
    return out
