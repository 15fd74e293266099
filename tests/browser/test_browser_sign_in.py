"""In a real headless Chromium: the landing page, signing in as each role, and a failed sign-in."""
from __future__ import annotations

import pytest

from tests.conftest import SCREENSHOTS, browser_sign_in

pytestmark = pytest.mark.browser

HEADINGS = {
    "admin": "Admin: accounts and roles",
    "organiser": "Organisers: 1:1s and the people you have met",
    "collaborative": "The Collaborative: the health of the network",
    "prescriber": "Social prescribers",
}


def test_landing_page_tells_each_group_where_to_go(page, live_server, demo_store):
    page.goto(live_server + "/")
    for heading in ("Looking for support?", "Community organisers", "The Collaborative", "Social prescribers"):
        assert page.get_by_role("heading", name=heading).is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "landing.png"), full_page=True)


@pytest.mark.parametrize("role", sorted(HEADINGS))
def test_each_role_lands_on_its_page(page, live_server, accounts_ready, demo_store, role):
    email, password = accounts_ready[role]
    browser_sign_in(page, live_server, email, password)
    assert page.get_by_role("heading", level=1).inner_text().startswith(HEADINGS[role])
    assert email in page.locator(".who").inner_text()
    page.screenshot(path=str(SCREENSHOTS / f"landing-{role}.png"), full_page=False)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    assert "You have signed out." in page.content()


def test_a_wrong_password_is_shown_and_the_email_kept(page, live_server, accounts_ready):
    email, _ = accounts_ready["organiser"]
    browser_sign_in(page, live_server, email, "not the password")
    assert page.locator("#login-error").is_visible()
    assert page.input_value("#email") == email


def test_names_are_shown_as_text_not_markup(page, live_server, accounts_ready, store):
    hostile = '<img src=x onerror="document.title=\'pwned\'">Eve'
    store.write("upsert_people", rows=[{"id": "p-hostile", "roles": [], "props": {"name": hostile}}])
    email, password = accounts_ready["organiser"]
    browser_sign_in(page, live_server, email, password)
    page.goto(live_server + "/organisers/people/p-hostile")
    assert page.get_by_role("heading", level=1).inner_text() == hostile
    assert page.title() != "pwned"
