"""Pages anyone may open: the landing page, the public asset directory, and /healthz."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request

from mapper import assets, health
from mapper.store import DatabaseAuthFailed, DatabaseUnavailable

from .db import get_store

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return render_template("index.html")


@bp.route("/assets")
def asset_list():
    kind = request.args.get("kind") or None
    theme = request.args.get("theme") or None
    store = get_store()
    error = None
    try:
        found = assets.directory(store, kind=kind, theme=theme)
    except assets.FilterError as exc:
        found, error = [], str(exc)
    return render_template("assets.html", assets=found, themes=store.read("list_themes"), kinds=assets.KIND_LABELS,
                           kind=kind, theme=theme, error=error), (400 if error else 200)


@bp.route("/healthz")
def healthz():
    try:
        return jsonify(health.report(get_store()))
    except (DatabaseUnavailable, DatabaseAuthFailed) as exc:
        response = jsonify({"status": "unavailable", "detail": str(exc).split(":")[0]})
        response.status_code = 503
        response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER_SECONDS"])
        return response
