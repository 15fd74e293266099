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


def _post(summary: str, tag: str, body: dict, created: str, extra: dict | None = None) -> dict:
    responses = {
        "201": {"description": created, "content": {"application/json": {"schema": {"type": "object"}}}},
        "400": {"description": "Not a JSON object, or a field of the wrong type", "content": {"application/json": {"schema": ERROR}}},
        "401": {"description": "Not signed in", "content": {"application/json": {"schema": ERROR}}},
        "403": {"description": "Role may not do this", "content": {"application/json": {"schema": ERROR}}},
        "422": {"description": "A field is wrong: 'fields' maps each field to its message",
                "content": {"application/json": {"schema": ERROR}}},
        "503": {"description": "Database unavailable; nothing was written; see Retry-After",
                "content": {"application/json": {"schema": ERROR}}},
    }
    responses.update(extra or {})
    return {"summary": summary, "tags": [tag], "security": [{"bearer": []}, {"cookie": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": responses}


PERSON_REF = {"oneOf": [
    {"type": "string", "description": "an existing person's id"},
    {"type": "object", "properties": {
        "id": {"type": "string", "description": "an existing person's id"},
        "name": {"type": "string", "maxLength": 120, "description": "a new person's name"},
        "area": {"type": "string", "description": "area id, e.g. area-E09000023"},
        "email": {"type": "string"}, "phone": {"type": "string"},
        "create_new": {"type": "boolean", "description": "add a new person even though likely matches exist"}}}]}
DUPLICATE = {"409": {"description": "Likely duplicates: 'suggestions' lists existing people (id, name, area, "
                                    "reasons); send an id, or 'create_new': true",
                     "content": {"application/json": {"schema": ERROR}}}}


def organiser_paths(paging: list) -> dict:
    """People, 1:1s, organisations and assets: written by organisers and admins."""
    return {
        "/api/one-to-ones": {"post": _post(
            "Record a 1:1 (and any new people) in one transaction", "one-to-ones",
            {"type": "object", "required": ["a", "b", "date"], "properties": {
                "a": PERSON_REF, "b": PERSON_REF,
                "date": {"type": "string", "format": "date", "description": "not in the future"},
                "place": {"type": "string", "maxLength": 200},
                "themes": {"type": "array", "items": {"type": "string"}, "description": "theme ids or names"},
                "notes": {"type": "string", "maxLength": 4000},
                "follow_up": {"type": "string", "maxLength": 500},
                "follow_up_due": {"type": "string", "format": "date"},
                "consent": {"type": "object", "properties": {"recorded": {"type": "boolean"},
                                                             "named": {"type": "boolean"},
                                                             "contact": {"type": "boolean"}}},
                "create_new": {"type": "boolean"}}},
            "Recorded: id, a, b, new_people", DUPLICATE)},
        "/api/people/search": _get("People whose names start with the words typed (type-ahead); kind=place "
                                   "finds organisations and assets", "people", [
            _query("q", {"type": "string", "maxLength": 100}, "the words typed"),
            _query("kind", {"type": "string", "enum": ["person", "place", "organisation", "asset"]}, "what to find"),
            _query("limit", {"type": "integer", "minimum": 1, "maximum": 50}, "at most this many (10)")]),
        "/api/people": {**_get("People in the network (organisers and admins)", "people", paging),
                        "post": _post("Add a person (likely duplicates are suggested first)", "people",
                                      {"type": "object", "required": ["name"], "properties": {
                                          "name": {"type": "string", "maxLength": 120}, "area": {"type": "string"},
                                          "email": {"type": "string"}, "phone": {"type": "string"},
                                          "create_new": {"type": "boolean"}}}, "Added: id", DUPLICATE)},
        "/api/places": {"post": _post("Add an organisation, hub, listening hub or peer-support group", "places",
                                      {"type": "object", "required": ["kind", "name"], "properties": {
                                          "kind": {"type": "string", "enum": ["Organisation", "ListeningHub", "Hub",
                                                                              "PeerSupportGroup"]},
                                          "name": {"type": "string", "maxLength": 120},
                                          "area": {"type": "string"}}}, "Added: id, name")},
        "/api/people/{person_id}/links": {"parameters": [
            {"name": "person_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "post": _post("Link a person to an organisation or asset", "people",
                          {"type": "object", "required": ["type", "place"], "properties": {
                              "type": {"type": "string", "enum": ["RUNS", "VOLUNTEERS_AT", "ATTENDS", "MEMBER_OF"]},
                              "place": {"type": "string", "description": "organisation or asset id"},
                              "role": {"type": "string"}}}, "Linked: id",
                          {"404": {"description": "No such person, organisation or asset",
                                   "content": {"application/json": {"schema": ERROR}}}})},
    }


def privacy_paths() -> dict:
    """Consent (organisers and admins), erasure, subject access and the audit trail (admins)."""
    person_id = {"name": "person_id", "in": "path", "required": True, "schema": {"type": "string"}}
    not_found = {"404": {"description": "No such person", "content": {"application/json": {"schema": ERROR}}}}
    consent_get = _get("A person's consent per scope (kept on record; named to the Collaborative; may be "
                       "contacted), each with the date it was given or withdrawn, and its dated history", "consent")
    consent_get["get"]["responses"].update(not_found)
    consent_post = _post("Record consent given or withdrawn for one scope, dated. Withdrawing 'recorded' withdraws "
                         "the other two and opens an erasure request for an admin", "consent",
                         {"type": "object", "required": ["scope", "given"], "properties": {
                             "scope": {"type": "string", "enum": ["recorded", "named", "contact"]},
                             "given": {"type": "boolean", "description": "true: given; false: withdrawn"},
                             "date": {"type": "string", "format": "date",
                                      "description": "when the person said so (today by default; not in the future)"}}},
                         "Changed: the consent afterwards", {
                             "200": {"description": "Nothing changed: consent already stood that way",
                                     "content": {"application/json": {"schema": {"type": "object"}}}}, **not_found})
    erase = _post("Carry out an erasure (admins): the person becomes an anonymous placeholder; their name, contact "
                  "details and notes are removed from the whole graph. Cannot be undone", "erasure",
                  {"type": "object", "required": ["confirm"], "properties": {
                      "confirm": {"type": "string", "description": "the person's id again"}}},
                  "Erased: what was removed", {
                      "200": {"description": "Erased: counts of what was removed",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "409": {"description": "Already erased", "content": {"application/json": {"schema": ERROR}}},
                      **not_found})
    sar = _get("Everything held about one person, as JSON (admins; recorded in the audit trail)", "subject access")
    sar["get"]["responses"].update(not_found)
    return {
        "/api/people/{person_id}/consent": {"parameters": [person_id], **consent_get, "post": consent_post},
        "/api/people/{person_id}/erasure": {"parameters": [person_id], "post": erase},
        "/api/people/{person_id}/subject-access": {"parameters": [person_id], **sar},
        "/api/erasure-requests": _get("Erasure requests (admins)", "erasure", [
            _query("state", {"type": "string", "enum": ["pending", "done", "cancelled"]}, "only these")]),
        "/api/audit": _get("The audit trail, newest first, paged (admins): who viewed or changed which person's "
                           "record, and when", "audit", [
            _query("person", {"type": "string"}, "a person's id"),
            _query("account", {"type": "string"}, "an account's email"),
            _query("action", {"type": "string", "enum": ["viewed", "edited", "deactivated", "reactivated", "merged",
                                                         "linked", "unlinked", "one_to_one", "consent_given",
                                                         "consent_withdrawn", "erasure_requested",
                                                         "erasure_cancelled", "erased", "subject_access"]},
                   "one action"),
            _query("from", {"type": "string", "format": "date"}, "from this date (UTC)"),
            _query("to", {"type": "string", "format": "date"}, "to this date, inclusive"),
            _query("page", {"type": "integer", "minimum": 1}, "page number, from 1"),
            _query("per_page", {"type": "integer", "minimum": 1, "maximum": 500}, "entries per page (50)")]),
    }


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
            "/api/search": _get("Assets near a postcode or place, nearest first, with distance in km and miles "
                                "(anyone). Assets that hide their address are placed at their postcode district. "
                                "The Open Referral UK 3.0 read API is under /openreferral/ "
                                "(see /openreferral/openapi.json).", "assets", [
                _query("where", {"type": "string"}, "postcode (full or district, any case or spacing) or place name; "
                                                    "required ('postcode' is accepted too)"),
                _query("radius", {"type": "string"}, "distance, e.g. 2, 3 km or 1.5 miles (default 2 km, at most 50 km)"),
                _query("unit", {"type": "string", "enum": ["km", "miles"]}, "unit of radius"),
                _query("theme", {"type": "string"}, "theme id or name"),
                _query("kind", {"type": "string", "enum": ["ListeningHub", "Hub", "PeerSupportGroup"]}, "asset kind"),
                _query("language", {"type": "string"}, "a language spoken, e.g. Somali"),
                _query("access", {"type": "string"}, "an access need, e.g. BSL, step-free, hearing loop"),
                _query("cost", {"type": "string", "enum": ["free"]}, "free only"),
                _query("day", {"type": "string"}, "open on this day, e.g. Saturday"),
                _query("time", {"type": "string", "enum": ["morning", "afternoon", "evening"]}, "part of the day"),
                _query("limit", {"type": "integer", "minimum": 1, "maximum": 500}, "at most this many results (50)"),
            ], secured=False),
            **organiser_paths(paging),
            **privacy_paths(),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"}},
            "schemas": {"Error": {"type": "object", "required": ["error", "status"], "properties": {
                "error": {"type": "string"}, "detail": {"type": "string"}, "status": {"type": "integer"}}}},
        },
    }


def openreferral_spec() -> dict:
    """The Open Referral UK 3.0 read API as this app serves it: the profile's paths, mounted under
    /openreferral (``/`` is the product's own landing page)."""
    base = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
    page = {"$ref": "#/components/schemas/Page"}

    def listing(summary: str, item: str, params: list[str]) -> dict:
        return {"get": {"summary": summary, "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
                        "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {
                            "allOf": [page], "properties": {"contents": {"type": "array", "items": {"$ref": base + item}}}}}}},
                                      "400": {"description": "Bad input (e.g. page 0, per_page over 1000)"}}}}

    def one(summary: str, item: str) -> dict:
        return {"parameters": [{"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}],
                "get": {"summary": summary, "responses": {
                    "200": {"description": "Found", "content": {"application/json": {"schema": {"$ref": base + item}}}},
                    "404": {"description": "No such id"}}}}

    filters = ["search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age",
               "start_time", "end_time", "day"]
    q = lambda name, schema, text: {"name": name, "in": "query", "required": False, "schema": schema,  # noqa: E731
                                    "description": text}
    return {
        "openapi": "3.0.0",
        "info": {"title": "Open Referral UK 3.0 read API (community mapper)", "version": "3.0",
                 "description": "The Open Referral UK profile's read endpoints, mounted under /openreferral "
                                "because / is the product's landing page. Open to anyone; every response "
                                "carries Access-Control-Allow-Origin: *. Identifiers are stable UUIDs."},
        "servers": [{"url": "/openreferral"}],
        "paths": {
            "/": {"get": {"summary": "About this API", "responses": {"200": {"description": "version, profile, openapi_url"}}}},
            "/services": listing("Services (one-to-one fields)", "compiled/service_list.json", filters),
            "/services/{id}": one("A fully nested service", "compiled/service.json"),
            "/service_at_locations": listing("Services at locations; with postcode and proximity (metres), nearest first",
                                             "compiled/service_at_location_list.json", filters + ["postcode", "proximity"]),
            "/service_at_locations/{id}": one("A fully nested service at its location", "compiled/service_at_location.json"),
            "/taxonomies": listing("Taxonomies", "taxonomy.json", ["page", "per_page"]),
            "/taxonomies/{id}": one("A taxonomy", "taxonomy.json"),
            "/taxonomy_terms": listing("Taxonomy terms", "taxonomy_term.json", ["page", "per_page"]),
            "/taxonomy_terms/{id}": one("A taxonomy term", "taxonomy_term.json"),
        },
        "components": {
            "schemas": {"Page": {"type": "object", "properties": {
                "total_items": {"type": "integer"}, "total_pages": {"type": "integer"}, "page_number": {"type": "integer"},
                "size": {"type": "integer"}, "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"}}}},
            "parameters": {
                "search": q("search", {"type": "string"}, "text in the name or description"),
                "page": q("page", {"type": "integer", "minimum": 1}, "page number, from 1"),
                "per_page": q("per_page", {"type": "integer", "minimum": 1, "maximum": 1000}, "items per page (50)"),
                "taxonomy_term_id": q("taxonomy_term_id", {"type": "string"}, "services with this term"),
                "taxonomy_id": q("taxonomy_id", {"type": "string"}, "services with any term of this taxonomy"),
                "minimum_age": q("minimum_age", {"type": "number"}, "no age limits are recorded: all services match"),
                "maximum_age": q("maximum_age", {"type": "number"}, "no age limits are recorded: all services match"),
                "start_time": q("start_time", {"type": "string"}, "a session starting at or after HH:MM"),
                "end_time": q("end_time", {"type": "string"}, "a session ending at or before HH:MM"),
                "day": q("day", {"type": "string"}, "open on this day (MO..SU or a day name)"),
                "postcode": q("postcode", {"type": "string"}, "UK postcode, district or place"),
                "proximity": q("proximity", {"type": "string"}, "metres from the postcode (default 2000, at most 50000)"),
            },
        },
    }
