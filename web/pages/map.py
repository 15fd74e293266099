"""The live map (anyone may open it), its data, Leaflet served from npm, and ``GET /api/search``.

No person is ever on the map: only assets, borough outlines and coverage shading.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, send_from_directory

from mapper import geo
from mapper.directory import search

from web.db import get_store
from web.security import csrf

bp = Blueprint("map", __name__)
api_bp = Blueprint("directory_api", __name__, url_prefix="/api")
csrf.exempt(api_bp)

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
# The only files served from web/node_modules (installed by `npm ci` in bin/setup).
VENDOR_DIRS = ("leaflet/dist/", "leaflet.markercluster/dist/", "vis-network/standalone/umd/")
DEFAULT_GAP_KM = 2.0


def tile_settings() -> dict:
    url = current_app.config.get("MAPPER_TILE_URL", os.environ.get("MAPPER_TILE_URL", ""))
    attribution = current_app.config.get("MAPPER_TILE_ATTRIBUTION",
                                         os.environ.get("MAPPER_TILE_ATTRIBUTION", "© OpenStreetMap contributors"))
    return {"url": url or "", "attribution": attribution if url else ""}


@bp.route("/vendor/<path:filename>")
def vendor(filename: str):
    if not filename.startswith(VENDOR_DIRS) or ".." in filename.split("/"):
        abort(404)
    if not NODE_MODULES.is_dir():
        abort(404, description="Front-end packages are not installed: run bin/setup (npm ci in web/).")
    response = send_from_directory(NODE_MODULES, filename, max_age=86400)
    return response


@bp.route("/map")
def live_map():
    store = get_store()
    form = {name: (request.args.get(name) or "").strip() for name in search.FIELDS}
    form["gap"] = (request.args.get("gap") or "").strip()
    errors: dict[str, str] = {}
    search.parse_filters(request.args, store, errors)
    try:
        gap_m = _gap_metres()
    except ValueError as exc:
        errors["gap"] = str(exc)
    return render_template("map.html", form=form, errors=errors, facets=search.facets(store),
                           tiles=tile_settings(), attribution=geo.POSTCODE_ATTRIBUTION,
                           gap_km=form["gap"] or f"{DEFAULT_GAP_KM:g}"), (400 if errors else 200)


def _gap_metres() -> float:
    raw = request.args.get("gap")
    metres, _, _ = search.parse_radius(raw if raw not in (None, "") else str(DEFAULT_GAP_KM),
                                       request.args.get("gap_unit") or "km")
    return metres


def _filters_or_400() -> search.Filters:
    errors: dict[str, str] = {}
    filters = search.parse_filters(request.args, get_store(), errors)
    if errors:
        _bad(errors)
    return filters


def _bad(errors: dict, suggestions: list | None = None):
    detail = "; ".join(f"{k}: {v}" for k, v in errors.items())
    if suggestions:
        detail += f" (did you mean {' or '.join(suggestions)}?)"
    response = jsonify({"error": "Bad input", "detail": detail, "status": 400, "fields": errors,
                        "suggestions": suggestions or []})
    response.status_code = 400
    abort(response)


@bp.route("/map/assets.json")
def map_assets():
    """Markers for every asset passing the filters: ``[id, name, kind, lat, lon, exact]`` each."""
    points = search.map_points(get_store(), _filters_or_400())
    return jsonify({"fields": ["id", "name", "kind", "lat", "lon", "exact"],
                    "assets": [[p["id"], p["name"], p["kind"], p["lat"], p["lon"], p["precise"]] for p in points]})


@bp.route("/map/assets/<asset_id>.json")
def map_asset(asset_id: str):
    """A popup's essentials for one asset, as anyone may see them."""
    found = search.listing(get_store(), ids=[asset_id])
    if not found:
        abort(404, description="No such entry.")
    keep = ("id", "name", "kind", "kind_label", "precise", "address", "postcode", "area", "opening", "contact",
            "cost", "last_verified")
    return jsonify({k: found[0].get(k) for k in keep})


@bp.route("/map/boroughs.json")
def boroughs():
    return Response(geo.borough_geojson_text(), mimetype="application/json",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.route("/map/gaps.json")
def gaps():
    try:
        metres = _gap_metres()
    except ValueError as exc:
        _bad({"gap": str(exc)})
    return jsonify(search.coverage_gaps(get_store(), metres, _filters_or_400()))


@api_bp.route("/search")
def api_search():
    """Assets near a postcode or place, nearest first (anyone may call it)."""
    store = get_store()
    try:
        query = search.parse_query(request.args, store, need_where=True)
    except search.SearchError as exc:
        _bad(exc.errors, exc.suggestions)
    limit_raw = request.args.get("limit", "50")
    if not limit_raw.isdigit() or not 1 <= int(limit_raw) <= 500:
        _bad({"limit": "'limit' must be a whole number from 1 to 500"})
    found = search.near(store, query, limit=int(limit_raw))
    return jsonify({
        "origin": search.origin_dict(found["origin"]),
        "radius": {"value": query.radius, "unit": query.unit, "metres": query.radius_m},
        "filters": query.filters.args(),
        "count": len(found["results"]),
        "results": found["results"],
        "wider_radius": found["wider"],
        "attribution": geo.POSTCODE_ATTRIBUTION,
    })
