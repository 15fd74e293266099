"""Sessions and accounts: cookie flags, idle time-out, sign-in throttling, password rules, headers, logs."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mapper.accounts import users as accounts

from tests.conftest import csrf_token_from

ROOT = Path(__file__).resolve().parent.parent.parent


def _post_login(client, email, password, **kwargs):
    token = csrf_token_from(client.get("/login", **kwargs).get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token}, **kwargs)


def _app(neo4j_target, **config):
    from web import create_app

    return create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target, **config})


def _session_cookie_header(response) -> str:
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert found, response.headers
    return found[-1]


# ---- cookies ----------------------------------------------------------------------------------
def test_session_cookie_is_http_only_and_same_site(client, accounts_ready):
    email, password = accounts_ready["organiser"]
    response = _post_login(client, email, password)
    assert response.status_code == 302
    cookie = _session_cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development


def test_session_cookie_is_secure_behind_https(neo4j_target, accounts_ready, monkeypatch):
    monkeypatch.setenv("MAPPER_SECURE_COOKIES", "1")
    client = _app(neo4j_target).test_client()
    email, password = accounts_ready["organiser"]
    response = _post_login(client, email, password, base_url="https://localhost",
                           headers={"Referer": "https://localhost/login"})  # CSRF checks the referrer over HTTPS
    assert response.status_code == 302
    cookie = _session_cookie_header(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# ---- idle time-out ----------------------------------------------------------------------------
def test_a_session_idle_longer_than_the_time_out_is_signed_out(neo4j_target, demo_store, accounts_ready):
    client = _app(neo4j_target, SESSION_IDLE_SECONDS=1).test_client()
    email, password = accounts_ready["organiser"]
    assert _post_login(client, email, password).status_code == 302
    assert client.get("/organisers/").status_code == 200
    time.sleep(1.3)
    response = client.get("/organisers/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after a time without activity" in page
    assert client.get("/api/people").status_code == 401


def test_an_active_session_stays_signed_in_and_tokens_do_not_time_out(neo4j_target, demo_store, accounts_ready,
                                                                      store):
    client = _app(neo4j_target, SESSION_IDLE_SECONDS=2).test_client()
    email, password = accounts_ready["organiser"]
    assert _post_login(client, email, password).status_code == 302
    for _ in range(5):  # 3 seconds in all, never 2 idle
        time.sleep(0.6)
        assert client.get("/api/me").get_json()["role"] == "organiser"
    token = accounts.new_token(store, email)
    bare = _app(neo4j_target, SESSION_IDLE_SECONDS=1).test_client(use_cookies=False)
    assert bare.get("/api/people?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    time.sleep(1.2)
    assert bare.get("/api/people?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_signing_out_clears_the_whole_session(sign_in):
    client = sign_in("organiser")
    token = csrf_token_from(client.get("/organisers/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/organisers/").status_code == 302
    with client.session_transaction() as sess:
        assert "_user_id" not in sess and "last_seen" not in sess


# ---- sign-in throttling -----------------------------------------------------------------------
def test_five_failed_sign_ins_then_429_with_retry_after_even_for_the_right_password(app, accounts_ready):
    client = app.test_client()
    email, password = accounts_ready["collaborative"]
    for _ in range(5):
        assert _post_login(client, email, "not the password at all").status_code == 401
    refused = _post_login(client, email, password)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Too many sign-in attempts" in refused.get_data(as_text=True)
    assert client.get("/collaborative/").status_code == 302  # not signed in
    # Another email from the same address, and the same email from another address, are not held up.
    other_email, other_password = accounts_ready["prescriber"]
    assert _post_login(client, other_email, other_password).status_code == 302
    elsewhere = app.test_client()
    assert _post_login(elsewhere, email, password,
                       environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 302


def test_the_limit_lifts_when_the_window_has_passed_and_a_success_clears_it(app, accounts_ready):
    from web.auth import SignInThrottle

    now = [1000.0]
    app.extensions["mapper_sign_in_throttle"] = SignInThrottle(5, 50, 900, clock=lambda: now[0])
    client = app.test_client()
    email, password = accounts_ready["organiser"]
    for _ in range(5):
        assert _post_login(client, email, "wrong password here").status_code == 401
    response = _post_login(client, email, password)
    assert response.status_code == 429 and response.headers["Retry-After"] == "900"
    now[0] += 600
    assert _post_login(client, email, password).headers["Retry-After"] == "300"
    now[0] += 301
    assert _post_login(client, email, password).status_code == 302
    # The success cleared the count: four more failures are still allowed.
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/organisers/").get_data(as_text=True))})
    for _ in range(4):
        assert _post_login(client, email, "wrong password here").status_code == 401
    assert _post_login(client, email, password).status_code == 302


def test_one_address_trying_many_emails_is_limited_too(app, accounts_ready):
    from web.auth import SignInThrottle

    app.extensions["mapper_sign_in_throttle"] = SignInThrottle(5, 8, 900)
    client = app.test_client()
    for n in range(8):
        assert _post_login(client, f"guess{n}@example.org", "guessed password").status_code == 401
    email, password = accounts_ready["admin"]
    assert _post_login(client, email, password).status_code == 429


# ---- passwords --------------------------------------------------------------------------------
@pytest.mark.parametrize("password", ["password123", "Password2024!", "qwertyuiop", "1234567890", "iloveyou!!",
                                      "aaaaaaaaaaaa", "Welcome123", "southlondon1"])
def test_common_passwords_are_refused_wherever_accounts_are_made(store, password):
    with pytest.raises(accounts.AccountError, match="most common"):
        accounts.add(store, "new.user@example.org", "organiser", password)


def test_short_passwords_and_the_email_itself_are_refused(store):
    with pytest.raises(accounts.AccountError, match="at least 10 characters"):
        accounts.add(store, "new.user@example.org", "organiser", "Tr0ub4d&")
    with pytest.raises(accounts.AccountError, match="email address"):
        accounts.add(store, "kwame.mensah@example.org", "organiser", "Kwame.Mensah2024")
    assert accounts.add(store, "new.user@example.org", "organiser", "kettle orbit violet lantern").role == "organiser"


def test_the_admin_form_refuses_a_common_password(sign_in):
    client = sign_in("admin")
    token = csrf_token_from(client.get("/admin/").get_data(as_text=True))
    response = client.post("/admin/", data={"email": "someone@example.org", "role": "organiser",
                                            "password": "Password123!", "csrf_token": token})
    assert response.status_code == 400
    assert "most common" in response.get_data(as_text=True)


def test_mapper_user_add_refuses_a_common_password(store, neo4j_target):
    env = {**os.environ, "NEO4J_URI": neo4j_target.uri, "NEO4J_USER": neo4j_target.user,
           "NEO4J_PASSWORD": neo4j_target.password}
    result = subprocess.run([sys.executable, "-m", "mapper", "user", "add", "x.y@example.org", "--role", "admin",
                             "--password-stdin"], input="qwertyuiop123\n", capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120)
    assert result.returncode != 0 and "most common" in result.stderr and "Traceback" not in result.stderr
    assert accounts.find(store, "x.y@example.org") is None


# ---- headers ----------------------------------------------------------------------------------
def test_security_headers_and_no_inline_script(demo_store, sign_in):
    client = sign_in("organiser")
    for path in ("/", "/login", "/assets", "/map", "/organisers/", "/organisers/people/p-001", "/api/people"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "frame-ancestors 'none'" in csp and response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert response.headers["Cache-Control"] == "no-store", path  # a signed-in person's pages
        html = response.get_data(as_text=True)
        if response.mimetype == "text/html":
            for tag in re.findall(r"<script\b[^>]*>", html):
                assert "src=" in tag, (path, tag)
            assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), path
            assert not re.search(r"\son[a-z]+\s*=", html, re.I), path  # no inline event handlers


# ---- logs -------------------------------------------------------------------------------------
def test_no_personal_data_reaches_the_logs(neo4j_target, empty_store, accounts_ready, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("neo4j").setLevel(logging.DEBUG)  # as if someone turned debugging on
    app = _app(neo4j_target)
    client = app.test_client()
    email, password = accounts_ready["organiser"]
    secret_name, secret_email, secret_phone = "Zebedee Quillfeather", "zebedee.q@example.org", "07700 900461"
    _post_login(client, email, "a wrong password entirely")
    assert _post_login(client, email, password).status_code == 302
    made = client.post("/api/people", json={"name": secret_name, "email": secret_email, "phone": secret_phone,
                                            "create_new": True})
    assert made.status_code == 201, made.get_data(as_text=True)
    person_id = made.get_json()["id"]
    assert secret_name in client.get(f"/api/people/{person_id}").get_data(as_text=True)
    client.get("/api/people/search", query_string={"q": "Zebedee"})
    client.get("/organisers/", query_string={"q": "Quillfeather"})
    # The development server's request line, as werkzeug logs it.
    logging.getLogger("werkzeug").info('%s - - [%s] "%s" %s -', "127.0.0.1", "24/Nov/2026 10:00:00",
                                       "GET /api/people/search?q=Zebedee+Quillfeather HTTP/1.1", "200")
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in (secret_name, "Zebedee", "Quillfeather", secret_email, secret_phone, password):
        assert secret not in logged, secret
    assert "GET /api/people/search?" in logged  # the request line is still there, without its query


# ---- sessions that end (issue 12, item 5) -------------------------------------------------------
def _signed_in_client(neo4j_target, accounts_ready, role, **kwargs):
    client = _app(neo4j_target).test_client()
    email, password = accounts_ready[role]
    assert _post_login(client, email, password, **kwargs).status_code == 302
    return client


def _who(client, **kwargs) -> str:
    """The role /api/me answers with ("public" when the session is not signed in)."""
    answer = client.get("/api/me", **kwargs)
    assert answer.status_code == 200
    return answer.get_json()["role"]


def _sign_out(client):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_a_session_cookie_copied_before_sign_out_no_longer_answers(neo4j_target, demo_store, accounts_ready):
    client = _signed_in_client(neo4j_target, accounts_ready, "organiser")
    copied = client.get_cookie("session").value
    assert _who(client) != "public"
    _sign_out(client)
    replay = _app(neo4j_target).test_client()
    replay.set_cookie("session", copied)
    assert _who(replay) == "public"
    assert replay.get("/api/people").status_code == 401
    assert replay.get("/organisers/").status_code == 302


def test_signing_out_one_session_leaves_the_accounts_other_sessions(neo4j_target, demo_store, accounts_ready):
    laptop = _signed_in_client(neo4j_target, accounts_ready, "organiser")
    phone = _signed_in_client(neo4j_target, accounts_ready, "organiser")
    _sign_out(phone)
    assert _who(phone) == "public"
    assert _who(laptop) == "organiser"


def test_a_password_reset_by_an_admin_ends_the_users_sessions(neo4j_target, demo_store, accounts_ready):
    prescriber = _signed_in_client(neo4j_target, accounts_ready, "prescriber")
    assert prescriber.get("/prescribers/").status_code == 200
    admin = _signed_in_client(neo4j_target, accounts_ready, "admin")
    token = csrf_token_from(admin.get("/admin/").get_data(as_text=True))
    email, _ = accounts_ready["prescriber"]
    new_password = "kettle orbit violet lantern 42"
    reset = admin.post("/admin/", data={"email": email, "role": "prescriber", "password": new_password,
                                        "csrf_token": token})
    assert reset.status_code == 302
    response = prescriber.get("/prescribers/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _who(prescriber) == "public"
    assert _who(admin) != "public"  # the admin's own session is untouched
    again = _app(neo4j_target).test_client()
    assert _post_login(again, email, new_password).status_code == 302
    assert again.get("/prescribers/").status_code == 200


def test_a_role_change_or_deactivation_ends_the_users_sessions(neo4j_target, demo_store, accounts_ready, store):
    email, password = accounts_ready["organiser"]
    client = _signed_in_client(neo4j_target, accounts_ready, "organiser")
    accounts.add(store, email, "prescriber", password)  # the same password, another role
    assert _who(client) == "public"
    accounts.add(store, email, "organiser", password)
    client = _signed_in_client(neo4j_target, accounts_ready, "organiser")
    assert accounts.deactivate(store, email)
    assert _who(client) == "public"
    accounts.add(store, email, "organiser", password)  # active again: the old session stays ended
    assert _who(client) == "public"


def test_x_forwarded_for_does_not_carry_a_copied_session_to_another_address(neo4j_target, demo_store,
                                                                              accounts_ready):
    client = _signed_in_client(neo4j_target, accounts_ready, "organiser",
                               environ_base={"REMOTE_ADDR": "198.51.100.10"})
    copied = client.get_cookie("session").value
    elsewhere = _app(neo4j_target).test_client()
    elsewhere.set_cookie("session", copied)
    assert _who(elsewhere, environ_base={"REMOTE_ADDR": "203.0.113.66"},
                headers={"X-Forwarded-For": "198.51.100.10"}) == "public"
    assert elsewhere.get("/api/people", environ_base={"REMOTE_ADDR": "203.0.113.66"},
                         headers={"X-Forwarded-For": "198.51.100.10"}).status_code == 401


def test_a_configured_proxy_passes_on_the_client_address(neo4j_target, demo_store, accounts_ready):
    app = _app(neo4j_target, TRUSTED_PROXIES=1)
    client = app.test_client()
    email, password = accounts_ready["organiser"]
    behind = {"environ_base": {"REMOTE_ADDR": "10.0.0.2"}, "headers": {"X-Forwarded-For": "198.51.100.10"}}
    assert _post_login(client, email, password, **behind).status_code == 302
    assert _who(client, **behind) != "public"
    moved = {"environ_base": {"REMOTE_ADDR": "10.0.0.2"}, "headers": {"X-Forwarded-For": "203.0.113.66"}}
    assert _who(client, **moved) == "public"
