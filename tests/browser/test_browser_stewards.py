"""Issue 13 in a real headless Chromium, at phone (360 px) and desktop (1440 px) sizes: a steward fixes
a flagged entry beside its flag, and search, the Open Referral UK feed and the entry's history follow;
a public suggestion is accepted field by field; a re-import keeps the steward's edit and lists the
conflict. Screenshots go to /tmp/shots13 (and var/screenshots)."""
from __future__ import annotations

import copy
import json
import urllib.request
from pathlib import Path

import pytest

from mapper.directory import oruk_import, verification
from tests import conftest
from tests.conftest import browser_sign_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots13")
SIZES = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1440, "height": 900}}


@pytest.fixture()
def fresh_demo(demo_store):
    yield demo_store
    conftest._state["demo"] = False


def _page(browser, size):
    context = browser.new_context(viewport=SIZES[size])
    return context, context.new_page()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _fits(page, size: str) -> None:
    if size == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > 361).slice(0, 5)
            .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert width <= 360, (page.url, width, wide)


def _json(url: str):
    with urllib.request.urlopen(url) as answer:
        return json.loads(answer.read())


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_steward_fixes_a_flagged_entry(browser, live_server, fresh_demo, accounts_ready, size):
    verification.flag(fresh_demo, "asset-peckham-listening-hub", "Session moved to Weds?", by="prescriber@x.org")
    context, page = _page(browser, size)
    try:
        browser_sign_in(page, live_server, *accounts_ready["steward"])
        assert page.url.endswith("/directory/")
        _fits(page, size)
        _shot(page, f"queue-{size}.png")
        page.locator("article.flag-item", has_text="Session moved to Weds?").get_by_role("link", name="Fix it").click()
        page.wait_for_load_state("networkidle")
        assert "Session moved to Weds?" in page.inner_text("#flag-text")
        _fits(page, size)
        _shot(page, f"flag-{size}.png")
        page.select_option("select[name=day_0]", "Wed")
        page.fill("input[name=postcode]", "SE15 5XX")  # a mistake first: named, and what was typed kept
        page.fill("#note", "moved to Wednesdays, said the organiser")
        page.click("#save")
        page.wait_for_load_state("networkidle")
        assert "SE15 5XX" in page.inner_text("#postcode-error") and page.input_value("input[name=postcode]") == "SE15 5XX"
        assert page.input_value("select[name=day_0]") == "Wed"
        _fits(page, size)
        _shot(page, f"flag-error-{size}.png")
        page.fill("input[name=postcode]", "SE15 5JR")
        page.click("#save")
        page.wait_for_load_state("networkidle")
        assert "flag closed" in page.inner_text(".flash")
        found = _json(f"{live_server}/api/search?where=SE15%205JR&radius=1&day=Wednesday")["results"]
        assert any(r["id"] == "asset-peckham-listening-hub" and "Wed 10:00-13:00" in r["opening"] for r in found)
        page.goto(f"{live_server}/assets?where=SE15+5JR&radius=1&day=Wednesday")
        assert "Peckham Listening Hub" in page.inner_text("#results")
        feed = _json(f"{live_server}/openreferral/services?per_page=200")["contents"]
        sid = next(s["id"] for s in feed if s["name"] == "Peckham Listening Hub")
        schedules = _json(f"{live_server}/openreferral/services/{sid}")["schedules"]
        assert ("WE", "10:00") in [(s["byday"], s["opens_at"]) for s in schedules]
        page.goto(f"{live_server}/directory/assets/asset-peckham-listening-hub")
        history = page.inner_text("#history")
        assert "Tue 10:00-13:00" in history and "moved to Wednesdays" in history  # the old value, and why
        _fits(page, size)
        _shot(page, f"entry-history-{size}.png")
        page.goto(f"{live_server}/directory/assets/new")
        _fits(page, size)
        _shot(page, f"add-entry-{size}.png")
    finally:
        context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_public_suggestion_is_accepted_field_by_field(browser, live_server, fresh_demo, accounts_ready, size):
    context, page = _page(browser, size)
    try:
        page.goto(f"{live_server}/assets?where=SE15+5JR&radius=1")
        page.locator("li.result[data-id=asset-peckham-listening-hub] a.suggest-link").click()
        page.wait_for_load_state("networkidle")
        _fits(page, size)
        page.fill("#message", "It is on Wednesdays now, see http://example.org/peckham")
        page.locator("#suggest-form details summary").click()
        page.fill("#f-opening", "Wed 10:00-13:00")
        page.fill("#f-cost", "£3 a session")
        page.fill("#your_contact", "someone@example.net")
        _shot(page, f"suggest-{size}.png")
        page.click("#send")
        page.wait_for_load_state("networkidle")
        assert "a steward will check" in page.inner_text("#thanks")
        browser_sign_in(page, live_server, *accounts_ready["steward"])
        page.locator("article.suggestion-item").last.get_by_role("link", name="Review").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("a", has_text="example.org").count() == 0  # no live links
        assert "someone@example.net" in page.inner_text("#suggester-contact")
        _fits(page, size)
        _shot(page, f"suggestion-review-{size}.png")
        page.check("#accept_opening")  # the opening times, not the cost
        page.click("#accept")
        page.wait_for_load_state("networkidle")
        facts = page.inner_text("#facts")
        assert "Wed 10:00-13:00" in facts and "£3" not in facts
    finally:
        context.close()


def test_a_reimport_keeps_the_stewards_edit_and_lists_the_conflict(browser, live_server, fresh_demo, accounts_ready):
    listing = _json(f"{live_server}/openreferral/services?per_page=2")["contents"]
    feed = [_json(f"{live_server}/openreferral/services/{s['id']}") for s in listing]
    for item in feed:
        item["id"], item["name"] = item["id"][:-4] + "feed", "Partner " + item["name"]
    oruk_import.import_feed(fresh_demo, feed, source="partner.json")
    aid = f"oruk-{feed[0]['id']}"
    for size in ("desktop", "phone"):
        context, page = _page(browser, size)
        try:
            browser_sign_in(page, live_server, *accounts_ready["steward"])
            if size == "desktop":
                page.goto(f"{live_server}/directory/assets/{aid}/edit")
                page.fill("#contact", "steward@partner.example")
                page.click("#save")
                page.wait_for_load_state("networkidle")
                again = copy.deepcopy(feed)
                again[0]["email"] = "feed@partner.example"
                done = oruk_import.import_feed(fresh_demo, again, source="partner.json")
                assert done["added"] == 0 and len(done["conflicts"]) == 1
            page.goto(f"{live_server}/directory/#conflicts")
            conflict = page.locator(f"article.conflict-item[data-entry='{aid}']")
            assert "steward@partner.example" in conflict.inner_text() and "feed@partner.example" in conflict.inner_text()
            _fits(page, size)
            _shot(page, f"conflicts-{size}.png")
            page.goto(f"{live_server}/directory/assets/{aid}")
            assert "steward@partner.example" in page.inner_text("#facts")
        finally:
            context.close()
    names = [s["name"] for s in _json(f"{live_server}/openreferral/services?per_page=200")["contents"]]
    assert names.count(feed[0]["name"]) == 1
