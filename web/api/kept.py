"""A kept analysis of the network (see ``mapper.network.keeper``) served as JSON: the view asked
about, when the analysis was computed, and 202 with its progress while nothing may be shown yet."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from flask import current_app, jsonify, request
from flask_login import current_user
from pydantic import Field

from mapper.network.view import parse_view
from web.api.schemas import Query, Reply
from web.problems import invalid


class ViewQuery(Query):
    """The network as it stood on a day."""

    as_of: dt.date | None = Field(None, description="the day to look at (default today; from 2000, not in the future)")
    months: int | None = Field(None, ge=0, le=240, description="a tie lapses after this many months without "
                                                             "a 1:1 (0: never)")
    cover_km: float | None = Field(None, ge=0.2, le=20, description="how far a hub covers, in km (default 2)")


class Kept(Reply):
    """Computed in the background once per change to the data, and served from there."""

    computed_at: str = Field(description="when this was computed (ISO 8601)")
    fresh: bool = Field(description="false: computed before the latest changes; a newer one is on its way")
    updating: str | None = Field(description="how far the newer one has got, when one is on its way")


class Computing(Reply):
    """Nothing may be shown yet: the analysis is running (ask again after Retry-After seconds)."""

    status: Literal["computing"]
    progress: str
    fraction: float


def network_view():
    view, errors = parse_view(request.args)
    if errors:  # the types were checked by ViewQuery: what is left breaks a rule
        raise invalid(errors)
    return view


def names_everyone() -> bool:
    from mapper.accounts.roles import sees_every_name

    return sees_every_name(current_user.role)


def wait_seconds() -> float:
    return current_app.config["REPORT_WAIT_SECONDS"]


def served(found, body_of):
    """A kept analysis (see ``mapper.network.keeper``) as JSON, with when it was computed; 202 with the
    progress while nothing may be shown yet."""
    if found.report is None:
        progress = found.updating
        response = jsonify({"status": "computing", "progress": progress.words() if progress else "starting",
                            "fraction": round(progress.fraction, 3) if progress else 0.0})
        response.status_code = 202
        response.headers["Retry-After"] = "3"
        return response
    body = body_of(found.report)
    body.update(computed_at=found.kept.computed_at.isoformat(), fresh=found.fresh,
                updating=found.updating.words() if found.updating else None)
    return jsonify(body)
