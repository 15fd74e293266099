"""The network picture (sigma.js over graphology, positions from the server) in a real browser:
it draws the demo, finds people only by the name the viewer may see, shows a node's findings on a
click or a tap, filters, exports a PNG and the stand-alone HTML file, with no console error (the
content security policy forbids inline scripts and styles) and no sideways scroll at 360 px."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import SCREENSHOTS, browser_sign_in

pytestmark = pytest.mark.browser

PAGE = "/collaborative/network"


def unnamed_people(store) -> list[str]:
    """Names of demo people who have not consented to be named to the Collaborative."""
    return [p["name"] for p in store.read("list_people", skip=0, limit=1000)
            if not store.read_one("person_by_id", id=p["id"])["consent_named"]]


def open_picture(browser, live_server, accounts_ready, width=1280, touch=False):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=touch, has_touch=touch,
                                  accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400
            and "favicon" not in r.url else None)
    email, password = accounts_ready["collaborative"]
    browser_sign_in(page, live_server, email, password)
    page.goto(live_server + PAGE)
    page.wait_for_selector("#network[data-ready='1']", timeout=120_000)
    page.errors = errors
    page.base = live_server
    return context, page


def node_on_screen(page, node_id: int) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates (from the renderer the picture keeps on its element)."""
    return tuple(page.evaluate("""(id) => {
        const box = document.getElementById('network'), r = box.picture.renderer;
        const at = r.graphToViewport(r.getGraph().getNodeAttributes(String(id)));
        const rect = box.getBoundingClientRect();
        return [rect.left + at.x, rect.top + at.y];
    }""", node_id))


def biggest_single_point(page) -> int:
    """The id of the node whose departure cuts most people off."""
    return page.evaluate("""() => {
        const g = document.getElementById('network').picture.graph;
        let best = null, most = 0;
        g.forEachNode((n, a) => { if (a.cut > most) { most = a.cut; best = Number(n); } });
        return best;
    }""")


@pytest.fixture()
def desktop(browser, live_server, demo_store, accounts_ready):
    context, page = open_picture(browser, live_server, accounts_ready)
    yield page
    context.close()


def test_the_demo_picture_draws_with_no_console_error(desktop, demo_store):
    page = desktop
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "collaborative-network-picture.png"))
    drawn = int(page.get_attribute("#network", "data-nodes"))
    payload = page.request.get(page.base + page.get_attribute("#network", "data-src")).json()
    assert drawn == len(payload["nodes"]["k"]) > 200
    assert page.locator("#network canvas").count() >= 2  # sigma's WebGL layers
    assert "drawn" in page.inner_text("#network-status")
    assert page.errors == [], page.errors


def test_search_finds_people_only_by_the_name_the_viewer_may_see(desktop, demo_store):
    page = desktop
    page.fill("#picture-search", "Amina Yusuf")  # named with consent
    page.wait_for_selector("#picture-found button:has-text('Amina Yusuf')")
    hidden = unnamed_people(demo_store)
    assert hidden, "the demo has people who have not consented to be named"
    for name in hidden[:8]:
        page.fill("#picture-search", name)
        page.wait_for_selector("#picture-found li")
        found = page.locator("#picture-found button").all_inner_texts()
        assert not [f for f in found if f.startswith(name + " (")], name  # (a longer name may hold it)
    # ... and their names are nowhere in what the page was sent
    sent = page.request.get(page.base + page.get_attribute("#network", "data-src")).text()
    assert [n for n in hidden if re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", sent)] == []
    # they are found as their role and area instead
    page.fill("#picture-search", "a resident in")
    page.wait_for_selector("#picture-found button")
    assert page.errors == [], page.errors


def test_a_click_shows_the_findings_and_highlights_who_would_be_cut_off(desktop):
    page = desktop
    node = biggest_single_point(page)
    page.evaluate("(id) => document.getElementById('network').picture.select(id)", node)  # centre it
    page.wait_for_timeout(600)
    page.mouse.click(0, 0)  # away from the picture
    x, y = node_on_screen(page, node)
    page.mouse.click(x, y)
    page.wait_for_selector("#picture-details:not([hidden])")
    assert "lose every link" in page.inner_text("#picture-cut")
    page.wait_for_selector("#network[data-marked]")
    cut = page.evaluate("(id) => document.getElementById('network').picture.graph.getNodeAttribute(String(id), 'cut')",
                        node)
    assert int(page.get_attribute("#network", "data-marked")) == cut > 0
    # the endpoint answers ids only, for a node of the picture; nonsense is a clear 422
    src = page.base + page.get_attribute("#network", "data-cut-off-src")
    body = page.request.get(f"{src}&node={node}").json()
    assert set(body) == {"node", "cut_off", "computed_at"} and all(isinstance(i, int) for i in body["cut_off"])
    for bad in ("99999999", "-1", "x"):
        response = page.request.get(f"{src}&node={bad}")
        assert response.status in (400, 422) and "problem+json" in response.headers["content-type"]
    page.errors.clear()


def test_filters_by_area_and_kind(desktop):
    page = desktop
    total = int(page.get_attribute("#network", "data-nodes"))
    page.select_option("#picture-kind", "asset")
    assets = int(page.get_attribute("#network", "data-visible"))
    assert 0 < assets < total
    page.select_option("#picture-kind", "")
    area = page.locator("#picture-area option").nth(1).get_attribute("value")
    page.select_option("#picture-area", area)
    in_area = int(page.get_attribute("#network", "data-visible"))
    assert 0 < in_area < total
    areas = page.evaluate("""(area) => { const out = new Set();
        document.getElementById('network').picture.graph.forEachNode((n, a) => { if (a.area === area) out.add(n); });
        return out.size; }""", area)
    assert in_area == areas
    page.select_option("#picture-colour", "k")  # colour by kind: still drawn, no error
    assert page.errors == [], page.errors


def test_exports_a_png_and_the_stand_alone_file(desktop, demo_store):
    page = desktop
    with page.expect_download() as download:
        page.click("#picture-png")
    data = open(download.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    assert download.value.suggested_filename.endswith(".png")
    response = page.request.get(page.base + page.get_attribute("#picture-html", "href"))
    assert response.status == 200 and "attachment" in response.headers["content-disposition"]
    text = response.text()
    assert "Amina Yusuf" in text
    assert [n for n in unnamed_people(demo_store) if re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text)] == []
    assert page.errors == [], page.errors


def test_on_a_phone_a_tap_shows_a_node_and_nothing_scrolls_sideways(browser, live_server, demo_store,
                                                                    accounts_ready):
    context, page = open_picture(browser, live_server, accounts_ready, width=360, touch=True)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") == 360
        page.evaluate("document.getElementById('network').scrollIntoView()")
        node = biggest_single_point(page)
        x, y = node_on_screen(page, node)
        assert 0 < x < 360 and 0 < y < 900, (x, y)
        page.touchscreen.tap(x, y)
        page.wait_for_selector("#picture-details:not([hidden])")
        assert page.inner_text("#picture-name")
        page.screenshot(path=str(SCREENSHOTS / "collaborative-network-picture-phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") == 360
        assert page.errors == [], page.errors
    finally:
        context.close()


def test_a_big_network_opens_on_its_communities(browser, live_server, demo_store, accounts_ready, monkeypatch):
    """Above the limit the picture sends the communities alone, then one community's nodes."""
    from mapper.network import picture

    monkeypatch.setattr(picture, "MOST_DRAWN", 50)
    context, page = open_picture(browser, live_server, accounts_ready)
    try:
        src = page.base + page.get_attribute("#network", "data-src")
        whole = page.request.get(src).json()
        assert whole["aggregated"] and whole["nodes"]["k"] == [] and whole["edges"] == []
        assert int(page.get_attribute("#network", "data-nodes")) == len(whole["clusters"]["size"])
        x, y = node_on_screen(page, 0)  # the biggest community
        page.mouse.click(x, y)
        page.wait_for_selector("#picture-back:not([hidden])")
        page.wait_for_function("document.getElementById('network').dataset.nodes == %d"
                               % whole["clusters"]["size"][0])
        one = page.request.get(src + "&cluster=0").json()
        assert len(one["nodes"]["id"]) == whole["clusters"]["size"][0]
        assert json.dumps(one).count('"l"') == 1
        assert page.request.get(src + "&cluster=100000").status == 422
        assert page.errors == [], page.errors
    finally:
        context.close()
