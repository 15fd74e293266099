"""``/api/me``: who the caller is."""
from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from web.api.common import bp, responses, spec
from web.api.schemas import Reply, absent


class Me(Reply):
    role: str = "public"
    email: str = absent("the account's email (signed in only)")


@bp.route("/me")
@spec.validate(resp=responses(HTTP_200=Me), tags=["account"])
def me():
    """Who the caller is: 'public', or the account's email and role."""
    if not current_user.is_authenticated:
        return jsonify({"role": "public"})
    return jsonify({"email": current_user.email, "role": current_user.role})
