"""Errors as people and API clients expect them: problem+json (``web.problems``) under /api/,
/openreferral/ and /healthz, pages elsewhere, no stack traces."""
from __future__ import annotations

from flask import Flask, current_app, render_template
from flask.json.provider import DefaultJSONProvider
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from mapper.db.store import DatabaseAuthFailed, DatabaseUnavailable

from web.problems import Problem, problem_response, wants_problem_json


def error_response(status: int, title: str, detail: str, headers: dict | None = None, errors: dict | None = None,
                   suggestions=None):
    """The problem document on JSON routes, the error page elsewhere."""
    if wants_problem_json():
        return problem_response(status, None, detail, errors, suggestions, headers)
    response = current_app.make_response((render_template("error.html", status=status, title=title,
                                                           detail=detail), status))
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _headers_of(exc: HTTPException) -> dict:
    """The headers an HTTP error must keep (``Allow`` on 405, ``Retry-After`` on 429 and 503)."""
    headers = {}
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    if isinstance(exc, Problem):
        headers.update(exc.extra_headers)
    if exc.response is not None:
        for key in ("Allow", "Retry-After"):
            if key in exc.response.headers:
                headers[key] = exc.response.headers[key]
    return headers


class BoundedJSON(DefaultJSONProvider):
    """Flask's JSON, but a body nested past Python's recursion limit is an unreadable body (a
    ``ValueError``, so ``get_json(silent=True)`` gives None and the route answers 400) rather than a
    ``RecursionError`` that would surface as a 500."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None


def init_app(app: Flask) -> None:
    app.json = BoundedJSON(app)

    def unavailable(detail: str):
        return error_response(503, "Service unavailable", detail,
                              {"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])})

    @app.errorhandler(DatabaseUnavailable)
    def database_down(exc):
        current_app.logger.warning("database unavailable: %s", exc)
        return unavailable("The database cannot be reached just now. Nothing was saved; please try again shortly.")

    @app.errorhandler(DatabaseAuthFailed)
    def database_auth(exc):
        current_app.logger.error("database refused credentials: %s", exc)
        return unavailable("The app cannot sign in to its database.")

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return error_response(400, "Form expired", "The form was missing its security token or it had expired. "
                              "Go back, reload the page and submit again.")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if isinstance(exc, Problem):
            if wants_problem_json():
                return exc.get_response()
            return error_response(exc.code, exc.title or "Bad request", exc.description or "")
        status = exc.code or 500
        return error_response(status, exc.name, exc.description or "", _headers_of(exc))

    @app.errorhandler(Exception)
    def unexpected(exc):
        current_app.logger.exception("unexpected error")
        return error_response(500, "Internal error", "Something went wrong on our side; it has been logged.")
