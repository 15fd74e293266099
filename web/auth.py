"""Sign-in (sessions for people, bearer tokens for API clients) and the role checks for every route."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from mapper import accounts
from mapper.roles import HOME, LABELS, PUBLIC, may

from .db import get_store

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


class User(UserMixin):
    def __init__(self, account: accounts.Account, via_token: bool = False):
        self.account = account
        self.via_token = via_token

    def get_id(self) -> str:
        return self.account.email

    @property
    def email(self) -> str:
        return self.account.email

    @property
    def role(self) -> str:
        return self.account.role

    @property
    def role_label(self) -> str:
        return LABELS.get(self.role, self.role)


def current_role() -> str:
    return current_user.role if current_user.is_authenticated else PUBLIC


def init_auth(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(email: str):
        account = accounts.find(get_store(), email)
        return User(account) if account else None

    @login_manager.request_loader
    def load_from_token(req):
        header = req.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        account = accounts.by_token(get_store(), header[len("Bearer "):].strip())
        return User(account, via_token=True) if account else None

    @login_manager.unauthorized_handler
    def unauthorised():
        if request.path.startswith("/api/"):
            abort(401, description="Sign in, or send a personal API token as 'Authorization: Bearer ...'.")
        return redirect(url_for("auth.login", next=request.full_path))

    @app.context_processor
    def role_helpers():
        return {"may": lambda permission: may(current_role(), permission), "current_role": current_role}


def require(permission: str):
    """Allow the route only to signed-in users whose role has the permission."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not may(current_user.role, permission):
                abort(403, description="Your role does not give access to this page.")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        account = accounts.authenticate(get_store(), email, request.form.get("password", ""))
        if account:
            login_user(User(account))
            return redirect(safe_next(request.args.get("next")) or url_for(HOME[account.role]))
        error = "That email and password do not match an account."
    return render_template("login.html", error=error, email=email), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("public.index"))
