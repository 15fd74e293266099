"""Organisers: the 1:1 relational meetings they hold and the people they have met.

Each view reads its input, calls one service in ``mapper.organising`` (which checks, writes and
audits) and renders a template; the privacy rules live in those services, shared with the API.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.accounts import users as accounts
from mapper.accounts.roles import may
from mapper.organising import (csv_import, follow_ups, idempotency, import_jobs, my_network as network, one_to_one,
                               people_list, places)
from mapper.organising import person_record as record
from mapper.privacy import consent

from web.auth import require
from web.db import get_store

bp = Blueprint("organisers", __name__, url_prefix="/organisers")


@bp.app_context_processor
def device_helpers():
    """``device_account()``: who a device's drafts and unsent 1:1s belong to (a keyed hash of the
    account, never the e-mail), for those who record 1:1s; empty for everyone else."""
    def device_account() -> str:
        if not (current_user.is_authenticated and may(current_user.role, "edit_people")):
            return ""
        key = current_app.config["SECRET_KEY"].encode()
        return hmac.new(key, b"device:" + current_user.email.encode(), hashlib.sha256).hexdigest()[:24]
    return {"device_account": device_account}


def viewer() -> record.Viewer:
    return record.Viewer(current_user.email, current_user.role, "web")


@bp.route("/")
@require("see_people")
def index():
    store = get_store()
    me = my_person_id(store)
    return render_template("organisers/index.html", me=record.person_brief(store, me) if me else None,
                           today=dt.date.today().isoformat(), organisers=network.organisers(store),
                           **network.overview(store, me))


@bp.route("/people")
@require("see_people")
def people():
    """Everyone in the network, a page at a time, or those whose names match the search."""
    found = people_list.people(get_store(), request.args.get("q", ""), people_list.page_number(request.args.get("page")))
    return render_template("organisers/people.html", found=found)


# ---- who "me" is ------------------------------------------------------------------------------
def my_person_id(store) -> str | None:
    """The person the signed-in account is: linked once (on "My network", by an admin, or found by
    the account's email)."""
    return network.person_of_account(store, current_user.email)


# ---- recording a 1:1 --------------------------------------------------------------------------
def _form(store, values, errors=None, suggestions=None, status=200):
    b_id = values.get("b_id") or ""
    open_follow_ups = follow_ups.open_with(store, b_id) if b_id else []
    return render_template("organisers/one_to_one_form.html", values=values, errors=errors or {},
                           suggestions=suggestions or {}, today=dt.date.today().isoformat(),
                           open_follow_ups=open_follow_ups, me=my_person_id(store),
                           **one_to_one.form_choices(store)), status


def _idempotency_key() -> tuple[str | None, str | None]:
    """The save's Idempotency-Key (the header, or the form's hidden field), scoped to the account."""
    key = (request.headers.get("Idempotency-Key") or request.form.get("idempotency_key") or "").strip()
    if not key:
        return None, None
    if idempotency.problem(key):
        return None, idempotency.problem(key)
    return idempotency.scoped(current_user.email, key), None


def _saved(result: dict):
    """Back to the person met, with what happened said there. A save sent by the page's script
    (``X-Requested-With: fetch``) is told where to go instead, so that the message waits for it."""
    if result.get("replayed"):
        flash("This 1:1 was already saved (it was sent twice); it is recorded once.")
    else:
        added = len(result["new_people"])
        closed = len(result.get("closed_follow_ups") or [])
        flash("1:1 saved" + (f", with {added} new {'person' if added == 1 else 'people'}" if added else "")
              + (f"; {closed} follow-up{'s' if closed != 1 else ''} closed" if closed else "") + ".")
    target = url_for("organisers.person", person_id=result["b"])
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify({"saved": True, "id": result["id"], "url": target, "replayed": bool(result.get("replayed"))})
    return redirect(target)


@bp.route("/one-to-ones/new", methods=["GET", "POST"])
@require("edit_people")
def new_one_to_one():
    store = get_store()
    if request.method == "GET":
        values = {"date": dt.date.today().isoformat(), "themes": [], "consent_recorded": True,
                  "idempotency_key": uuid.uuid4().hex}
        for side, person_id in (("a", my_person_id(store)), ("b", request.args.get("with"))):
            found = record.person_brief(store, person_id or "")
            if found:
                values.update({f"{side}_id": found["id"], f"{side}_name": found["name"]})
        values["close_follow_ups"] = [f["id"] for f in follow_ups.open_with(store, values.get("b_id", ""))]
        return _form(store, values)
    key, key_problem = _idempotency_key()
    themes, close = request.form.getlist("themes"), request.form.getlist("close_follow_ups")
    fingerprint = idempotency.fingerprint(dict(request.form), themes, close)
    if key:
        try:
            earlier = idempotency.answer(store, key, fingerprint)
        except idempotency.KeyReused:
            earlier, key_problem = None, "This form was already used to save a different 1:1: reload it."
        if earlier:
            return _saved(earlier)
    checked = one_to_one.check(store, request.form, themes, by=current_user.email, close_follow_ups=close)
    checked.values["idempotency_key"] = request.form.get("idempotency_key") or uuid.uuid4().hex
    if key_problem:
        checked.errors["b_name"] = key_problem
    if not checked.ok or key_problem:
        return _form(store, checked.values, checked.errors, checked.suggestions, 422 if checked.errors else 200)
    try:
        result = one_to_one.record(store, checked, key=key, fingerprint=fingerprint)
    except one_to_one.NotWritten as exc:
        return _form(store, checked.values, {"b_name": str(exc)}, status=409)
    return _saved(result)


@bp.route("/one-to-ones/open-follow-ups")
@require("edit_people")
def open_follow_ups():
    """The form's list of follow-ups still open with the person chosen (fetched when they are picked)."""
    person_id = (request.args.get("with") or "")[:100]
    return render_template("organisers/_close_follow_ups.html", open_follow_ups=follow_ups.open_with(get_store(), person_id),
                           values={"close_follow_ups": None})


# ---- my network ---------------------------------------------------------------------------------
@bp.route("/me", methods=["GET", "POST"])
@require("see_people")
def my_network():
    store = get_store()
    if request.method == "POST":
        try:
            accounts.link_person(store, current_user.email, request.form.get("me", ""))
        except accounts.AccountError as exc:
            flash(f"Not linked: {exc}")
        else:
            flash("Your account is now linked to you: your 1:1s and follow-ups show as yours.")
        return redirect(url_for("organisers.my_network"))
    me = my_person_id(store)
    mine = network.my_network(store, me, page=people_list.page_number(request.args.get("page"))) if me else None
    return render_template("organisers/my_network.html", organisers=network.organisers(store),
                           today=dt.date.today().isoformat(), **(mine or {"me": None}))


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
    token = import_jobs.stash(get_store(), data, current_user.email) if preview.ok else None
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
    job = import_jobs.job_status(get_store(), token, current_user.email)
    if job is None:
        abort(404, description="No such import.")
    return render_template("organisers/import_progress.html", job=job, token=token)


@bp.route("/import/<token>/status")
@require("edit_people")
def import_status(token: str):
    job = import_jobs.job_status(get_store(), token, current_user.email)
    if job is None:
        abort(404, description="No such import.")
    return jsonify(job)
