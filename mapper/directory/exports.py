"""The directory as files: CSV (safe to open in a spreadsheet), GeoJSON and Open Referral UK JSON.

Assets are exported as anyone may see them: one that hides its address goes out by area only
(its postcode district, its borough and the centre of the district).

>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> safe_cell("-5"), safe_cell("Peckham")
("'-5", 'Peckham')
"""
from __future__ import annotations

import csv
import io
import json

from mapper.geo.postcodes.values import POSTCODE_ATTRIBUTION
from mapper.directory import openreferral as oruk
from mapper.directory.search import listing
from mapper.db.store import Store

FORMATS = ("csv", "geojson", "oruk")
CSV_COLUMNS = ("id", "name", "kind", "description", "address", "postcode", "area", "lat", "lon", "location_precision",
               "themes", "languages", "accessibility", "cost", "opening", "contact", "last_verified", "run_by")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(entry: dict) -> dict:
    out = {}
    for col in CSV_COLUMNS:
        if col == "location_precision":
            value = "exact" if entry.get("precise") else "area"
        else:
            value = entry.get(col)
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        out[col] = value
    return out


def to_csv(entries: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        row = _row(entry)
        writer.writerow({k: (v if isinstance(v, (int, float)) and not isinstance(v, bool) else safe_cell(v))
                         for k, v in row.items()})
    return buffer.getvalue()


def to_geojson(entries: list[dict]) -> dict:
    features = []
    for entry in entries:
        if entry.get("lat") is None:
            continue
        props = {k: v for k, v in _row(entry).items() if k not in ("lat", "lon")}
        for key in ("themes", "languages", "accessibility", "opening", "run_by"):
            props[key] = entry.get(key) or []
        features.append({"type": "Feature", "id": entry["id"],
                         "geometry": {"type": "Point", "coordinates": [entry["lon"], entry["lat"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features, "attribution": POSTCODE_ATTRIBUTION}


def export(store: Store, fmt: str) -> str:
    """The whole directory in one of FORMATS, as text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    entries = listing(store)
    if fmt == "csv":
        return to_csv(entries)
    if fmt == "geojson":
        return json.dumps(to_geojson(entries), ensure_ascii=False, indent=1)
    services = oruk.services(store, entries)
    return json.dumps({"total_items": len(services), "total_pages": 1, "page_number": 1, "size": len(services),
                       "first_page": True, "last_page": True, "empty": not services, "contents": services},
                      ensure_ascii=False, indent=1)
