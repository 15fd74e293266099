"""Issue 14: every page of every role fits a 360 px phone with no sideways scroll (and a 1440 px
desktop). Each page's width at 360 px is measured in headless Chromium and written, with a
screenshot of each, to var/screenshots/phone/ (widths.json)."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROLES as SIGNED_IN_ROLES, SCREENSHOTS, browser_sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1440, "height": 900}
OUT = SCREENSHOTS / "phone"
# Pages that are not pages: data, downloads, the API, forms that only take a POST, the log-out.
NOT_PAGES = re.compile(r"^/(api|openreferral|static|vendor)/|\.(json|csv|geojson|txt|js|pdf|html)$|/status$|/open-follow-ups$|"
                       r"^/logout$|^/healthz$|/template\.csv$")
SAMPLE_ARGS = {"person_id": "p-001", "follow_up_id": "x", "asset_id": "asset-catford-listening-hub",
               "token": "none", "filename": "x", "request_id": "x"}
EXTRA = {  # pages with arguments worth a look, and searches that draw results
    "public": ["/assets?where=SE15+5DQ&radius=3", "/assets/shortlist?id=asset-catford-listening-hub"],
    "prescriber": ["/prescribers/?where=SE6+4JU&radius=2"],
    "organiser": ["/organisers/people/p-001", "/organisers/people?q=amina", "/organisers/one-to-ones/new?with=p-002",
                  "/organisers/people/merge?keep=p-001&drop=p-002", "/organisers/follow-ups/?who=all"],
    "admin": ["/organisers/people/p-001", "/admin/subject-access?person=p-001", "/admin/audit?person=p-001",
              "/organisers/people/merge?keep=p-001&drop=p-002"],
    "collaborative": ["/collaborative/what-if?remove=p-001"],
}


def pages_for(app, role: str) -> list[str]:
    """Every GET page in the app that this role may open (by the permission each view declares)."""
    from mapper.accounts.roles import may

    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or NOT_PAGES.search(rule.rule) or rule.arguments:
            continue
        view = app.view_functions[rule.endpoint]
        permission = getattr(view, "permission", None)
        if permission and not may(role if role != "public" else None, permission):
            continue
        if role == "public" and permission:
            continue
        found.append(rule.rule)
    return sorted(set(found)) + EXTRA.get(role, [])


def measure(page, url: str) -> dict:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(150)
    width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *')).filter(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 1
          && getComputedStyle(e).position !== 'fixed' && !e.closest('.leaflet-container, .network, .neighbourhood')
          && !(e.parentElement && getComputedStyle(e.parentElement).overflowX !== 'visible');
      }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + (e.className || '') + ' ' + Math.round(e.getBoundingClientRect().right))""")
    return {"status": response.status if response else None, "width": width, "wide": wide}


ROLES = ["public", *SIGNED_IN_ROLES]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360", "1440"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_without_sideways_scroll(browser, live_server, demo_store, accounts_ready, role, size):
    from web import create_app

    app = create_app({"TESTING": True})
    context = browser.new_context(viewport=size, is_mobile=size["width"] < 500, has_touch=size["width"] < 500)
    page = context.new_page()
    if role != "public":
        email, password = accounts_ready[role]
        browser_sign_in(page, live_server, email, password)
    OUT.mkdir(parents=True, exist_ok=True)
    widths, too_wide = {}, {}
    for path in pages_for(app, role):
        found = measure(page, live_server + path)
        widths[path] = found["width"]
        if found["status"] and found["status"] < 400 and found["width"] > size["width"]:
            too_wide[path] = found
        name = f"{size['width']}-{role}-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home")
        page.screenshot(path=str(OUT / f"{name[:120]}.png"), full_page=size["width"] < 500)
    record = OUT / "widths.json"
    kept = json.loads(record.read_text()) if record.exists() else {}
    kept[f"{role}@{size['width']}"] = widths
    record.write_text(json.dumps(kept, indent=1, sort_keys=True))
    context.close()
    assert len(widths) >= 3
    assert not too_wide, too_wide


def test_the_phone_header_is_compact_with_a_menu(browser, live_server, demo_store, accounts_ready):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    email, password = accounts_ready["organiser"]
    browser_sign_in(page, live_server, email, password)
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 70, header
    assert not page.is_visible("header.top nav")
    page.click("#menu-toggle")
    assert page.is_visible("header.top nav a:has-text('Organisers')") and page.is_visible("#sign-out")
    # Results before the full filter set: the search's first result is on the first screen.
    page.goto(f"{live_server}/prescribers/?where=SE6+4JU&radius=2")
    first = page.locator("ol.results li").first.bounding_box()
    assert first["y"] < PHONE["height"], first
    assert not page.is_visible("#language")  # folded away
    context.close()
