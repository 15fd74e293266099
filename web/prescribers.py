"""Social prescribers: listening hubs, hubs and peer-support groups to introduce a patient to."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from mapper import assets

from .auth import require
from .db import get_store

bp = Blueprint("prescribers", __name__, url_prefix="/prescribers")


@bp.route("/")
@require("see_assets")
def index():
    store = get_store()
    kind = request.args.get("kind") or None
    theme = request.args.get("theme") or None
    error = None
    try:
        found = assets.directory(store, kind=kind, theme=theme)
    except assets.FilterError as exc:
        found, error = [], str(exc)
    return render_template("prescribers/index.html", assets=found, themes=store.read("list_themes"),
                           kinds=assets.KIND_LABELS, kind=kind, theme=theme, error=error), (400 if error else 200)
