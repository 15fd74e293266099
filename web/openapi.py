"""The OpenAPI 3.1 description of /api/ (served at /api/openapi.json)."""
from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}


def _get(summary: str, tag: str, params: list | None = None, secured: bool = True) -> dict:
    op = {
        "summary": summary,
        "tags": [tag],
        "parameters": params or [],
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"description": "Bad input", "content": {"application/json": {"schema": ERROR}}},
            "503": {"description": "Database unavailable; see Retry-After",
                    "content": {"application/json": {"schema": ERROR}}},
        },
    }
    if secured:
        op["security"] = [{"bearer": []}, {"cookie": []}]
        op["responses"]["401"] = {"description": "Not signed in", "content": {"application/json": {"schema": ERROR}}}
        op["responses"]["403"] = {"description": "Role may not see this",
                                  "content": {"application/json": {"schema": ERROR}}}
    return {"get": op}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def spec() -> dict:
    paging = [_query("skip", {"type": "integer", "minimum": 0}, "rows to skip"),
              _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}, "rows to return")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Community asset and relationship mapper API", "version": "0.1.0",
                 "description": "People, 1:1s, community assets and network analytics. "
                                "Send a personal token as 'Authorization: Bearer ...' (see `mapper user token`)."},
        "paths": {
            "/api/me": _get("Who the caller is", "account", secured=False),
            "/api/assets": _get("Community assets (public fields for anonymous callers)", "assets", [
                _query("kind", {"type": "string", "enum": ["ListeningHub", "Hub", "PeerSupportGroup"]}, "asset kind"),
                _query("theme", {"type": "string"}, "theme id, e.g. theme-loneliness"),
            ], secured=False),
            "/api/people": _get("People in the network (organisers and admins)", "people", paging),
            "/api/people/{person_id}": {"get": {**_get("One person", "people")["get"], "parameters": [
                {"name": "person_id", "in": "path", "required": True, "schema": {"type": "string"}}]}},
            "/api/network/summary": _get("Network counts (the Collaborative and admins)", "network"),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"}},
            "schemas": {"Error": {"type": "object", "required": ["error", "status"], "properties": {
                "error": {"type": "string"}, "detail": {"type": "string"}, "status": {"type": "integer"}}}},
        },
    }
