"""Where each node of the network picture is drawn, computed once per report on the server.

Communities first, as Gephi draws them. A small network (up to ``WHOLE_UP_TO`` nodes) is laid out
whole: the network of clusters (one point per cluster, its ties to the others as weights) with
Fruchterman–Reingold, every node started near its cluster's point, then Fruchterman–Reingold on
the whole network (igraph's grid variant) pulls each into place. A larger one is laid out cluster
by cluster: each cluster alone, in a disc as wide as the square root of its size, and the discs
packed without overlapping, those that share ties near each other (a pull between every node of
100,000 takes most of a second per iteration; every cluster alone, a few seconds in all). Positions
are integers in ``0..SCALE`` (a compact payload); seeded, so the same network is drawn the same
way every time.

>>> xy = positions(4, [(0, 1), (1, 2), (2, 3)], [0, 0, 1, 1])
>>> len(xy), all(0 <= v <= SCALE for p in xy for v in p)
(4, True)
>>> positions(0, [], [])
[]
>>> big = positions(WHOLE_UP_TO + 2, [(i, i + 1) for i in range(WHOLE_UP_TO + 1)], [i % 3 for i in range(WHOLE_UP_TO + 2)])
>>> len(big), all(0 <= v <= SCALE for p in big for v in p)
(2002, True)
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


#: Above this many nodes each cluster is laid out on its own, and the clusters' discs packed.
WHOLE_UP_TO = 2_000
PACKING_ROUNDS = 40
#: The largest clusters whose discs are packed near their points; smaller ones go in rows under them.
PACKED_TOGETHER = 1_000  # 710 at 100,000 people in the bench network: all packed together


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
    radii = np.sqrt(np.diff(bounds).astype(float))
    packed = _packed(np.asarray(centres, dtype=float), radii)
    with seeded_igraph(SEED):
        for c, (x, y) in enumerate(packed.tolist()):
            members = order[bounds[c]:bounds[c + 1]]
            if len(members) < 2:
                xy[members] = (x, y)
                continue
            local = np.asarray(g.induced_subgraph(members.tolist())
                               .layout_fruchterman_reingold(niter=ITERATIONS, grid="auto").coords)
            local -= local.mean(axis=0)
            local *= radii[c] / max(float(np.hypot(local[:, 0], local[:, 1]).max()), 1e-9)
            xy[members] = local + (x, y)
    return xy


def _packed(centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """The clusters' points moved so that their discs (``radii``, with a margin) do not overlap: the
    ``PACKED_TOGETHER`` largest near their points (``_packed_together``), any smaller ones after them
    in rows underneath (``_in_rows``): pushing every pair apart takes arrays of clusters × clusters,
    which at tens of thousands of clusters (an import's pairs of people, say) is gigabytes.

    (``tests/unit/test_picture_layout.py`` checks that no two discs overlap.)
    """
    if len(centres) <= PACKED_TOGETHER:
        return _packed_together(centres, radii)
    order = np.argsort(-radii, kind="stable")
    together, rest = order[:PACKED_TOGETHER], order[PACKED_TOGETHER:]
    out = np.zeros((len(centres), 2))
    out[together] = _packed_together(centres[together], radii[together])
    out[rest] = _in_rows(out[together], radii[together] * 1.1, radii[rest] * 1.1)
    return out


def _in_rows(above: np.ndarray, above_radii: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Discs of ``radii`` (largest first) in rows under the discs already placed ``above``, left to
    right, the rows as wide as those above (or as a square of the rest, when that is wider).

    >>> _in_rows(np.array([[0.0, 0.0]]), np.array([2.0]), np.array([1.0, 1.0, 1.0])).tolist()
    [[-1.0, -5.0], [1.0, -5.0], [-1.0, -7.0]]
    """
    left = float((above[:, 0] - above_radii).min())
    width = max(float((above[:, 0] + above_radii).max()) - left, float(np.sqrt(((2 * radii) ** 2).sum())))
    top = float((above[:, 1] - above_radii).min()) - 2 * float(radii.max())
    out = np.zeros((len(radii), 2))
    x, y, row = left, top, 0.0
    for i, r in enumerate(radii.tolist()):
        if x > left and x + 2 * r > left + width:
            x, y, row = left, y - row, 0.0
        out[i] = (x + r, y - r)
        x += 2 * r
        row = max(row, 2 * r)
    return out


def _packed_together(centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """The clusters' points moved so that their discs (``radii``, with a margin) do not overlap and
    sit close together: a pull towards the middle, then overlapping pairs pushed apart, in rounds.

    >>> p = _packed_together(np.array([[0.0, 0.0], [0.1, 0.0], [50.0, 0.0]]), np.array([2.0, 2.0, 1.0]))
    >>> bool(np.hypot(*(p[0] - p[1])) >= 4.0), bool(np.hypot(*(p[0] - p[2])) < 40)
    (True, True)
    """
    k = len(centres)
    if k < 2:
        return np.zeros((k, 2))
    need = (radii[:, None] + radii[None, :]) * 1.1
    np.fill_diagonal(need, 0.0)
    area = radii ** 2
    share = area[None, :] / (area[:, None] + area[None, :])  # of a push between two, the smaller moves more
    ahead = np.sign(np.subtract.outer(np.arange(k), np.arange(k))).astype(float)  # two at one point: apart along x
    spread = float(np.abs(centres - centres.mean(axis=0)).max()) or 1.0
    x, y = ((centres - centres.mean(axis=0)) * (np.sqrt(area.sum()) / spread)).T.copy()  # about the packed size
    for _ in range(PACKING_ROUNDS):
        x -= 0.05 * (x - np.average(x, weights=area))
        y -= 0.05 * (y - np.average(y, weights=area))
        for _ in range(3):
            dx, dy = np.subtract.outer(x, x), np.subtract.outer(y, y)
            dist = np.hypot(dx, dy)
            push = np.clip(need - dist, 0.0, None)
            if not push.any():
                break
            together = dist < 1e-9
            push *= share / np.where(together, 1.0, dist)
            x += 0.4 * (push * np.where(together, ahead, dx)).sum(axis=1)
            y += 0.4 * (push * dy).sum(axis=1)
    return _settled(np.stack([x, y], axis=1), radii * 1.1)


def _settled(p: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Largest first, each disc that still overlaps one already placed moved straight out from the
    middle, a step at a time, until it overlaps none."""
    middle = np.average(p, axis=0, weights=radii ** 2)
    placed: list[int] = []
    for i in np.argsort(-radii, kind="stable").tolist():
        out = p[i] - middle
        length = float(np.hypot(*out))
        direction = out / length if length > 1e-9 else np.array([1.0, 0.0])
        if placed:
            others = np.asarray(placed)
            while (np.hypot(*(p[others] - p[i]).T) < radii[others] + radii[i]).any():
                p[i] = p[i] + direction * max(radii[i], 1.0) * 0.5
        placed.append(i)
    return p


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
