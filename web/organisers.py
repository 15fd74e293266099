"""Organisers: the 1:1 relational meetings they hold and the people they have met."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template

from .auth import require
from .db import get_store

bp = Blueprint("organisers", __name__, url_prefix="/organisers")


@bp.route("/")
@require("see_people")
def index():
    store = get_store()
    today = dt.date.today()
    return render_template(
        "organisers/index.html",
        recent=store.read("recent_one_to_ones", limit=15),
        follow_ups=store.read("follow_ups_due", today=today, until=today + dt.timedelta(days=14), limit=20),
        people=store.read("list_people", skip=0, limit=500),
    )


@bp.route("/people/<person_id>")
@require("see_people")
def person(person_id: str):
    found = get_store().read_one("person_by_id", id=person_id)
    if found is None:
        abort(404, description="No such person.")
    return render_template("organisers/person.html", person=found)
