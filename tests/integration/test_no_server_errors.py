"""No input gives a 500 (issue 12, item 6): numbers with Unicode digits, JSON nested too deep, a
``next`` with control characters. Each is a 4xx in the project's error shape: problem+json on JSON
routes, the HTML error page on pages."""
from __future__ import annotations

import re

import pytest

from mapper.accounts import users as accounts

from tests.conftest import csrf_token_from

PROBLEM = "application/problem+json"
ODD_NUMBERS = ["²", "٣", "１２", "1e3", " 12x", "-1", "9" * 400]


def _problem(response, status=(400, 422)):
    assert response.status_code in status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == PROBLEM, response.mimetype
    body = response.get_json()
    assert body["status"] == response.status_code and body["title"] and body["detail"]


def _page_error(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "text/html"
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("raw", ODD_NUMBERS)
def test_search_limit_with_unicode_digits_is_a_problem_not_500(client, demo_store, raw):
    _problem(client.get("/api/search", query_string={"where": "SE15 5DQ", "limit": raw}))


@pytest.mark.parametrize("raw", ODD_NUMBERS)
def test_months_with_unicode_digits_on_network_routes(demo_store, sign_in, raw):
    client = sign_in("collaborative")
    for path in ("/api/network/findings", "/api/network/graph", "/api/network/areas", "/api/network/trend",
                 "/api/network/nodes"):
        _problem(client.get(path, query_string={"months": raw, "q": "a"}))
    _problem(client.post("/api/network/what-if", query_string={"months": raw}, json={"remove": ["p-001"]}))
    for path in ("/collaborative/", "/collaborative/summary", "/collaborative/what-if", "/collaborative/network",
                 "/collaborative/export/trend.csv", "/collaborative/export/single_points.csv"):
        _page_error(client.get(path, query_string={"months": raw}))


@pytest.mark.parametrize("raw", ["²", "٣", "１", "0", "9" * 400])
def test_audit_page_number_with_unicode_digits(demo_store, sign_in, raw):
    client = sign_in("admin")
    _page_error(client.get("/admin/audit", query_string={"page": raw}))
    _problem(client.get("/api/audit", query_string={"page": raw}))


def test_cover_km_with_unicode_digits_is_refused(demo_store, sign_in):
    client = sign_in("collaborative")
    _problem(client.get("/api/network/findings", query_string={"cover_km": "١.٥"}))


@pytest.mark.parametrize("path", ["/api/people", "/api/one-to-ones", "/api/places", "/api/network/what-if"])
def test_json_nested_a_thousand_deep_is_malformed(sign_in, accounts_ready, path):
    client = sign_in("admin")
    body = '{"a":' * 1000 + "1" + "}" * 1000
    _problem(client.post(path, data=body, content_type="application/json"), status=(400,))
    deep_list = "[" * 5000 + "]" * 5000
    _problem(client.post(path, data=deep_list, content_type="application/json"), status=(400,))


def test_sign_in_with_a_next_holding_a_line_break_goes_home(client, accounts_ready):
    email, password = accounts_ready["organiser"]
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/%0D%0AX-Injected:1",
                           data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    assert "X-Injected" not in response.headers and "\n" not in response.headers["Location"]
    assert response.headers["Location"].endswith("/organisers/")


@pytest.mark.parametrize("target", ["/\tadmin", "/\x00", "/ok\\x", "/%0aX"])
def test_other_odd_next_values_never_fail(client, accounts_ready, target):
    email, password = accounts_ready["organiser"]
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", query_string={"next": target},
                           data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]


# ---- a property-based pass over every JSON route -------------------------------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

HOSTILE_TEXT = st.one_of(
    st.sampled_from(["²", "٣", "１２", "½", "1e999", "nan", "-0", "0x10", "1_000", "9" * 5000, "\x00", "\r\nX: 1",
                     "\u202e", "𝟙𝟚", "⁹", "߁", "SE15 5DQ", "2024-13-40", "٢٠٢٤-٠١-٠١", "p-001", ""]),
    st.text(alphabet=st.characters(categories=("Nd", "No", "Cc", "Zs", "Lo")), max_size=30),
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
)


def _deep(kind: str, depth: int) -> str:
    return ('{"a":' * depth + "1" + "}" * depth) if kind == "object" else ("[" * depth + "]" * depth)


def _json_routes(app):
    """Every operation of the app's API and of its Open Referral UK API, and the other JSON routes."""
    for description, prefix in (("/api/openapi.json", ""), ("/openreferral/openapi.json", "/openreferral")):
        schema = app.test_client().get(description).get_json()
        for path, methods in schema["paths"].items():
            shared = [p["name"] for p in methods.get("parameters", []) if p.get("in") == "query"]
            for method, operation in methods.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                names = shared + [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
                yield prefix + path, method.upper(), names
    for path in ("/healthz", "/map/assets.json", "/map/boroughs.json", "/map/gaps.json"):
        yield path, "GET", []


def test_every_json_route_and_query_parameter_survives_hostile_values(neo4j_target, demo_store, accounts_ready):
    from web import create_app

    app = create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target, "WTF_CSRF_ENABLED": False})
    token = accounts.new_token(demo_store, accounts_ready["admin"][0])
    client = app.test_client()
    routes = list(_json_routes(app))
    assert len(routes) >= 20
    extra = ["months", "page", "limit", "per_page", "as_of", "cover_km", "radius", "where", "q", "next"]

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(route=st.sampled_from(routes), values=st.lists(HOSTILE_TEXT, min_size=1, max_size=4),
           picks=st.lists(st.integers(min_value=0, max_value=50), min_size=4, max_size=4),
           body=st.one_of(st.none(), st.tuples(st.sampled_from(["object", "list"]),
                                               st.integers(min_value=1, max_value=20_000))),
           bearer=st.booleans())
    def run(route, values, picks, body, bearer):
        path, method, names = route
        names = names + extra
        query = {names[p % len(names)]: v for p, v in zip(picks, values)}
        url = re.sub(r"\{\w+\}", "p-001", path)
        headers = {"Authorization": f"Bearer {token}"} if bearer else {}
        if method == "GET":
            response = client.get(url, query_string=query, headers=headers)
        else:
            data = _deep(*body) if body else '{"remove": ["' + values[0].replace('"', "") + '"]}'
            response = client.open(url, method=method, query_string=query, headers=headers, data=data,
                                   content_type="application/json")
        assert response.status_code < 500, (method, url, query, body, response.get_data(as_text=True)[:300])
        if response.status_code >= 400:
            assert response.mimetype == PROBLEM, (method, url, response.mimetype)

    run()
