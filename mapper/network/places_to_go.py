"""Where to introduce someone: the nearest listening hub or peer-support group to a person's area,
as the crow flies, and the miles from their area to any asset.

Distances run from the centre of the person's area (the postcode nearest the middle of its
postcodes) to each asset's published point as the network holds it: an asset that hides its address
is there at its postcode district's centre, never at its own point (see ``Projection.from_columns``).
"""
from __future__ import annotations

import numpy as np

from mapper.geo.distance import METRES_PER_MILE, to_grid
from mapper.geo.postcodes.index import load_index

SUPPORT_KINDS = ("ListeningHub", "PeerSupportGroup")
KIND_WORDS = {"ListeningHub": "listening hub", "PeerSupportGroup": "peer-support group", "Hub": "hub"}


class PlacesToGo:
    """Distances from people's areas, over the network ``G`` less the nodes in ``gone``.

    ``area_codes`` maps an area's name (as people carry it) to its code."""

    def __init__(self, G, area_codes: dict[str, str], gone=()):
        self.G, self.area_codes = G, area_codes
        gone = set(gone)
        self.support = [n for n, a in G.nodes(data=True)
                        if a["kind"] == "asset" and n not in gone and a.get("lat") is not None
                        and set(a.get("roles") or ()) & set(SUPPORT_KINDS)]
        if self.support:
            east, north = to_grid(np.array([G.nodes[n]["lat"] for n in self.support], dtype=float),
                                  np.array([G.nodes[n]["lon"] for n in self.support], dtype=float))
            self.grid = np.column_stack((np.atleast_1d(east), np.atleast_1d(north)))
        self._centres: dict[str, tuple[float, float] | None] = {}

    def centre(self, person) -> tuple[float, float] | None:
        """The grid point of the person's area's centre; None when the area is not known."""
        area = self.G.nodes[person].get("area")
        if not area:
            return None
        if area not in self._centres:
            where = load_index().la_location(self.area_codes.get(area, ""))
            self._centres[area] = (where.easting, where.northing) if where is not None else None
        return self._centres[area]

    def miles(self, person, asset) -> float | None:
        """Miles from the person's area to the asset's published point, to a tenth."""
        origin, lat = self.centre(person), self.G.nodes[asset].get("lat")
        if origin is None or lat is None:
            return None
        east, north = to_grid(lat, self.G.nodes[asset]["lon"])
        return round(float(np.hypot(east - origin[0], north - origin[1])) / METRES_PER_MILE, 1)

    def nearest_support(self, person) -> dict | None:
        """``{"name", "kind", "miles"}`` of the listening hub or peer-support group left nearest the
        person's area (ties: the first by name); None without an area or any such place."""
        origin = self.centre(person)
        if origin is None or not self.support:
            return None
        dist = np.hypot(self.grid[:, 0] - origin[0], self.grid[:, 1] - origin[1])
        best = min(range(len(self.support)), key=lambda i: (round(dist[i]), self.G.nodes[self.support[i]]["name"]))
        asset = self.G.nodes[self.support[best]]
        kind = next(r for r in asset["roles"] if r in SUPPORT_KINDS)
        return {"name": asset["name"], "kind": KIND_WORDS[kind], "miles": round(float(dist[best]) / METRES_PER_MILE, 1)}
