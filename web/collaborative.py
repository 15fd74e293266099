"""The Collaborative: the health of the network as a whole."""
from __future__ import annotations

from flask import Blueprint, render_template

from mapper.assets import KIND_LABELS

from .auth import require
from .db import get_store

bp = Blueprint("collaborative", __name__, url_prefix="/collaborative")


@bp.route("/")
@require("see_network")
def index():
    store = get_store()
    return render_template(
        "collaborative/index.html",
        people_by_area=store.read("people_by_area"),
        assets_by_kind=store.read("assets_by_kind"),
        meetings_by_year=store.read("one_to_ones_by_year"),
        kind_labels=KIND_LABELS,
    )
