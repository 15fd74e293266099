"""Directory stewards (and admins): the work queue, every entry, adding and editing assets and
organisations on a phone, an entry's history with restore, verifying and retiring. No person's
data is on any of these pages."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.directory import duplicates, editing, history, verification, work_queue
from mapper.directory.entry_fields import ORG_KINDS, Vocabulary, asset_values, organisation_values
from mapper.directory.filters import KIND_LABELS

from web.auth import require
from web.db import get_store
from web.pages.directory_forms import (asset_form_page, asset_from_form, organisation_from_form,
                                      save_asset_from_form, version_from_form)

bp = Blueprint("directory", __name__, url_prefix="/directory")


@bp.route("/")
@require("edit_directory")
def queue():
    store = get_store()
    return render_template("directory/queue.html", queue=work_queue.queue(store), kinds=KIND_LABELS,
                           stale_before=verification.stale_before().isoformat())


@bp.route("/entries")
@require("edit_directory")
def entries():
    return render_template("directory/entries.html", entries=get_store().read("directory_list"), kinds=KIND_LABELS,
                           org_kinds=ORG_KINDS)


@bp.route("/assets/new", methods=["GET", "POST"])
@require("edit_directory")
def asset_new():
    store = get_store()
    if request.method == "GET":
        return asset_form_page("directory/asset_form.html", {"kind": "ListeningHub", "languages": ["English"]}, {})
    values = asset_from_form(request.form)
    matches = []
    if request.form.get("create_new") != "yes":
        from mapper.directory.entry_fields import place

        found = place(values["postcode"], {})
        matches = duplicates.similar_assets(store, values["name"], found.lat if found else None,
                                            found.lon if found else None)
    if matches:
        return asset_form_page("directory/asset_form.html", values, {}, 409, matches=matches,
                               note=request.form.get("note", ""))
    made, errors, _ = save_asset_from_form(None, request.form)
    if errors:
        return asset_form_page("directory/asset_form.html", values, errors, 422, note=request.form.get("note", ""))
    flash("Entry added: it shows in search, on the map and in the Open Referral UK feed now.")
    return redirect(url_for("directory.asset", asset_id=made["id"]))


def _asset_or_404(asset_id: str) -> dict:
    found = editing.read_asset(get_store(), asset_id)
    if found is None:
        abort(404, description="There is no such entry.")
    return found


@bp.route("/assets/<asset_id>")
@require("edit_directory")
def asset(asset_id: str):
    store = get_store()
    found = _asset_or_404(asset_id)
    vocab = Vocabulary.load(store)
    flags = [f for f in store.read("open_flags_with_entries") if f["asset_id"] == asset_id]
    return render_template("directory/asset.html", entry=found, vocab=vocab, kinds=KIND_LABELS, flags=flags,
                           history=history.of(store, asset_id), describe=history.describe,
                           stale=verification.is_stale(found["last_checked"]))


@bp.route("/assets/<asset_id>/edit", methods=["GET", "POST"])
@require("edit_directory")
def asset_edit(asset_id: str):
    found = _asset_or_404(asset_id)
    if found["retired"]:
        abort(404, description="This entry is retired: an admin may restore one of its versions.")
    if request.method == "GET":
        return asset_form_page("directory/asset_form.html", asset_values(found), {}, entry=found)
    done, errors, conflict = save_asset_from_form(asset_id, request.form)
    if errors or conflict:
        latest = editing.read_asset(get_store(), asset_id)
        return asset_form_page("directory/asset_form.html", asset_from_form(request.form), errors,
                               409 if conflict else 422, entry={**found, "version": found["version"]},
                               conflict=conflict, latest=latest, describe=history.describe,
                               note=request.form.get("note", ""), sent_version=request.form.get("version", ""))
    flash("Saved: search, the map and the Open Referral UK feed show it now." if done["changes"]
          else "Nothing had changed: nothing was saved.")
    return redirect(url_for("directory.asset", asset_id=asset_id))


@bp.route("/assets/<asset_id>/verify", methods=["POST"])
@require("edit_directory")
def asset_verify(asset_id: str):
    try:
        closed = editing.verify(get_store(), asset_id, current_user.email, note=request.form.get("note"))
    except editing.NoSuchEntry:
        abort(404, description="There is no such entry.")
    flash(f"Verified today by you{f'; {closed} flag(s) closed' if closed else ''}.")
    return redirect(request.form.get("back") == "queue" and url_for("directory.queue")
                    or url_for("directory.asset", asset_id=asset_id))


@bp.route("/assets/<asset_id>/retire", methods=["POST"])
@require("edit_directory")
def asset_retire(asset_id: str):
    return _retire(asset_id, url_for("directory.asset", asset_id=asset_id))


def _retire(entry_id: str, back: str):
    if request.form.get("confirm") != "yes":
        flash("Not retired: tick the box to confirm.")
        return redirect(back), 303
    try:
        editing.retire(get_store(), entry_id, current_user.email, version_from_form(request.form),
                       request.form.get("note"))
    except editing.NoSuchEntry:
        abort(404, description="There is no such entry (or it is retired already).")
    except editing.Conflict as exc:
        flash(f"Not retired: {exc}. Look at what changed first.")
        return redirect(back), 303
    except editing.EntryError as exc:
        flash(f"Not retired: {exc}")
        return redirect(back), 303
    flash("Retired: it is kept with its history, and gone from search, the map and the feed.")
    return redirect(back)


@bp.route("/entries/<entry_id>/restore", methods=["POST"])
@require("restore_directory")
def restore(entry_id: str):
    version = version_from_form(request.form)
    try:
        done = editing.restore(get_store(), entry_id, version or 0, current_user.email, request.form.get("note"))
    except editing.NoSuchEntry:
        abort(404, description="There is no such version of this entry.")
    except editing.EntryError as exc:
        flash(f"Not restored: {exc}")
        done = None
    if done:
        flash(f"Version {version} restored (now version {done['version']}).")
    kind = "organisation" if editing.read_asset(get_store(), entry_id) is None else "asset"
    return redirect(url_for(f"directory.{kind}", **{f"{'org' if kind == 'organisation' else 'asset'}_id": entry_id}))


# ---- organisations -----------------------------------------------------------------------------------
def org_form_page(values: dict, errors: dict, status: int = 200, **more):
    return render_template("directory/organisation_form.html", values=values, errors=errors,
                           vocab=Vocabulary.load(get_store()), org_kinds=ORG_KINDS, **more), status


@bp.route("/organisations/new", methods=["GET", "POST"])
@require("edit_directory")
def organisation_new():
    if request.method == "GET":
        return org_form_page({}, {})
    values = organisation_from_form(request.form)
    if request.form.get("create_new") != "yes":
        matches = duplicates.similar_organisations(get_store(), values["name"])
        if matches:
            return org_form_page(values, {}, 409, matches=matches)
    try:
        made = editing.create_organisation(get_store(), values, current_user.email, request.form.get("note"))
    except editing.EntryError as exc:
        return org_form_page(values, exc.errors, 422)
    flash("Organisation added.")
    return redirect(url_for("directory.organisation", org_id=made["id"]))


@bp.route("/organisations/<org_id>")
@require("edit_directory")
def organisation(org_id: str):
    store = get_store()
    found = editing.read_organisation(store, org_id)
    if found is None:
        abort(404, description="There is no such organisation.")
    return render_template("directory/organisation.html", entry=found, org_kinds=ORG_KINDS,
                           history=history.of(store, org_id), describe=history.describe)


@bp.route("/organisations/<org_id>/edit", methods=["GET", "POST"])
@require("edit_directory")
def organisation_edit(org_id: str):
    store = get_store()
    found = editing.read_organisation(store, org_id)
    if found is None or found["retired"]:
        abort(404, description="There is no such organisation.")
    if request.method == "GET":
        return org_form_page(organisation_values(found), {}, entry=found)
    values = organisation_from_form(request.form)
    try:
        editing.update_organisation(store, org_id, values, version_from_form(request.form), current_user.email,
                                    request.form.get("note"))
    except editing.EntryError as exc:
        return org_form_page(values, exc.errors, 422, entry=found)
    except editing.Conflict as exc:
        return org_form_page(values, {}, 409, entry=found, conflict=exc, describe=history.describe,
                             latest=editing.read_organisation(store, org_id))
    flash("Saved.")
    return redirect(url_for("directory.organisation", org_id=org_id))


@bp.route("/organisations/<org_id>/retire", methods=["POST"])
@require("edit_directory")
def organisation_retire(org_id: str):
    return _retire(org_id, url_for("directory.organisation", org_id=org_id))
