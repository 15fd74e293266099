"""The live map in Chromium, without tiles (the default): only the boroughs the network serves are
shaded, in cividis classes that the legend explains in words; borough names are drawn, and place
names once zoomed in."""
from __future__ import annotations

import pytest

from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

CIVIDIS = {"#ead156", "#ada476", "#7f7c75", "#4d566d", "#0a326a"}


def _watch(page) -> list:
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    return errors


@pytest.mark.parametrize("width", [360, 1440])
def test_only_the_area_served_is_shaded_and_named_without_tiles(browser, live_server, demo_store, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{live_server}/map?gap=2")
    page.wait_for_selector("#map[data-ready=true]", timeout=30000)
    served = set(page.evaluate("""() => fetch('/map/gaps.json?gap=2').then(r => r.json()).then(b => b.served)"""))
    assert len(served) == 12 and "E09000007" not in served  # Camden is not served by the demo
    assert page.locator(".leaflet-tile").count() == 0
    drawn = page.evaluate("""() => Array.from(document.querySelectorAll('path.gap-area')).map(p => ({
        code: Array.from(p.classList).find(c => c.startsWith('area-')).slice(5), fill: p.getAttribute('fill')}))""")
    assert {d["code"] for d in drawn} == served and len(drawn) == len(served)
    assert {d["fill"] for d in drawn} <= CIVIDIS
    # Borough names are on the map without tiles: the served ones in view, the others outlined only.
    visible = page.evaluate("""() => Array.from(document.querySelectorAll('.borough-label'))
        .filter(e => e.offsetParent !== null).map(e => e.textContent)""")
    assert {"Lewisham", "Southwark", "Croydon"} <= set(visible)
    assert page.locator(".borough-label.unserved", has_text="Camden").count() == 1
    legend = page.inner_text("#gap-legend")
    assert "share of the area more than 2 km from a listening hub or peer-support group" in legend
    assert "not served by this network" in legend
    assert page.evaluate("document.documentElement.scrollWidth") == width
    page.locator("#map").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"map-served-{width}.png"))
    assert not errors, errors
    context.close()


def test_place_names_show_when_zoomed_in(page, live_server, demo_store):
    errors = _watch(page)
    page.goto(f"{live_server}/map?gap=2")
    page.wait_for_selector("#map[data-ready=true]", timeout=30000)
    shown = """() => Array.from(document.querySelectorAll('.place-label'))
        .filter(e => e.offsetParent !== null).map(e => e.textContent)"""
    assert page.evaluate(shown) == []  # too many to read when zoomed out
    for _ in range(2):
        page.click(".leaflet-control-zoom-in")
        page.wait_for_timeout(400)
    names = page.evaluate(shown)
    assert {"Catford", "Peckham"} <= set(names), names
    assert not errors, errors
