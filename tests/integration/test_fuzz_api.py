"""Hostile input: every API route fuzzed from its generated OpenAPI description, as each role, and
every route of the app tried by every role.

The role test walks ``app.url_map``, so a route added later is covered without being listed: a
route guarded by ``web.auth.require`` carries its permission, and every role (and an anonymous
visitor) is checked against ``mapper.roles``. It generalises the hand-written matrix in
tests/test_web_access.py to all routes.
"""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from mapper.accounts import users as accounts
from mapper.directory import search
from mapper.accounts.roles import ROLES, may

from tests import conftest

STAFF_PREFIXES = ("/admin", "/organisers", "/collaborative", "/prescribers", "/directory")
STAFF_API = ("/api/people", "/api/network", "/api/one-to-ones", "/api/places")


@pytest.fixture()
def fuzz_app(neo4j_target):
    from web import create_app

    return create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target, "WTF_CSRF_ENABLED": False})


@pytest.fixture()
def dirty_demo():
    """Writes made by the test: the next test that wants the demo loads it afresh."""
    yield
    conftest._state["demo"] = False


# ---- schemathesis, from the generated /api/openapi.json -------------------------------------------
# No 5xx, and every answer (status, content type, headers, body) as the description says it is.
CONFORMANCE = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
               checks.response_headers_conformance, checks.response_schema_conformance]
# Real ids and places as well as random ones, so that answers about someone are checked too (people
# with and without consent to be contacted, and nobody).
PEOPLE = ["p-001", "p-002", "p-003", "p-010", "p-020", "nobody"]
PLACES = ["SE15 5DQ", "SE15", "Peckham", "Lewisham", "SW2 1RW"]


def _permission(app, path: str, method: str) -> str | None:
    rule = next(r for r in app.url_map.iter_rules()
                if re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule) == path and method.upper() in r.methods)
    return getattr(app.view_functions[rule.endpoint], "permission", None)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_api_operation_answers_as_described_for_each_role(fuzz_app, demo_store, accounts_ready, dirty_demo,
                                                                role):
    """Valid and invalid requests to every operation, signed in with a bearer token as the role: each
    operation the role may use gets a few of each, the others one (a 401 or 403, as described)."""
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {accounts.new_token(demo_store, accounts_ready[role][0])}"
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", fuzz_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    sent: dict[str, set] = {}
    for operation in operations:
        permission = _permission(fuzz_app, operation.path, operation.method)
        allowed = permission is None or (role != "anonymous" and may(role, permission))
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=4 if allowed else 1, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode), person=st.sampled_from(PEOPLE),
                   where=st.sampled_from(PLACES))
            def run(case, person, where):
                if case.path_parameters and "person_id" in case.path_parameters:
                    case.path_parameters["person_id"] = person
                if case.operation.path == "/api/search" and mode == GenerationMode.POSITIVE:
                    case.query = {**(case.query or {}), "where": where}
                response = case.call_and_validate(headers=headers, checks=CONFORMANCE)
                sent.setdefault(case.operation.label, set()).add(response.status_code)
                if not allowed:
                    assert response.status_code == (401 if role == "anonymous" else 403), case.operation.label

            try:
                run()
            except Unsatisfiable:  # no parameters to make invalid (e.g. /api/me): nothing negative to send
                assert mode == GenerationMode.NEGATIVE, operation.label
    assert set(sent) == {op.label for op in operations}
    if role == "admin":  # may use everything: some requests succeed, some are refused as invalid
        statuses = set().union(*sent.values())
        assert {200, 201} & statuses and {400, 422} & statuses, sent


def test_api_routes_survive_random_query_strings_and_bodies_beyond_the_description(fuzz_app, demo_store,
                                                                                  accounts_ready, dirty_demo):
    """Every route under /api/ that takes a body, and any the description does not list, fuzzed with
    random query strings and JSON bodies that ignore the description (as admin, who may reach them all)."""
    client = fuzz_app.test_client()
    token = accounts.new_token(demo_store, accounts_ready["admin"][0])
    documented = set(client.get("/api/openapi.json").get_json()["paths"])
    routes = []
    for rule in fuzz_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if path in documented and rule.methods & {"GET"}:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.rule))
    assert len([r for r in routes if r[0] == "POST"]) >= 7, routes
    text = st.text(max_size=30) | st.sampled_from(["", "0", "-1", "99999999999", "p-001", "SE15 5DQ", "null",
                                                   "<script>", "' OR 1=1 //", "\u0000", "true"])
    json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                              lambda kids: st.lists(kids, max_size=3) | st.dictionaries(text, kids, max_size=3),
                              max_leaves=8)
    keys = st.sampled_from(["q", "kind", "limit", "skip", "theme", "area", "since", "until", "remove", "links",
                            "a", "b", "name", "email", "phone", "type", "place", "role", "date", "themes",
                            "create_new", "consent", "notes", "view", "as_of", "months", "version", "fields",
                            "entry", "duplicate", "opening", "postcode", "message", "contact"]) | text
    failures = []
    for method, rule in routes:
        @settings(max_examples=15, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(query=st.dictionaries(keys, text, max_size=4), body=st.dictionaries(keys, json_value, max_size=5)
               | json_value, person=st.sampled_from(["p-001", "nobody", "%00", "x" * 300]))
        def run(query, body, person):
            url = re.sub(r"<(?:\w+:)?\w+>", person, rule)
            kwargs = {"query_string": query, "headers": {"Authorization": f"Bearer {token}"}}
            if method in ("POST", "PATCH", "PUT"):
                kwargs["json"] = body
            response = client.open(url, method=method, **kwargs)
            if response.status_code >= 500:
                failures.append((method, url, query, body, response.status_code))
            elif response.status_code >= 400 and response.mimetype != "application/problem+json":
                failures.append((method, url, query, body, response.status_code, response.mimetype))

        run()
    assert not failures, failures[:5]


# ---- every role on every route ----------------------------------------------------------------
def _sample_url(rule, asset_id: str) -> str:
    values = {"person_id": "p-001", "asset_id": asset_id, "filename": "leaflet/dist/leaflet.js",
              "table": "people", "token": "0" * 32}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "x"), rule.rule)


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, getattr(view, "permission", None)


def test_every_staff_route_is_guarded_by_a_permission(fuzz_app):
    unguarded = [(m, r.rule) for r, m, permission in _routes(fuzz_app)
                 if permission is None and (r.rule.startswith(STAFF_PREFIXES) or r.rule.startswith(STAFF_API))]
    assert not unguarded, f"staff routes without @require: {unguarded}"


def test_each_role_is_refused_every_route_of_the_others(fuzz_app, demo_store, accounts_ready, dirty_demo):
    asset_id = search.listing(demo_store)[0]["id"]
    problems = []
    for role in [*ROLES, "anonymous"]:
        problems += _try_every_route(fuzz_app, accounts_ready, role, asset_id)
    assert not problems, problems


def _try_every_route(app, logins, role: str, asset_id: str) -> list:
    client = app.test_client()
    if role != "anonymous":
        email, password = logins[role]
        assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    checked = refused = 0
    problems = []
    for rule, method, permission in _routes(app):
        if rule.rule in ("/logout",):
            continue  # signing out would end the test's session
        url = _sample_url(rule, asset_id)
        response = client.open(url, method=method, data={} if method == "POST" else None)
        status = response.status_code
        checked += 1
        if status >= 500:
            problems.append((role, method, url, status, "server error"))
        if permission is None:
            continue
        if role != "anonymous" and may(role, permission):
            if status in (401, 403):
                problems.append((role, method, url, status, f"may {permission} but was refused"))
            continue
        refused += 1
        if role == "anonymous":
            ok = status == 401 if url.startswith("/api/") else (
                status == 302 and "/login" in response.headers.get("Location", ""))
        else:
            ok = status == 403
        if not ok:
            problems.append((role, method, url, status, f"lacks {permission} and was not refused"))
    assert checked > 40
    assert refused or role == "admin", role
    return problems
