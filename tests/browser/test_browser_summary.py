"""The Collaborative's one-page summary and trend charts in a real browser: the charts draw (Chart.js,
served locally, under the content security policy) with no console errors, the summary prints to
one A4 page, and at 360 px nothing scrolls sideways."""
from __future__ import annotations

import re

import pytest

from tests.conftest import SCREENSHOTS, browser_sign_in

pytestmark = pytest.mark.browser


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed); "/Type /Pages" is not one."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def signed_in(browser, live_server, accounts_ready, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = watch_console(page)
    email, password = accounts_ready["collaborative"]
    browser_sign_in(page, live_server, email, password)
    return context, page, errors


def test_summary_prints_on_one_a4_page_with_charts(browser, demo_store, live_server, accounts_ready):
    context, page, errors = signed_in(browser, live_server, accounts_ready, 1280)
    try:
        page.goto(live_server + "/collaborative/summary", timeout=180_000)
        page.wait_for_selector("html[data-charts='4']", timeout=60_000)
        assert page.locator(".summary-page canvas[data-chart]").count() == 4
        # every chart has its figures in a table too (for keyboard and screen-reader users)
        assert page.locator(".summary-page details.chart-table table").count() == 4
        rows = page.locator(".summary-page details.chart-table").first.locator("tbody tr").count()
        assert rows > 12
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "collaborative-summary.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1
        assert errors == []
    finally:
        context.close()


def test_report_charts_draw_with_axes_and_no_errors(browser, demo_store, live_server, accounts_ready):
    context, page, errors = signed_in(browser, live_server, accounts_ready, 1280)
    try:
        page.goto(live_server + "/collaborative/", timeout=180_000)
        page.wait_for_selector("html[data-charts='4']", timeout=60_000)
        # Chart.js drew each chart across its whole card (its canvas as wide as the box it was given)
        widths = page.eval_on_selector_all(
            "#trend .chart-canvas", "boxes => boxes.map(b => [b.clientWidth, b.querySelector('canvas').clientWidth])")
        assert widths and all(abs(box - canvas) <= 1 for box, canvas in widths)
        drawn = page.eval_on_selector_all("#trend canvas", "cs => cs.map(c => Chart.getChart(c).scales.y.ticks.length)")
        assert all(n >= 2 for n in drawn)  # a value axis with labelled values
        titles = page.eval_on_selector_all("#trend canvas", "cs => cs.map(c => Chart.getChart(c).options.scales.x.title.text)")
        assert set(titles) == {"Month"}
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/collaborative/", "/collaborative/summary"])
def test_nothing_scrolls_sideways_at_360px(browser, demo_store, live_server, accounts_ready, path):
    context, page, errors = signed_in(browser, live_server, accounts_ready, 360)
    try:
        page.goto(live_server + path, timeout=180_000)
        page.wait_for_selector("html[data-charts='4']", timeout=60_000)
        assert page.evaluate("document.documentElement.scrollWidth") == 360
        name = "collaborative-360.png" if path.endswith("/") else "collaborative-summary-360.png"
        page.screenshot(path=str(SCREENSHOTS / name))
        assert errors == []
    finally:
        context.close()
