"""``POST /api/suggestions``: anyone may suggest a correction to an entry, or a new entry, for a
steward to accept field by field. Limited per address (429 with Retry-After); the reply says only
that it was received (never an id, so nobody can read a suggestion back, nor its contact)."""
from __future__ import annotations

from flask import current_app, jsonify, request
from pydantic import Field

from mapper.directory import editing, suggestions
from mapper.directory import suggestion_limits as suggestion_limits_module

from web.api.common import bp, context, responses, spec
from web.api.schemas import Body, Reply
from web.problems import Problem, invalid


class NewSuggestion(Body):
    entry: str | None = Field(None, description="the id of the entry to correct; leave out for a new entry")
    fields: dict[str, str] = Field(default_factory=dict, description="field -> suggested text: "
                                   + ", ".join(suggestions.FIELDS))
    message: str | None = Field(None, description="what should change, in words")
    contact: str | None = Field(None, description="optional: how a steward may reach you (seen by stewards only, "
                                                  "deleted once the suggestion is handled)")
    website: str | None = Field(None, description="leave empty")


class Received(Reply):
    received: bool
    detail: str


def suggestion_limits() -> suggestion_limits_module.Limits:
    config = current_app.config
    return suggestion_limits_module.Limits(config.get("SUGGESTIONS_PER_WINDOW", 5),
                                           config.get("SUGGESTIONS_WINDOW_SECONDS", 15 * 60),
                                           config.get("SUGGESTIONS_PER_DAY", 20))


def wait_for_a_turn() -> int:
    """Count one suggestion from this address, in the database (every app process counts together):
    0 when allowed, else the seconds to wait."""
    from web.db import get_store

    return suggestion_limits_module.take(get_store(), request.remote_addr or "-", suggestion_limits())


def take_a_turn() -> None:
    """429 when this address has sent too many suggestions lately."""
    wait = wait_for_a_turn()
    if wait:
        raise Problem(429, f"Too many suggestions from here: please try again in {max(1, wait // 60)} minute(s).",
                      headers={"Retry-After": str(wait)})


THANKS = "Thank you: a steward will check your suggestion before anything changes."


@bp.route("/suggestions", methods=["POST"])
@spec.validate(json=NewSuggestion, resp=responses((400, 404, 422, 429), HTTP_202=Received), tags=["directory"])
def suggestion_create():
    """Suggest a correction or a new entry (anyone; nothing is published until a steward accepts it)."""
    from web.db import get_store

    take_a_turn()
    body = context().json.model_dump()
    try:
        suggestions.suggest(get_store(), body, body.get("entry"))
    except suggestions.SuggestionError as exc:
        raise invalid(exc.errors) from None
    except editing.NoSuchEntry:
        raise Problem(404, "No such entry in the directory.", errors={"entry": "no live entry has this id"}) from None
    return jsonify({"received": True, "detail": THANKS}), 202
