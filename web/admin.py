"""Admins: accounts and roles."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from mapper import accounts
from mapper.roles import LABELS, ROLES

from .auth import require
from .db import get_store

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
    return render_template("admin/index.html", accounts=store.read("list_accounts"), roles=LABELS,
                           errors=errors, form=form), (400 if errors else 200)
