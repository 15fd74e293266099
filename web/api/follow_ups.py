"""``/api/follow-ups``: my follow-ups (overdue, then due soon), everyone's, or those still open with
one person; and ``POST /api/follow-ups/{id}`` to close, snooze or reassign one (a follow-up is known
by its 1:1's id). Names only, never contact details; organisers and admins."""
from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from mapper.organising import follow_ups, my_network

from web.api.common import GUARDED, SIGNED_IN, bp, context, json_body, responses, spec
from web.api.schemas import Body, Query, Reply, absent
from web.auth import require
from web.db import get_store
from web.problems import Problem, invalid

KEYS = ("id", "due", "follow_up", "met_on", "with_id", "with_name", "a_id", "a_name", "b_id", "b_name", "owner",
        "overdue", "snoozed")


class FollowUp(Reply):
    id: str
    due: str | None = Field(description="the day it falls due (YYYY-MM-DD)")
    follow_up: str | None = Field(description="what was to be done")
    met_on: str | None = Field(description="the day of the 1:1 it came from")
    with_id: str | None = Field(description="the other person of that 1:1")
    with_name: str | None
    a_id: str | None = Field(description="who held the 1:1")
    a_name: str | None
    b_id: str | None = Field(description="who was met")
    b_name: str | None
    owner: str | None = Field(description="the id of the person it belongs to")
    owner_name: str | None = absent("the name of the person it belongs to")
    overdue: bool | None
    snoozed: bool | None = Field(description="moved on from its first due day")
    done: str | None = absent("the day it was closed; null while open")


class FollowUpLists(Reply):
    me: str | None = Field(description="the person the account is (for mine=1)")
    overdue: list[FollowUp] = Field(description="overdue, oldest first")
    due_soon: list[FollowUp] = Field(description="due in the next two weeks, soonest first")
    more_overdue: bool = Field(description="more overdue than the limit: ask again with skip")


class FollowUpQuery(Query):
    mine: bool = Field(False, description="only the caller's own (the person the account is linked to)")
    person: str | None = Field(None, max_length=100, description="those still open from 1:1s with this person")
    skip: int = Field(0, ge=0, le=100_000, description="overdue ones to skip")
    limit: int = Field(25, ge=1, le=200)


class FollowUpChange(Body):
    """At least one of: done, snooze_until, assign_to."""

    done: bool | None = Field(None, description="true: closed today; false: opened again")
    snooze_until: str | None = Field(None, description="a later day to be reminded (YYYY-MM-DD)",
                                     json_schema_extra={"format": "date"})
    assign_to: str | None = Field(None, max_length=100, description="a person's id: it is theirs from now on")


def _shown(row: dict) -> dict:
    out = {k: row.get(k) for k in KEYS}
    for extra in ("owner_name", "done"):
        if extra in row:
            out[extra] = row[extra]
    return out


@bp.route("/follow-ups")
@require("see_people")
@spec.validate(query=FollowUpQuery, resp=responses((400, *GUARDED, 409, 422), HTTP_200=FollowUpLists), tags=["follow-ups"],
               security=SIGNED_IN)
def follow_up_list():
    """Open follow-ups: mine=1 the caller's own, person=ID those from 1:1s with that person, else everyone's."""
    q = context().query
    store = get_store()
    me = my_network.person_of_account(store, current_user.email)
    if q.person:
        rows = follow_ups.open_with(store, q.person, limit=q.limit)
        found = {"overdue": [r for r in rows if r["overdue"]], "due_soon": [r for r in rows if not r["overdue"]],
                 "more_overdue": False}
    elif q.mine:
        if not me:
            raise Problem(409, "Your account is not linked to a person yet: choose who you are on 'My network' "
                               "(/organisers/me), or ask an admin.")
        found = follow_ups.mine(store, me, limit=q.limit, skip=q.skip)
    else:
        found = follow_ups.everyone(store, limit=q.limit, skip=q.skip)
    return jsonify({"me": me, "overdue": [_shown(r) for r in found["overdue"]],
                    "due_soon": [_shown(r) for r in found["due_soon"]], "more_overdue": found["more_overdue"]})


@bp.route("/follow-ups/<follow_up_id>", methods=["POST"])
@require("edit_people")
@spec.validate(json=FollowUpChange, resp=responses((400, *GUARDED, 404, 422), HTTP_200=FollowUp),
               tags=["follow-ups"], security=SIGNED_IN)
def follow_up_change(follow_up_id: str):
    """Close (done), snooze to a later day (snooze_until) and/or reassign (assign_to) one follow-up."""
    body = context().json
    sent = json_body()
    try:
        row = follow_ups.change(get_store(), follow_up_id[:100], current_user.email, "api",
                                done=body.done if "done" in sent else None, snooze_until=body.snooze_until,
                                assign_to=body.assign_to)
    except follow_ups.NoSuchFollowUp:
        raise Problem(404, "No follow-up with this id (a follow-up is known by its 1:1's id).") from None
    except follow_ups.FollowUpError as exc:
        raise invalid({exc.field: str(exc)}) from None
    return jsonify(_shown(row))
