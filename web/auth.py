"""Sign-in (sessions for people, bearer tokens for API clients) and the role checks for every route."""
from __future__ import annotations

import functools
import hashlib
import math
import sys
import time
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from mapper.accounts import sign_in_limits, users as accounts
from mapper.accounts.roles import HOME, LABELS, PUBLIC, may
from mapper.db.store import DatabaseUnavailable

from web.db import get_store

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


class SignInThrottle:
    """Failed sign-ins per (email, client address) and per client address, counted in Neo4j by
    ``mapper.accounts.sign_in_limits`` so that every app process behind a balancer counts together.

    After ``per_account`` failures for one email from one address within ``window`` seconds (or
    ``per_address`` failures for any emails from one address), further attempts are refused with
    429 until the oldest failure leaves the window; a successful sign-in clears that email's count.
    ``clock`` (seconds) replaces the database's clock, for tests.
    """

    def __init__(self, per_account: int, per_address: int, window: float, clock=None):
        self._limits = sign_in_limits.SignInLimits(sign_in_limits.Limits(per_account, per_address, window), clock)

    def retry_after(self, email: str, address: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        return self._limits.retry_after(get_store(), email, address)

    def failed(self, email: str, address: str) -> None:
        self._limits.failed(get_store(), email, address)

    def succeeded(self, email: str, address: str) -> None:
        self._limits.succeeded(get_store(), email, address)


def throttle():
    app = current_app
    found = app.extensions.get("mapper_sign_in_throttle")
    if found is None:
        found = app.extensions["mapper_sign_in_throttle"] = SignInThrottle(
            app.config["SIGN_IN_MAX_FAILURES"], app.config["SIGN_IN_MAX_FAILURES_PER_ADDRESS"],
            app.config["SIGN_IN_WINDOW_SECONDS"])
    return found


def _idle_time_out() -> None:
    """Sign a browser session out after SESSION_IDLE_SECONDS without a request (bearer tokens are not sessions)."""
    if "_user_id" not in session:
        return
    now = time.time()
    idle = current_app.config["SESSION_IDLE_SECONDS"]
    last = session.get("last_seen")
    began = session.get("signed_in_at", now)
    too_long = now - began > current_app.config["SESSION_MAX_SECONDS"]
    if (isinstance(last, (int, float)) and now - last > idle) or too_long:
        logout_user()
        session.clear()
        flash("You were signed out after a time without activity. Please sign in again."
              if not too_long else "Your session has ended. Please sign in again.")
        return
    # Refresh the mark at most every few seconds, so that most responses do not rewrite the cookie.
    if not isinstance(last, (int, float)) or now - last >= min(30.0, idle / 10):
        session["last_seen"] = now


def _look_up_account(look_up, key: str):
    """Look the account up. When the database is down the request fails with 503; the error page
    is then drawn for an anonymous visitor rather than looking the account up again and failing a
    second time (which would turn the 503 into a 500)."""
    if isinstance(sys.exc_info()[1], DatabaseUnavailable):  # drawing the 503 page
        return None
    return look_up(get_store(), key)


def _session_identifier() -> str:
    """What session protection ("strong") ties a session to: the client's address and browser.
    Flask-Login's own takes the address from ``X-Forwarded-For``, which any client may send; here it
    is the connection's address, which ``ProxyFix`` sets from that header only when
    MAPPER_TRUSTED_PROXIES says how many proxies stand in front (see ``web.create_app``)."""
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha512(f"{request.remote_addr}|{agent}".encode("utf-8", "replace")).hexdigest()


def init_auth(app) -> None:
    login_manager.init_app(app)
    app.before_request(_idle_time_out)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    login_manager._session_identifier_generator = _session_identifier

    @login_manager.user_loader
    def load_user(email: str):
        # Only a session still open on the account: signing out, a new password, a new role and
        # deactivation each end it, whoever still holds a copy of the cookie.
        account = _look_up_account(lambda store, key: accounts.for_session(store, key, session.get("session_id")),
                                   email)
        return User(account) if account else None

    @login_manager.request_loader
    def load_from_token(req):
        header = req.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        account = _look_up_account(accounts.by_token, header[len("Bearer "):].strip())
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

        wrapped.permission = permission  # read by the tests that walk every route with every role
        return wrapped

    return decorator


def shown_to() -> tuple[bytes, str]:
    """Whom the what-if's ids are for: people not named to this viewer get pseudonyms under the app's
    key and the viewer's account (``mapper.network.pseudonyms``)."""
    return current_app.config["SECRET_KEY"].encode(), current_user.email


def safe_next(target: str | None) -> str | None:
    """A path on this site to go to after signing in, or None. Control characters (a header
    injection, or a tab that a browser drops from "/<tab>/evil.example") and backslashes (read as
    "/" by browsers) are refused."""
    if not target or any(ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\\" for ch in target):
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
        key, address = email.strip().lower()[:254], request.remote_addr or "-"
        wait = throttle().retry_after(key, address)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            error = (f"Too many sign-in attempts that did not match. For your account's safety, please wait "
                     f"{minutes} minute{'s' if minutes != 1 else ''} and try again, or ask an admin to reset "
                     "your password.")
            return (render_template("login.html", error=error, email=email), 429, {"Retry-After": str(wait)})
        account = accounts.authenticate(get_store(), email, request.form.get("password", ""))
        if account:
            throttle().succeeded(key, address)
            session.clear()
            session_id = accounts.open_session(get_store(), account.email)
            if session_id is None:  # deactivated in the meantime
                error = "That email and password do not match an account."
                return render_template("login.html", error=error, email=email), 401
            session["session_id"] = session_id
            login_user(User(account))
            now = time.time()
            session["signed_in_at"] = session["last_seen"] = now
            return redirect(safe_next(request.args.get("next")) or url_for(HOME[account.role]))
        throttle().failed(key, address)
        error = "That email and password do not match an account."
    return render_template("login.html", error=error, email=email), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated and not current_user.via_token and session.get("session_id"):
        accounts.close_session(get_store(), current_user.email, session["session_id"])
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("public.index"))
