"""The stewards' work, item by item: a flag fixed in place beside its entry and closed with a note,
a public suggestion accepted field by field, an import's conflict resolved, and two entries merged."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.directory import duplicates, editing, history, suggestions, work_queue
from mapper.directory.entry_fields import asset_values

from web.auth import require
from web.db import get_store
from web.pages.directory_forms import asset_form_page, asset_from_form, save_asset_from_form, version_from_form

bp = Blueprint("directory_work", __name__, url_prefix="/directory")


@bp.route("/flags/<flag_id>", methods=["GET", "POST"])
@require("edit_directory")
def flag(flag_id: str):
    """The flag's words beside the entry's form: fix it in place, then close the flag with a note."""
    store = get_store()
    try:
        found = work_queue.flag(store, flag_id)
    except work_queue.NoSuchFlag:
        abort(404, description="There is no such flag.")
    entry = editing.read_asset(store, found["asset_id"])
    if entry is None or found["status"] != "open":
        abort(404, description="This flag is closed already.")
    if request.method == "GET":
        return asset_form_page("directory/flag.html", asset_values(entry), {}, entry=entry, flag=found)
    if request.form.get("action") == "dismiss":
        work_queue.close_flag(store, flag_id, current_user.email, request.form.get("close_note"), fixed=False)
        flash("Flag closed: nothing needed fixing.")
        return redirect(url_for("directory.queue"))
    done, errors, conflict = save_asset_from_form(entry["id"], request.form)
    if errors or conflict:
        return asset_form_page("directory/flag.html", asset_from_form(request.form), errors,
                               409 if conflict else 422, entry=entry, flag=found, conflict=conflict,
                               latest=editing.read_asset(store, entry["id"]), describe=history.describe,
                               note=request.form.get("note", ""), close_note=request.form.get("close_note", ""))
    work_queue.close_flag(store, flag_id, current_user.email, request.form.get("close_note") or request.form.get("note"))
    flash(f"Fixed and the flag closed ({len(done['changes'])} field(s) changed).")
    return redirect(url_for("directory.queue"))


@bp.route("/suggestions/<suggestion_id>", methods=["GET", "POST"])
@require("edit_directory")
def suggestion(suggestion_id: str):
    """Each suggested field beside the entry's current value: accept the ticked ones (as suggested, or
    corrected), or reject it all. Either way the suggestion and its contact are then deleted."""
    store = get_store()
    try:
        found = suggestions.one(store, suggestion_id)
    except suggestions.NoSuchSuggestion:
        abort(404, description="There is no such suggestion (it may have been handled already).")
    entry = editing.read_asset(store, found["entry"]) if found["entry"] else None
    errors: dict[str, str] = {}
    chosen = {f: request.form.get(f"value_{f}", "") for f in request.form.getlist("accept")}
    status = 200
    if request.method == "POST":
        if request.form.get("action") == "reject":
            suggestions.reject(store, suggestion_id)
            flash("Suggestion rejected and deleted, with the suggester's contact.")
            return redirect(url_for("directory.queue"))
        try:
            done = suggestions.accept(store, suggestion_id, chosen, current_user.email,
                                      version_from_form(request.form), request.form.get("note"))
        except editing.EntryError as exc:
            errors, status = exc.errors, 422
        except editing.Conflict as exc:
            errors, status = {"version": f"{exc}: look at the current values again"}, 409
            entry = editing.read_asset(store, found["entry"])
        else:
            flash(f"Accepted {len(chosen)} field(s); the suggestion and its contact are deleted.")
            return redirect(url_for("directory.asset", asset_id=done["id"]))
    current = asset_values(entry) if entry else {}
    return render_template("directory/suggestion.html", suggestion=found, entry=entry, current=current,
                           labels=suggestions.LABELS, fields=suggestions.FIELDS, errors=errors, chosen=chosen,
                           posted=request.method == "POST", shown=history.shown), status


@bp.route("/conflicts/<conflict_id>", methods=["POST"])
@require("edit_directory")
def conflict(conflict_id: str):
    take = request.form.get("take")
    if take not in ("ours", "theirs"):
        abort(400, description="Choose to keep the steward's value or take the feed's.")
    try:
        work_queue.resolve_conflict(get_store(), conflict_id, take, current_user.email)
    except work_queue.NoSuchFlag:
        abort(404, description="There is no such conflict (it may have been resolved already).")
    except (editing.EntryError, editing.NoSuchEntry) as exc:
        flash(f"Not resolved: {exc}")
        return redirect(url_for("directory.queue"))
    flash("Kept the steward's value." if take == "ours" else "Took the feed's value.")
    return redirect(url_for("directory.queue"))


@bp.route("/assets/<asset_id>/merge", methods=["GET", "POST"])
@require("edit_directory")
def merge(asset_id: str):
    """Merge a duplicate into this entry: links moved here, the duplicate retired, both histories kept."""
    store = get_store()
    entry = editing.read_asset(store, asset_id)
    if entry is None or entry["retired"]:
        abort(404, description="There is no such entry.")
    error = None
    if request.method == "POST":
        drop = (request.form.get("duplicate") or "").strip()[:200]
        if request.form.get("confirm") != "yes":
            error = "Tick to confirm: the other entry is retired and its links moved here."
        else:
            try:
                duplicates.merge_assets(store, asset_id, drop, current_user.email, request.form.get("note"))
            except editing.NoSuchEntry:
                error = "Choose a live entry other than this one."
            else:
                flash("Merged: the duplicate is retired and its links are on this entry.")
                return redirect(url_for("directory.asset", asset_id=asset_id))
    matches = duplicates.similar_assets(store, entry["name"], entry["lat"], entry["lon"], exclude=asset_id)
    return render_template("directory/merge.html", entry=entry, matches=matches, error=error), (422 if error else 200)
