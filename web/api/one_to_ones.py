"""``POST /api/one-to-ones``: a 1:1 (and any new people) recorded in one transaction."""
from __future__ import annotations

from flask import abort, jsonify, request
from flask_login import current_user
from pydantic import Field

from mapper.organising.person_fields import EMAIL_MAX, NAME_MAX, PHONE_MAX

from web.api.common import GUARDED, SIGNED_IN, bp, json_body, responses, spec
from web.api.schemas import Body, OneToOneConflict, Reply, absent
from web.auth import require
from web.db import get_store
from web.problems import duplicate, invalid

DATE = {"format": "date"}


class PersonRef(Body):
    """An existing person ('id'), or a new one ('name', and optional 'area', 'email', 'phone')."""

    id: str | None = Field(None, description="an existing person's id")
    name: str | None = Field(None, max_length=NAME_MAX, description="a new person's name")
    area: str | None = Field(None, description="area id, e.g. area-E09000023")
    email: str | None = Field(None, max_length=EMAIL_MAX)
    phone: str | None = Field(None, max_length=PHONE_MAX)
    create_new: bool = Field(False, description="add a new person even though likely matches exist")


class ConsentGiven(Body):
    recorded: bool = False
    named: bool = False
    contact: bool = False


class NewOneToOne(Body):
    a: str | PersonRef = Field(description="who held the 1:1: a person's id, or a person")
    b: str | PersonRef = Field(description="who was met: a person's id, or a person")
    date: str | None = Field(None, description="the day it was held (required; not in the future)",
                             json_schema_extra=DATE)
    place: str | None = Field(None, max_length=200)
    themes: list[str] | None = Field(None, description="theme ids or names")
    notes: str | None = Field(None, max_length=4000)
    follow_up: str | None = Field(None, max_length=500)
    follow_up_due: str | None = Field(None, json_schema_extra=DATE)
    consent: ConsentGiven | None = Field(None, description="the consent the person met gave; sent, it also sets "
                                                           "(and may withdraw) an existing person's consent")
    create_new: bool = Field(False, description="add new people even though likely matches exist")
    close_follow_ups: list[str] | None = Field(None, description="ids of follow-ups still open from earlier 1:1s "
                                                                 "with the person met, closed by this one")


class OneToOneRecorded(Reply):
    id: str
    a: str
    b: str
    new_people: list[str]
    closed_follow_ups: list[str] = Field(description="follow-ups closed by this 1:1")
    replayed: bool = absent("true: this Idempotency-Key was already used; the 1:1 was recorded once, then")


def _flat_one_to_one(body: dict) -> tuple[dict, list]:
    """The API's nested 1:1 ({"a": {...}, "b": {...}, "consent": {...}}) as the form's flat fields."""
    flat = {}
    for side in ("a", "b"):
        who = body.get(side)
        if isinstance(who, str):
            who = {"id": who}
        if not isinstance(who, dict):
            abort(400, description=f"'{side}' must be a person id or an object with 'id', or 'name' "
                                   "(and optional 'area', 'email', 'phone') for a new person")
        for key in ("id", "name", "area", "email", "phone"):
            value = who.get(key)
            if value is not None and not isinstance(value, str):
                abort(400, description=f"'{side}.{key}' must be a string")
            flat[f"{side}_{key}"] = value or ""
        if who.get("create_new") or body.get("create_new"):
            flat[f"{side}_pick"] = "new"
    for key in ("date", "place", "notes", "follow_up", "follow_up_due"):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            abort(400, description=f"'{key}' must be a string")
        flat[key] = value or ""
    consent = body.get("consent") or {}
    if not isinstance(consent, dict):
        abort(400, description="'consent' must be an object with 'recorded', 'named' and 'contact' (true/false)")
    for key in ("recorded", "named", "contact"):
        flat[f"consent_{key}"] = bool(consent.get(key))
    # Sent explicitly, the consent object also sets (and may withdraw) an existing person's consent.
    flat["consent_explicit"] = "1" if body.get("consent") is not None else ""
    themes = body.get("themes") or []
    if not (isinstance(themes, list) and all(isinstance(t, str) for t in themes)):
        abort(400, description="'themes' must be a list of theme ids or names")
    return flat, themes


@bp.route("/one-to-ones", methods=["POST"])
@require("edit_people")
@spec.validate(json=NewOneToOne, resp=responses((400, *GUARDED, 422), HTTP_201=OneToOneRecorded,
                                                HTTP_409=OneToOneConflict), tags=["one-to-ones"], security=SIGNED_IN)
def one_to_one_create():
    """Record a 1:1 (and any new people) in one transaction.

    Likely duplicates of a new person are answered 409 with 'suggestions' by side. Send an
    'Idempotency-Key' header (a UUID) to make a retry safe: the same key from the same account is
    answered with the first save (201, 'replayed': true) and nothing is recorded twice; the same key
    with a different 1:1 is refused (422)."""
    from mapper.organising import idempotency, one_to_one

    body = json_body()
    flat, themes = _flat_one_to_one(body)
    close = body.get("close_follow_ups") or []
    store = get_store()
    key = fingerprint = None
    sent_key = request.headers.get("Idempotency-Key")
    if sent_key is not None:
        problem = idempotency.problem(sent_key.strip())
        if problem:
            raise invalid({"Idempotency-Key": problem})
        key = idempotency.scoped(current_user.email, sent_key.strip())
        fingerprint = idempotency.fingerprint(flat, themes, close)
        try:
            earlier = idempotency.answer(store, key, fingerprint)
        except idempotency.KeyReused as exc:
            raise invalid({"Idempotency-Key": str(exc)}) from None
        if earlier:
            return jsonify(earlier), 201
    checked = one_to_one.check(store, flat, themes, by=current_user.email, close_follow_ups=close)
    if checked.errors:
        raise invalid(checked.errors)
    if checked.suggestions:
        raise duplicate("Someone like this may already be recorded: send their id, or set "
                        "'create_new': true on that side to add a new person anyway.", checked.suggestions)
    try:
        result = one_to_one.record(store, checked, via="api", key=key, fingerprint=fingerprint)
    except one_to_one.NotWritten as exc:
        abort(409, description=str(exc))
    return jsonify(result), 201
