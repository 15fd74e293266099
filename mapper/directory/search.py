"""Find support near a place: a postcode or place name, a radius and filters, nearest first.

Candidates come from Neo4j through the point index on ``Asset.location`` (a bounding box with
the filters applied in the query); exact distances are then taken in British National Grid
metres with numpy, which over South London are within about 0.02% of ground distance. An asset
that hides its address is placed, searched and shown at the centre of its postcode district.

>>> parse_radius("3 miles")
(4828.032, 3.0, 'miles')
>>> parse_radius("2", "km")
(2000.0, 2.0, 'km')
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

import numpy as np

from mapper import geo
from mapper.directory import opening
from mapper.directory.assets import KIND_LABELS
from mapper.db.store import Store

DEFAULT_RADIUS_KM = 2.0
MAX_RADIUS_KM = 50.0
KM_PER_MILE = geo.METRES_PER_MILE / 1000.0
HIDDEN_MARGIN_M = 12_000.0  # how far a district's centre may lie from the asset itself
FIELDS = ("where", "radius", "unit", "theme", "kind", "language", "access", "cost", "day", "time")

_KIND_WORDS = {re.sub(r"[^a-z]", "", label.lower()): kind for kind, label in KIND_LABELS.items()}
_KIND_WORDS.update({k.lower(): k for k in KIND_LABELS})
_RADIUS = re.compile(r"^\s*(?P<n>[0-9]*\.?[0-9]+)\s*(?P<unit>km|kms|k|kilomet(?:re|er)s?|mi|mile|miles)?\s*$", re.I)


class SearchError(ValueError):
    """Bad search input: ``errors`` maps each field to a message; ``suggestions`` may hold
    postcodes or places the person may have meant."""

    def __init__(self, errors: dict[str, str], suggestions: list[str] | None = None):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        self.suggestions = suggestions or []


@dataclass(frozen=True)
class Filters:
    theme: str | None = None  # a theme id
    kind: str | None = None
    language: str | None = None  # as written in the directory
    access: str | None = None  # lower case, matched as part of an access need
    free: bool = False
    day: int | None = None
    part: str | None = None

    def params(self) -> dict:
        """Parameters of the named queries."""
        return {"theme": self.theme, "kind": self.kind,
                "language": self.language.lower() if self.language else None,
                "access": self.access, "free": True if self.free else None}

    def args(self) -> dict:
        """As URL query arguments (to repeat a search, or widen it)."""
        out = {"theme": self.theme, "kind": self.kind, "language": self.language, "access": self.access,
               "cost": "free" if self.free else None,
               "day": opening.DAY_NAMES[self.day] if self.day is not None else None, "time": self.part}
        return {k: v for k, v in out.items() if v}

    def matches_opening(self, lines) -> bool:
        return opening.is_open(lines, self.day, self.part)


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


def facets(store: Store) -> dict:
    """The values each filter may take, from the directory itself."""
    row = store.read_one("directory_facets") or {}
    return {"themes": store.read("list_themes"), "kinds": KIND_LABELS,
            "languages": row.get("languages", []), "accessibility": row.get("accessibility", []),
            "costs": row.get("costs", []), "days": opening.DAY_NAMES, "times": opening.PART_LABELS}


def _arg(args: Mapping, name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def parse_filters(args: Mapping, store: Store, errors: dict[str, str]) -> Filters:
    """The filters in ``args``; unknown values are added to ``errors`` by field."""
    values: dict = {}
    theme = _arg(args, "theme")
    if theme:
        themes = store.read("list_themes")
        hit = next((t["id"] for t in themes if theme.lower() in (t["id"].lower(), t["name"].lower())), None)
        if hit is None:
            errors["theme"] = f"unknown theme '{theme}': choose one of {', '.join(t['name'] for t in themes)}"
        values["theme"] = hit
    kind = _arg(args, "kind")
    if kind:
        hit = _KIND_WORDS.get(re.sub(r"[^a-z]", "", kind.lower()))
        if hit is None:
            errors["kind"] = f"unknown kind '{kind}': choose one of {', '.join(KIND_LABELS.values())}"
        values["kind"] = hit
    language, access = _arg(args, "language"), _arg(args, "access")
    if language or access:
        known = facets(store)
        if language:
            hit = next((x for x in known["languages"] if x.lower() == language.lower()), None)
            if hit is None:
                close = difflib.get_close_matches(language.title(), known["languages"], n=1)
                errors["language"] = (f"no entry lists the language '{language}'"
                                      + (f" (did you mean {close[0]}?)" if close else ""))
            values["language"] = hit
        if access:
            if not any(access.lower() in x.lower() for x in known["accessibility"]):
                errors["access"] = (f"unknown access need '{access}': e.g. "
                                    f"{', '.join(known['accessibility'][:6])}")
            values["access"] = access.lower()
    cost = _arg(args, "cost")
    if cost:
        if cost.lower() != "free":
            errors["cost"] = f"unknown cost '{cost}': leave it empty for any cost, or choose free"
        values["free"] = cost.lower() == "free"
    day = _arg(args, "day")
    if day:
        try:
            values["day"] = opening.day_index(day)
        except opening.OpeningError as exc:
            errors["day"] = str(exc)
    part = _arg(args, "time")
    if part:
        try:
            values["part"] = opening.part_of_day(part)
        except opening.OpeningError as exc:
            errors["time"] = str(exc)
    return Filters(**values)


def parse_query(args: Mapping, store: Store, need_where: bool = False) -> Query:
    """A Query from request arguments, or ``SearchError`` naming every bad field."""
    errors: dict[str, str] = {}
    where = _arg(args, "where") or _arg(args, "postcode")
    if need_where and not where:
        errors["where"] = "give a postcode (e.g. SE15 5DQ), a district (SE15) or a place (Peckham)"
    try:
        radius_m, radius, unit = parse_radius(_arg(args, "radius"), _arg(args, "unit"))
    except ValueError as exc:
        errors["radius"] = str(exc)
        radius_m, radius, unit = DEFAULT_RADIUS_KM * 1000, DEFAULT_RADIUS_KM, "km"
    filters = parse_filters(args, store, errors)
    suggestions: list[str] = []
    if where:
        try:
            geo.resolve(where)
        except geo.PostcodeError as exc:
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
        geo.parse(text)
    except geo.PostcodeError:
        return None
    loc = geo.lookup(text)
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
        names = geo.place_names()
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
    idx = geo.load_index()
    d = np.hypot(idx.out_easting - origin.easting, idx.out_northing - origin.northing)
    return [k.decode().strip() for k in idx.out_keys[d <= metres]]


@lru_cache(maxsize=4096)
def _district(postcode: str | None):
    """The centre of an asset's postcode district (for entries that hide their address)."""
    outward = (postcode or "").strip().upper().split(" ")[0]
    if not outward:
        return None
    loc = geo.lookup(outward)
    return loc if loc is not None else None


def public_entry(row: dict) -> dict:
    """What anyone may see of an asset. One that hides its address keeps its area, its
    postcode district and the centre of that district; its address and exact point go."""
    entry = dict(row)
    entry["kind_label"] = KIND_LABELS.get(row.get("kind"), row.get("kind"))
    entry["precise"] = not row.get("hide_address")
    entry.pop("theme_ids", None)
    if row.get("hide_address"):
        district = _district(row.get("postcode"))
        entry["address"] = None
        entry["postcode"] = (row.get("postcode") or "").strip().upper().split(" ")[0] or None
        entry["lat"] = round(district.lat, 4) if district else None
        entry["lon"] = round(district.lon, 4) if district else None
    entry["last_verified"] = row.get("last_checked")
    return entry


def _grid(entries: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Grid metres of each (public) entry; NaN where it has no point."""
    lat = np.array([e["lat"] if e["lat"] is not None else np.nan for e in entries], dtype=float)
    lon = np.array([e["lon"] if e["lon"] is not None else np.nan for e in entries], dtype=float)
    east, north = np.full(len(entries), np.nan), np.full(len(entries), np.nan)
    ok = ~np.isnan(lat)
    if ok.any():
        east[ok], north[ok] = geo.to_grid(lat[ok], lon[ok])
    for i, e in enumerate(entries):  # districts: their own grid centre, not a round trip
        if not e["precise"]:
            d = _district(e.get("postcode"))
            if d is not None:
                east[i], north[i] = d.easting, d.northing
    return east, north


def with_distance(entry: dict, metres: float) -> dict:
    entry["distance_m"] = round(float(metres), 1)
    entry["distance_km"] = round(float(metres) / 1000.0, 2)
    entry["distance_miles"] = round(float(metres) / geo.METRES_PER_MILE, 2)
    return entry


def near(store: Store, query: Query, limit: int | None = None) -> dict:
    """Assets within the radius of the query's place, nearest first.

    Returns ``{"origin": Location, "results": [...], "radius_m": ..., "wider": radius or None}``.
    """
    origin = geo.resolve(query.where)
    loose = query.radius_m * 1.01 + 100.0  # grid and great-circle metres differ by well under 1%
    box = _bbox(origin.lat, origin.lon, loose)
    hidden = _bbox(origin.lat, origin.lon, query.radius_m * 1.02 + HIDDEN_MARGIN_M)
    rows = store.read("search_near", **box, **{f"hidden_{k}": v for k, v in hidden.items()},
                      lat=origin.lat, lon=origin.lon, loose_radius=loose,
                      districts=_districts_within(origin, query.radius_m + 1.0), **query.filters.params())
    rows = [r for r in rows if query.filters.matches_opening(r["opening"])]
    # Candidates first (a few small fields each), full entries only for those in range.
    points = [{"lat": r["lat"], "lon": r["lon"], "precise": not r["hide_address"], "postcode": r["postcode"]}
              for r in rows]
    east, north = _grid(points)
    dist = np.hypot(east - origin.easting, north - origin.northing)
    keep = [i for i in np.flatnonzero(~np.isnan(dist) & (dist <= query.radius_m))]
    keep.sort(key=lambda i: (dist[i], rows[i]["name"] or "", rows[i]["id"]))
    if limit is not None:
        keep = keep[:limit]
    full = {r["id"]: r for r in store.read("assets_by_ids", ids=[rows[i]["id"] for i in keep])} if keep else {}
    results = [with_distance(public_entry(full[rows[i]["id"]]), dist[i]) for i in keep if rows[i]["id"] in full]
    wider = None
    if not results and query.radius_m < MAX_RADIUS_KM * 1000:
        km = min(MAX_RADIUS_KM, max(query.radius_m / 1000 * 2.5, 5.0))
        wider = round(km if query.unit == "km" else km / KM_PER_MILE, 1)
    return {"origin": origin, "results": results, "radius_m": query.radius_m, "wider": wider}


def listing(store: Store, filters: Filters = Filters(), ids: list[str] | None = None) -> list[dict]:
    """Every asset passing the filters (no place given), by name, as anyone may see them."""
    if ids is not None:  # a shortlist: those entries, whatever the filters
        rows = sorted(store.read("assets_by_ids", ids=list(ids)), key=lambda r: (r["name"] or "", r["id"]))
    else:
        rows = store.read("search_all", ids=None, **filters.params())
    return [public_entry(r) for r in rows if filters.matches_opening(r["opening"])]


def map_points(store: Store, filters: Filters = Filters()) -> list[dict]:
    """Every asset passing the filters, as a marker: id, name, kind, where (a district's centre
    for an asset that hides its address) and whether that point is exact."""
    rows = store.read("map_points", **filters.params())
    out = []
    for r in rows:
        if not filters.matches_opening(r["opening"]):
            continue
        if r["hide_address"]:
            district = _district(r["postcode"])
            lat, lon = (round(district.lat, 4), round(district.lon, 4)) if district else (None, None)
        else:
            lat, lon = r["lat"], r["lon"]
        if lat is not None:
            out.append({"id": r["id"], "name": r["name"], "kind": r["kind"], "lat": lat, "lon": lon,
                        "precise": not r["hide_address"]})
    return out


def origin_dict(origin) -> dict:
    return {"query": origin.label, "postcode": origin.postcode, "kind": origin.kind,
            "lat": round(origin.lat, 6), "lon": round(origin.lon, 6), "area": origin.la_name}


# --------------------------------------------------------------------------- coverage gaps

SUPPORT_KINDS = ("ListeningHub", "PeerSupportGroup")
_SAMPLE_EVERY = 5  # every 5th London postcode (postcodes stand in for where people live)


@lru_cache(maxsize=2)
def _london_samples(every: int = _SAMPLE_EVERY):
    """Grid points of London postcodes, their borough code and their postcode district."""
    idx = geo.load_index()
    la = np.asarray(idx.la)
    wanted = np.array([c.startswith("E09") for c in idx.la_codes])
    rows = np.flatnonzero(wanted[la])[::every]
    keys = np.asarray(idx.keys)[rows]
    districts = np.array([k[:4].decode().strip() for k in keys])
    codes = np.array(idx.la_codes)[la[rows]]
    return (np.asarray(idx.easting)[rows].astype(float), np.asarray(idx.northing)[rows].astype(float),
            codes, districts)


def coverage_gaps(store: Store, distance_m: float, filters: Filters = Filters()) -> dict:
    """For each London borough, the share of its postcodes with no listening hub or peer-support
    group (passing the filters) within ``distance_m``; and the postcode districts mostly uncovered.

    Returns ``{"distance_m", "kinds", "boroughs": {code: {"uncovered", "points", "districts"}}}``.
    """
    kinds = (filters.kind,) if filters.kind else SUPPORT_KINDS
    params = {**filters.params(), "kinds": list(kinds)}
    params.pop("kind")
    entries = [{"lat": r["lat"], "lon": r["lon"], "precise": not r["hide_address"], "postcode": r["postcode"]}
               for r in store.read("support_points", **params) if filters.matches_opening(r["opening"])]
    east, north = _grid(entries) if entries else (np.empty(0), np.empty(0))
    ok = ~np.isnan(east)
    se, sn, codes, districts = _london_samples()
    covered = np.zeros(len(se), dtype=bool)
    if ok.any():
        from scipy.spatial import cKDTree

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
    return {"distance_m": distance_m, "kinds": list(kinds), "assets": int(ok.sum()), "boroughs": boroughs}
