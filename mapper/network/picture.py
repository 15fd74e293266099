"""The network picture's data (see web/static/network-picture.js), computed once per report.

Compact: columns per node (a node's id is its position in them), positions laid out here (see
:mod:`mapper.network.layout`), the report's clusters, the findings highlighted, and each node as the
viewer may see it: a person not named to the viewer is their role and area, and their name is
nowhere in it. Kept apart, never sent: for each single point of failure, the ranges of the people
its departure cuts off (:func:`cut_off_ids` answers for one node, ids only).
"""
from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import numpy as np

from mapper.network.naming import Namer

#: Above this many nodes the picture opens on its clusters, and sends one cluster's nodes when asked.
MOST_DRAWN = 10_000


class ClusterError(ValueError):
    """A cluster the picture does not have."""


def picture_of(G: nx.Graph, names_everyone: bool) -> dict:
    """The picture of ``G`` as the viewer sees it. ``_who`` (never sent) holds, for each single point of
    failure, the ranges of ``_people`` its departure cuts off (see :func:`cut_off_ids`)."""
    from mapper.analytics.block_cut import BlockCutTree
    from mapper.analytics.bridges import bridges_from_tree
    from mapper.analytics.cut_off import counts_from_tree
    from mapper.analytics.departures import Departures
    from mapper.analytics.fast import IndexedGraph
    from mapper.analytics.isolation import clusters, people_without_assets
    from mapper.network.layout import positions

    name = Namer(G, names_everyone)
    ix = IndexedGraph.from_networkx(G)
    tree = BlockCutTree.build(G, "auto", ix)
    cut, bridges = counts_from_tree(tree), bridges_from_tree(tree)
    isolated = people_without_assets(G, ix)
    groups = clusters(G, seed=1, method="auto", ix=ix)  # as the report's (see findings.findings)
    ids = {n: i for i, n in enumerate(G)}
    member = [0] * len(ids)
    for c, group in enumerate(groups):
        for n in group:
            member[ids[n]] = c
    edges = [(ids[a], ids[b]) for a, b in G.edges()]
    xy = positions(len(ids), edges, member)
    kinds, areas = ["person", "organisation", "asset"], sorted({a for _, a in G.nodes(data="area") if a})
    kind_at, area_at = {k: i for i, k in enumerate(kinds)}, {a: i for i, a in enumerate(areas)}
    cols = {key: [] for key in ("x", "y", "s", "k", "c", "a", "cut", "l")}
    hidden, lonely = [], []
    for n, attrs in G.nodes(data=True):
        i, count = ids[n], cut.get(n, 0)
        cols["x"].append(xy[i][0])
        cols["y"].append(xy[i][1])
        cols["s"].append(picture_size(attrs["kind"], count))
        cols["k"].append(kind_at[attrs["kind"]])
        cols["c"].append(member[i])
        cols["a"].append(area_at.get(attrs.get("area"), -1))
        cols["cut"].append(count)
        cols["l"].append(name(n))
        if not name.shows_name(n):
            hidden.append(i)
        if n in isolated:
            lonely.append(i)
    bridge_pairs = {frozenset((b.u, b.v)) for b in bridges}
    layout = Departures(G, tree)
    people = np.flatnonzero(layout.is_person)
    order = np.asarray([ids[layout.tree.ix.nodes[j]] for j in layout.order[people].tolist()], dtype=np.int32)
    who = {ids[n]: [(int(layout.people_before[lo]), int(layout.people_before[hi]))
                    for lo, hi in layout.cut_off_ranges(n)] for n in cut}
    return {"as_of": G.graph["as_of"].isoformat(), "kinds": kinds, "areas": areas, "nodes": cols,
            "unnamed": hidden, "isolated": lonely,
            "edges": [i for pair in edges for i in pair],
            "bridges": [e for e, (a, b) in enumerate(G.edges()) if frozenset((a, b)) in bridge_pairs],
            "clusters": cluster_view(groups, ids, edges, xy, G),
            "_people": order, "_who": who}


def picture_size(kind: str, cut_off: int) -> int:
    """A node's size in the picture: bigger the more people its departure cuts off."""
    base = 3 if kind == "person" else 5
    return base + (int(round(3 * math.log2(1 + cut_off))) if cut_off else 0)


def cluster_view(groups, ids: dict, edges: list, xy: list, G) -> dict:
    """One point per cluster (at its members' centre, sized by its people), and the ties between
    clusters as flat ``[i, j, ties, ...]`` triples: the picture of a network too big to draw whole."""
    k = len(groups)
    member = np.zeros(len(ids), dtype=np.int64)
    for c, group in enumerate(groups):
        member[[ids[n] for n in group]] = c
    coords = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    counts = np.bincount(member, minlength=k).astype(np.float64) if len(ids) else np.zeros(0)
    cx = np.bincount(member, weights=coords[:, 0], minlength=k) / np.maximum(counts, 1) if len(ids) else counts
    cy = np.bincount(member, weights=coords[:, 1], minlength=k) / np.maximum(counts, 1) if len(ids) else counts
    ties = Counter()
    for a, b in edges:
        ca, cb = int(member[a]), int(member[b])
        if ca != cb:
            ties[(min(ca, cb), max(ca, cb))] += 1
    return {"people": [sum(1 for n in g if G.nodes[n]["kind"] == "person") for g in groups],
            "size": [len(g) for g in groups],
            "x": [int(round(v)) for v in cx.tolist()], "y": [int(round(v)) for v in cy.tolist()],
            "links": [v for (a, b), w in sorted(ties.items()) for v in (a, b, w)]}


def cut_off_ids(kept: dict, node: int) -> list[int]:
    """The picture ids of the people whom ``node``'s departure cuts off from every asset (ids only:
    the picture already holds each as the viewer may see them)."""
    people = kept["_people"]
    return sorted(int(i) for lo, hi in kept["_who"].get(node, ()) for i in people[lo:hi].tolist())


def shown_picture(kept: dict, cluster: int | None = None, most: int | None = None) -> dict:
    """The picture as sent (never what is kept for :func:`cut_off_ids`): whole; or, above ``most``
    nodes, the clusters alone; or one cluster's nodes and the ties among them."""
    total, most = len(kept["nodes"]["k"]), MOST_DRAWN if most is None else most
    out = {k: v for k, v in kept.items() if not k.startswith("_")}
    out.update(total=total, aggregated=total > most, cluster=cluster)
    if cluster is None and total <= most:
        return out
    if cluster is not None and cluster >= len(kept["clusters"]["size"]):
        raise ClusterError(f"there are {len(kept['clusters']['size'])} clusters, numbered from 0")
    member = np.asarray(kept["nodes"]["c"])
    keep = np.flatnonzero(member == cluster) if cluster is not None else np.zeros(0, dtype=np.int64)
    picked = set(keep.tolist())
    out["nodes"] = {key: [column[i] for i in keep.tolist()] for key, column in kept["nodes"].items()}
    out["nodes"]["id"] = keep.tolist()
    pairs = kept["edges"]
    inside = [e for e in range(len(pairs) // 2) if pairs[2 * e] in picked and pairs[2 * e + 1] in picked]
    out["edges"] = [pairs[i] for e in inside for i in (2 * e, 2 * e + 1)]
    index = {e: j for j, e in enumerate(inside)}
    out["bridges"] = [index[b] for b in kept["bridges"] if b in index]
    out["unnamed"] = [i for i in kept["unnamed"] if i in picked]
    out["isolated"] = [i for i in kept["isolated"] if i in picked]
    return out
