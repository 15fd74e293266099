"""The one shape of a JSON error: RFC 9457 problem details, ``application/problem+json``.

Every JSON error from ``/api/``, ``/openreferral/``, the map's data (``/map/*.json``) and ``/healthz``
is built here::

    {"type": "urn:community-mapper:problem:invalid-fields", "title": "Invalid fields", "status": 422,
     "detail": "name: give a name", "errors": {"name": "give a name"}}

``errors`` (field -> message) comes with field errors; ``suggestions`` where the route offers them
(possible duplicates on 409, postcodes on ``/api/search``). One status per kind of mistake:

- 400 malformed: the body is not JSON or not an object, or a value is not of its type (text where
  a number, list or true/false belongs; a date or time that cannot be read);
- 422 invalid: the request reads, but a value breaks a rule (out of range, not one of the choices,
  missing, an unknown area or taxonomy term, a postcode that does not exist);
- 401, 403, 404, 405 (with ``Allow``), 409 (with ``suggestions`` when they are possible duplicates),
  429 and 503 (with ``Retry-After``) as HTTP means them; 500 only for a fault of ours, logged.

>>> body = problem_body(422, detail="name: give a name", errors={"name": "give a name"})
>>> body["type"], body["title"], body["status"]
('urn:community-mapper:problem:invalid-fields', 'Invalid fields', 422)
>>> problem_body(404)["type"], problem_body(404)["title"]
('about:blank', 'Not Found')
"""
from __future__ import annotations

import json
from http import HTTPStatus

from flask import Response, request
from werkzeug.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"
PREFIX = "urn:community-mapper:problem:"
# The kinds of mistake that have their own type (others are plain HTTP statuses: "about:blank").
KINDS = {
    400: ("malformed-request", "Malformed request"),
    422: ("invalid-fields", "Invalid fields"),
    409: ("conflict", "Conflict"),
    429: ("too-many-attempts", "Too many attempts"),
    503: ("service-unavailable", "Service unavailable"),
}
DUPLICATE = ("possible-duplicate", "Possible duplicate")


def wants_problem_json() -> bool:
    """Whether this request's errors are JSON (the API, Open Referral UK, the map's data, the health check)."""
    path = request.path
    return (path.startswith(("/api/", "/openreferral/")) or path in ("/healthz", "/openreferral")
            or (path.startswith("/map/") and path.endswith(".json")))


def problem_body(status: int, title: str | None = None, detail: str | None = None, errors: dict | None = None,
                 suggestions=None, kind: tuple[str, str] | None = None) -> dict:
    name, default_title = kind or KINDS.get(status, (None, None))
    if name is None:
        default_title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = {"type": PREFIX + name if name else "about:blank", "title": title or default_title, "status": status,
            "detail": detail if detail is not None else _detail_from(errors) or default_title}
    if errors:
        body["errors"] = {str(k): str(v) for k, v in errors.items()}
    if suggestions is not None:
        body["suggestions"] = suggestions
    return body


def _detail_from(errors: dict | None) -> str:
    return "; ".join(f"{k}: {v}" for k, v in (errors or {}).items())


def problem_response(status: int, title: str | None = None, detail: str | None = None, errors: dict | None = None,
                     suggestions=None, headers: dict | None = None, kind: tuple[str, str] | None = None) -> Response:
    body = problem_body(status, title, detail, errors, suggestions, kind)
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


class Problem(HTTPException):
    """Raised from a handler: answered in the problem shape by ``web.errors`` (JSON routes only).

    >>> Problem(422, errors={"area": "unknown area id"}).code
    422
    """

    def __init__(self, status: int, detail: str | None = None, *, title: str | None = None,
                 errors: dict | None = None, suggestions=None, headers: dict | None = None,
                 kind: tuple[str, str] | None = None):
        super().__init__(description=detail)
        self.code = status
        self.title, self.errors, self.suggestions, self.extra_headers, self.kind = (
            title, errors, suggestions, headers or {}, kind)

    def get_response(self, environ=None, scope=None) -> Response:
        return problem_response(self.code, self.title, self.description, self.errors, self.suggestions,
                                self.extra_headers, self.kind)


def malformed(detail: str, errors: dict | None = None) -> Problem:
    """400: the request cannot be read as the route expects."""
    return Problem(400, detail, errors=errors)


def invalid(errors: dict, detail: str | None = None, suggestions=None) -> Problem:
    """422: the request reads, but these fields break a rule."""
    return Problem(422, detail, errors=errors, suggestions=suggestions)


def duplicate(detail: str, suggestions) -> Problem:
    """409: someone like this may already be recorded."""
    return Problem(409, detail, suggestions=suggestions, kind=DUPLICATE)


# Pydantic error types that mean "not of its type" (400); every other error breaks a rule (422).
_TYPE_ERRORS = ("_type", "_parsing", "json_invalid", "is_instance_of", "union_tag_invalid", "model_attributes_type")


def is_type_error(error_type: str) -> bool:
    """
    >>> is_type_error("int_parsing"), is_type_error("list_type"), is_type_error("greater_than_equal")
    (True, True, False)
    >>> is_type_error("missing"), is_type_error("literal_error")
    (False, False)
    """
    return error_type.endswith(_TYPE_ERRORS) or error_type in _TYPE_ERRORS


def _field_path(loc: tuple, where: str) -> str:
    """A field's dotted path, without pydantic's names for the members of a union (``a.str``,
    ``a.PersonRef``: field names here are lower case, never a bare type name).

    >>> _field_path(("a", "PersonRef", "name"), "json"), _field_path(("b", "str"), "json"), _field_path((), "query")
    ('a.name', 'b', 'query')
    """
    parts = [str(p) for p in loc if not (isinstance(p, str) and (p[:1].isupper() or "[" in p or p in _TYPE_NAMES))]
    return ".".join(parts) or where


_TYPE_NAMES = ("str", "int", "float", "bool", "none", "__root__")


def from_validation(errors: list[dict], where: str) -> Problem:
    """The problem for pydantic's errors on the query (``where="query"``) or the body (``"json"``)."""
    fields: dict[str, str] = {}
    status = 422
    for error in errors:
        loc = _field_path(tuple(error.get("loc", ())), where)
        fields.setdefault(loc, error.get("msg", "is not valid"))
        if is_type_error(error.get("type", "")):
            status = 400
    detail = _detail_from(fields)
    return Problem(status, detail, errors=fields)
