"""``POST /api/places``: a new organisation or asset."""
from __future__ import annotations

from typing import Literal

from flask import jsonify
from pydantic import Field

from mapper.organising.person_fields import NAME_MAX
from mapper.organising.places import PLACE_KINDS

from web.api.common import GUARDED, SIGNED_IN, bp, json_body, responses, spec
from web.api.schemas import Body, Reply
from web.auth import require
from web.db import get_store
from web.problems import invalid


class NewPlace(Body):
    kind: Literal[PLACE_KINDS] = Field(description="Organisation, or an asset kind")
    name: str = Field(max_length=NAME_MAX)
    area: str | None = Field(None, description="area id, e.g. area-E09000023")


class PlaceMade(Reply):
    id: str
    name: str


@bp.route("/places", methods=["POST"])
@require("edit_people")
@spec.validate(json=NewPlace, resp=responses((400, *GUARDED, 422), HTTP_201=PlaceMade), tags=["people"],
               security=SIGNED_IN)
def place_create():
    """Add an organisation or asset."""
    from mapper.organising import places

    try:
        made = places.new_place(get_store(), json_body())
    except places.PlaceError as exc:
        raise invalid({exc.field: str(exc)}) from None
    return jsonify(made), 201
