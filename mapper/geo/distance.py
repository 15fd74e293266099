"""Distances on the British National Grid, and nearest-point searches.

Over South London grid metres are within about 0.02% of true ground distance, so plain
Euclidean arithmetic on eastings/northings is used throughout.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

METRES_PER_MILE = 1609.344

__all__ = [
    "METRES_PER_MILE",
    "to_grid",
    "to_wgs84",
    "grid_of",
    "distance_m",
    "nearest",
    "GridIndex",
    "miles",
    "metres",
]


@lru_cache(maxsize=1)
def _wgs_to_bng():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@lru_cache(maxsize=1)
def _bng_to_wgs():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def to_grid(lat, lon):
    """WGS84 latitude/longitude (scalars or arrays) -> British National Grid ``(easting, northing)``."""
    e, n = _wgs_to_bng().transform(lon, lat)
    if np.ndim(e) == 0:
        return float(e), float(n)
    return np.asarray(e), np.asarray(n)


def to_wgs84(easting, northing):
    """British National Grid metres (scalars or arrays) -> ``(lat, lon)``."""
    lon, lat = _bng_to_wgs().transform(easting, northing)
    if np.ndim(lat) == 0:
        return float(lat), float(lon)
    return np.asarray(lat), np.asarray(lon)


def grid_of(point: Any) -> tuple[float, float]:
    """``(easting, northing)`` of a Location-like object, a mapping or an ``(e, n)`` pair."""
    if hasattr(point, "easting") and hasattr(point, "northing"):
        return float(point.easting), float(point.northing)
    if isinstance(point, dict):
        if "easting" in point:
            return float(point["easting"]), float(point["northing"])
        if "lat" in point:
            return to_grid(point["lat"], point["lon"])
    e, n = point
    return float(e), float(n)


def distance_m(a: Any, b: Any) -> float:
    """Straight-line distance in metres between two points on the British National Grid."""
    ae, an = grid_of(a)
    be, bn = grid_of(b)
    return float(np.hypot(ae - be, an - bn))


def miles(m):
    """Metres -> miles."""
    return np.asarray(m) / METRES_PER_MILE if np.ndim(m) else m / METRES_PER_MILE


def metres(mi):
    """Miles -> metres."""
    return np.asarray(mi) * METRES_PER_MILE if np.ndim(mi) else mi * METRES_PER_MILE


def _finish(idx: np.ndarray, dist: np.ndarray, limit: int | None):
    order = np.argsort(dist, kind="stable")
    if limit is not None:
        order = order[:limit]
    return idx[order].astype(np.int64), dist[order]


def nearest(
    origin: Any,
    eastings,
    northings,
    radius_m: float | None = None,
    limit: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Points nearest ``origin``: ``(indices, distances_m)`` sorted nearest first.

    ``eastings``/``northings`` are parallel arrays; points with a NaN coordinate are
    skipped. ``radius_m`` keeps those within that distance (inclusive); ``limit`` caps the
    count. One brute-force pass (a few ms per million points); for many queries against
    the same points build a ``GridIndex`` once.
    """
    oe, on = grid_of(origin)
    e = np.asarray(eastings, dtype=np.float64)
    n = np.asarray(northings, dtype=np.float64)
    dist = np.hypot(e - oe, n - on)
    keep = ~np.isnan(dist)
    if radius_m is not None:
        keep &= dist <= radius_m
    idx = np.flatnonzero(keep)
    dist = dist[idx]
    if limit is not None and limit < len(idx):
        part = np.argpartition(dist, limit - 1)[:limit]
        idx, dist = idx[part], dist[part]
    return _finish(idx, dist, limit)


class GridIndex:
    """A k-d tree over fixed points for repeated radius / nearest queries."""

    def __init__(self, eastings, northings):
        from scipy.spatial import cKDTree

        e = np.asarray(eastings, dtype=np.float64)
        n = np.asarray(northings, dtype=np.float64)
        self._ids = np.flatnonzero(~(np.isnan(e) | np.isnan(n)))
        self._xy = np.column_stack((e[self._ids], n[self._ids]))
        self._tree = cKDTree(self._xy) if len(self._ids) else None

    def __len__(self) -> int:
        return len(self._ids)

    def nearest(
        self, origin: Any, radius_m: float | None = None, limit: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Same result as the module-level ``nearest`` over the indexed points."""
        if self._tree is None:
            return np.empty(0, dtype=np.int64), np.empty(0)
        o = np.array(grid_of(origin))
        if radius_m is None:
            k = len(self._ids) if limit is None else min(limit, len(self._ids))
            dist, pos = self._tree.query(o, k=k)
            pos, dist = np.atleast_1d(pos), np.atleast_1d(dist)
        elif limit is not None:
            k = min(limit, len(self._ids))
            dist, pos = self._tree.query(o, k=k, distance_upper_bound=radius_m * (1 + 1e-12))
            pos, dist = np.atleast_1d(pos), np.atleast_1d(dist)
            ok = np.isfinite(dist)
            pos, dist = pos[ok], dist[ok]
        else:
            pos = np.asarray(self._tree.query_ball_point(o, radius_m), dtype=np.int64)
            dist = np.hypot(*(self._xy[pos] - o).T) if len(pos) else np.empty(0)
        return _finish(self._ids[pos], np.asarray(dist, dtype=np.float64), limit)
