"""Sign-in, roles checked on the server for every page and API route, CSRF, /healthz and 503s."""
from __future__ import annotations

import pytest

from mapper.accounts import users as accounts
from mapper.config import Neo4jTarget

from tests.conftest import csrf_token_from, free_port

PAGES = {
    "/organisers/": {"admin", "organiser"},
    "/organisers/people/p-001": {"admin", "organiser"},
    "/collaborative/": {"admin", "collaborative"},
    "/prescribers/": {"admin", "organiser", "collaborative", "prescriber"},
    "/admin/": {"admin"},
}
API = {
    "/api/people": {"admin", "organiser"},
    "/api/people/p-001": {"admin", "organiser"},
    "/api/network/summary": {"admin", "collaborative"},
}
LANDING = {"admin": "/admin/", "organiser": "/organisers/", "collaborative": "/collaborative/",
           "prescriber": "/prescribers/"}


def test_healthz_reports_neo4j_526_and_counts_to_an_admin(client, demo_store, sign_in):
    assert client.get("/healthz").get_json() == {"status": "ok"}  # anonymous: the status only
    body = sign_in("admin").get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"].startswith("5.26")
    assert body["nodes"] > 200 and body["relationships"] > 300


def test_healthz_and_pages_answer_503_with_retry_after_when_neo4j_is_unreachable():
    from web import create_app

    down = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x", external=True)
    client = create_app({"TESTING": True, "NEO4J_TARGET": down}).test_client()
    for path in ("/healthz", "/api/assets", "/assets"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert int(response.headers["Retry-After"]) > 0
    assert client.get("/api/assets").get_json()["title"] == "Service unavailable"
    assert "Traceback" not in client.get("/assets").get_data(as_text=True)


@pytest.mark.parametrize("role", sorted(LANDING))
def test_each_role_signs_in_to_its_own_landing_page(client, accounts_ready, demo_store, role):
    email, password = accounts_ready[role]
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(LANDING[role])
    page = client.get(LANDING[role])
    assert page.status_code == 200
    assert email in page.get_data(as_text=True)


@pytest.mark.parametrize("role", sorted(LANDING))
def test_each_role_is_refused_what_it_may_not_see(sign_in, demo_store, role):
    client = sign_in(role)
    for path, allowed in {**PAGES, **API}.items():
        status = client.get(path).status_code
        if role in allowed:
            assert status == 200, (role, path)
        else:
            assert status == 403, (role, path, status)


def test_anonymous_users_see_only_public_assets(client, demo_store):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for path in API:
        response = client.get(path)
        assert response.status_code == 401 and response.get_json()["status"] == 401, path
    assets = client.get("/api/assets").get_json()["assets"]
    assert len(assets) >= 30
    hidden = [a for a in assets if a["hide_address"]]
    stored = {r["id"]: r for r in demo_store.read("assets_by_ids", ids=[a["id"] for a in hidden])}
    # by area only: no street address, and the district's centre, never the point stored for it
    assert hidden and all(a["address"] is None and a["lat"] is not None for a in hidden)
    assert all((a["lat"], a["lon"]) != (stored[a["id"]]["lat"], stored[a["id"]]["lon"]) for a in hidden)
    page = client.get("/assets").get_data(as_text=True)
    person = demo_store.read("list_people", skip=0, limit=1)[0]
    assert person["name"] not in page


def test_personal_fields_never_reach_a_prescriber(sign_in, demo_store):
    client = sign_in("prescriber")
    person = demo_store.read_one("person_by_id", id="p-001")
    for path in ("/prescribers/", "/api/assets", "/assets"):
        text = client.get(path).get_data(as_text=True)
        assert person["name"] not in text and (person["email"] or "@@") not in text


def test_wrong_password_is_a_clear_message_not_a_sign_in(client, accounts_ready):
    email, _ = accounts_ready["organiser"]
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": "wrong-password", "csrf_token": token})
    assert response.status_code == 401
    assert "do not match" in response.get_data(as_text=True)
    assert client.get("/organisers/").status_code == 302


def test_forms_without_a_csrf_token_are_refused(client, accounts_ready):
    email, password = accounts_ready["admin"]
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_admin_form_shows_which_field_is_wrong_and_keeps_what_was_typed(sign_in):
    client = sign_in("admin")
    token = csrf_token_from(client.get("/admin/").get_data(as_text=True))
    response = client.post("/admin/", data={"email": "not-an-email", "role": "organiser", "password": "short",
                                            "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "is not an email address" in html and "at least 10 characters" in html
    assert 'value="not-an-email"' in html


def test_bearer_token_gives_an_api_client_its_role(client, store, accounts_ready, demo_store):
    token = accounts.new_token(store, accounts_ready["organiser"][0])
    ok = client.get("/api/people?limit=1000", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and len(ok.get_json()["people"]) > 100
    assert client.get("/api/network/summary", headers={"Authorization": f"Bearer {token}"}).status_code == 403
    assert client.get("/api/people", headers={"Authorization": "Bearer cm_forged"}).status_code == 401
    # A new token replaces the old one.
    accounts.new_token(store, accounts_ready["organiser"][0])
    assert client.get("/api/people", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_api_errors_are_json_never_a_stack_trace(sign_in, demo_store):
    client = sign_in("organiser")
    for path, status in (("/api/people?limit=0", 422), ("/api/people?skip=x", 400), ("/api/nowhere", 404),
                         ("/api/people/does-not-exist", 404), ("/api/assets?kind=Castle", 422)):
        response = client.get(path)
        assert response.status_code == status, path
        assert response.mimetype == "application/problem+json", path
        body = response.get_json()
        assert body["status"] == status and body["title"] and body["detail"], path
        assert "Traceback" not in response.get_data(as_text=True), path


def test_security_headers_on_every_response(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_openapi_description_lists_the_routes(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/assets", "/api/people", "/api/network/summary"} <= set(spec["paths"])
