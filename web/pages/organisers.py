"""Organisers: the 1:1 relational meetings they hold and the people they have met.

Each view reads its input, calls one service in ``mapper.organising`` (which checks, writes and
audits) and renders a template; the privacy rules live in those services, shared with the API.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from mapper.organising import csv_import, import_jobs, merging, my_network as network, one_to_one, places
from mapper.organising import person_record as record
from mapper.privacy import consent

from web.auth import require
from web.db import get_store

bp = Blueprint("organisers", __name__, url_prefix="/organisers")


def viewer() -> record.Viewer:
    return record.Viewer(current_user.email, current_user.role, "web")


@bp.route("/")
@require("see_people")
def index():
    return render_template("organisers/index.html", **network.overview(get_store()))


# ---- who "me" is ------------------------------------------------------------------------------
def my_person_id(store) -> str | None:
    """The organiser the signed-in user is: chosen on "My network", or the person with their email."""
    me = session.get("me_person")
    if me:
        return me
    me = network.person_with_email(store, current_user.email)
    if me:
        session["me_person"] = me
    return me


# ---- recording a 1:1 --------------------------------------------------------------------------
def _form(store, values, errors=None, suggestions=None, status=200):
    return render_template("organisers/one_to_one_form.html", values=values, errors=errors or {},
                           suggestions=suggestions or {}, today=dt.date.today().isoformat(),
                           **one_to_one.form_choices(store)), status


@bp.route("/one-to-ones/new", methods=["GET", "POST"])
@require("edit_people")
def new_one_to_one():
    store = get_store()
    if request.method == "GET":
        values = {"date": dt.date.today().isoformat(), "themes": [], "consent_recorded": True}
        for side, person_id in (("a", my_person_id(store)), ("b", request.args.get("with"))):
            found = record.person_brief(store, person_id or "")
            if found:
                values.update({f"{side}_id": found["id"], f"{side}_name": found["name"]})
        return _form(store, values)
    checked = one_to_one.check(store, request.form, request.form.getlist("themes"), by=current_user.email)
    if not checked.ok:
        return _form(store, checked.values, checked.errors, checked.suggestions, 422 if checked.errors else 200)
    try:
        result = one_to_one.record(store, checked)
    except one_to_one.NotWritten as exc:
        return _form(store, checked.values, {"b_name": str(exc)}, status=409)
    added = len(result["new_people"])
    flash("1:1 saved" + (f", with {added} new {'person' if added == 1 else 'people'}." if added else "."))
    return redirect(url_for("organisers.person", person_id=result["b"]))


# ---- my network ---------------------------------------------------------------------------------
@bp.route("/me", methods=["GET", "POST"])
@require("see_people")
def my_network():
    store = get_store()
    if request.method == "POST":
        chosen = request.form.get("me", "")
        if network.person_exists(store, chosen):
            session["me_person"] = chosen
        return redirect(url_for("organisers.my_network"))
    me = my_person_id(store)
    mine = network.my_network(store, me) if me else None
    return render_template("organisers/my_network.html", organisers=network.organisers(store),
                           **(mine or {"me": None}))


@bp.route("/people/<person_id>/neighbourhood.json")
@require("see_people")
def neighbourhood(person_id: str):
    found = network.neighbourhood(get_store(), person_id)
    if found is None:
        abort(404, description="No such person.")
    return jsonify(found)


# ---- a person's page ------------------------------------------------------------------------
def _person_page(person_id: str, edit_values=None, edit_errors=None, link_values=None, link_errors=None,
                 consent_values=None, consent_errors=None, status=200):
    page = record.person_page(get_store(), person_id, viewer())
    if page is None:
        abort(404, description="No such person.")
    if edit_values is not None:
        page["edit"] = edit_values
    return render_template(
        "organisers/person.html", **page, consent_form=consent_values or {}, consent_errors=consent_errors or {},
        consent_scopes=consent.WORDS, today=dt.date.today().isoformat(), edit_errors=edit_errors or {},
        link=link_values or {}, link_errors=link_errors or {}, link_words=places.LINK_WORDS,
        place_kinds=places.PLACE_KINDS, open_edit=bool(edit_errors), open_link=bool(link_errors),
        open_consent=bool(consent_errors),
    ), status


@bp.route("/people/<person_id>")
@require("see_people")
def person(person_id: str):
    return _person_page(person_id)


@bp.route("/people/<person_id>/edit", methods=["POST"])
@require("edit_people")
def edit_person(person_id: str):
    done = record.edit_person(get_store(), person_id, request.form, viewer())
    if done.missing:
        abort(404, description="No such person.")
    if done.erased:
        abort(409, description="This record was erased: there is nothing to edit.")
    if done.errors:
        return _person_page(person_id, edit_values=done.values, edit_errors=done.errors, status=422)
    flash("Details saved.")
    return redirect(url_for("organisers.person", person_id=person_id))


@bp.route("/people/<person_id>/consent", methods=["POST"])
@require("edit_people")
def change_consent(person_id: str):
    form = {k: (request.form.get(k) or "").strip() for k in ("scope", "action", "date")}
    if form["action"] not in ("give", "withdraw"):
        return _person_page(person_id, consent_values=form, status=422,
                            consent_errors={"action": "Choose whether consent was given or withdrawn."})
    try:
        result = consent.change(get_store(), person_id, form["scope"], form["action"] == "give", form["date"],
                                current_user.email, "web", "panel")
    except consent.NoSuchPerson:
        abort(404, description="No such person.")
    except consent.ConsentError as exc:
        return _person_page(person_id, consent_values=form, consent_errors={exc.field: str(exc)}, status=422)
    if not result["changed"]:
        flash("No change: consent already stood that way.")
    else:
        words = consent.WORDS[form["scope"]]
        flash(f"Consent ({words}) {'given' if form['action'] == 'give' else 'withdrawn'}, dated {form['date'] or 'today'}."
              + (" An erasure request is now waiting for an admin." if result["erasure_pending"]
                 and form["scope"] == "recorded" and form["action"] == "withdraw" else ""))
    return redirect(url_for("organisers.person", person_id=person_id))


@bp.route("/people/<person_id>/active", methods=["POST"])
@require("edit_people")
def set_active(person_id: str):
    active = request.form.get("active") == "1"
    if not record.set_active(get_store(), person_id, active, viewer()):
        abort(404, description="No such person.")
    flash("Reactivated." if active else "Deactivated: they no longer appear in lists or the network.")
    return redirect(url_for("organisers.person", person_id=person_id))


@bp.route("/people/<person_id>/link", methods=["POST"])
@require("edit_people")
def link_person(person_id: str):
    done = places.link_person(get_store(), person_id, request.form, current_user.email, "web")
    if done.erased:
        abort(409, description="This record was erased: nothing more is recorded about it.")
    if not done.ok:
        return _person_page(person_id, link_values=done.values, link_errors=done.errors, status=422)
    flash("Link saved.")
    return redirect(url_for("organisers.person", person_id=person_id))


@bp.route("/people/<person_id>/unlink", methods=["POST"])
@require("edit_people")
def unlink_person(person_id: str):
    try:
        places.unlink_person(get_store(), person_id, request.form.get("type", ""), request.form.get("place", ""),
                             current_user.email, "web")
    except places.PlaceError:
        abort(400, description="Unknown link.")
    flash("Link removed.")
    return redirect(url_for("organisers.person", person_id=person_id))


# ---- merging (admins) -----------------------------------------------------------------------
@bp.route("/people/merge", methods=["GET", "POST"])
@require("merge_people")
def merge():
    store = get_store()
    values = {"keep": (request.values.get("keep") or "").strip(), "drop": (request.values.get("drop") or "").strip()}
    errors = {}
    if request.method == "POST":
        for key in ("keep", "drop"):
            if not values[key]:
                errors[key] = "Give a person's id (find them with the search)."
        if not errors:
            try:
                result = merging.merge(store, values["keep"], values["drop"], current_user.email, "web")
            except merging.MergeError as exc:
                errors["drop"] = str(exc)
            else:
                flash(f"Merged: {result['moved_out'] + result['moved_in']} relationships moved"
                      + (f"; {result['between']} 1:1 between the two records dropped." if result["between"] else "."))
                return redirect(url_for("organisers.person", person_id=result["id"]))
    chosen = {k: record.person_brief(store, v) for k, v in values.items() if v}
    return render_template("organisers/merge.html", values=values, errors=errors, chosen=chosen), (422 if errors else 200)


# ---- importing a CSV --------------------------------------------------------------------------
@bp.route("/import/template.csv")
@require("edit_people")
def import_template():
    return Response(csv_import.template(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=one-to-ones-template.csv"})


@bp.route("/import", methods=["GET", "POST"])
@require("edit_people")
def import_upload():
    if request.method == "GET":
        return render_template("organisers/import.html", preview=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("organisers/import.html", preview=None,
                               file_error="Choose a CSV file to upload."), 422
    data = upload.read()
    preview = csv_import.preview(get_store(), data)
    token = import_jobs.stash(data, current_user.email) if preview.ok else None
    return render_template("organisers/import.html", preview=preview, token=token, filename=upload.filename,
                           shown_errors=preview.errors[:500]), (200 if preview.ok else 422)


@bp.route("/import/<token>/confirm", methods=["POST"])
@require("edit_people")
def import_confirm(token: str):
    job = import_jobs.start_job(get_store(), token, current_user.email)
    if job is None:
        abort(404, description="That upload has expired or was already imported; upload the file again.")
    return redirect(url_for("organisers.import_progress", token=token))


@bp.route("/import/<token>")
@require("edit_people")
def import_progress(token: str):
    job = import_jobs.job_status(token, current_user.email)
    if job is None:
        abort(404, description="No such import.")
    return render_template("organisers/import_progress.html", job=job, token=token)


@bp.route("/import/<token>/status")
@require("edit_people")
def import_status(token: str):
    job = import_jobs.job_status(token, current_user.email)
    if job is None:
        abort(404, description="No such import.")
    return jsonify(job)
