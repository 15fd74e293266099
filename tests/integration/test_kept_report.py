"""The Collaborative's report is computed once per write generation, in the background, and served
from there: after a write the page answers at once with the previous report marked as being
updated, then with the new one; after a change that may alter how someone is named, no earlier
report is shown at all."""
from __future__ import annotations

import re

import pytest

from mapper.network import report as health
from tests.conftest import csrf_token_from


@pytest.fixture()
def collaborative(neo4j_target, demo_store, accounts_ready):
    """A Collaborative member on an app that never waits for a report (so each state is seen)."""
    from web import create_app

    client = create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target, "REPORT_WAIT_SECONDS": 0}).test_client()
    email, password = accounts_ready["collaborative"]
    page = client.get("/login").get_data(as_text=True)
    assert client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token_from(page)}).status_code == 302
    return client


def live_links(html: str) -> int:
    return int(re.search(r"<strong>(\d+)</strong> live links", html).group(1))


def settle(store):
    """Until the report of the current generation is kept. It goes before the background recomputes
    of what other tests asked for, but may wait for the one under way in the analyses' process."""
    view, _ = health.parse_view({})
    served = health.reports.settle(store, (view, False), timeout=90)
    assert served.fresh, served.updating


def test_a_write_then_the_page_answers_at_once_with_the_previous_report_then_the_new_one(collaborative, demo_store):
    settle(demo_store)
    first = collaborative.get("/collaborative/")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "Computed at" in html and "Being updated" not in html
    before = live_links(html)
    person = demo_store.read("list_people", skip=0, limit=1)[0]["id"]
    place = next(a["id"] for a in demo_store.read("list_assets", kind=None, theme=None) if a["id"])
    demo_store.write("link_person_to_place", person=person, place=place, type="ATTENDS", since=None, role=None)

    stale = collaborative.get("/collaborative/")
    assert stale.status_code == 200
    html = stale.get_data(as_text=True)
    assert "Being updated after recent changes" in html
    assert live_links(html) == before  # the previous report, served at once

    settle(demo_store)
    fresh = collaborative.get("/collaborative/").get_data(as_text=True)
    assert "Being updated" not in fresh
    assert live_links(fresh) == before + 1
    demo_store.write("unlink_person_from_place", person=person, place=place, type="ATTENDS")


def test_after_a_change_of_consent_no_earlier_report_is_shown(collaborative, demo_store, accounts_ready):
    from mapper.privacy import consent

    settle(demo_store)
    html = collaborative.get("/collaborative/").get_data(as_text=True)
    named = [p for p in demo_store.read("list_people", skip=0, limit=1000) if p["name"] in html]
    assert named, "the demo names some people to the Collaborative"
    who = named[0]
    consent.change(demo_store, who["id"], "named", False, None, accounts_ready["organiser"][0], "web")
    try:
        waiting = collaborative.get("/collaborative/")
        if waiting.status_code == 202:  # the new report is not ready: progress, and no names at all
            body = waiting.get_data(as_text=True)
            assert "being computed" in body and who["name"] not in body
        else:  # it was ready in time: the new one
            assert who["name"] not in waiting.get_data(as_text=True)
        settle(demo_store)
        assert who["name"] not in collaborative.get("/collaborative/").get_data(as_text=True)
    finally:
        consent.change(demo_store, who["id"], "named", True, None, accounts_ready["organiser"][0], "web")
