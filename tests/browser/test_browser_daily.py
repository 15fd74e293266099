"""Issue 14 in a real headless Chromium at 360x740 and 1440x900: an organiser records a 1:1 with the
signal gone, comes back online and sees it sent once; drafts come back when the form opens again
and are gone after signing out; a follow-up is closed from the list; a shortlist built over two
searches prints with distances. Screenshots go to /tmp/shots14 (and var/screenshots/daily)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mapper.accounts import users as accounts
from mapper.organising import follow_ups

from tests.conftest import SCREENSHOTS, browser_sign_in
from tests.integration.test_people_data import counts, load_small

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1440, "height": 900}
SIZES = [pytest.param(PHONE, id="360"), pytest.param(DESKTOP, id="1440")]
SHOTS = [SCREENSHOTS / "daily", Path("/tmp/shots14")]


def shot(page, name: str) -> None:
    for folder in SHOTS:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        except OSError:
            pass


def width(page) -> int:
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


@pytest.fixture()
def small(empty_store):
    store = load_small(empty_store)
    store.write("create_one_to_ones", rows=[{"a": "p-001", "b": "p-002", "props": {
        "id": "oto-soon", "date": dt.date.today() - dt.timedelta(days=2), "by": "p-001", "themes": [],
        "follow_up": "Send the carers' group times", "follow_up_due": dt.date.today() + dt.timedelta(days=3)}}])
    return store


@pytest.fixture()
def organiser(browser, live_server, small, accounts_ready, request):
    size = request.param
    email, password = accounts_ready["organiser"]
    accounts.link_person(small, email, "p-001", replace=True)
    context = browser.new_context(viewport=size, is_mobile=size["width"] < 500, has_touch=size["width"] < 500)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    browser_sign_in(page, live_server, email, password)
    page.size = size
    yield page
    context.close()
    small.write("unlink_account_person", email=email)


def pick(page, side: str, typed: str, choose: str):
    page.fill(f"#{side}_name", "")
    page.type(f"#{side}_name", typed, delay=20)
    page.wait_for_selector(f"#{side}_list button:has-text('{choose}')")
    page.click(f"#{side}_list button:has-text('{choose}')")


def stored(page, key: str):
    return page.evaluate(f"window.localStorage.getItem('{key}')")


@pytest.mark.parametrize("organiser", SIZES, indirect=True)
def test_a_one_to_one_saved_offline_is_sent_once_when_back_online(organiser, live_server, small):
    page, label = organiser, organiser.size["width"]
    page.goto(f"{live_server}/organisers/one-to-ones/new")
    assert page.input_value("#a_id") == "p-001"  # the account's person holds the 1:1
    assert "on this device only" in page.inner_text("#draft-note")
    pick(page, "b", "grace", "Grace Adeyemi")
    page.wait_for_selector("#close-follow-ups input[value=oto-soon]")  # offered: close the open follow-up
    page.fill("#notes", "Talked about the carers' group; she will come on Tuesday")
    page.check("input[value=theme-housing]")
    page.wait_for_timeout(400)
    assert "carers' group" in stored(page, "cm.draft.one-to-one")
    before = counts(small)
    page.context.set_offline(True)
    page.click("#save")
    page.wait_for_selector("#outbox-status:has-text('Saved on this phone, not yet sent')")
    assert page.url.endswith("/organisers/one-to-ones/new")  # no browser error page; the form is still here
    assert counts(small) == before
    assert stored(page, "cm.draft.one-to-one") is None and "Grace" not in page.input_value("#b_name")
    shot(page, f"one-to-one-offline-{label}")
    assert width(page) <= page.size["width"]
    page.context.set_offline(False)
    page.wait_for_selector("#outbox-status.sent", timeout=30000)
    assert page.inner_text("#outbox-status").startswith("Sent:")
    shot(page, f"one-to-one-sent-{label}")
    assert counts(small) == (before[0], before[1] + 1)
    # Sent again (a retry that did not hear the answer): still recorded once.
    item = {"account": page.evaluate("cmDevice.account"), "key": "again", "url": "/organisers/one-to-ones/new"}
    page.evaluate("""(item) => {
        const fields = [["a_id","p-001"],["b_id","p-003"],["date", new Date().toISOString().slice(0,10)],
                        ["consent_recorded","1"],["notes","twice?"],["idempotency_key","again"]];
        return Promise.all([cmDevice.send(item.url, fields, item.key), cmDevice.send(item.url, fields, item.key)]);
    }""", item)
    assert counts(small) == (before[0], before[1] + 2)
    assert follow_ups.get(small, "oto-soon")["done"] == dt.date.today().isoformat()
    assert page.errors == [], page.errors


@pytest.mark.parametrize("organiser", SIZES, indirect=True)
def test_a_draft_comes_back_and_is_gone_after_signing_out(organiser, live_server, small):
    page, label = organiser, organiser.size["width"]
    page.goto(f"{live_server}/organisers/one-to-ones/new")
    pick(page, "b", "sam", "Sam Okoye")
    page.fill("#notes", "Half-typed notes about the allotment")
    page.wait_for_timeout(400)
    page.goto(f"{live_server}/organisers/one-to-ones/new")
    page.wait_for_selector("#draft-offer:not([hidden])")
    assert "Sam Okoye" in page.inner_text("#draft-offer")
    shot(page, f"one-to-one-draft-offer-{label}")
    page.click("#draft-restore")
    assert page.input_value("#notes") == "Half-typed notes about the allotment" and page.input_value("#b_id") == "p-003"
    # An old draft is never offered (seven days at most).
    page.evaluate("""() => { const d = JSON.parse(localStorage.getItem('cm.draft.one-to-one'));
                             d.savedAt -= 8 * 24 * 3600 * 1000; localStorage.setItem('cm.draft.one-to-one', JSON.stringify(d)); }""")
    page.goto(f"{live_server}/organisers/one-to-ones/new")
    assert page.is_hidden("#draft-offer") and stored(page, "cm.draft.one-to-one") is None
    # Attacker's view: whoever picks up the phone after sign-out finds no draft and no unsent 1:1.
    page.fill("#notes", "Another draft")
    page.fill("#b_name", "Somebody")
    page.wait_for_timeout(400)
    page.evaluate("localStorage.setItem('cm.outbox', JSON.stringify([]))")
    assert stored(page, "cm.draft.one-to-one")
    if page.is_visible("#menu-toggle"):
        page.click("#menu-toggle")
    page.click("#sign-out")
    page.wait_for_load_state("networkidle")
    assert stored(page, "cm.draft.one-to-one") is None and stored(page, "cm.outbox") is None


@pytest.mark.parametrize("organiser", SIZES, indirect=True)
def test_closing_a_follow_up_from_the_list(organiser, live_server, small):
    page, label = organiser, organiser.size["width"]
    page.goto(f"{live_server}/organisers/")
    assert "You are Amina Yusuf" in page.inner_text("#signed-in-as")
    overdue = page.locator("#overdue-list li").all_inner_texts()
    assert any("Call back" in t for t in overdue)
    assert "Send the carers' group times" in page.inner_text("#due-soon-list")
    shot(page, f"organisers-follow-ups-{label}")
    assert width(page) <= page.size["width"]
    page.click("#follow-up-oto-1 button.fu-done")
    page.wait_for_load_state("networkidle")
    assert "Done: follow-up with Grace Adeyemi closed." in page.inner_text("main")
    assert page.locator("#follow-up-oto-1").count() == 0
    assert follow_ups.get(small, "oto-1")["done"] == dt.date.today().isoformat()
    page.click("#follow-up-oto-soon summary")
    page.fill("#snooze-oto-soon", (dt.date.today() + dt.timedelta(days=10)).isoformat())
    page.click("#follow-up-oto-soon button[value=snooze]")
    page.wait_for_load_state("networkidle")
    assert "Snoozed" in page.inner_text("main")
    shot(page, f"organisers-follow-up-closed-{label}")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("audience", ["public", "prescriber"])
def test_a_shortlist_built_over_two_searches_prints_with_distances(browser, live_server, demo_store, accounts_ready,
                                                                  size, audience):
    context = browser.new_context(viewport=size, is_mobile=size["width"] < 500)
    page = context.new_page()
    base = "/assets"
    if audience == "prescriber":
        browser_sign_in(page, live_server, *accounts_ready["prescriber"])
        base = "/prescribers/"
    page.goto(f"{live_server}{base}?where=SE15+5DQ&radius=2")
    first = page.locator("ol.results li").first
    first_name = first.locator("h2").inner_text()
    first.locator("input[type=checkbox]").check()
    hint = page.inner_text("#shortlist .hint")
    assert ("your patient" in hint) == (audience == "prescriber")
    # A refined search elsewhere: the first tick is kept, and another is added.
    page.goto(f"{live_server}{base}?where=SE6+4JU&radius=2")
    second = page.locator("ol.results li").first
    second_name = second.locator("h2").inner_text()
    second.locator("input[type=checkbox]").check()
    page.wait_for_selector("#shortlist-tray:not([hidden])")
    assert "2 entries" in page.inner_text("#tray-summary")
    page.click("#tray-summary")
    page.wait_for_function("(name) => document.querySelector('#tray-list').textContent.includes(name)",
                           arg=first_name)
    assert page.evaluate("localStorage.getItem('cm.shortlist')").count("asset-") == 2
    shot(page, f"search-tray-{audience}-{size['width']}")
    assert width(page) <= size["width"]
    page.click("#make-shortlist")
    page.wait_for_load_state("networkidle")
    names = page.locator("ol.shortlist h2").all_inner_texts()
    assert any(first_name in n for n in names) and any(second_name in n for n in names)
    distances = page.locator("ol.shortlist .distance").all_inner_texts()
    assert len(distances) == 2 and all("km" in d and "from SE6 4JU" in d for d in distances)
    assert dt.date.today().strftime("%B %Y") in page.inner_text("#made-on")
    assert "SE6" not in page.input_value("#share-link")  # the postcode never travels in the link
    assert ("patient" in page.inner_text("main")) == (audience == "prescriber")
    # Another postcode, typed on the list itself.
    page.fill("#from", "SE15 5DQ")
    page.click("#distance-button")
    page.wait_for_load_state("networkidle")
    assert all("from SE15 5DQ" in d for d in page.locator("ol.shortlist .distance").all_inner_texts())
    assert width(page) <= size["width"]
    page.emulate_media(media="print")
    assert page.is_visible("ol.shortlist .distance") and page.is_visible("#made-on")
    assert not page.is_visible("#share-link") and not page.is_visible("header.top")
    shot(page, f"shortlist-print-{audience}-{size['width']}")
    context.close()
