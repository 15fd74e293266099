"""The OpenAPI 3.0 description of the Open Referral UK read API (``/openreferral/openapi.json``): the
profile's own schemas for what is found, the problem document (``web.problems``) for errors.

It stays written by hand: its bodies are the Open Referral UK profile's published schemas (checked
against the official ones by tests/integration/test_oruk.py), not models of this app.
"""
from __future__ import annotations

from web.api.schemas import Problem


def _problem(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def openreferral_spec() -> dict:
    """The Open Referral UK 3.0 read API as this app serves it: the profile's paths, mounted under
    /openreferral (``/`` is the product's own landing page)."""
    base = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
    page = {"$ref": "#/components/schemas/Page"}

    def listing(summary: str, item: str, params: list[str]) -> dict:
        return {"get": {"summary": summary, "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
                        "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {
                            "allOf": [page], "properties": {"contents": {"type": "array", "items": {"$ref": base + item}}}}}}},
                                      "400": _problem("An argument is not of its type (e.g. page=abc)"),
                                      "422": _problem("An argument breaks a rule (e.g. page 0, per_page over "
                                                      "1000, an unknown taxonomy term or postcode)"),
                                      "503": _problem("The database is unavailable; see Retry-After")}}}

    def one(summary: str, item: str) -> dict:
        return {"parameters": [{"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}],
                "get": {"summary": summary, "responses": {
                    "200": {"description": "Found", "content": {"application/json": {"schema": {"$ref": base + item}}}},
                    "404": _problem("No such id"), "503": _problem("The database is unavailable")}}}

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
            "schemas": {"Problem": Problem.model_json_schema(), "Page": {"type": "object", "properties": {
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
