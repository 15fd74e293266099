"""Large synthetic community networks shaped like South London's.

People live in ten boroughs, in neighbourhood clusters where most ties stay
local; organisers are people with many ties across their borough; about 2%
of nodes are assets (listening hubs, peer-support groups) run and attended by
people nearby; organisations link people and assets. On the fringe there are
pendant chains and small trees hanging off one person (so there are real cut
vertices and bridges), groups that meet only at one asset, and small groups
with no asset at all.

The same arguments always give the same network.

>>> nodes, edges = generate(people=2_000, ties=8_000, assets=40, seed=3)
>>> len(edges), sorted({k for _, k, _ in nodes})
(8000, ['asset', 'organisation', 'person'])
>>> generate(people=2_000, ties=8_000, assets=40, seed=3) == (nodes, edges)
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["AREAS", "generate", "graph"]

AREAS = (
    "Lambeth",
    "Southwark",
    "Lewisham",
    "Greenwich",
    "Bexley",
    "Bromley",
    "Croydon",
    "Sutton",
    "Merton",
    "Wandsworth",
)

_CLUSTER = 60  # people per neighbourhood cluster
_FRINGE = 0.06  # share of people on the fringe
_ISOLATED = 0.01  # share of people in small groups with no asset


def _pairs(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Unique undirected pairs as codes ``lo * n + hi`` (self-pairs dropped), first occurrence order."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    code = lo.astype(np.int64) * n + hi
    code = code[lo != hi]
    _, first = np.unique(code, return_index=True)
    return code[np.sort(first)]


def generate(people: int = 100_000, ties: int = 500_000, assets: int = 2_000, seed: int = 1):
    """``(nodes, edges)``: nodes as ``(id, kind, area)``, edges as ``(id, id)``; ids are ``0..n-1``.

    ``ties`` is the exact number of edges (when the network can hold them).
    Organisations number about one per 500 people.
    """
    rng = np.random.default_rng(seed)
    n_org = max(1, people // 500)
    n = people + assets + n_org
    n_areas = len(AREAS)

    # people: core (clustered), fringe (chains, trees, asset-only groups), isolated groups
    n_iso = int(people * _ISOLATED)
    n_fringe = int(people * _FRINGE)
    n_core = people - n_iso - n_fringe
    weights = rng.uniform(0.6, 1.4, n_areas)
    person_area = rng.choice(n_areas, size=people, p=weights / weights.sum())
    core = np.arange(n_core)
    # sort core people by area so clusters are contiguous within an area
    order = np.argsort(person_area[:n_core], kind="stable")
    person_area[:n_core] = person_area[:n_core][order]
    core_area = person_area[:n_core]
    area_start = np.searchsorted(core_area, np.arange(n_areas))
    area_end = np.searchsorted(core_area, np.arange(n_areas), side="right")
    cluster_of = np.zeros(n_core, dtype=np.int64)
    for a in range(n_areas):
        cluster_of[area_start[a] : area_end[a]] = (np.arange(area_end[a] - area_start[a]) // _CLUSTER) + a * 10_000
    _, cluster_start, cluster_size = np.unique(cluster_of, return_index=True, return_counts=True)
    cl_idx = np.searchsorted(np.unique(cluster_of), cluster_of)

    asset_ids = np.arange(people, people + assets)
    org_ids = np.arange(people + assets, n)
    asset_area = rng.integers(0, n_areas, assets)
    org_area = rng.integers(0, n_areas, n_org)

    def in_area(areas):
        """A random core person in each of ``areas``."""
        lo, hi = area_start[areas], area_end[areas]
        empty = hi <= lo
        lo, hi = np.where(empty, 0, lo), np.where(empty, n_core, hi)
        return lo + (rng.random(len(areas)) * (hi - lo)).astype(np.int64)

    fixed = []
    # assets: people who run and attend them; one in six hangs on a single person
    links = np.where(rng.random(assets) < 1 / 6, 1, rng.poisson(4, assets) + 2)
    src = np.repeat(asset_ids, links)
    fixed.append(np.stack([src, in_area(np.repeat(asset_area, links))], 1))
    # organisations: members in their area, and the assets they run
    members = rng.poisson(20, n_org) + 5
    fixed.append(np.stack([np.repeat(org_ids, members), in_area(np.repeat(org_area, members))], 1))
    runs = rng.integers(0, assets, size=assets // 3) if assets else np.zeros(0, np.int64)
    fixed.append(np.stack([org_ids[rng.integers(0, n_org, len(runs))], asset_ids[runs]], 1))

    # fringe: chains and trees hanging off one core person, groups meeting only at one asset
    f_ids = np.arange(n_core, n_core + n_fringe)
    sizes = rng.integers(2, 12, size=max(1, n_fringe // 4))
    groups = np.split(f_ids, np.cumsum(sizes)[np.cumsum(sizes) < n_fringe])
    kind_of_group = rng.random(len(groups))
    for g, r in zip(groups, kind_of_group):
        if len(g) == 0:
            continue
        if r < 0.4:  # a chain
            parent = np.concatenate([[-1], g[:-1]])
        else:  # a small tree
            parent = np.concatenate([[-1], g[(rng.random(len(g) - 1) * np.arange(1, len(g))).astype(np.int64)]])
        if r < 0.85 or assets == 0:  # hangs off a core person in the same area
            anchor = in_area(person_area[g[:1]])[0]
        else:  # meets only at one asset in its area
            same = asset_ids[asset_area == person_area[g[0]]]
            anchor = same[rng.integers(len(same))] if len(same) else asset_ids[rng.integers(assets)]
        parent[0] = anchor
        person_area[g] = person_area[anchor] if anchor < people else person_area[g[0]]
        fixed.append(np.stack([g, parent], 1))

    # isolated small groups: a few people with ties among themselves only
    i_ids = np.arange(n_core + n_fringe, people)
    isizes = rng.integers(2, 9, size=max(1, n_iso // 3))
    for g in np.split(i_ids, np.cumsum(isizes)[np.cumsum(isizes) < n_iso]):
        if len(g) > 1:
            fixed.append(np.stack([g[1:], g[(rng.random(len(g) - 1) * np.arange(1, len(g))).astype(np.int64)]], 1))
            if len(g) > 2:
                fixed.append(np.array([[g[0], g[-1]]]))
        person_area[g] = person_area[g[0]]

    fixed_codes = _pairs(*np.concatenate(fixed).T, n)
    need = max(0, ties - len(fixed_codes))

    # core ties: mostly within the cluster, some across the area, some to organisers
    organisers = core[rng.random(n_core) < 0.01]
    org_by_area = [organisers[core_area[organisers] == a] for a in range(n_areas)]
    codes = fixed_codes
    m = int(need * 1.15) + 16
    while True:
        u = rng.integers(0, n_core, m)
        r = rng.random(m)
        c = cl_idx[u]
        v = cluster_start[c] + (rng.random(m) * cluster_size[c]).astype(np.int64)
        wide = (r >= 0.62) & (r < 0.9)
        v[wide] = in_area(core_area[u[wide]])
        to_org = (r >= 0.9) & (r < 0.98)
        for a in range(n_areas):
            pick = to_org & (core_area[u] == a)
            if len(org_by_area[a]) and pick.any():
                v[pick] = org_by_area[a][rng.integers(0, len(org_by_area[a]), pick.sum())]
        far = r >= 0.98
        v[far] = rng.integers(0, n_core, far.sum())
        codes = _pairs(
            np.concatenate([codes // n, u]), np.concatenate([codes % n, v]), n
        )
        if len(codes) >= ties or m > 50 * (need + 16):
            break
        m *= 2
    codes = codes[:ties] if len(codes) > ties else codes

    kinds = ["person"] * people + ["asset"] * assets + ["organisation"] * n_org
    area_idx = np.concatenate([person_area, asset_area, org_area])
    nodes = [(i, k, AREAS[a]) for i, (k, a) in enumerate(zip(kinds, area_idx.tolist()))]
    edges = list(zip((codes // n).tolist(), (codes % n).tolist()))
    return nodes, edges


def graph(nodes, edges):
    """A :class:`networkx.Graph` with ``kind`` and ``area`` on every node.

    >>> G = graph(*generate(people=500, ties=1_500, assets=10))
    >>> G.number_of_nodes(), G.number_of_edges()
    (511, 1500)
    """
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from((i, {"kind": k, "area": a}) for i, k, a in nodes)
    G.add_edges_from(edges)
    return G
