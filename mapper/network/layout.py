"""Where each node of the network picture is drawn, computed once per report on the server.

Communities first: the network of clusters (one point per cluster, its ties to the others as
weights) is laid out with Fruchterman–Reingold, every node starts near its cluster's point, and
Fruchterman–Reingold on the whole network (igraph's grid variant: near-linear per iteration) pulls
each into place. Clusters so come out as clumps, as Gephi draws them, in about a second at 10,000
nodes (igraph's DrL took 46 s there). Positions are integers in ``0..SCALE`` (a compact payload);
seeded, so the same network is drawn the same way every time.

>>> xy = positions(4, [(0, 1), (1, 2), (2, 3)], [0, 0, 1, 1])
>>> len(xy), all(0 <= v <= SCALE for p in xy for v in p)
(4, True)
>>> positions(0, [], [])
[]
>>> big = positions(WHOLE_UP_TO + 2, [(i, i + 1) for i in range(WHOLE_UP_TO + 1)], [i % 3 for i in range(WHOLE_UP_TO + 2)])
>>> len(big), all(0 <= v <= SCALE for p in big for v in p)
(10002, True)
"""
from __future__ import annotations

import random
from collections import Counter

import igraph as ig
import numpy as np

from mapper.analytics.fast import seeded_igraph

SCALE = 10_000
ITERATIONS = 300
SEED = 1


#: Above this many nodes each cluster is laid out on its own around its point (the picture then opens
#: on the clusters and draws one at a time): a pull between every node of 100,000 packed near their
#: clusters' points takes most of a second per iteration, each cluster alone a few milliseconds.
WHOLE_UP_TO = 10_000


def positions(n: int, edges: list[tuple[int, int]], membership: list[int]) -> list[tuple[int, int]]:
    """``(x, y)`` of nodes ``0..n-1`` tied by ``edges``, each in cluster ``membership[i]``."""
    if n == 0:
        return []
    membership_ = np.asarray(membership, dtype=np.int64)
    k = int(membership_.max()) + 1
    centres = _cluster_centres(k, edges, membership_)
    if n > WHOLE_UP_TO:
        return _scaled(_cluster_by_cluster(n, edges, membership_, centres))
    rng = random.Random(SEED)
    spread = np.sqrt(np.bincount(membership_, minlength=k))
    seed = [(centres[c][0] + rng.uniform(-1, 1) * spread[c], centres[c][1] + rng.uniform(-1, 1) * spread[c])
            for c in membership_.tolist()]
    g = ig.Graph(n=n, edges=edges, directed=False)
    with seeded_igraph(SEED):
        xy = np.asarray(g.layout_fruchterman_reingold(seed=seed, niter=ITERATIONS, grid="auto").coords)
    return _scaled(xy)


def _cluster_by_cluster(n: int, edges, membership: np.ndarray, centres: list) -> np.ndarray:
    """Each cluster laid out alone (its own ties only), fitted in a disc as wide as the square root of
    its size, at its cluster's point."""
    g = ig.Graph(n=n, edges=edges, directed=False)
    order = np.argsort(membership, kind="stable")
    bounds = np.searchsorted(membership[order], np.arange(len(centres) + 1))
    xy = np.zeros((n, 2))
    with seeded_igraph(SEED):
        for c, (x, y) in enumerate(centres):
            members = order[bounds[c]:bounds[c + 1]]
            if len(members) < 2:
                xy[members] = (x, y)
                continue
            local = np.asarray(g.induced_subgraph(members.tolist())
                               .layout_fruchterman_reingold(niter=ITERATIONS, grid="auto").coords)
            local -= local.mean(axis=0)
            local *= np.sqrt(len(members)) / max(float(np.abs(local).max()), 1e-9)
            xy[members] = local + (x, y)
    return xy


def _cluster_centres(k: int, edges, membership: np.ndarray) -> list[tuple[float, float]]:
    """A point per cluster, clusters that share many ties near each other, big ones further apart."""
    if k == 1:
        return [(0.0, 0.0)]
    ties = Counter()
    for a, b in edges:
        ca, cb = int(membership[a]), int(membership[b])
        if ca != cb:
            ties[(min(ca, cb), max(ca, cb))] += 1
    g = ig.Graph(n=k, edges=list(ties), directed=False)
    weights = list(ties.values()) or None
    with seeded_igraph(SEED):
        xy = np.asarray(g.layout_fruchterman_reingold(weights=weights, niter=500).coords)
    sizes = np.sqrt(np.bincount(membership, minlength=k)).max()
    return [(x * sizes, y * sizes) for x, y in xy.tolist()]


def _scaled(xy: np.ndarray) -> list[tuple[int, int]]:
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = float(max((high - low).max(), 1e-9))
    out = np.rint((xy - low) / span * SCALE).astype(np.int64)
    return [(int(x), int(y)) for x, y in out.tolist()]
