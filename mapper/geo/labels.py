"""Names to draw on the map when there are no tiles: each London borough's name at a point inside
its outline (shapely's representative point: always inside, unlike a centroid), and South London
place names (``places.PLACES``) at the postcode of their centre. All from the offline data.
"""
from __future__ import annotations

from functools import lru_cache

from mapper.geo.boroughs import borough_geojson
from mapper.geo.places import PLACES
from mapper.geo.postcodes.index import load_index


@lru_cache(maxsize=1)
def map_labels() -> dict:
    """``{"boroughs": [{"code", "name", "area_km2", "lat", "lon"}], "places": [{"name", "code", "lat", "lon"}]}``,
    sorted by name; a place's ``code`` is its borough's. Computed once per process."""
    import shapely.geometry

    boroughs = []
    for feature in borough_geojson()["features"]:
        point = shapely.geometry.shape(feature["geometry"]).representative_point()
        boroughs.append({"code": feature["properties"]["code"], "name": feature["properties"]["name"],
                         "area_km2": feature["properties"]["area_km2"], "lat": round(point.y, 5), "lon": round(point.x, 5)})
    index = load_index()
    places, seen = [], set()
    for name, (postcode, code) in sorted(PLACES.items()):
        found = index.lookup(postcode)
        if found is None or postcode in seen:  # two names for one spot (Norwood, West Norwood): the first
            continue
        seen.add(postcode)
        places.append({"name": name, "code": code, "lat": round(found.lat, 5), "lon": round(found.lon, 5)})
    return {"boroughs": sorted(boroughs, key=lambda b: b["name"]), "places": places}
