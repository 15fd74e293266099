"""Admins: accounts and roles; erasure requests, subject access exports and the audit trail."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.accounts import users as accounts
from mapper.accounts.roles import LABELS, ROLES

from web.auth import require
from web.db import get_store

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/", methods=["GET", "POST"])
@require("admin")
def index():
    store = get_store()
    errors: dict[str, str] = {}
    form = {"email": "", "role": "organiser"}
    if request.method == "POST":
        form = {"email": request.form.get("email", ""), "role": request.form.get("role", "")}
        password = request.form.get("password", "")
        try:
            accounts.normalise_email(form["email"])
        except accounts.AccountError as exc:
            errors["email"] = str(exc)
        if form["role"] not in ROLES:
            errors["role"] = "choose one of the roles"
        try:
            accounts.check_password(password)
        except accounts.AccountError as exc:
            errors["password"] = str(exc)
        if not errors:
            account = accounts.add(store, form["email"], form["role"], password)
            flash(f"Account {account.email} ({LABELS[account.role]}) saved.")
            return redirect(url_for("admin.index"))
    return render_template("admin/index.html", accounts=accounts.listing(store), roles=LABELS,
                           errors=errors, form=form), (400 if errors else 200)


# ---- erasure requests ---------------------------------------------------------------------------
@bp.route("/erasures", methods=["GET", "POST"])
@require("admin")
def erasures():
    from mapper.privacy import erasure

    store = get_store()
    errors: dict[str, str] = {}
    form = {"person": (request.values.get("person") or "").strip()[:100]}
    if request.method == "POST":
        confirmed = request.form.get("confirm") == "1"
        if not form["person"]:
            errors["person"] = "Give the person's id (it is on their page)."
        elif not confirmed:
            errors["confirm"] = "Tick to confirm: an erasure cannot be undone."
        if not errors:
            try:
                done = erasure.erase(store, form["person"], current_user.email, "web")
            except erasure.NoSuchPerson:
                errors["person"] = "No person has this id."
            except erasure.ErasureError as exc:
                errors["person"] = str(exc)
            else:
                flash(f"Erased {done.person}: an anonymous placeholder keeps {done.one_to_ones} 1:1s and "
                      f"{done.relationships} other links; {done.texts_redacted} texts elsewhere redacted; "
                      f"{done.import_files_removed} uploaded files removed."
                      + (" An account signs in with their email: remove it if they asked for that too."
                         if done.account_with_same_email else ""))
                return redirect(url_for("admin.erasures"))
    from mapper.organising.person_record import person_brief

    chosen = person_brief(store, form["person"])
    return render_template("admin/erasures.html", requests=erasure.requests(store), form=form, errors=errors,
                           chosen=chosen), (422 if errors else 200)


@bp.route("/erasures/<request_id>/cancel", methods=["POST"])
@require("admin")
def cancel_erasure(request_id: str):
    from mapper.privacy import erasure

    if erasure.cancel(get_store(), request_id[:40], current_user.email, "web") is None:
        abort(404, description="No pending erasure request with this id.")
    flash("Erasure request cancelled.")
    return redirect(url_for("admin.erasures"))


# ---- subject access ------------------------------------------------------------------------------
@bp.route("/subject-access")
@require("admin")
def subject_access():
    from mapper.privacy import subject_access as sar

    store = get_store()
    person_id = (request.args.get("person") or "").strip()[:100]
    document, error = None, None
    if person_id:
        try:
            document = sar.export(store, person_id, current_user.email, "web")
        except sar.NoSuchPerson:
            error = "No person has this id."
    return render_template("admin/subject_access.html", person_id=person_id, document=document, error=error,
                           text=sar.to_json(document) if document else None,
                           counts=sar.summary(document) if document else None), (404 if error else 200)


@bp.route("/subject-access/<person_id>.json")
@require("admin")
def subject_access_download(person_id: str):
    from mapper.privacy import subject_access as sar

    try:
        document = sar.export(get_store(), person_id, current_user.email, "web")
    except sar.NoSuchPerson:
        abort(404, description="No such person.")
    return Response(sar.to_json(document), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="subject-access-{person_id}.json"',
        "Cache-Control": "no-store"})


# ---- audit trail ---------------------------------------------------------------------------------
@bp.route("/audit")
@require("admin")
def audit_log():
    from mapper.privacy import audit

    store = get_store()
    filters, errors = audit.parse_filters(request.args)
    page = audit.entries(store, filters)
    return render_template("admin/audit.html", page=page, filters=filters, errors=errors, actions=audit.ACTIONS,
                           accounts=audit.accounts(store), args=filters.args()), (400 if errors else 200)
