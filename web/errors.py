"""Errors as people and API clients expect them: JSON under /api/, pages elsewhere, no stack traces."""
from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from mapper.db.store import DatabaseAuthFailed, DatabaseUnavailable


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, title: str, detail: str, headers: dict | None = None):
    if wants_json():
        response = jsonify({"error": title, "detail": detail, "status": status})
    else:
        response = current_app.make_response((render_template("error.html", status=status, title=title,
                                                              detail=detail), status))
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(DatabaseUnavailable)
    def database_down(exc):
        current_app.logger.warning("database unavailable: %s", exc)
        retry = str(current_app.config["RETRY_AFTER_SECONDS"])
        return error_response(503, "Service unavailable",
                              "The database cannot be reached just now. Nothing was saved; please try again shortly.",
                              {"Retry-After": retry})

    @app.errorhandler(DatabaseAuthFailed)
    def database_auth(exc):
        current_app.logger.error("database refused credentials: %s", exc)
        return error_response(503, "Service unavailable", "The app cannot sign in to its database.",
                              {"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])})

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return error_response(400, "Form expired", "The form was missing its security token or it had expired. "
                              "Go back, reload the page and submit again.")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        return error_response(exc.code or 500, exc.name, exc.description or "")

    @app.errorhandler(Exception)
    def unexpected(exc):
        current_app.logger.exception("unexpected error")
        return error_response(500, "Internal error", "Something went wrong on our side; it has been logged.")
