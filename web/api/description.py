"""``GET /api/openapi.json``: the OpenAPI 3.1 description, written by spectree from the models the
routes declare; errors are marked ``application/problem+json`` and 503s carry ``Retry-After``."""
from __future__ import annotations

import copy

from flask import jsonify

from web.api.common import bp, spec
from web.problems import MEDIA_TYPE

RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before trying again",
                               "schema": {"type": "integer", "minimum": 1}}}


def description() -> dict:
    out = copy.deepcopy(spec.spec)
    for operations in out["paths"].values():
        for operation in operations.values():
            for status, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    answer["content"] = {MEDIA_TYPE: content["application/json"]}
                if status == "503":
                    answer["headers"] = RETRY_AFTER
    return out


@bp.route("/openapi.json")
def openapi():
    return jsonify(description())
