"""CSRF on every form, security headers on every response, and logs that hold no personal data."""
from __future__ import annotations

import logging
import re

from flask import Flask, request, session
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

_QUERY = re.compile(r"(\"?(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^ ?\"]*)\?[^ \"]*")


class NoQueryStrings(logging.Filter):
    """Strips query strings from request lines in log records (a search for a person's name is a
    query string). Flask's development server logs every request line through ``werkzeug``;
    waitress logs no requests at all."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = _QUERY.sub(r"\1?…", record.msg)
        return True


def quiet_logs() -> None:
    """The Neo4j driver's debug log holds every query's parameters (names, notes, contact details):
    never let it below WARNING in the app; and no request line keeps its query string."""
    driver = logging.getLogger("neo4j")
    if driver.getEffectiveLevel() < logging.WARNING:
        driver.setLevel(logging.WARNING)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, NoQueryStrings) for f in werkzeug.filters):
        werkzeug.addFilter(NoQueryStrings())


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    quiet_logs()

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Pages and data shown to a signed-in person are personal: no shared cache, no back-button copy
        # after signing out.
        if "_user_id" in session or "Authorization" in request.headers:
            response.headers.setdefault("Cache-Control", "no-store")
        return response
