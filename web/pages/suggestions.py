"""Anyone, without an account, may suggest a correction to an entry or a new entry: nothing is
published until a steward accepts it. The same limits as ``POST /api/suggestions``."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from mapper.directory import editing, search, suggestions

from web.api.suggestions import THANKS, wait_for_a_turn
from web.db import get_store

bp = Blueprint("suggest", __name__)


def _public_entry(asset_id: str) -> dict:
    found = search.listing(get_store(), ids=[asset_id])
    if not found:
        abort(404, description="There is no such entry.")
    return found[0]


@bp.route("/assets/suggest", methods=["GET", "POST"])
def new_entry():
    return _suggest(None)


@bp.route("/assets/<asset_id>/suggest", methods=["GET", "POST"])
def correction(asset_id: str):
    return _suggest(asset_id)


def _suggest(asset_id: str | None):
    entry = _public_entry(asset_id) if asset_id else None  # what anyone may see: never a hidden address
    form = {f: (request.form.get(f) or "") for f in suggestions.FIELDS}
    form.update(message=request.form.get("message", ""), your_contact=request.form.get("your_contact", ""))
    errors: dict[str, str] = {}
    if request.method == "POST":
        wait = wait_for_a_turn()
        if wait:
            errors["message"] = (f"Too many suggestions from here: please try again in {max(1, wait // 60)} "
                                 "minute(s).")
            return render_template("suggest/form.html", entry=entry, form=form, errors=errors,
                                   labels=suggestions.LABELS, fields=suggestions.FIELDS), 429, \
                {"Retry-After": str(wait)}
        body = {"fields": {f: form[f] for f in suggestions.FIELDS}, "message": form["message"],
                "contact": form["your_contact"], "website": request.form.get("website", "")}
        try:
            suggestions.suggest(get_store(), body, asset_id)
        except suggestions.SuggestionError as exc:
            errors = exc.errors
        except editing.NoSuchEntry:
            abort(404, description="There is no such entry.")
        else:
            return render_template("suggest/thanks.html", entry=entry, thanks=THANKS)
    return render_template("suggest/form.html", entry=entry, form=form, errors=errors, labels=suggestions.LABELS,
                           fields=suggestions.FIELDS), (422 if errors else 200)
