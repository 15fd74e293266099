"""Outlines of the 33 London boroughs, derived from the postcode points.

Every postcode in and around London gets a Voronoi cell; cells are dissolved by local
authority and the shared edges simplified together, so neighbouring boroughs still meet
exactly. Built once into ``var/geo/boroughs.geojson`` (WGS84, about 250 KB). The cells, their
dissolving, clipping, simplifying, measuring and reprojecting are a GeoDataFrame's work
(geopandas); the points come from the postcode index with numpy and scipy.
"""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import numpy as np

from mapper.geo.names import la_name
from mapper.config import geo_dir
from mapper.geo.postcodes.build import Log, to_stderr, to_stdout
from mapper.geo.postcodes.values import POSTCODE_ATTRIBUTION
from mapper.geo.postcodes.index import load_index

BOROUGHS_FILENAME = "boroughs.geojson"
BOROUGHS_FORMAT = 1
LONDON_PREFIX = "E09"
_PAD_M = 3000.0  # neighbours outside London kept within this distance of a London postcode
_SMOOTH_K = 12  # neighbours consulted when relabelling stray postcodes
_SIMPLIFY_M = 15.0
_DECIMALS = 5  # about a metre
_GRID, _WGS84 = "EPSG:27700", "EPSG:4326"  # British National Grid metres; longitude/latitude

__all__ = [
    "BOROUGHS_FILENAME",
    "borough_path",
    "build_boroughs",
    "ensure_boroughs",
    "borough_geojson",
    "borough_geojson_text",
]


def borough_path(dest_dir: Path | str | None = None) -> Path:
    return Path(dest_dir or geo_dir()) / BOROUGHS_FILENAME


def _london_points(index, log: Log):
    """Unique postcode points of London and of its neighbours within ``_PAD_M``, with labels."""
    from scipy.spatial import cKDTree

    east, north, la = index.points()
    is_london = np.array([c.startswith(LONDON_PREFIX) for c in index.la_codes])
    lm = is_london[la]
    le, ln = east[lm], north[lm]
    x0, x1 = le.min() - _PAD_M, le.max() + _PAD_M
    y0, y1 = ln.min() - _PAD_M, ln.max() + _PAD_M
    box = (east >= x0) & (east <= x1) & (north >= y0) & (north <= y1)
    xy = np.column_stack((east[box], north[box])).astype(np.float64)
    labels = np.asarray(la[box])
    xy, first = np.unique(xy, axis=0, return_index=True)
    labels = labels[first]
    inside = is_london[labels]
    dist, _ = cKDTree(xy[inside]).query(xy[~inside], distance_upper_bound=_PAD_M)
    keep = np.ones(len(xy), dtype=bool)
    keep[np.flatnonzero(~inside)[~np.isfinite(dist)]] = False
    xy, labels = xy[keep], labels[keep]
    log(f"  {len(xy):,} distinct postcode points in and around London")

    # A postcode whose neighbours mostly belong to another authority is relabelled to theirs,
    # so that stray grid references do not leave islands.
    _, nb = cKDTree(xy).query(xy, k=_SMOOTH_K)
    lab = labels[nb]
    best = np.zeros(len(xy), dtype=np.int64)
    mode = labels.copy()
    for k in range(_SMOOTH_K):
        count = (lab == lab[:, [k]]).sum(axis=1)
        better = count > best
        best = np.where(better, count, best)
        mode = np.where(better, lab[:, k], mode)
    relabel = (best > _SMOOTH_K // 2) & (mode != labels)
    labels = np.where(relabel, mode, labels)
    log(f"  relabelled {int(relabel.sum()):,} stray points")
    return xy, labels, (x0, y0, x1, y1), is_london


def build_boroughs(dest_dir: Path | str | None = None, log: Log | None = to_stdout) -> Path:
    """Derive the borough outlines from the postcode index and write the GeoJSON file.

    A GeoDataFrame of Voronoi cells (one per postcode point, labelled with its authority) is
    dissolved by authority as a coverage, clipped to London's hull, simplified as a coverage
    (neighbours keep one shared edge), measured in grid metres and reprojected to WGS84.
    """
    import geopandas as gpd
    import shapely

    log = log or (lambda _msg: None)
    started = time.perf_counter()
    target = borough_path(dest_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    log(f"Building London borough outlines in {target}")
    index = load_index(dest_dir)
    xy, labels, bounds, is_london = _london_points(index, log)

    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=shapely.box(*bounds), ordered=True)
    )
    log(f"  {len(cells):,} Voronoi cells")
    london = is_london[labels]
    codes = np.asarray(index.la_codes, dtype=object)[labels[london]]
    table = gpd.GeoDataFrame({"code": codes}, geometry=cells[london], crs=_GRID)
    hull = shapely.buffer(shapely.convex_hull(shapely.multipoints(xy[london])), 500)
    boroughs = table.dissolve(by="code", method="coverage")  # one row per borough, by code
    boroughs["geometry"] = boroughs.intersection(hull).simplify_coverage(_SIMPLIFY_M)
    log(f"  dissolved into {len(boroughs)} boroughs and simplified ({_SIMPLIFY_M:g} m)")
    boroughs["name"] = [la_name(code) or code for code in boroughs.index]
    boroughs["area_km2"] = (boroughs.area / 1e6).round(2)

    wgs = boroughs.to_crs(_WGS84)
    rounded = shapely.transform(np.asarray(wgs.geometry), lambda coords: np.round(coords, _DECIMALS))
    bad = ~shapely.is_valid(rounded)
    if bad.any():
        rounded[bad] = shapely.make_valid(rounded[bad])
    wgs["geometry"] = gpd.GeoSeries(rounded, index=wgs.index, crs=_WGS84).orient_polygons(exterior_cw=False)
    wgs = wgs.reset_index()[["code", "name", "area_km2", "geometry"]]  # RFC 7946 winding above
    wgs.index = wgs["code"].to_numpy()  # the code is each feature's id, and a property
    collection = wgs.to_geo_dict(drop_id=False)
    collection["metadata"] = {
        "format": BOROUGHS_FORMAT,
        "source_version": index.meta.get("source_version"),
        "method": "Voronoi cells of postcode points dissolved by local authority",
        "attribution": POSTCODE_ATTRIBUTION,
    }
    tmp = target.with_name(f".{target.name}.tmp-{time.time_ns()}")
    tmp.write_text(json.dumps(collection, separators=(",", ":")))
    tmp.replace(target)
    with _lock:
        _cache.pop(target.resolve(), None)
    log(
        f"Borough outlines ready: {len(collection['features'])} boroughs, {target.stat().st_size / 1e3:.0f} KB, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return target


def boroughs_are_current(dest_dir: Path | str | None = None) -> bool:
    target = borough_path(dest_dir)
    try:
        with open(target, encoding="utf-8") as fh:
            meta = json.load(fh).get("metadata", {})
    except (OSError, ValueError):
        return False
    index_meta = Path(load_index(dest_dir).path, "meta.json")
    source = json.loads(index_meta.read_text()).get("source_version")
    return meta.get("format") == BOROUGHS_FORMAT and meta.get("source_version") == source


def ensure_boroughs(
    dest_dir: Path | str | None = None, force: bool = False, log: Log | None = to_stdout
) -> Path:
    """Build the borough outlines unless an up-to-date file is present; returns its path."""
    target = borough_path(dest_dir)
    if not force and boroughs_are_current(dest_dir):
        if log:
            log(f"Borough outlines up to date in {target}")
        return target
    return build_boroughs(dest_dir, log=log)


_cache: dict[Path, str] = {}
_lock = threading.Lock()


def borough_geojson_text(dest_dir: Path | str | None = None) -> str:
    """The borough FeatureCollection as JSON text (built first if absent), cached."""
    target = borough_path(dest_dir).resolve()
    text = _cache.get(target)
    if text is None:
        if not target.exists():
            build_boroughs(dest_dir, log=to_stderr)
        text = target.read_text(encoding="utf-8")
        with _lock:
            _cache[target] = text
    return text


def borough_geojson(dest_dir: Path | str | None = None) -> dict:
    """GeoJSON FeatureCollection of the 33 London boroughs (WGS84).

    Each feature has ``id`` and ``properties.code`` (``E09000001``..``E09000033``),
    ``properties.name`` and ``properties.area_km2``. A fresh dict on every call.
    """
    return json.loads(borough_geojson_text(dest_dir))
