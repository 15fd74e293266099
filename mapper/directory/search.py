"""Find support near a place: a postcode or place name, a radius and the filters
(``filters``: one vocabulary for every page and API), nearest first.

The directory is read once per write generation and held in the process (``catalogue``):
distances are taken in British National Grid metres with numpy over every asset's public
point, which over South London are within about 0.02% of ground distance, and the filters
are applied there, as the named queries apply them. Every
result is the asset's one public view (``assets.public_view``): one that hides its address is
placed, searched and shown at the centre of its postcode district.

>>> parse_radius("3 miles")
(4828.032, 3.0, 'miles')
>>> parse_radius("2", "km")
(2000.0, 2.0, 'km')

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from mapper.directory.assets import (  # noqa: F401  (bench)
    by_ids, district as _district, public_grid, public_point, public_view, with_distance)
from mapper.db import warming
from mapper.db.derived import Derived
from mapper.directory.catalogue import HIDDEN_MARGIN_M, Catalogue, read as read_catalogue
from mapper.directory.filters import (  # noqa: F401  (the search's vocabulary)
    FIELDS, KIND_LABELS, Filters, SearchError, arg, checked_filters, facets, parse_filters)
from mapper.directory.filters import keep_warm as keep_facets_warm
from mapper.geo.distance import METRES_PER_MILE
from mapper.geo.places import place_names, resolve
from mapper.geo.postcodes.index import load_index, lookup
from mapper.geo.postcodes.values import PostcodeError, parse

DEFAULT_RADIUS_KM = 2.0
MAX_RADIUS_KM = 50.0
KM_PER_MILE = METRES_PER_MILE / 1000.0

_RADIUS = re.compile(r"^\s*(?P<n>[0-9]*\.?[0-9]+)\s*(?P<unit>km|kms|k|kilomet(?:re|er)s?|mi|mile|miles)?\s*$", re.I)


@dataclass(frozen=True)
class Query:
    where: str | None
    radius_m: float
    radius: float
    unit: str
    filters: Filters = field(default_factory=Filters)

    def args(self, radius: float | None = None) -> dict:
        out = {"where": self.where, "radius": _fmt(radius if radius is not None else self.radius),
               "unit": self.unit}
        out.update(self.filters.args())
        return {k: v for k, v in out.items() if v}


def _fmt(x: float) -> str:
    return f"{x:g}"


# --------------------------------------------------------------------------- reading input


def parse_radius(text: str | None, unit: str | None = None) -> tuple[float, float, str]:
    """``(metres, number, unit)`` from "2", "2 km", "1.5 miles" (unit "km" or "miles")."""
    unit = (unit or "km").strip().lower()
    if unit in ("mi", "mile"):
        unit = "miles"
    if unit not in ("km", "miles"):
        raise ValueError(f"unknown unit '{unit}': choose km or miles")
    if text is None or not str(text).strip():
        number = DEFAULT_RADIUS_KM if unit == "km" else round(DEFAULT_RADIUS_KM / KM_PER_MILE, 1)
    else:
        match = _RADIUS.match(str(text))
        if not match:
            try:
                value = float(str(text).strip())
            except ValueError:
                value = None
            if value is not None and value <= 0:
                raise ValueError("the distance must be more than 0")
            raise ValueError(f"'{text}' is not a distance: give a number of km or miles, e.g. 2")
        number = float(match.group("n"))
        if match.group("unit"):
            unit = "miles" if match.group("unit").lower().startswith("mi") else "km"
    if not math.isfinite(number) or number <= 0:
        raise ValueError("the distance must be more than 0")
    km = number * (KM_PER_MILE if unit == "miles" else 1.0)
    if km > MAX_RADIUS_KM + 1e-9:
        raise ValueError(f"the distance can be at most {MAX_RADIUS_KM:g} km "
                         f"({MAX_RADIUS_KM / KM_PER_MILE:.0f} miles)")
    return round(km * 1000.0, 3), number, unit


def parse_query(args: Mapping, store, need_where: bool = False) -> Query:
    """A Query from request arguments, or ``SearchError`` naming every bad field."""
    errors: dict[str, str] = {}
    where = arg(args, "where") or arg(args, "postcode")
    if need_where and not where:
        errors["where"] = "give a postcode (e.g. SE15 5DQ), a district (SE15) or a place (Peckham)"
    try:
        radius_m, radius, unit = parse_radius(arg(args, "radius"), arg(args, "unit"))
    except ValueError as exc:
        errors["radius"] = str(exc)
        radius_m, radius, unit = DEFAULT_RADIUS_KM * 1000, DEFAULT_RADIUS_KM, "km"
    filters = parse_filters(args, store, errors)
    suggestions: list[str] = []
    if where:
        try:
            resolve(where)
        except PostcodeError as exc:
            suggestions = suggest(where)
            if suggestions and exc.reason == "malformed":
                errors["where"] = f"'{where}' is not a UK postcode or a place we know"
            else:
                errors["where"] = str(exc)
    if errors:
        raise SearchError(errors, suggestions)
    return Query(where, radius_m, radius, unit, filters)


# --------------------------------------------------------------------------- suggestions

_CONFUSABLE = {"O": "0", "0": "O", "I": "1", "1": "I", "L": "1", "S": "5", "5": "S", "Z": "2", "2": "Z",
               "B": "8", "8": "B", "G": "6", "6": "G"}
_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _exists(compact: str) -> str | None:
    if len(compact) < 5:
        return None
    text = f"{compact[:-3]} {compact[-3:]}"
    try:
        parse(text)
    except PostcodeError:
        return None
    loc = lookup(text)
    return loc.postcode if loc and loc.kind == "postcode" else None


def suggest(text: str, limit: int = 3) -> list[str]:
    """Postcodes or place names one slip away from ``text`` ("SE15 SDQ" -> ["SE15 5DQ"])."""
    raw = re.sub(r"\s+", "", str(text or "").upper())
    found: list[str] = []

    def add(pc: str | None) -> None:
        if pc and pc not in found:
            found.append(pc)

    if 5 <= len(raw) <= 8 and raw.isalnum():
        # Characters that look alike first, then one change of any kind.
        for i, ch in enumerate(raw):
            if ch in _CONFUSABLE:
                add(_exists(raw[:i] + _CONFUSABLE[ch] + raw[i + 1:]))
        if not found:
            for i in range(len(raw) - 1):
                add(_exists(raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:]))
            for i in range(len(raw)):
                add(_exists(raw[:i] + raw[i + 1:]))
            # Changing a character of the inward code keeps the district: likeliest first.
            for i in range(len(raw) - 1, -1, -1):
                for ch in _CHARS:
                    if ch != raw[i]:
                        add(_exists(raw[:i] + ch + raw[i + 1:]))
                if len(found) >= limit:
                    break
    if not found:
        names = place_names()
        lower = {n.lower(): n for n in names}
        for hit in difflib.get_close_matches(str(text).strip().lower(), list(lower), n=limit, cutoff=0.75):
            add(lower[hit])
    return found[:limit]


# --------------------------------------------------------------------------- searching


def _bbox(lat: float, lon: float, metres: float) -> dict:
    dlat = metres / 111_000.0
    dlon = metres / (111_000.0 * max(math.cos(math.radians(lat)), 0.01))
    return {"south": lat - dlat, "north": lat + dlat, "west": lon - dlon, "east": lon + dlon}


def _districts_within(origin, metres: float) -> list[str]:
    """Postcode districts whose centre lies within ``metres`` of the origin (grid metres)."""
    idx = load_index()
    d = np.hypot(idx.out_easting - origin.easting, idx.out_northing - origin.northing)
    return [k.decode().strip() for k in idx.out_keys[d <= metres]]


# The directory, read once per write generation and held in each app process (see ``catalogue``).
_HELD = Derived(lambda store: read_catalogue(store, public_grid), keep=4)


def catalogue(store) -> Catalogue:
    """The directory at the store's current write generation (read once per generation and process)."""
    return _HELD.get(store)


def keep_warm(store) -> None:
    """Read the directory again in the background after each write (``mapper.db.warming``), with
    the filters' choices, so that the next visitor of the public pages does not wait for them."""
    warming.keep_warm(_HELD, store)
    keep_facets_warm(store)


def near(store, query: Query, limit: int | None = None) -> dict:
    """Assets within the radius of the query's place, nearest first, from the directory held in
    this process (``catalogue``: read once per write generation).

    Returns ``{"origin": Location, "results": [...], "radius_m": ..., "wider": radius or None}``.
    """
    origin = resolve(query.where)
    held = catalogue(store)
    found = held.near(origin, query.radius_m, query.filters)
    if limit is not None:
        found = found[:limit]
    results = [with_distance(public_view(held.rows[i]), metres) for i, metres in found]
    wider = None
    if not results and query.radius_m < MAX_RADIUS_KM * 1000:
        km = min(MAX_RADIUS_KM, max(query.radius_m / 1000 * 2.5, 5.0))
        wider = round(km if query.unit == "km" else km / KM_PER_MILE, 1)
    return {"origin": origin, "results": results, "radius_m": query.radius_m, "wider": wider}


def listing(store, filters: Filters = Filters(), ids: list[str] | None = None) -> list[dict]:
    """Every asset passing the filters (no place given), by name, as anyone may see them."""
    if ids is not None:  # a shortlist: those entries, whatever the filters
        return [entry for entry, opening in by_ids(store, ids) if filters.matches_opening(opening)]
    held = catalogue(store)
    return [public_view(held.rows[i]) for i in held.passing(filters)]


def directory(store, args: Mapping) -> list[dict]:
    """Every asset passing the filters in ``args`` (``/api/assets``), by name, as anyone may see
    them; ``SearchError`` names every bad filter."""
    return listing(store, checked_filters(args, store))


def find(store, args: Mapping, limit: int | None = None, need_where: bool = False) -> dict:
    """The directory as a search asks for it (the ``/assets`` and ``/prescribers/`` pages,
    ``/api/assets``): near a place, nearest first, when ``where`` is given, else every entry
    passing the filters, by name. Returns ``{"query", "results", "origin", "wider"}``; raises
    ``SearchError`` naming every bad field."""
    query = parse_query(args, store, need_where)
    if query.where:
        found = near(store, query, limit)
        return {"query": query, "results": found["results"], "origin": found["origin"], "wider": found["wider"]}
    return {"query": query, "results": listing(store, query.filters), "origin": None, "wider": None}


def map_points(store, filters: Filters = Filters()) -> list[dict]:
    """Every asset passing the filters, as a marker: id, name, kind, where anyone may see it (a
    district's centre for an asset that hides its address) and whether that point is exact."""
    held = catalogue(store)
    out = []
    for i in held.passing(filters):
        row = held.rows[i]
        lat, lon = public_point(row)  # as public_view places it, without copying every field
        if lat is not None:
            out.append({"id": row["id"], "name": row["name"], "kind": row["kind"], "lat": lat, "lon": lon,
                        "precise": not row.get("hide_address")})
    return out


def origin_dict(origin) -> dict:
    return {"query": origin.label, "postcode": origin.postcode, "kind": origin.kind,
            "lat": round(origin.lat, 6), "lon": round(origin.lon, 6), "area": origin.la_name}
