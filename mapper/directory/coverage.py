"""Coverage gaps: for each London borough the network serves (``served_areas``), the share of its
postcodes with no listening hub or peer-support group (passing the filters) within a distance, and
the postcode districts mostly uncovered. Boroughs it does not serve are neither measured nor shaded.
Assets are where anyone may see them (``assets.public_grid``): one that hides its address counts at
its district's centre. They come from the directory held in the process (``search.catalogue``, read
once per write generation and shared with the map's markers and the searches), not from a query of
their own; ``tests/oracles/directory_queries.support_grid`` is the query they were read with before.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.spatial import cKDTree  # imported with the module (a third of a second), not on a first visit

from mapper.directory.filters import Filters
from mapper.directory.search import catalogue
from mapper.directory.served_areas import served_area_codes
from mapper.geo.postcodes.index import load_index

SUPPORT_KINDS = ("ListeningHub", "PeerSupportGroup")
_SAMPLE_EVERY = 5  # every 5th London postcode (postcodes stand in for where people live)


@lru_cache(maxsize=2)
def _london_samples(every: int = _SAMPLE_EVERY):
    """Grid points of London postcodes, their borough code and their postcode district."""
    idx = load_index()
    la = np.asarray(idx.la)
    wanted = np.array([c.startswith("E09") for c in idx.la_codes])
    rows = np.flatnonzero(wanted[la])[::every]
    keys = np.asarray(idx.keys)[rows]
    districts = np.array([k[:4].decode().strip() for k in keys])
    codes = np.array(idx.la_codes)[la[rows]]
    return (np.asarray(idx.easting)[rows].astype(float), np.asarray(idx.northing)[rows].astype(float),
            codes, districts)


def prepare() -> None:
    """Make the sample of London's postcodes now (once per process), not on the first measure."""
    _london_samples()


def support_grid(store, filters: Filters = Filters()) -> tuple[np.ndarray, np.ndarray]:
    """Grid metres of the public points of the listening hubs and peer-support groups (of the filters'
    kind alone when it names one) that pass the filters, from the directory held in the process; NaN
    for one that cannot be placed."""
    held = catalogue(store)
    kinds = {filters.kind} if filters.kind else set(SUPPORT_KINDS)
    chosen = [i for i in held.passing(filters) if held.labels[i] & kinds]
    return held.east[chosen], held.north[chosen]


def coverage_gaps(store, distance_m: float, filters: Filters = Filters()) -> dict:
    """For each London borough the network serves, the share of its postcodes with no listening hub
    or peer-support group (passing the filters) within ``distance_m``; and the postcode districts
    mostly uncovered. Assets anywhere count (a hub just over a borough's edge covers its homes).

    Returns ``{"distance_m", "kinds", "assets", "served": [code], "boroughs": {code: {"uncovered",
    "points", "districts"}}}`` (``boroughs`` holds the served ones only).
    """
    kinds = [filters.kind] if filters.kind else list(SUPPORT_KINDS)
    return measure(served_area_codes(store), *support_grid(store, filters), distance_m, kinds)


def measure(served: list[str], east: np.ndarray, north: np.ndarray, distance_m: float, kinds: list[str]) -> dict:
    """``coverage_gaps`` of the served boroughs' codes, given the support's grid points (NaN: none)."""
    ok = ~np.isnan(east)
    se, sn, codes, districts = _london_samples()
    mine = np.isin(codes, served)
    se, sn, codes, districts = se[mine], sn[mine], codes[mine], districts[mine]
    covered = np.zeros(len(se), dtype=bool)
    if ok.any() and len(se):
        tree = cKDTree(np.column_stack((east[ok], north[ok])))
        dist, _ = tree.query(np.column_stack((se, sn)), distance_upper_bound=distance_m)
        covered = np.isfinite(dist)
    open_ = (~covered).astype(float)
    b_keys, b_of = np.unique(codes, return_inverse=True)
    b_total = np.bincount(b_of)
    b_open = np.bincount(b_of, weights=open_)
    d_keys, d_of = np.unique(np.char.add(np.char.add(codes.astype(str), "|"), districts.astype(str)),
                             return_inverse=True)
    d_share = np.bincount(d_of, weights=open_) / np.bincount(d_of)
    gaps: dict[str, list[str]] = {}
    for key, share in zip(d_keys, d_share):
        if share >= 0.5:
            code, district = str(key).split("|")
            gaps.setdefault(code, []).append(district)
    boroughs = {str(code): {"uncovered": round(float(b_open[i] / b_total[i]), 3), "points": int(b_total[i]),
                            "districts": sorted(gaps.get(str(code), []))}
                for i, code in enumerate(b_keys)}
    return {"distance_m": distance_m, "kinds": kinds, "assets": int(ok.sum()), "served": served,
            "boroughs": boroughs}
