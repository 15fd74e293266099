"""The directory held in each app process until the next write: every asset read once per write
generation (``mapper.db.derived``), with its public grid point and its filter fields indexed, so
that a search near a place, the listing and the map's markers are answered without a query.

It answers exactly as the named queries it replaces did (``search_near``, ``search_all``,
``map_points``): the same filters with the same meaning (a kind is one of the asset's labels, a
language matches whole and in any case, an access need matches as part of one, cost "free" in
any case, a theme the asset addresses), the same order (``search_all``'s, by name then id), and
for a search near a place the same rule of distance: grid metres from the asset's public point
(an asset hiding its address is measured from its district's centre, and only when its own
point lies within ``HIDDEN_MARGIN_M`` of the radius, as the query's bounding box had it).
The test comparing both ways is ``tests/integration/test_search.py``.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import math
from functools import cached_property

import numpy as np

from mapper.directory.filters import Filters

HIDDEN_MARGIN_M = 12_000.0  # how far a district's centre may lie from the asset itself


class Catalogue:
    """Every asset (``rows``: ``search_all``'s rows, in its order) and its filter fields."""

    def __init__(self, rows: list[dict], east: np.ndarray, north: np.ndarray):
        self.labels = [frozenset(r.pop("labels", None) or ()) for r in rows]
        self.rows = rows
        self.position = {r["id"]: i for i, r in enumerate(rows)}
        self.east, self.north = east, north  # grid metres of each public point (NaN: none)
        self.lat = np.array([np.nan if r["lat"] is None else r["lat"] for r in rows], dtype=float)
        self.lon = np.array([np.nan if r["lon"] is None else r["lon"] for r in rows], dtype=float)
        self.hidden = np.array([bool(r["hide_address"]) for r in rows], dtype=bool)
        self.free = np.array([str(r["cost"] or "").lower() == "free" for r in rows], dtype=bool)
        self.names = [r["name"] or "" for r in rows]

    # The fields only some filters look at: made on the first search that needs them, not with every
    # read after a write (the map's markers and gaps, unfiltered, never need them).
    @cached_property
    def languages(self) -> list[set[str]]:
        return [{str(x).lower() for x in r["languages"]} for r in self.rows]

    @cached_property
    def access(self) -> list[list[str]]:
        return [[str(x).lower() for x in r["accessibility"]] for r in self.rows]

    @cached_property
    def themes(self) -> list[set[str]]:
        return [set(r["theme_ids"] or ()) for r in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def passing(self, filters: Filters, among: np.ndarray | None = None) -> list[int]:
        """Positions (ascending) of the assets ``among`` those given (all when None) that pass."""
        chosen = np.arange(len(self.rows)) if among is None else among
        if filters.free:
            chosen = chosen[self.free[chosen]]
        out = []
        params = filters.params()
        kind, theme, language, access = params["kind"], params["theme"], params["language"], params["access"]
        for i in chosen.tolist():
            if kind is not None and kind not in self.labels[i]:
                continue
            if theme is not None and theme not in self.themes[i]:
                continue
            if language is not None and language not in self.languages[i]:
                continue
            if access is not None and not any(access in x for x in self.access[i]):
                continue
            if not filters.matches_opening(self.rows[i]["opening"]):
                continue
            out.append(i)
        return out

    def near(self, origin, radius_m: float, filters: Filters) -> list[tuple[int, float]]:
        """``(position, grid metres)`` of the assets passing ``filters`` within ``radius_m`` of
        ``origin`` (a ``Location``), nearest first (then by name and id)."""
        with np.errstate(invalid="ignore"):
            dist = np.hypot(self.east - origin.easting, self.north - origin.northing)
            inside = ~np.isnan(dist) & (dist <= radius_m)
            if self.hidden.any():  # the query looked for those hiding their address around their own point
                box = _bbox(origin.lat, origin.lon, radius_m * 1.02 + HIDDEN_MARGIN_M)
                in_box = ((self.lat >= box[0]) & (self.lat <= box[1]) & (self.lon >= box[2]) & (self.lon <= box[3]))
                inside &= ~self.hidden | in_box
        found = self.passing(filters, np.flatnonzero(inside))
        found.sort(key=lambda i: (dist[i], self.names[i], self.rows[i]["id"]))
        return [(i, float(dist[i])) for i in found]


def _bbox(lat: float, lon: float, metres: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box ``metres`` around a point (as ``search._bbox``)."""
    dlat = metres / 111_000.0
    dlon = metres / (111_000.0 * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


COLUMNS = ("id", "name", "kind", "description", "address", "postcode", "lat", "lon", "area", "area_code", "themes",
           "theme_ids", "languages", "accessibility", "cost", "opening", "contact", "last_checked", "hide_address",
           "run_by", "labels")  # the values of each asset in directory_catalogue's one record, in order


def read(store, grid) -> Catalogue:
    """The directory in one bulk read (values as they came, no walk through each record); ``grid``
    gives the rows' public grid points (``mapper.directory.assets.public_grid``)."""
    (listed,), = store.read_values("directory_catalogue")  # one record: every asset's values
    rows = [dict(zip(COLUMNS, values)) for values in listed]
    return Catalogue(rows, *grid(rows))
