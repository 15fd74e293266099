"""The organisers' pages in a real browser (headless Chromium): the 1:1 form on a phone and a
desktop, its errors, the import, and the network picture. Screenshots go to var/screenshots."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import SCREENSHOTS, browser_sign_in
from tests.integration.test_people_data import LEWISHAM, counts, load_small

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


@pytest.fixture()
def organiser_page(browser, live_server, small, accounts_ready, request):
    size = getattr(request, "param", None) or {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, is_mobile=size["width"] < 500, has_touch=size["width"] < 500)
    page = context.new_page()
    errors = []
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url
            and r.status != 422 else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    email, password = accounts_ready["organiser"]
    browser_sign_in(page, live_server, email, password)
    page.errors = errors
    yield page
    context.close()


def pick(page, side: str, typed: str, choose: str):
    page.fill(f"#{side}_name", "")
    page.type(f"#{side}_name", typed, delay=20)
    page.wait_for_selector(f"#{side}_list button:has-text('{choose}')")
    page.click(f"#{side}_list button:has-text('{choose}')")


@pytest.mark.parametrize("organiser_page, label", [(PHONE, "phone"), (None, "desktop")],
                         indirect=["organiser_page"])
def test_record_a_one_to_one_with_a_new_person(organiser_page, live_server, small, label):
    page = organiser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server}/organisers/one-to-ones/new")
    pick(page, "a", "ami", "Amina Yusuf")
    assert page.input_value("#a_id") == "p-001"
    page.type("#b_name", "Precious Mensah", delay=10)
    page.wait_for_selector("#b_list button:has-text('as a new person')")
    page.click("#b_list button:has-text('as a new person')")
    assert page.is_visible("#b_area")
    page.select_option("#b_area", LEWISHAM)
    page.fill("#b_email", "precious@example.org")
    page.fill("#place", "Catford library")
    page.check("input[value=theme-housing]")
    page.fill("#notes", "Wants a tenants' group")
    page.fill("#follow_up", "Send the dates")
    page.fill("#follow_up_due", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.check("input[name=consent_named]")
    page.screenshot(path=str(SCREENSHOTS / f"organisers-one-to-one-form-{label}.png"), full_page=True)
    page.click("#save")
    page.wait_for_selector("#person-name")
    assert page.inner_text("#person-name") == "Precious Mensah"
    assert "1:1 saved, with 1 new person" in page.inner_text("main")
    page.wait_for_selector("#neighbourhood[data-ready='1']", timeout=15000)
    page.screenshot(path=str(SCREENSHOTS / f"organisers-person-{label}.png"), full_page=True)
    assert counts(small) == (5, 3)
    assert page.errors == [], page.errors


@pytest.mark.parametrize("organiser_page", [PHONE], indirect=True)
def test_form_errors_show_beside_fields_and_keep_what_was_typed(organiser_page, live_server, small):
    page = organiser_page
    page.goto(f"{live_server}/organisers/one-to-ones/new")
    pick(page, "a", "amina", "Amina Yusuf")
    pick(page, "b", "amina", "Amina Yusuf")
    page.fill("#date", (dt.date.today() + dt.timedelta(days=3)).isoformat())
    page.fill("#notes", "<script>alert(1)</script>")
    page.click("#save")
    page.wait_for_selector("#form-problems")
    assert "future" in page.inner_text("#date-error")
    assert "themselves" in page.inner_text("#b_name-error")
    assert page.input_value("#notes") == "<script>alert(1)</script>"
    page.screenshot(path=str(SCREENSHOTS / "organisers-one-to-one-errors-phone.png"), full_page=True)
    assert counts(small) == (4, 2)


def test_import_reports_bad_rows_then_imports_the_fixed_file(organiser_page, live_server, small, tmp_path):
    from mapper.organising import csv_import as imp

    page = organiser_page
    template = imp.template()
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    bad_rows = [f"{future},,Amina Yusuf,,,Lewisham,,Bola Ade,,,Lewisham,,Housing,,,,yes,no,no",
                "2025-03-15,,Amina Yusuf,,,Lewisham,,Chidi Obi,,,Lewisham,,Astrology,,,,yes,no,no",
                '2025-03-16,,Amina Yusuf,,,Lewisham,,Dee Evans,,,Lewisham,,Housing,"=HYPERLINK(""http://x"")",,,yes,no,no']
    bad = tmp_path / "campaign.csv"
    bad.write_text(template + "\r\n".join(bad_rows) + "\r\n", encoding="utf-8")
    page.goto(f"{live_server}/organisers/import")
    page.set_input_files("#file", str(bad))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#import-problems")
    cells = page.locator("#import-errors tbody tr").all_inner_texts()
    assert [c.split("\t")[:2] for c in cells] == [["4", "date"], ["5", "themes"], ["6", "notes"]], cells
    page.screenshot(path=str(SCREENSHOTS / "organisers-import-errors.png"), full_page=True)
    assert counts(small) == (4, 2)

    fixed = tmp_path / "campaign-fixed.csv"
    fixed.write_text(template + "\r\n".join([bad_rows[0].replace(future, "2025-03-14"),
                                             bad_rows[1].replace("Astrology", "Work and wages"),
                                             bad_rows[2].replace('"=HYPERLINK(""http://x"")"', "Met at the market")])
                     + "\r\n", encoding="utf-8")
    page.set_input_files("#file", str(fixed))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#confirm-import")
    assert "4 people to be created" in page.inner_text("#preview-counts")
    page.screenshot(path=str(SCREENSHOTS / "organisers-import-preview.png"), full_page=True)
    page.click("#confirm-import")
    page.wait_for_selector("#import-job[data-state=done]", timeout=20000)
    assert "Imported 5 1:1s; created 4 people." in page.inner_text("#import-message")
    assert counts(small) == (8, 7)

    page.goto(f"{live_server}/organisers/me")
    page.select_option("#me", "p-001")
    page.click("#who-form button[type=submit]")
    page.wait_for_selector("#follow-ups")
    assert "Send the carers' group times" in page.inner_text("#follow-ups")
    assert "Bola Ade" in page.inner_text("#my-people") and "Housing" in page.inner_text("#my-themes")
    page.wait_for_selector("#neighbourhood[data-ready='1']", timeout=15000)
    assert page.inner_text("#neighbourhood-status").startswith("6 people, 2 organisations")
    page.screenshot(path=str(SCREENSHOTS / "organisers-my-network.png"), full_page=True)
    assert page.errors == [], page.errors
