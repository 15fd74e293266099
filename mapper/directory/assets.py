"""The one public view of a community asset (hub, listening hub or peer-support group): what
anyone may see of it, the same for every page, the API, the map, the exports and the Open
Referral UK feed.

An asset may hide its address. It is then shown, searched and exported by area only: its
published postcode district (the outward code, e.g. ``SE15``) and the centre of that district;
its street address, full postcode and the exact point stored in Neo4j are never shown, and no
distance is measured from that point. One whose district cannot be placed has no point at all.

>>> outward(" se15 5dq ")
'SE15'
>>> public_point({"hide_address": False, "lat": 51.47, "lon": -0.07, "postcode": "SE15 5DQ"})
(51.47, -0.07)
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from mapper.directory.filters import KIND_LABELS  # noqa: F401  (the kinds of asset, as shown)
from mapper.geo.distance import METRES_PER_MILE, to_grid
from mapper.geo.postcodes.index import lookup


def outward(postcode: str | None) -> str | None:
    """The postcode district (outward code) that an asset hiding its address publishes."""
    return (postcode or "").strip().upper().split(" ")[0] or None


@lru_cache(maxsize=4096)
def district(postcode: str | None):
    """The centre of a postcode's district (a ``Location``), or None when it cannot be placed."""
    code = outward(postcode)
    return lookup(code) if code else None


def public_point(row: dict) -> tuple[float | None, float | None]:
    """Where anyone may see the asset: its own point, or for one that hides its address the
    centre of its postcode district (rounded to about 10 m); ``(None, None)`` when neither is known."""
    if not row.get("hide_address"):
        return row.get("lat"), row.get("lon")
    found = district(row.get("postcode"))
    return (round(found.lat, 4), round(found.lon, 4)) if found else (None, None)


def public_view(row: dict) -> dict:
    """What anyone may see of an asset (a row of the directory's queries). One that hides its
    address keeps its area, its postcode district and the centre of that district; its address,
    full postcode and exact point go. ``precise`` says which it is."""
    view = dict(row)
    view["kind_label"] = KIND_LABELS.get(row.get("kind"), row.get("kind"))
    view["precise"] = not row.get("hide_address")
    view.pop("theme_ids", None)
    view["lat"], view["lon"] = public_point(row)
    if row.get("hide_address"):
        view["address"] = None
        view["postcode"] = outward(row.get("postcode"))
    view["last_verified"] = row.get("last_checked")
    return view


def public_grid(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid metres of each asset's public point (NaN where it has none): an
    asset that hides its address is measured from its district's own grid centre, never from
    the point stored for it."""
    east, north = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    exact = [i for i, r in enumerate(rows) if not r.get("hide_address") and r.get("lat") is not None]
    if exact:
        lat = np.array([rows[i]["lat"] for i in exact], dtype=float)
        lon = np.array([rows[i]["lon"] for i in exact], dtype=float)
        east[exact], north[exact] = to_grid(lat, lon)
    for i, r in enumerate(rows):
        if r.get("hide_address"):
            found = district(r.get("postcode"))
            if found is not None:
                east[i], north[i] = found.easting, found.northing
    return east, north


def by_ids(store, ids) -> list[tuple[dict, list]]:
    """The given entries (a shortlist's), by name, each as anyone may see it with its opening times."""
    rows = sorted(store.read("assets_by_ids", ids=list(ids)), key=lambda r: (r["name"] or "", r["id"]))
    return [(public_view(r), r["opening"]) for r in rows]


def with_distance(entry: dict, metres: float) -> dict:
    """``entry`` with how far it is, in metres, kilometres and miles."""
    entry["distance_m"] = round(float(metres), 1)
    entry["distance_km"] = round(float(metres) / 1000.0, 2)
    entry["distance_miles"] = round(float(metres) / METRES_PER_MILE, 2)
    return entry
