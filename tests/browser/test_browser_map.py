"""The live map in Chromium, without tiles (the default): only the boroughs the network serves are
shaded, in cividis classes that the legend explains in words; borough names are drawn, and place
names once zoomed in. The places are clustered by supercluster for the view alone: a cluster is a
button that zooms in (by click or by keyboard), places at one point are listed, and the layer
control's "Support" shows and hides them all."""
from __future__ import annotations

import pytest

from mapper import geo

from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

CIVIDIS = {"#ead156", "#ada476", "#7f7c75", "#4d566d", "#0a326a"}


def _watch(page) -> list:
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    return errors


def _ready(browser, url: str, width: int):
    """The map at ``url`` in a fresh browser context ``width`` pixels wide, once it says it is ready;
    and the errors it meets (``_watch``)."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    errors = _watch(page)
    page.goto(url)
    page.wait_for_selector("#map[data-ready=true]", timeout=30000)
    return page, errors


@pytest.mark.parametrize("width", [360, 1440])
def test_only_the_area_served_is_shaded_and_named_without_tiles(browser, live_server, demo_store, width):
    page, errors = _ready(browser, f"{live_server}/map?gap=2", width)
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
    page.context.close()


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


DRAWN = """() => Array.from(document.querySelectorAll('.marker-cluster'))
    .reduce((n, c) => n + Number(c.textContent), 0) + document.querySelectorAll('path.asset-marker').length"""


@pytest.mark.parametrize("width", [360, 1440])
def test_a_cluster_is_a_button_that_zooms_in_and_support_can_be_hidden(browser, live_server, demo_store, width):
    page, errors = _ready(browser, f"{live_server}/map", width)
    zoom = int(page.get_attribute("#map", "data-zoom"))
    biggest = page.evaluate("""() => Array.from(document.querySelectorAll('.marker-cluster'))
        .sort((a, b) => Number(b.textContent) - Number(a.textContent))[0].getAttribute('aria-label')""")
    count = int(biggest.split(" ")[0])
    assert count > 1 and biggest == f"{count} places here: select to see them"
    cluster = page.locator(f".marker-cluster[aria-label='{biggest}']").first
    assert cluster.get_attribute("role") == "button" and cluster.get_attribute("tabindex") == "0"
    cluster.focus()
    page.keyboard.press("Enter")  # the keyboard's way; a click does the same
    page.wait_for_function("(z) => Number(document.getElementById('map').dataset.zoom) > z", arg=zoom)
    page.wait_for_timeout(400)  # the zoom's animation, then the view's clusters drawn afresh
    assert page.locator(".marker-cluster, path.asset-marker").count() > 0
    # "Support" in the layer control hides every place and shows them again
    if width < 600:
        page.hover(".leaflet-control-layers")  # folded on a phone: opens on a touch or a pointer
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Support").locator("input")
    toggle.uncheck()
    assert page.locator(".marker-cluster, path.asset-marker").count() == 0
    toggle.check()
    assert page.locator(".marker-cluster, path.asset-marker").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") == width
    assert not errors, errors
    page.context.close()


def test_places_at_one_point_are_listed_and_each_opens_its_popup(browser, live_server, changed_demo):
    here = geo.resolve("SE15 5DQ")
    changed_demo.write("upsert_assets", rows=[
        {"id": f"a-one-point-{i}", "kind": "PeerSupportGroup", "lat": here.lat, "lon": here.lon,
         "props": {"name": f"Same door {i}", "postcode": "SE15 5DQ", "languages": ["Esperanto"]}} for i in range(3)])
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{live_server}/map?language=Esperanto")  # these three alone
    page.wait_for_selector("#map[data-ready=true]", timeout=30000)
    assert page.evaluate(DRAWN) == 3 and "3 places shown" in page.inner_text("#map-status")
    page.locator(".marker-cluster").click()  # no zoom parts them: a list instead
    page.wait_for_selector(".places-here")
    assert page.locator(".places-here li button").all_inner_texts() == ["Same door 0", "Same door 1", "Same door 2"]
    page.locator(".places-here button", has_text="Same door 1").click()
    page.wait_for_selector(".leaflet-popup-content:has-text('Last verified')")
    assert "Same door 1" in page.inner_text(".leaflet-popup-content")
    page.screenshot(path=str(SCREENSHOTS / "map-one-point-360.png"))
    assert not errors, errors
    page.context.close()
