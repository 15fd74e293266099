"""The network picture's layout of a network of many small clusters (an import's pairs of people,
say): the clusters' discs are packed without arrays of clusters × clusters, which at thousands of
clusters were gigabytes and minutes in the analyses' process."""
from __future__ import annotations

import tracemalloc

import numpy as np

from mapper.network import layout


def test_thousands_of_pairs_are_laid_out_without_clusters_times_clusters_arrays():
    n = 12_000  # 6,000 pairs: one 6,000 × 6,000 array of floats alone is 288 MB
    edges = [(2 * i, 2 * i + 1) for i in range(n // 2)]
    tracemalloc.start()
    try:
        xy = layout.positions(n, edges, [i // 2 for i in range(n)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024, f"{peak / 2**20:.0f} MB"  # (before: more than 2 GB)
    assert len(xy) == n and all(0 <= v <= layout.SCALE for p in xy for v in p)
    assert len(set(xy)) > n * 0.9  # the pairs drawn apart, not on top of each other


def test_discs_packed_in_rows_never_overlap_those_packed_together_or_each_other(monkeypatch):
    monkeypatch.setattr(layout, "PACKED_TOGETHER", 60)  # the same two ways, at a size quick to check
    rng = np.random.default_rng(5)
    k = layout.PACKED_TOGETHER + 400
    radii = np.sqrt(rng.integers(1, 400, size=k).astype(float))
    p = layout._packed(rng.normal(size=(k, 2)) * 50, radii)
    r = radii * 1.1
    gap = np.hypot(*(p[:, None, :] - p[None, :, :]).transpose(2, 0, 1)) - (r[:, None] + r[None, :])
    np.fill_diagonal(gap, 0.0)
    assert gap.min() >= -1e-6
