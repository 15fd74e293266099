"""Fixtures: a real Neo4j started for the test run (own port and data folder), the app, accounts.

The suite starts its own Neo4j Community server in var/neo4j-test on Bolt port 7697 and stops it
at the end. To run against another, disposable Neo4j instead, set TEST_NEO4J_URI,
TEST_NEO4J_USER and TEST_NEO4J_PASSWORD (the tests empty that database).
"""
from __future__ import annotations

import os
import secrets
import socket
import threading
from pathlib import Path

import pytest

from mapper.accounts import users as accounts
from mapper.db import server as neo4j_server, schema
from mapper.config import VAR_DIR, LocalNeo4j, Neo4jTarget
from mapper.db.store import Store

TEST_SERVER = LocalNeo4j(home=Path(os.environ.get("MAPPER_TEST_NEO4J_HOME", Path(VAR_DIR) / "neo4j-test")),
                         bolt_port=int(os.environ.get("MAPPER_TEST_BOLT_PORT", "7697")),
                         http_port=int(os.environ.get("MAPPER_TEST_HTTP_PORT", "7484")),
                         heap="1g", page_cache="512m")
ROLES = ("admin", "organiser", "collaborative", "prescriber", "steward")
_state = {"demo": False}
GENEROUS_SUGGESTION_LIMITS = {"SUGGESTIONS_PER_WINDOW": 10_000, "SUGGESTIONS_PER_DAY": 10_000}


@pytest.fixture(scope="session")
def neo4j_target():
    if os.environ.get("TEST_NEO4J_URI"):
        yield Neo4jTarget(os.environ["TEST_NEO4J_URI"], os.environ.get("TEST_NEO4J_USER", "neo4j"),
                          os.environ.get("TEST_NEO4J_PASSWORD", ""), external=True)
        return
    neo4j_server.start(TEST_SERVER)
    yield Neo4jTarget(TEST_SERVER.uri, "neo4j", TEST_SERVER.password_file.read_text().strip(), external=False)
    neo4j_server.stop(TEST_SERVER)


@pytest.fixture(scope="session")
def store(neo4j_target):
    with Store(neo4j_target, retry_seconds=10.0) as s:
        schema.init(s)
        yield s


@pytest.fixture()
def empty_store(store):
    """The database emptied (schema kept) before the test."""
    store.autocommit("delete_everything")
    _state["demo"] = False
    return store


@pytest.fixture()
def demo_store(store):
    """The database holding the South London demo network (loaded once, reloaded after a wipe)."""
    if not _state["demo"]:
        from seeds.south_london import load as demo

        store.autocommit("delete_everything")
        demo.load(store, say=lambda _msg: None)
        _state["demo"] = True
    return store


@pytest.fixture()
def changed_demo(demo_store):
    """The demo network for a test that changes it: loaded afresh for the next test that needs it."""
    yield demo_store
    _state["demo"] = False


@pytest.fixture(scope="session")
def logins(store):
    """One account per role: {role: (email, password)}."""
    made = {}
    for role in ROLES:
        email, password = f"{role}@test.example.org", secrets.token_urlsafe(16)
        made[role] = (email, password)
    _ensure_accounts(store, made)
    return made


def _ensure_accounts(store, made):
    for role, (email, password) in made.items():
        accounts.add(store, email, role, password)


@pytest.fixture()
def accounts_ready(store, logins):
    """Accounts survive database wipes: re-create them before each test that signs in. Failed
    sign-ins are counted in the database, across tests: each test that signs in starts afresh."""
    from mapper.accounts import sign_in_limits

    _ensure_accounts(store, logins)
    sign_in_limits.forget_all(store)
    return logins


@pytest.fixture()
def app(neo4j_target):
    from web import create_app

    # Pages wait for a report that may be shown (computed in the background) rather than showing its
    # progress, so that what a test reads does not depend on the machine's speed; the tests of the
    # background computation itself set REPORT_WAIT_SECONDS to 0. Suggestions are counted per address
    # in the database, across tests: the tests of that limit set it low and forget the counts first.
    return create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target, "REPORT_WAIT_SECONDS": 120,
                       **GENEROUS_SUGGESTION_LIMITS})


@pytest.fixture()
def client(app):
    return app.test_client()


def csrf_token_from(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture()
def sign_in(client, accounts_ready):
    def do(role: str):
        email, password = accounts_ready[role]
        page = client.get("/login").get_data(as_text=True)
        response = client.post("/login", data={"email": email, "password": password,
                                               "csrf_token": csrf_token_from(page)})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(neo4j_target):
    """The app served by waitress in a background thread, as deployed."""
    from waitress.server import create_server

    from web import create_app

    app = create_app({"NEO4J_TARGET": neo4j_target, "REPORT_WAIT_SECONDS": 120, **GENEROUS_SUGGESTION_LIMITS})
    server = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def browser_sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
