"""Script and HTML typed into every text field are shown as text, never run, in a real browser."""
from __future__ import annotations

import pytest

from seeds.south_london import load as demo

from tests.conftest import browser_sign_in

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x id=pwned onerror="document.title=\'pwned\'"><b>bold</b>'


def hostile(label: str) -> str:
    return f"{label} {PAYLOAD}"


@pytest.fixture()
def hostile_network(empty_store):
    network = {
        "areas": [{"id": "area-E09000028", "name": "Southwark", "code": "E09000028"}],
        "themes": [{"id": "theme-housing", "name": "Housing"}],
        "people": [
            {"id": "p-h1", "name": hostile("Organiser"), "roles": ["Organiser"], "area": "area-E09000028",
             "email": "h1@example.org", "phone": "07700 900001",
             "consent": {"recorded": True, "named": True, "contact": True, "date": "2024-01-01"}},
            {"id": "p-h2", "name": hostile("Resident"), "roles": [], "area": "area-E09000028",
             "email": None, "phone": None,
             "consent": {"recorded": True, "named": True, "contact": False, "date": "2024-01-01"}},
        ],
        "organisations": [{"id": "org-h", "name": hostile("Organisation"), "kind": "community",
                           "area": "area-E09000028"}],
        "assets": [{"id": "asset-h", "kind": "PeerSupportGroup", "name": hostile("Group"),
                    "description": hostile("Description"), "address": hostile("Address"), "postcode": "SE15 5DQ",
                    "lat": 51.4713, "lon": -0.0696, "area": "area-E09000028", "themes": ["theme-housing"],
                    "languages": [hostile("Language")], "accessibility": [hostile("Access")], "cost": "free",
                    "opening": ["Sat 10:00-12:00"], "contact": hostile("Contact"), "last_checked": "2026-09-01",
                    "hide_address": False}],
        "relationships": [
            {"type": "ONE_TO_ONE", "source": "p-h1", "target": "p-h2",
             "props": {"date": "2026-10-01", "by": "p-h1", "themes": ["theme-housing"], "notes": hostile("Notes"),
                       "follow_up": hostile("Follow-up"), "follow_up_due": "2026-12-01", "place": hostile("Place")}},
            {"type": "MEMBER_OF", "source": "p-h1", "target": "org-h", "props": {"role": hostile("Role")}},
            {"type": "RUNS", "source": "p-h1", "target": "asset-h", "props": {}},
        ],
    }
    demo.load(empty_store, network, say=lambda _msg: None)
    return empty_store


PAGES = ["/organisers/", "/organisers/people/p-h1", "/organisers/people/p-h2", "/collaborative/",
         "/collaborative/what-if?remove=p-h1", "/assets?where=SE15+5DQ&radius=3", "/prescribers/?where=SE15+5DQ"]


def test_every_text_field_is_shown_as_text(hostile_network, page, live_server, accounts_ready):
    email, password = accounts_ready["admin"]
    browser_sign_in(page, live_server, email, password)
    for path in PAGES:
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        assert "/login" not in page.url, path
        assert page.locator("#pwned").count() == 0, path
        assert page.locator("main b").filter(has_text="bold").count() == 0, path
        assert page.title() != "pwned", path
    page.goto(live_server + "/organisers/people/p-h1")
    text = page.inner_text("main")
    assert "Organiser <img src=x" in text and "<b>bold</b>" in text
    page.goto(live_server + "/organisers/people/p-h2")
    assert "Notes <img src=x" in page.inner_text("main")
    page.goto(live_server + "/assets?where=SE15+5DQ&radius=3")
    assert "Group <img src=x" in page.inner_text("main")
