"""The live map (anyone may open it), its data and Leaflet served from npm (``GET /api/search`` is in web/api/).

No person is ever on the map: only assets, borough outlines, place names and coverage shading (for the
boroughs the network serves).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, send_from_directory

from mapper import geo
from mapper.db import warming
from mapper.db.derived import Derived
from mapper.directory import coverage, filters, search
from mapper.directory.served_areas import ServedAreasError, configured_codes
from mapper.geo.labels import map_labels

from web.db import get_store
from web.problems import Problem, invalid

bp = Blueprint("map", __name__)

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
# The only files served from web/node_modules (installed by `npm ci` in bin/setup). Not
# leaflet.markercluster: it is only the bench's baseline (bench/baselines/map-before.js) now.
VENDOR_DIRS = ("leaflet/dist/", "supercluster/dist/supercluster.min.js",
               "sigma/dist/sigma.min.js", "graphology/dist/graphology.umd.min.js",
               "chart.js/dist/chart.umd.min.js")
DEFAULT_GAP_KM = 2.0
log = logging.getLogger(__name__)


@bp.record_once
def _prepare_in_background(state) -> None:
    """What every map visit needs and no write changes, made as the app starts rather than on its first
    visit: the borough and place names, the sample of London's postcodes the gaps are measured on, and
    the page's template (together some 0.15 s, much more when they all wait on one first visit)."""
    templates = state.app.jinja_env  # here, not in the thread: the app's one environment, made once

    def prepare() -> None:
        try:
            map_labels()
            coverage.prepare()
            templates.get_template("map.html")
        except Exception:  # noqa: BLE001  (the first visit makes them instead, and says what is wrong)
            log.debug("the map's data was not prepared in advance", exc_info=True)

    threading.Thread(target=prepare, name="map-prepare", daemon=True).start()


def tile_settings() -> dict:
    url = current_app.config["MAPPER_TILE_URL"]
    attribution = current_app.config["MAPPER_TILE_ATTRIBUTION"]
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
    search.keep_warm(store)
    form = {name: (request.args.get(name) or "").strip() for name in filters.FIELDS}
    form["gap"] = (request.args.get("gap") or "").strip()
    errors: dict[str, str] = {}
    filters.parse_filters(request.args, store, errors)
    try:
        _gap_metres()
    except ValueError as exc:
        errors["gap"] = str(exc)
    return render_template("map.html", form=form, errors=errors, facets=filters.facets(store),
                           tiles=tile_settings(), attribution=geo.POSTCODE_ATTRIBUTION,
                           gap_km=form["gap"] or f"{DEFAULT_GAP_KM:g}"), (400 if errors else 200)


def _gap_metres() -> float:
    raw = request.args.get("gap")
    metres, _, _ = search.parse_radius(raw if raw not in (None, "") else str(DEFAULT_GAP_KM),
                                       request.args.get("gap_unit") or "km")
    return metres


def _filters_or_400() -> filters.Filters:
    try:
        return filters.checked_filters(request.args, get_store())
    except filters.SearchError as exc:
        _bad(exc.errors)


def _bad(errors: dict):
    """The map's data answers bad filters as the API does: a problem document, 422."""
    raise invalid(errors)


def _kept_json(make):
    """A ``Derived`` of ``(etag, JSON bytes)`` from ``make(store, *key)``: made once per write
    generation and key in each process, the same ETag in every process for the same content."""
    def compute(store, *key):
        body = json.dumps(make(store, *key), separators=(",", ":")).encode()
        return hashlib.sha256(body).hexdigest()[:32], body
    return Derived(compute, keep=16)


def _revalidated(kept: Derived, *key, warm: bool = False) -> Response:
    """The kept JSON, or 304 when the browser holds it already (``If-None-Match``). With ``warm``
    (the map everyone opens first, without filters), it is made again in the background after each
    write (``mapper.db.warming``), so that the next visitor does not wait for it."""
    store = get_store()
    if warm:
        warming.keep_warm(kept, store, *key)
    etag, body = kept.get(store, *key)
    response = Response(status=304) if request.if_none_match.contains(etag) else Response(
        body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, no-cache"
    return response


def _markers(store, chosen: filters.Filters) -> dict:
    points = search.map_points(store, chosen)
    return {"fields": ["id", "name", "kind", "lat", "lon", "exact"],
            "assets": [[p["id"], p["name"], p["kind"], p["lat"], p["lon"], p["precise"]] for p in points]}


_MARKERS = _kept_json(_markers)
# the served areas' setting is part of the key: it is read afresh each time
_GAPS = _kept_json(lambda store, metres, chosen, _setting: coverage.coverage_gaps(store, metres, chosen))


@bp.route("/map/assets.json")
def map_assets():
    """Markers for every asset passing the filters: ``[id, name, kind, lat, lon, exact]`` each. Kept
    until the next write; a browser revalidates it (ETag, 304 when unchanged)."""
    chosen = _filters_or_400()
    return _revalidated(_MARKERS, chosen, warm=chosen == filters.Filters())


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
    try:
        chosen = _filters_or_400()
        return _revalidated(_GAPS, metres, chosen, tuple(configured_codes()),  # kept until a write
                            warm=chosen == filters.Filters() and metres == DEFAULT_GAP_KM * 1000)
    except ServedAreasError as exc:  # a wrong setting: say which, without a server error
        raise Problem(503, str(exc)) from None


def warm_in_background(app) -> None:
    """Make the map everyone opens first (unfiltered: its markers, gaps and filter choices, and the
    directory behind them) as the app starts, and again after each write (``mapper.db.warming``):
    ``mapper serve`` calls this, so the first visitor of a process just started does not wait."""
    def warm() -> None:
        try:
            with app.app_context():
                store, plain = get_store(), filters.Filters()
                search.keep_warm(store)
                filters.facets(store)
                for kept, key in ((_MARKERS, (plain,)),
                                  (_GAPS, (DEFAULT_GAP_KM * 1000, plain, tuple(configured_codes())))):
                    warming.keep_warm(kept, store, *key)
                    kept.get(store, *key)
        except Exception:  # noqa: BLE001  (the database is not up yet, say: the first visit makes it and says so)
            log.debug("the map was not made in advance", exc_info=True)

    threading.Thread(target=warm, name="map-warm", daemon=True).start()


@bp.route("/map/labels.json")
def labels():
    """Borough and place names to draw without tiles (the same for everyone)."""
    response = jsonify(map_labels())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
