"""The JSON API under /api/. Every route checks the caller's role; errors are JSON, never a page."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from mapper import assets

from .auth import require
from .db import get_store
from .openapi import spec
from .security import csrf

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)  # API clients authenticate with a bearer token, not a cookie


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"'{name}' must be a whole number")
    if not low <= value <= high:
        abort(400, description=f"'{name}' must be between {low} and {high}")
    return value


@bp.route("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.route("/me")
def me():
    if not current_user.is_authenticated:
        return jsonify({"role": "public"})
    return jsonify({"email": current_user.email, "role": current_user.role})


@bp.route("/assets")
def asset_list():
    try:
        found = assets.directory(get_store(), kind=request.args.get("kind") or None,
                                 theme=request.args.get("theme") or None)
    except assets.FilterError as exc:
        abort(400, description=str(exc))
    return jsonify({"assets": found, "count": len(found)})


@bp.route("/people")
@require("see_people")
def people():
    skip = int_arg("skip", 0, 0, 1_000_000)
    limit = int_arg("limit", 100, 1, 1000)
    return jsonify({"people": get_store().read("list_people", skip=skip, limit=limit)})


@bp.route("/people/<person_id>")
@require("see_people")
def person(person_id: str):
    found = get_store().read_one("person_by_id", id=person_id)
    if found is None:
        abort(404, description="No such person.")
    return jsonify(found)


@bp.route("/network/summary")
@require("see_network")
def network_summary():
    store = get_store()
    return jsonify({"people_by_area": store.read("people_by_area"),
                    "assets_by_kind": store.read("assets_by_kind"),
                    "one_to_ones_by_year": store.read("one_to_ones_by_year")})
