"""The directory's searches the way they were served before the in-process catalogue
(``mapper.directory.catalogue``): each one a named query with the filters in Cypher (the point
index for a search near a place, exact grid metres with numpy). The reference the catalogue is
compared with in tests, and the baseline ``mapper bench --only directory`` times beside it. The
coverage gaps' support points too, as ``support_points`` read them before the catalogue."""
from __future__ import annotations

import numpy as np

from mapper.directory import coverage, search
from mapper.directory.assets import public_grid, public_view


def near(store, query: search.Query) -> list[dict]:
    """Assets within the radius of the query's place, nearest first (as ``search.near`` was)."""
    origin = search.resolve(query.where)
    loose = query.radius_m * 1.01 + 100.0
    box = search._bbox(origin.lat, origin.lon, loose)
    hidden = search._bbox(origin.lat, origin.lon, query.radius_m * 1.02 + search.HIDDEN_MARGIN_M)
    rows = store.read("search_near", **box, **{f"hidden_{k}": v for k, v in hidden.items()},
                      lat=origin.lat, lon=origin.lon, loose_radius=loose,
                      districts=search._districts_within(origin, query.radius_m + 1.0), **query.filters.params())
    rows = [r for r in rows if query.filters.matches_opening(r["opening"])]
    east, north = public_grid(rows)
    dist = np.hypot(east - origin.easting, north - origin.northing)
    keep = [i for i in np.flatnonzero(~np.isnan(dist) & (dist <= query.radius_m))]
    keep.sort(key=lambda i: (dist[i], rows[i]["name"] or "", rows[i]["id"]))
    full = {r["id"]: r for r in store.read("assets_by_ids", ids=[rows[i]["id"] for i in keep])} if keep else {}
    return [search.with_distance(public_view(full[rows[i]["id"]]), dist[i]) for i in keep if rows[i]["id"] in full]


def listing(store, filters: search.Filters = search.Filters()) -> list[dict]:
    rows = store.read("search_all", ids=None, **filters.params())
    return [public_view(r) for r in rows if filters.matches_opening(r["opening"])]


def map_points(store, filters: search.Filters = search.Filters()) -> list[dict]:
    out = []
    for r in store.read("map_points", **filters.params()):
        if not filters.matches_opening(r["opening"]):
            continue
        view = public_view(r)
        if view["lat"] is not None:
            out.append({k: view[k] for k in ("id", "name", "kind", "lat", "lon", "precise")})
    return out


def support_grid(store, filters: search.Filters = search.Filters()) -> tuple[np.ndarray, np.ndarray]:
    """Grid metres of the listening hubs and peer-support groups passing the filters (as
    ``coverage.support_grid`` gives them, in no particular order)."""
    kinds = [filters.kind] if filters.kind else list(coverage.SUPPORT_KINDS)
    params = {**filters.params(), "kinds": kinds}
    params.pop("kind")
    rows = [r for r in store.read("support_points", **params) if filters.matches_opening(r["opening"])]
    return public_grid(rows)
