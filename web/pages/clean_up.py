"""Cleaning up people's records: likely duplicates with the reason, and a side-by-side merge that
chooses each field from one record or the other. Admins merge anyone; an organiser only people
they met (``mapper.organising.duplicates.may_merge``); an erased record is never merged."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.accounts.roles import may
from mapper.organising import duplicates, merging, my_network
from mapper.organising import person_record as record

from web.auth import require
from web.db import get_store

bp = Blueprint("clean_up", __name__, url_prefix="/organisers/people")


def _me(store) -> str | None:
    return my_network.person_of_account(store, current_user.email)


@bp.route("/duplicates")
@require("edit_people")
def duplicate_list():
    store = get_store()
    pairs = duplicates.for_viewer(store, current_user.role, current_user.email, _me(store))
    return render_template("organisers/duplicates.html", pairs=pairs,
                           everyone=may(current_user.role, "merge_people"))


@bp.route("/merge", methods=["GET", "POST"])
@require("edit_people")
def merge():
    store = get_store()
    values = {"keep": (request.values.get("keep") or "").strip()[:100],
              "drop": (request.values.get("drop") or "").strip()[:100]}
    choose = {f: request.form.get(f"use_{f}") for f in merging.FIELDS if request.form.get(f"use_{f}")}
    errors = {}
    ids = [v for v in values.values() if v]
    if ids and not duplicates.may_merge(store, current_user.role, current_user.email, _me(store), ids):
        abort(403, description="You may merge only people you have met (admins may merge anyone).")
    if request.method == "POST":
        for key in ("keep", "drop"):
            if not values[key]:
                errors[key] = "Give a person's id (find them with the search, or from the list of likely duplicates)."
        if not errors:
            try:
                result = merging.merge(store, values["keep"], values["drop"], current_user.email, "web", choose=choose)
            except merging.MergeError as exc:
                errors["drop"] = str(exc)
            else:
                flash(f"Merged: {result['moved_out'] + result['moved_in']} relationships moved"
                      + (f"; {result['between']} 1:1 between the two records dropped." if result["between"] else "."))
                return redirect(url_for("organisers.person", person_id=result["id"]))
    chosen = {k: record.person_brief(store, v) for k, v in values.items() if v}
    both = merging.side_by_side(store, values["keep"], values["drop"]) if len(ids) == 2 else None
    return render_template("organisers/merge.html", values=values, errors=errors, chosen=chosen, both=both,
                           fields=merging.WORDS, choose=choose), (422 if errors else 200)
