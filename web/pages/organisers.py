"""Organisers: the 1:1 relational meetings they hold and the people they have met."""
from __future__ import annotations

import datetime as dt

from flask import (Blueprint, Response, abort, flash, jsonify, redirect, render_template, request,
                   session, url_for)
from flask_login import current_user

from mapper.privacy import audit, consent
from mapper.organising import one_to_one, csv_import as one_to_one_import, people
from mapper.accounts.roles import may
from mapper.db.schema import NETWORK_TYPES

from web.auth import require
from web.db import get_store

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


# ---- who "me" is ------------------------------------------------------------------------------
def my_person_id(store) -> str | None:
    """The organiser the signed-in user is: chosen on "My network", or the person with their email."""
    me = session.get("me_person")
    if me:
        return me
    for row in store.read("person_match_candidates", email=current_user.email.lower(), phones=[], lucene=""):
        session["me_person"] = row["id"]
        return row["id"]
    return None


# ---- recording a 1:1 --------------------------------------------------------------------------
def _form_context(store, values, errors=None, suggestions=None):
    return {"values": values, "errors": errors or {}, "suggestions": suggestions or {},
            "themes": store.read("list_themes"), "areas": store.read("list_areas"),
            "today": dt.date.today().isoformat()}


@bp.route("/one-to-ones/new", methods=["GET", "POST"])
@require("edit_people")
def new_one_to_one():
    store = get_store()
    if request.method == "GET":
        values = {"date": dt.date.today().isoformat(), "themes": [], "consent_recorded": True}
        me = my_person_id(store)
        if me:
            found = store.read_one("person_by_id", id=me)
            if found:
                values.update(a_id=found["id"], a_name=found["name"])
        if request.args.get("with"):
            found = store.read_one("person_by_id", id=request.args["with"])
            if found:
                values.update(b_id=found["id"], b_name=found["name"])
        return render_template("organisers/one_to_one_form.html", **_form_context(store, values))
    checked = one_to_one.check(store, request.form, request.form.getlist("themes"), by=current_user.email)
    if not checked.ok:
        status = 422 if checked.errors else 200
        return render_template("organisers/one_to_one_form.html",
                               **_form_context(store, checked.values, checked.errors, checked.suggestions)), status
    try:
        result = one_to_one.record(store, checked)
    except one_to_one.NotWritten as exc:
        return render_template("organisers/one_to_one_form.html",
                               **_form_context(store, checked.values, {"b_name": str(exc)})), 409
    added = len(result["new_people"])
    flash("1:1 saved" + (f", with {added} new {'person' if added == 1 else 'people'}." if added else "."))
    return redirect(url_for("organisers.person", person_id=result["b"]))


# ---- my network ---------------------------------------------------------------------------------
@bp.route("/me", methods=["GET", "POST"])
@require("see_people")
def my_network():
    store = get_store()
    organisers = store.read("list_organisers")
    if request.method == "POST":
        chosen = request.form.get("me", "")
        if chosen and store.read("people_exist", ids=[chosen]):
            session["me_person"] = chosen
        return redirect(url_for("organisers.my_network"))
    me = my_person_id(store)
    context = {"organisers": organisers, "me": None}
    if me:
        today = dt.date.today()
        context.update(
            me=store.read_one("person_by_id", id=me),
            meetings=store.read("my_one_to_ones", id=me, limit=50),
            follow_ups=store.read("my_follow_ups", id=me, today=today, until=today + dt.timedelta(days=14),
                                  limit=100),
            met=store.read("my_people", id=me, limit=500),
            themes=store.read("my_themes", id=me),
        )
    return render_template("organisers/my_network.html", **context)


@bp.route("/people/<person_id>/neighbourhood.json")
@require("see_people")
def neighbourhood(person_id: str):
    rows = get_store().read("neighbourhood", id=person_id, types=list(NETWORK_TYPES), limit=150)
    if not rows:
        abort(404, description="No such person.")
    return jsonify(rows[0])


# ---- a person's page ------------------------------------------------------------------------
def _person_page(person_id: str, edit_values=None, edit_errors=None, link_values=None, link_errors=None,
                 consent_values=None, consent_errors=None, status=200):
    store = get_store()
    found = store.read_one("person_by_id", id=person_id)
    if found is None:
        abort(404, description="No such person.")
    audit.record(store, current_user.email, "viewed", person_id, "web")
    state = consent.status(store, person_id)
    # Without consent to be contacted, their email and phone are not shown (they are kept until erased).
    show_contact = bool(found["consent_contact"])
    links = store.read("person_links", id=person_id)
    values = edit_values or {"name": found["name"], "email": (found["email"] or "") if show_contact else "",
                             "phone": (found["phone"] or "") if show_contact else "",
                             "area": found["area_id"] or "", "consent_recorded": found["consent_recorded"],
                             "consent_named": found["consent_named"], "consent_contact": found["consent_contact"]}
    return render_template(
        "organisers/person.html", person=found, links=links, consent=state, show_contact=show_contact,
        contact_held=bool(found["email"] or found["phone"]), consent_form=consent_values or {},
        consent_errors=consent_errors or {}, consent_scopes=consent.WORDS, today=dt.date.today().isoformat(),
        meetings=store.read("person_one_to_ones", id=person_id, with_notes=may(current_user.role, "see_notes"),
                            limit=200),
        areas=store.read("list_areas"), places=store.read("list_places"), edit=values, edit_errors=edit_errors or {},
        link=link_values or {}, link_errors=link_errors or {}, link_words=people.LINK_WORDS,
        place_kinds=people.PLACE_KINDS, open_edit=bool(edit_errors), open_link=bool(link_errors),
        open_consent=bool(consent_errors),
    ), status


@bp.route("/people/<person_id>")
@require("see_people")
def person(person_id: str):
    return _person_page(person_id)


def _consent_flags(row: dict) -> dict:
    return {"recorded": bool(row["consent_recorded"]), "named": bool(row["consent_named"]),
            "contact": bool(row["consent_contact"])}


@bp.route("/people/<person_id>/edit", methods=["POST"])
@require("edit_people")
def edit_person(person_id: str):
    store = get_store()
    before = store.read_one("person_by_id", id=person_id)
    if before is None:
        abort(404, description="No such person.")
    if (store.read_one("consent_current", id=person_id) or {}).get("erased"):
        abort(409, description="This record was erased: there is nothing to edit.")
    form = request.form.to_dict()
    if not before["consent_contact"]:
        # The email and phone were not shown (no consent to be contacted): left empty, they are kept.
        for key in ("email", "phone"):
            if not (form.get(key) or "").strip():
                form[key] = before[key] or ""
    values, errors = people.update(store, person_id, form)
    if errors:
        return _person_page(person_id, edit_values=values, edit_errors=errors, status=422)
    audit.record(store, current_user.email, "edited", person_id, "web")
    consent.log_edit(store, person_id, _consent_flags(before), {k: values[f"consent_{k}"] for k in consent.SCOPES},
                     current_user.email, "web")
    consent.forget_cached_network()
    flash("Details saved.")
    return redirect(url_for("organisers.person", person_id=person_id))


@bp.route("/people/<person_id>/consent", methods=["POST"])
@require("edit_people")
def change_consent(person_id: str):
    store = get_store()
    form = {k: (request.form.get(k) or "").strip() for k in ("scope", "action", "date")}
    errors = {}
    if form["action"] not in ("give", "withdraw"):
        errors["action"] = "Choose whether consent was given or withdrawn."
    if not errors:
        try:
            result = consent.change(store, person_id, form["scope"], form["action"] == "give", form["date"],
                                    current_user.email, "web", "panel")
        except consent.NoSuchPerson:
            abort(404, description="No such person.")
        except consent.ConsentError as exc:
            errors[exc.field] = str(exc)
    if errors:
        return _person_page(person_id, consent_values=form, consent_errors=errors, status=422)
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
    store = get_store()
    if not people.set_active(store, person_id, active):
        abort(404, description="No such person.")
    audit.record(store, current_user.email, "reactivated" if active else "deactivated", person_id, "web")
    consent.forget_cached_network()
    flash("Reactivated." if active else "Deactivated: they no longer appear in lists or the network.")
    return redirect(url_for("organisers.person", person_id=person_id))


@bp.route("/people/<person_id>/link", methods=["POST"])
@require("edit_people")
def link_person(person_id: str):
    store = get_store()
    form = request.form
    values = {k: (form.get(k) or "").strip() for k in ("type", "place", "new_kind", "new_name", "new_area", "role")}
    errors = {}
    if values["type"] not in people.PLACE_LINKS:
        errors["type"] = "Choose how they are linked."
    if not values["place"] and not values["new_name"]:
        errors["place"] = "Choose an organisation or group, or name a new one."
    if values["new_area"] and values["new_area"] not in {a["id"] for a in store.read("list_areas")}:
        errors["new_area"] = "Choose an area from the list."
    if len(values["role"]) > people.NAME_MAX:
        errors["role"] = f"At most {people.NAME_MAX} characters."
    if not errors and not values["place"]:
        try:
            values["place"] = people.create_place(store, values["new_kind"], values["new_name"],
                                                  values["new_area"])["id"]
        except people.PlaceError as exc:
            errors["new_" + exc.field] = str(exc)
    if not errors:
        try:
            people.link(store, person_id, values["type"], values["place"], values["role"])
        except people.PlaceError as exc:
            errors["place"] = str(exc)
    if errors:
        return _person_page(person_id, link_values=values, link_errors=errors, status=422)
    audit.record(store, current_user.email, "linked", person_id, "web", values["type"].lower())
    consent.forget_cached_network()
    flash("Link saved.")
    return redirect(url_for("organisers.person", person_id=person_id))


@bp.route("/people/<person_id>/unlink", methods=["POST"])
@require("edit_people")
def unlink_person(person_id: str):
    link_type = request.form.get("type", "")
    if link_type not in people.PLACE_LINKS:
        abort(400, description="Unknown link.")
    store = get_store()
    removed = store.write("unlink_person_from_place", person=person_id, place=request.form.get("place", ""),
                          type=link_type)
    if removed and removed[0]["removed"]:
        audit.record(store, current_user.email, "unlinked", person_id, "web", link_type.lower())
        consent.forget_cached_network()
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
                result = people.merge(store, values["keep"], values["drop"], current_user.email, "web")
            except people.MergeError as exc:
                errors["drop"] = str(exc)
            else:
                flash(f"Merged: {result['moved_out'] + result['moved_in']} relationships moved"
                      + (f"; {result['between']} 1:1 between the two records dropped." if result["between"] else "."))
                return redirect(url_for("organisers.person", person_id=result["id"]))
    chosen = {k: store.read_one("person_by_id", id=v) for k, v in values.items() if v}
    return render_template("organisers/merge.html", values=values, errors=errors, chosen=chosen), (422 if errors else 200)


# ---- importing a CSV --------------------------------------------------------------------------
@bp.route("/import/template.csv")
@require("edit_people")
def import_template():
    return Response(one_to_one_import.template(get_store()), mimetype="text/csv",
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
    store = get_store()
    preview = one_to_one_import.preview(store, data)
    token = None
    if preview.ok:
        token = one_to_one_import.stash(data, current_user.email)
    return render_template("organisers/import.html", preview=preview, token=token, filename=upload.filename,
                           shown_errors=preview.errors[:500]), (200 if preview.ok else 422)


@bp.route("/import/<token>/confirm", methods=["POST"])
@require("edit_people")
def import_confirm(token: str):
    job = one_to_one_import.start_job(get_store(), token, current_user.email)
    if job is None:
        abort(404, description="That upload has expired or was already imported; upload the file again.")
    return redirect(url_for("organisers.import_progress", token=token))


@bp.route("/import/<token>")
@require("edit_people")
def import_progress(token: str):
    job = one_to_one_import.job_status(token, current_user.email)
    if job is None:
        abort(404, description="No such import.")
    return render_template("organisers/import_progress.html", job=job, token=token)


@bp.route("/import/<token>/status")
@require("edit_people")
def import_status(token: str):
    job = one_to_one_import.job_status(token, current_user.email)
    if job is None:
        abort(404, description="No such import.")
    return jsonify(job)
