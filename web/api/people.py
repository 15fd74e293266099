"""``/api/people``: the list, one person, type-ahead search, adding a person and linking them to a place."""
from __future__ import annotations

from typing import Literal

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from mapper.organising.person_fields import EMAIL_MAX, NAME_MAX, PHONE_MAX
from mapper.organising.places import PLACE_LINKS

from web.api.common import GUARDED, SIGNED_IN, bp, context, responses, spec
from web.api.schemas import Body, Paging, PersonDuplicates, Query, Reply, Scopes, absent
from web.auth import require
from web.db import get_store
from web.problems import Problem, duplicate, invalid


class PersonRow(Reply):
    id: str
    name: str | None
    area: str | None
    roles: list[str]
    one_to_ones: int


class PeopleList(Reply):
    people: list[PersonRow]


class Person(Reply):
    """One person; email and phone are null unless they consented to be contacted."""

    id: str
    name: str | None
    email: str | None = Field(description="null without consent to be contacted")
    phone: str | None = Field(description="null without consent to be contacted")
    area: str | None
    area_id: str | None
    roles: list[str]
    consent_recorded: bool | None
    consent_named: bool | None
    consent_contact: bool | None
    consent_date: str | None
    active: bool
    consent: Scopes
    erased: bool
    erasure_pending: bool


class NameSearch(Query):
    q: str = Field("", max_length=100, description="the first letters of the words of a name")
    kind: Literal["person", "place", "organisation", "asset"] = Field(
        "person", description="person, or place (organisations and assets), organisation or asset")
    limit: int = Field(10, ge=1, le=50)


class NameHit(Reply):
    id: str
    name: str | None
    area: str | None
    kind: str
    roles: list[str]


class NameHits(Reply):
    people: list[NameHit] = absent("kind=person")
    places: list[NameHit] = absent("any other kind")


class NewPerson(Body):
    name: str = Field(max_length=NAME_MAX)
    email: str | None = Field(None, max_length=EMAIL_MAX)
    phone: str | None = Field(None, max_length=PHONE_MAX)
    area: str | None = Field(None, description="area id, e.g. area-E09000023")
    create_new: bool = Field(False, description="add the person even though likely matches exist")


class Created(Reply):
    id: str


class NewLink(Body):
    type: Literal[PLACE_LINKS] = Field(description="how the person is linked to the place")
    place: str = Field(description="an organisation's or asset's id")
    role: str | None = Field(None, max_length=200)


@bp.route("/people")
@require("see_people")
@spec.validate(query=Paging, resp=responses((400, *GUARDED, 422), HTTP_200=PeopleList), tags=["people"],
               security=SIGNED_IN)
def people():
    """People in the network (organisers and admins)."""
    from mapper.organising import people as people_module

    q = context().query
    return jsonify({"people": people_module.listing(get_store(), q.skip, q.limit)})


@bp.route("/people/<person_id>")
@require("see_people")
@spec.validate(resp=responses((*GUARDED, 404), HTTP_200=Person), tags=["people"], security=SIGNED_IN)
def person(person_id: str):
    """One person, with their consent (the view is recorded in the audit trail)."""
    from mapper.organising.person_record import Viewer, person_view

    found = person_view(get_store(), person_id, Viewer(current_user.email, current_user.role, "api"))
    if found is None:
        raise Problem(404, "No such person.")
    return jsonify(found)


@bp.route("/people/search")
@require("see_people")
@spec.validate(query=NameSearch, resp=responses((400, *GUARDED, 422), HTTP_200=NameHits), tags=["people"],
               security=SIGNED_IN)
def people_search():
    """People whose names start with the words typed (type-ahead); kind=place finds organisations and assets."""
    from mapper.organising import people as people_module

    args = context().query
    q, kind, limit = args.q.strip(), args.kind, args.limit
    return jsonify({"people" if kind == "person" else "places": people_module.search(get_store(), q, limit, kind)})


@bp.route("/people", methods=["POST"])
@require("edit_people")
@spec.validate(json=NewPerson, resp=responses((400, *GUARDED, 422), HTTP_201=Created, HTTP_409=PersonDuplicates),
               tags=["people"], security=SIGNED_IN)
def person_create():
    """Add a person; likely duplicates are answered 409 with suggestions unless 'create_new' is true."""
    from mapper.organising.person_record import create_person

    body = context().json.model_dump()
    made = create_person(get_store(), body, create_new=bool(body.get("create_new")))
    if made.errors:
        raise invalid(made.errors)
    if made.suggestions:
        raise duplicate("Use one of these, or send 'create_new': true.", made.suggestions)
    return jsonify({"id": made.id}), 201


@bp.route("/people/<person_id>/links", methods=["POST"])
@require("edit_people")
@spec.validate(json=NewLink, resp=responses((400, *GUARDED, 404, 409, 422), HTTP_201=Created), tags=["people"],
               security=SIGNED_IN)
def person_link(person_id: str):
    """Link a person to an organisation or asset (runs, volunteers at, attends, member of)."""
    from mapper.organising import places

    done = places.link_person(get_store(), person_id, context().json.model_dump(), current_user.email, "api")
    if done.erased:
        raise Problem(409, "This record was erased: nothing more is recorded about it.")
    if done.missing:
        raise Problem(404, done.errors["place"], errors=done.errors)
    if done.errors:
        raise invalid(done.errors)
    return jsonify({"id": done.id}), 201
