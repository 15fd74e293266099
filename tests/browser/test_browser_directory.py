"""In a real headless Chromium: search with filters, the printable shortlist, a postcode typo,
and the live map with its markers and coverage-gap layer. Screenshots go to var/screenshots."""
from __future__ import annotations

import pytest

from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def _shot(page, name: str, full: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full)


def test_search_with_filters_then_print_the_shortlist(page, live_server, demo_store):
    errors = []
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    page.goto(f"{live_server}/assets")
    page.fill("#where", "se15 5dq")
    page.fill("#radius", "3")
    page.select_option("#kind", "PeerSupportGroup")
    page.select_option("#day", "Saturday")
    page.check("#cost")
    page.click("#search-button")
    page.wait_for_load_state("networkidle")
    assert "nearest first" in page.inner_text("#summary")
    names = page.locator("ol.results h2").all_inner_texts()
    assert names[0] == "Peckham Saturday Peer Support Circle"
    distances = [float(t.split(" km")[0]) for t in page.locator("ol.results .distance").all_inner_texts()]
    assert distances == sorted(distances)
    _shot(page, "search-results.png")
    assert page.is_disabled("#make-shortlist")
    page.locator("ol.results input[type=checkbox]").first.check()
    assert page.inner_text("#make-shortlist") == "Print or share the 1 ticked"
    page.click("#make-shortlist")
    page.wait_for_load_state("networkidle")
    assert "/assets/shortlist?id=asset-peckham-saturday-circle" in page.url
    assert page.locator("ol.shortlist h2").first.inner_text().startswith("Peckham Saturday Peer Support Circle")
    assert "where=" not in page.input_value("#share-link")
    _shot(page, "shortlist.png")
    page.emulate_media(media="print")
    assert not page.is_visible("header.top") and not page.is_visible("#print-button")
    assert page.is_visible("ol.shortlist")
    _shot(page, "shortlist-print.png")
    page.pdf(path=str(SCREENSHOTS / "shortlist.pdf"))
    assert not errors, errors


def test_a_postcode_typo_is_explained_and_a_suggestion_offered(page, live_server, demo_store):
    page.goto(f"{live_server}/assets")
    page.fill("#where", "SE15 SDQ")
    page.fill("#radius", "-3")
    page.click("#search-button")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#where") == "SE15 SDQ" and page.input_value("#radius") == "-3"
    assert "SE15 SDQ" in page.inner_text("#where-error")
    assert "more than 0" in page.inner_text("#radius-error")
    _shot(page, "search-typo.png", full=False)
    page.click("a.suggestion")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#where") == "SE15 5DQ"
    assert "more than 0" in page.inner_text("#radius-error")  # the radius is still to fix
    page.fill("#radius", "1")
    page.click("#search-button")
    page.wait_for_load_state("networkidle")
    assert "within 1 km of SE15 5DQ" in page.inner_text("#summary")


def test_no_results_offers_a_wider_search(page, live_server, demo_store):
    page.goto(f"{live_server}/assets?where=DA8+3DH&radius=0.3&language=Makaton&kind=ListeningHub")
    assert "Nothing within" in page.inner_text("#summary")
    page.click("#wider")
    page.wait_for_load_state("networkidle")
    assert "radius=5" in page.url


def test_the_live_map_shows_markers_boroughs_and_coverage_gaps(page, live_server, demo_store):
    errors = []
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server}/map?gap=2")
    page.wait_for_selector("#map[data-ready=true]", timeout=20000)
    page.wait_for_timeout(500)
    assert page.locator(".leaflet-interactive").count() > 40  # boroughs and markers (and clusters)
    assert page.locator("path.asset-marker, .marker-cluster").count() > 0
    assert "places shown" in page.inner_text("#map-status")
    assert "Ordnance" in page.inner_text(".leaflet-control-attribution") or \
        "OS data" in page.inner_text(".leaflet-control-attribution")
    shaded = page.evaluate("""() => Array.from(document.querySelectorAll('path.leaflet-interactive'))
        .map(p => parseFloat(p.getAttribute('fill-opacity') || '0')).filter(x => x > 0.3).length""")
    assert shaded > 0  # some boroughs have homes far from any hub or group
    _shot(page, "map.png", full=False)
    page.locator("path.asset-marker").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content:has-text('Last verified')")
    assert "Last verified" in page.inner_text(".leaflet-popup-content")
    page.wait_for_timeout(400)  # the popup fades in
    _shot(page, "map-popup.png", full=False)
    assert not errors, errors


def test_map_filters_are_shared_with_search(page, live_server, demo_store):
    page.goto(f"{live_server}/map?language=Somali&kind=ListeningHub")
    page.wait_for_selector("#map[data-ready=true]", timeout=20000)
    status = page.inner_text("#map-status")
    count = int(status.split(" places")[0])
    want = [a for a in demo_store.read("search_all", ids=None, kind="ListeningHub", theme=None, language="somali",
                                       access=None, free=None)]
    assert count == len(want) > 0
