"""What every /api/ module shares: the blueprint, the spectree instance that validates requests and
responses and writes the OpenAPI description, and the responses every route may give.

A route is declared as::

    @bp.route("/people")
    @require("see_people")                      # the role first: 401/403 before any validation
    @spec.validate(query=Paging, resp=responses(GUARDED, HTTP_200=PeopleList), tags=["people"],
                   security=SIGNED_IN)
    def people(): ...

The request's validated models are ``request.context.query`` and ``request.context.json``.
"""
from __future__ import annotations

from flask import Blueprint, request
from spectree import Response, SecurityScheme, SpecTree
from spectree.models import SecuritySchemeData

from web.api.schemas import Problem as ProblemModel
from web.problems import from_validation, malformed
from web.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)  # API clients authenticate with a bearer token, not a cookie

GUARDED = (401, 403)  # signed in, and a role that may
SIGNED_IN = [{"bearer": []}, {"cookie": []}]
BODY_METHODS = ("POST", "PUT", "PATCH")


class ResponseContradictsDescription(RuntimeError):
    """A reply that its own model refuses: a fault of ours, answered as a logged 500."""


def _before(req, resp, req_validation_error, instance, model_adapter) -> None:
    """Before the handler: a body that is not a JSON object is 400; validation errors become the
    problem document (400 for a value of the wrong type, 422 for one that breaks a rule)."""
    if req.method in BODY_METHODS and not isinstance(req.get_json(silent=True), dict):
        raise malformed("send a JSON object (Content-Type: application/json)")
    if req_validation_error is not None:
        where = "json" if req.method in BODY_METHODS else "query"
        raise from_validation(model_adapter.validation_errors(req_validation_error), where)


def _after(req, resp, resp_validation_error, instance, model_adapter) -> None:
    if resp_validation_error is not None:
        raise ResponseContradictsDescription(
            f"{req.method} {req.path}: {model_adapter.validation_errors(resp_validation_error)}")


spec = SpecTree(
    "flask",
    title="Community asset and relationship mapper API",
    version="0.1.0",
    description="People, 1:1s, community assets and network analytics. Send a personal token as "
                "'Authorization: Bearer ...' (see `mapper user token`), or sign in for a session cookie. "
                "Errors are RFC 9457 problem documents (application/problem+json): 400 for a request that "
                "cannot be read (not JSON, not an object, a value of the wrong type), 422 for one that breaks "
                "a rule (errors: field -> message), 401, 403, 404, 405 (with Allow), 409, and 503 with "
                "Retry-After when the database is unavailable. The Open Referral UK 3.0 read API is under "
                "/openreferral/ (see /openreferral/openapi.json).",
    mode="strict",  # only the routes declared with @spec.validate
    annotations=False,
    page_templates={},
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer")),
                      SecurityScheme(name="cookie", data=SecuritySchemeData(type="apiKey", field_in="cookie",
                                                                           name="session"))],
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    before=_before,
    after=_after,
    validation_error_status=422,
    validation_error_model=ProblemModel,
)


def responses(problems: tuple[int, ...] = (), **ok) -> Response:
    """The success model(s) (``HTTP_200=Model``) and a problem for each status in ``problems``;
    503 (database unavailable) is always possible. A status given a model in ``ok`` keeps it."""
    models = {f"HTTP_{status}": ProblemModel for status in (*problems, 503)}
    models.update(ok)
    return Response(**models)


def context():
    """The validated query and body of this request (``.query``, ``.json``)."""
    return request.context


def json_body() -> dict:
    """The request's JSON object as sent (``_before`` has refused anything else)."""
    return request.get_json(silent=True)
