"""Admins: accounts and roles; erasure requests, subject access exports and the audit trail."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mapper.accounts import users as accounts
from mapper.accounts.roles import LABELS, ROLES
from mapper.directory.suggesters import contact_terms

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


@bp.route("/accounts/change", methods=["POST"])
@require("admin")
def change_account():
    """Deactivate or reactivate an account, change its role (no new password needed) or the person it
    is. Deactivating and a new role end its open sessions at once."""
    store = get_store()
    email, action = request.form.get("email", ""), request.form.get("action", "")
    if not accounts.find_any(store, email):
        abort(404, description="No such account.")
    if email.strip().lower() == current_user.email and action in ("deactivate", "role"):
        flash("Not changed: you cannot deactivate your own account or change your own role (ask another admin).")
        return redirect(url_for("admin.index"))
    try:
        if action == "deactivate":
            accounts.deactivate(store, email)
            flash(f"{email} deactivated: its sessions and token ended at once.")
        elif action == "reactivate":
            accounts.reactivate(store, email)
            flash(f"{email} may sign in again.")
        elif action == "role":
            account = accounts.set_role(store, email, request.form.get("role", ""))
            flash(f"{account.email} is now {LABELS[account.role]}; its open sessions ended.")
        elif action == "person":
            accounts.link_person(store, email, (request.form.get("person") or "").strip()[:100], replace=True)
            flash(f"{email} is linked to the person chosen." if request.form.get("person") else f"{email} is linked to no one.")
        else:
            abort(400, description="Unknown change.")
    except accounts.AccountError as exc:
        flash(f"Not changed: {exc}")
    return redirect(url_for("admin.index"))


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


@bp.route("/erasures/suggester", methods=["POST"])
@require("admin")
def erase_suggester():
    """Erase someone known only by a contact they left: the suggestions to the directory left with it."""
    from mapper.directory import suggesters

    contact = (request.form.get("contact") or "").strip()[:200]
    errors = {}
    if contact_terms(contact) == (None, None):
        errors["contact"] = "Give an e-mail address or a phone number (at least 6 digits)."
    elif request.form.get("confirm") != "1":
        errors["contact"] = "Tick to confirm: the suggestions are deleted and cannot be brought back."
    if errors:
        from mapper.privacy import erasure

        return render_template("admin/erasures.html", requests=erasure.requests(get_store()), form={"person": ""},
                               errors={}, chosen=None, suggester_errors=errors, contact=contact), 422
    flash(f"Deleted {suggesters.erase_for_contacts(get_store(), [contact])} suggestion(s) left with that contact.")
    return redirect(url_for("admin.erasures"))


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
    contact = (request.args.get("contact") or "").strip()[:200]
    document, error, contact_error, by_contact = None, None, None, None
    if person_id:
        try:
            document = sar.export(store, person_id, current_user.email, "web")
        except sar.NoSuchPerson:
            error = "No person has this id."
    elif contact:  # someone known only by the contact they left with a suggestion to the directory
        if contact_terms(contact) == (None, None):
            contact_error = "Give an e-mail address or a phone number (at least 6 digits)."
        else:
            by_contact = sar.export_for_contact(store, contact, current_user.email)
    return render_template("admin/subject_access.html", person_id=person_id, document=document, error=error,
                           text=sar.to_json(document) if document else None, contact=contact,
                           contact_error=contact_error, by_contact=by_contact,
                           contact_text=sar.to_json(by_contact) if by_contact else None,
                           counts=sar.summary(document) if document else None), \
        (404 if error else 422 if contact_error else 200)


@bp.route("/suggester-access.json")
@require("admin")
def suggester_access_download():
    """What is held about someone known only by a contact they left (``?contact=``), as JSON."""
    from mapper.privacy import subject_access as sar

    contact = (request.args.get("contact") or "").strip()[:200]
    if contact_terms(contact) == (None, None):
        abort(422, description="Give an e-mail address or a phone number.")
    document = sar.export_for_contact(get_store(), contact, current_user.email)
    return Response(sar.to_json(document), mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="subject-access-suggester.json"', "Cache-Control": "no-store"})


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
