"""One error contract for every JSON route: RFC 9457 problem documents (application/problem+json),
one status per kind of mistake, and OpenAPI descriptions that cover every route.

The walker enumerates ``app.url_map`` (every rule under /api/ and /openreferral/), so a route added
later is checked without being listed here, and fails until it is described.
"""
from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate as validate_openapi

from mapper.accounts import users as accounts
from mapper.config import Neo4jTarget

from tests.conftest import free_port

PREFIXES = ("/api/", "/openreferral/")
UNDESCRIBED = {"/api/openapi.json", "/openreferral/openapi.json", "/openreferral/<path:rest>"}
PROBLEM_KEYS = {"type", "title", "status", "detail"}
NO_SUCH_ID = "no-such-id-0000"
# A body that passes validation for each POST route with an id, so that the id is what is wrong.
VALID_BODY = {
    "/api/people/<person_id>/consent": {"scope": "named", "given": True},
    "/api/people/<person_id>/erasure": {"confirm": NO_SUCH_ID},
    "/api/people/<person_id>/links": {"type": "ATTENDS", "place": "PLACE"},
    "/api/assets/<asset_id>/retire": {},
    "/api/assets/<asset_id>/verify": {},
    "/api/assets/<asset_id>/restore": {"version": 1},
    "/api/assets/<asset_id>/merge": {"duplicate": "PLACE"},
    "/api/organisations/<org_id>/retire": {},
    "/api/follow-ups/<follow_up_id>": {"done": True},
}
BAD_VALUE = {"integer": "x", "number": "x", "date": "not-a-date"}


def assert_problem(response, status: int, where: str) -> dict:
    assert response.status_code == status, (where, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/problem+json", (where, response.mimetype)
    body = response.get_json()
    assert PROBLEM_KEYS <= set(body), (where, body)
    assert body["status"] == status and body["title"] and body["detail"], (where, body)
    assert body["type"] == "about:blank" or body["type"].startswith("urn:community-mapper:problem:"), body
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def json_rules(app) -> list:
    return sorted((r for r in app.url_map.iter_rules() if r.rule.startswith(PREFIXES)), key=lambda r: r.rule)


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def described_operation(rule: str, method: str, api: dict, oruk: dict) -> dict | None:
    if rule.startswith("/api/"):
        return api["paths"].get(openapi_path(rule), {}).get(method.lower())
    path = re.sub(r"\{\w+\}", "{id}", openapi_path(rule[len("/openreferral"):]))
    return oruk["paths"].get(path, {}).get(method.lower())


def typed_query_parameter(operation: dict, description: dict) -> tuple[str, str] | None:
    """A query argument of a type that text can fail (a whole number, a number or a date)."""
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = description["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
        schema = parameter.get("schema", {})
        kind = "date" if schema.get("format") == "date" else schema.get("type")
        if parameter["in"] == "query" and kind in BAD_VALUE:
            return parameter["name"], BAD_VALUE[kind]
    return None


@pytest.fixture()
def admin_headers(demo_store, accounts_ready):
    return {"Authorization": f"Bearer {accounts.new_token(demo_store, accounts_ready['admin'][0])}"}


def test_the_api_description_is_generated_valid_and_typed(client):
    description = client.get("/api/openapi.json").get_json()
    validate_openapi(description)  # raises on an invalid OpenAPI 3.1 document
    assert description["openapi"].startswith("3.1")
    assert {"/api/assets", "/api/people", "/api/network/summary", "/api/search"} <= set(description["paths"])
    schemas = description["components"]["schemas"]
    for path, operations in description["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                (media, content), = answer["content"].items()
                assert media == ("application/json" if int(status) < 400 else "application/problem+json"), \
                    (path, method, status)
                name = content["schema"]["$ref"].rsplit("/", 1)[-1]
                assert schemas[name].get("properties"), (path, method, status, "an untyped body")
            assert "503" in operation["responses"], (path, method)
    person = schemas["Person"]
    assert {"type": "null"} in person["properties"]["email"]["anyOf"]  # no consent: no email
    assert person["additionalProperties"] is False


def test_every_json_route_is_described(app, client):
    api = client.get("/api/openapi.json").get_json()
    oruk = client.get("/openreferral/openapi.json").get_json()
    missing = [(m, r.rule) for r in json_rules(app) for m in sorted(r.methods - {"HEAD", "OPTIONS"})
               if r.rule not in UNDESCRIBED and described_operation(r.rule, m, api, oruk) is None]
    assert not missing, f"routes missing from the OpenAPI descriptions: {missing}"


def test_every_json_route_answers_bad_requests_with_one_problem_shape(app, client, admin_headers, demo_store):
    api = client.get("/api/openapi.json").get_json()
    oruk = client.get("/openreferral/openapi.json").get_json()
    place = demo_store.read("list_assets", kind=None, theme=None)[0]["id"]
    rules = json_rules(app)
    allowed: dict[str, set] = {}
    for rule in rules:
        allowed.setdefault(rule.rule, set()).update(rule.methods)
    checked = {"405": 0, "400": 0, "404": 0}
    for rule in rules:
        url = re.sub(r"<(?:\w+:)?\w+>", NO_SUCH_ID, rule.rule)
        # Wrong method: 405 with Allow naming the methods the URL takes.
        wrong = next(m for m in ("DELETE", "PUT", "PATCH") if m not in allowed[rule.rule])
        response = client.open(url, method=wrong, headers=admin_headers)
        assert_problem(response, 405, f"{wrong} {rule.rule}")
        assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed[rule.rule]
        checked["405"] += 1
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            where = f"{method} {rule.rule}"
            operation = described_operation(rule.rule, method, api, oruk) or {}
            # Malformed: a body that is not a JSON object, or an argument of the wrong type.
            if method == "POST":
                for data, kind in (("not json", "text/plain"), ("[1, 2]", "application/json"),
                                   ("{\"a\": ", "application/json")):
                    body = assert_problem(client.post(url, data=data, content_type=kind, headers=admin_headers),
                                          400, where)
                    assert body["type"].endswith(":malformed-request")
                checked["400"] += 1
            else:
                typed = typed_query_parameter(operation, api if rule.rule.startswith("/api/") else oruk)
                if typed:
                    name, value = typed
                    body = assert_problem(client.get(url, query_string={name: value}, headers=admin_headers),
                                          400, f"{where}?{name}={value}")
                    assert name in body.get("errors", {}) or name in body["detail"], body
                    checked["400"] += 1
            # Unknown id: 404.
            if rule.arguments and rule.rule not in UNDESCRIBED - {"/openreferral/<path:rest>"}:
                body = None
                if method == "POST":
                    assert rule.rule in VALID_BODY, f"give {where} a valid body in VALID_BODY"
                    body = {k: (place if v == "PLACE" else v) for k, v in VALID_BODY[rule.rule].items()}
                response = client.open(url, method=method, json=body, headers=admin_headers)
                assert_problem(response, 404, f"{where} (unknown id)")
                checked["404"] += 1
    assert checked["405"] == len(rules) and checked["400"] >= 15 and checked["404"] >= 9, checked


def test_field_errors_are_422_with_errors_by_field_and_type_errors_are_400(sign_in, demo_store):
    client = sign_in("organiser")
    invalid = client.post("/api/people", json={"name": "", "email": "not-an-email", "area": "area-nowhere"})
    body = assert_problem(invalid, 422, "POST /api/people")
    assert {"name", "email", "area"} <= set(body["errors"]) and body["type"].endswith(":invalid-fields")
    wrong_type = assert_problem(client.post("/api/people", json={"name": 5}), 400, "POST /api/people")
    assert set(wrong_type["errors"]) == {"name"}
    assert assert_problem(client.get("/api/people?limit=0"), 422, "limit=0")["errors"].keys() == {"limit"}
    assert assert_problem(client.get("/api/people?limit=ten"), 400, "limit=ten")["errors"].keys() == {"limit"}
    # The same kinds of mistake get the same statuses on the Open Referral UK API.
    assert_problem(client.get("/openreferral/services?per_page=0"), 422, "per_page=0")
    assert_problem(client.get("/openreferral/services?per_page=ten"), 400, "per_page=ten")


def test_suggestions_come_with_the_problem(sign_in, demo_store):
    client = sign_in("organiser")
    search = assert_problem(client.get("/api/search?where=SE15%20SDQ"), 422, "/api/search")
    assert search["suggestions"] == ["SE15 5DQ"] and "where" in search["errors"]
    person = demo_store.read_one("person_by_id", id="p-002")
    duplicate = client.post("/api/people", json={"name": person["name"], "area": person["area_id"]})
    body = assert_problem(duplicate, 409, "POST /api/people")
    assert body["type"].endswith(":possible-duplicate") and body["suggestions"][0]["id"] == "p-002"


def test_database_down_is_503_problem_with_retry_after_on_every_json_surface():
    from web import create_app

    down = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x", external=True)
    client = create_app({"TESTING": True, "NEO4J_TARGET": down, "RETRY_AFTER_SECONDS": 7}).test_client()
    for path in ("/api/assets", "/api/search?where=SE15", "/openreferral/services", "/openreferral/taxonomy_terms"):
        response = client.get(path)
        body = assert_problem(response, 503, path)
        assert response.headers["Retry-After"] == "7" and body["type"].endswith(":service-unavailable")
    for path in ("/healthz", "/map/assets.json"):
        response = client.get(path)
        body = assert_problem(response, 503, path)
        assert response.headers["Retry-After"] == "7" and body["type"].endswith(":service-unavailable")
    assert "Neo4j" in client.get("/healthz").get_json()["detail"]  # the operators' check names the database
    page = client.get("/assets")
    assert page.status_code == 503 and page.mimetype == "text/html"  # pages keep their error page


def test_the_map_data_answers_in_the_same_shape(client, demo_store):
    """The live map's JSON (drawn by the page, not part of the API description) errs as the API does."""
    assert_problem(client.get("/map/assets.json?kind=Castle"), 422, "map kind")
    assert_problem(client.get("/map/gaps.json?gap=-3"), 422, "map gap")
    assert_problem(client.get("/map/assets/no-such-entry.json"), 404, "map entry")
    wrong = client.post("/map/assets.json")
    assert_problem(wrong, 405, "map method")
    assert "GET" in wrong.headers["Allow"]
