"""Consent, erasure, subject access and the audit trail under /api/."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from flask import abort, jsonify, request
from flask_login import current_user
from pydantic import BeforeValidator, ConfigDict, Field

from mapper.privacy.audit import ACTIONS, PER_PAGE
from mapper.privacy.consent import SCOPES

from web.api.common import GUARDED, SIGNED_IN, bp, context, responses, spec
from web.api.schemas import AuditEntry, Body, ConsentChange, ErasureRequest, Query, Reply, Scopes
from web.auth import require
from web.db import get_store
from web.problems import invalid

Blank = BeforeValidator(lambda value: None if value == "" else value)


class ConsentStatus(Reply):
    person: str
    scopes: Scopes
    history: list[ConsentChange] = Field(description="every dated change, newest first")
    erased: bool
    erasure_pending: bool
    date: str | None = Field(description="when consent was last given")


class ScopeChanged(Reply):
    scope: str
    given: bool


class ConsentChanged(ConsentStatus):
    changed: list[ScopeChanged] = Field(description="empty when nothing changed (200); 201 otherwise")


class ConsentAsked(Body):
    scope: Literal[SCOPES]
    given: bool = Field(description="true: consent given; false: withdrawn")
    date: str | None = Field(None, description="the day it was given or withdrawn (default today)",
                             json_schema_extra={"format": "date"})


class ErasureQuery(Query):
    state: Annotated[Literal["pending", "done", "cancelled"] | None, Blank] = None


class ErasureRequests(Reply):
    requests: list[ErasureRequest]


class ErasureAsked(Body):
    confirm: str | None = Field(None, description="the person's id again: an erasure cannot be undone")


class Erased(Reply):
    person: str
    one_to_ones: int
    relationships: int
    consent_changes: int
    texts_redacted: int
    import_files_removed: int
    account_with_same_email: bool


class Other(Reply):
    id: str | None
    name: str | None
    labels: list[str]


class HeldNode(Reply):
    id: str
    labels: list[str]
    properties: dict[str, Any] = Field(description="every property held on the person's record")


class HeldOneToOne(Reply):
    """A 1:1, with every property recorded on it (date, place, notes, themes, ...)."""

    model_config = ConfigDict(extra="allow")
    role: str
    with_: Other = Field(alias="with")
    theme_names: list[str]


class HeldRelationship(Reply):
    type: str
    direction: Literal["outgoing", "incoming"]
    other: Other
    properties: dict[str, Any]


class HeldConsent(Reply):
    current: Scopes
    history: list[ConsentChange]


class HeldSuggestion(Reply):
    """A suggestion to the directory left with the person's email or phone, not yet handled."""

    id: str
    entry: str | None
    created: str | None
    fields: dict[str, str]
    message: str | None
    contact: str | None


class SubjectAccess(Reply):
    """Everything held about one person (UK GDPR Article 15)."""

    format: str
    version: int
    generated: str
    generated_by: str
    person: HeldNode
    consent: HeldConsent | None
    one_to_ones: list[HeldOneToOne]
    relationships: list[HeldRelationship]
    erasure_requests: list[ErasureRequest]
    audit: list[AuditEntry]
    directory_suggestions: list[HeldSuggestion]


class AuditQuery(Query):
    person: str | None = Field(None, max_length=100, pattern=r"^[A-Za-z0-9_.:\-]*$", description="a person's id")
    account: str | None = Field(None, max_length=254, description="an account's email")
    action: Annotated[Literal[tuple(ACTIONS)] | None, Blank] = None
    from_: dt.date | None = Field(None, alias="from", description="from this date (UTC)")
    to: dt.date | None = Field(None, description="to this date, inclusive")
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(PER_PAGE, ge=1, le=500)


class AuditLine(AuditEntry):
    action_words: str | None


class AuditPage(Reply):
    entries: list[AuditLine]
    total: int
    page: int
    pages: int
    per_page: int


@bp.route("/people/<person_id>/consent")
@require("see_people")
@spec.validate(resp=responses((*GUARDED, 404), HTTP_200=ConsentStatus), tags=["consent"], security=SIGNED_IN)
def consent_status(person_id: str):
    """A person's consent by scope, with its dated history."""
    from mapper.privacy import consent

    state = consent.status(get_store(), person_id)
    if state is None:
        abort(404, description="No such person.")
    return jsonify(state)


@bp.route("/people/<person_id>/consent", methods=["POST"])
@require("edit_people")
@spec.validate(json=ConsentAsked, resp=responses((400, *GUARDED, 404, 422), HTTP_200=ConsentChanged,
                                                 HTTP_201=ConsentChanged), tags=["consent"], security=SIGNED_IN)
def consent_change(person_id: str):
    """Give or withdraw one scope of consent (kept dated); 201 when it changed, 200 when it already was so."""
    from mapper.privacy import consent

    asked = context().json
    scope, given, day = asked.scope, asked.given, asked.date
    try:
        result = consent.change(get_store(), person_id, scope, given, day, current_user.email, "api", "api")
    except consent.NoSuchPerson:
        abort(404, description="No such person.")
    except consent.ConsentError as exc:
        raise invalid({exc.field: str(exc)}) from None
    return jsonify(result), 201 if result["changed"] else 200


@bp.route("/erasure-requests")
@require("admin")
@spec.validate(query=ErasureQuery, resp=responses((400, *GUARDED, 422), HTTP_200=ErasureRequests), tags=["erasure"],
               security=SIGNED_IN)
def erasure_requests():
    """Erasure requests, pending first (admins)."""
    from mapper.privacy import erasure

    state = context().query.state
    found = erasure.requests(get_store(), state)
    for row in found:
        row.pop("name", None)
    return jsonify({"requests": found})


@bp.route("/people/<person_id>/erasure", methods=["POST"])
@require("admin")
@spec.validate(json=ErasureAsked, resp=responses((400, *GUARDED, 404, 409, 422), HTTP_200=Erased), tags=["erasure"],
               security=SIGNED_IN)
def person_erasure(person_id: str):
    """Erase a person: their record becomes an anonymous placeholder; their words are redacted (admins)."""
    from mapper.privacy import erasure

    if context().json.confirm != person_id:
        raise invalid({"confirm": "send the person's id again as 'confirm': an erasure cannot be undone"})
    try:
        done = erasure.erase(get_store(), person_id, current_user.email, "api")
    except erasure.NoSuchPerson:
        abort(404, description="No such person.")
    except erasure.ErasureError as exc:
        abort(409, description=str(exc))
    return jsonify(done.as_dict())


@bp.route("/people/<person_id>/subject-access")
@require("admin")
@spec.validate(resp=responses((*GUARDED, 404), HTTP_200=SubjectAccess), tags=["subject access"],
               security=SIGNED_IN)
def person_subject_access(person_id: str):
    """Everything held about a person, as one JSON document (admins; recorded in the audit trail)."""
    from mapper.privacy import subject_access

    try:
        document = subject_access.export(get_store(), person_id, current_user.email, "api")
    except subject_access.NoSuchPerson:
        abort(404, description="No such person.")
    response = jsonify(document)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/audit")
@require("admin")
@spec.validate(query=AuditQuery, resp=responses((400, *GUARDED, 422), HTTP_200=AuditPage), tags=["audit"],
               security=SIGNED_IN)
def audit_entries():
    """The audit trail, newest first, one page at a time (admins)."""
    from mapper.privacy import audit

    filters, errors = audit.parse_filters(request.args)
    if errors:  # the types were checked by AuditQuery: what is left breaks a rule
        raise invalid(errors)
    return jsonify(audit.entries(get_store(), filters, context().query.per_page))
