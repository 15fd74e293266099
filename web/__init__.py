"""The Flask app: an app factory, one blueprint per user group, and the JSON API."""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Flask

from mapper.config import VAR_DIR, web_settings


def _secret_key(settings: dict) -> str:
    """MAPPER_SECRET_KEY, or one generated once and kept in var/secret_key (mode 0600)."""
    if settings["secret_key"]:
        return settings["secret_key"]
    return kept_secret(Path(VAR_DIR) / "secret_key")


def kept_secret(path: Path) -> str:
    """The key in ``path``, made if there is none. Several app processes starting at once agree on
    it: each writes a whole candidate to a file of its own and links it into place, which succeeds
    for exactly one of them; the others read the winner's (never a half-written file)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(candidate, path)
            except FileExistsError:
                pass  # another process made it first
        finally:
            candidate.unlink()
    return path.read_text().strip()


def create_app(config: dict | None = None) -> Flask:
    # The driver's retry notices are not for the app's log; failures surface as 503s.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    app = Flask(__name__)
    settings = web_settings()
    app.config.update(
        SECRET_KEY=_secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings["secure_cookies"],
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings["secure_cookies"],
        PERMANENT_SESSION_LIFETIME=60 * 60 * 8,
        SESSION_IDLE_SECONDS=settings["session_idle_seconds"],  # signed out after this
        SESSION_MAX_SECONDS=60 * 60 * 8,  # and after this however active
        SIGN_IN_MAX_FAILURES=5,  # per email and client address, within the window
        SIGN_IN_MAX_FAILURES_PER_ADDRESS=50,  # any emails from one client address, within the window
        SIGN_IN_WINDOW_SECONDS=15 * 60,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        NEO4J_TARGET=None,  # a mapper.config.Neo4jTarget; None: from the environment
        RETRY_AFTER_SECONDS=10,
        DB_RETRY_SECONDS=0.5,  # transient failures are retried; a stopped database answers 503 at once
        # A page waits this long for a report that may be shown (one never computed, or one after a
        # change of naming); past it, the page shows the analysis's progress and looks again.
        REPORT_WAIT_SECONDS=settings["report_wait_seconds"],
        TRUSTED_PROXIES=settings["trusted_proxies"],  # proxies in front that set X-Forwarded-For
        MAPPER_TILE_URL=settings["tile_url"],
        MAPPER_TILE_ATTRIBUTION=settings["tile_attribution"],
    )
    if config:
        app.config.update(config)
    if app.config.get("TRUSTED_PROXIES"):
        # Behind this many proxies, each adding to X-Forwarded-For: the client's address comes from
        # that header (for sign-in throttling and session protection). Without one it is never read.
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    from web import bookmarks, db, errors, security
    from web.auth import bp as auth_bp, init_auth
    from web.pages.public import bp as public_bp
    from web.pages.organisers import bp as organisers_bp
    from web.pages.follow_ups import bp as follow_ups_bp
    from web.pages.clean_up import bp as clean_up_bp
    from web.pages.collaborative import bp as collaborative_bp
    from web.pages.prescribers import bp as prescribers_bp
    from web.pages.admin import bp as admin_bp
    from web.api import assets, description, follow_ups, me, network, one_to_ones, people, places, privacy  # noqa: F401,E501
    from web.api import directory, organisations, suggestions  # noqa: F401  (the directory kept true)
    from web.api import network_picture  # noqa: F401  (the network picture, after web.api.network)
    from web.api.common import bp as api_bp  # the routes above are on it
    from web.pages.map import bp as map_bp
    from web.openreferral import bp as oruk_bp
    from web.pages.prescribers import review_bp

    db.init_app(app)
    bookmarks.init_app(app)  # before any hook that reads the database
    security.init_app(app)
    init_auth(app)
    errors.init_app(app)
    for blueprint in (public_bp, auth_bp, organisers_bp, follow_ups_bp, clean_up_bp, collaborative_bp, prescribers_bp,
                      admin_bp, map_bp, oruk_bp, review_bp):
        app.register_blueprint(blueprint)
    from web.pages import directory as directory_pages, directory_queue, suggestions as suggest_pages

    for blueprint in (directory_pages.bp, directory_queue.bp, suggest_pages.bp):  # stewards, and the public's say
        app.register_blueprint(blueprint)
    app.register_blueprint(api_bp)
    return app
