"""Consent per person and scope, dated, recorded and withdrawn on their page and through the API,
and honoured at once by the Collaborative's pages, API and CSV exports; against the real Neo4j."""
from __future__ import annotations

import datetime as dt

import pytest

from mapper.privacy import consent
from mapper.network import report as network_health

from tests import conftest
from tests.conftest import csrf_token_from
from tests.integration.test_people_data import load_small


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


@pytest.fixture()
def dirty_demo(demo_store):
    """The demo, changed by the test: the next test that wants it loads it afresh."""
    yield demo_store
    conftest._state["demo"] = False


def collaborative_texts(client) -> str:
    texts = [client.get(p).get_data(as_text=True) for p in ("/collaborative/", "/api/network/findings",
                                                            "/api/network/graph", "/collaborative/what-if")]
    texts += [client.get(f"/collaborative/export/{t}.csv").get_data(as_text=True) for t in network_health.TABLES]
    return "\n".join(texts)


def test_withdrawing_named_shows_them_by_role_and_area_at_once(dirty_demo, sign_in):
    store = dirty_demo
    amina = store.read_one("person_by_id", id="p-001")
    assert amina["consent_named"] and "Organiser" in amina["roles"]
    client = sign_in("collaborative")
    assert amina["name"] in collaborative_texts(client)  # named with consent; the projection is now cached
    assert client.post("/organisers/people/p-001/consent", data={}).status_code in (400, 403)

    organiser = sign_in("organiser")
    page = organiser.get("/organisers/people/p-001").get_data(as_text=True)
    response = organiser.post("/organisers/people/p-001/consent", data={
        "csrf_token": csrf_token_from(page), "scope": "named", "action": "withdraw", "date": "2025-06-02"})
    assert response.status_code == 302, response.get_data(as_text=True)
    shown = organiser.get("/organisers/people/p-001").get_data(as_text=True)
    assert "withdrawn 2025-06-02" in shown

    client = sign_in("collaborative")
    text = collaborative_texts(client)  # no cache clearing here: the change itself cleared it
    assert amina["name"] not in text
    assert "If an organiser in Lewisham steps back, 14 people lose every link" in text
    # Organisers and admins still see every name.
    assert amina["name"] in sign_in("admin").get("/api/network/findings").get_data(as_text=True)

    # Given again (dated), the name comes back.
    consent.change(store, "p-001", "named", True, "2025-07-01", "organiser@test.example.org")
    assert amina["name"] in collaborative_texts(sign_in("collaborative"))
    history = consent.status(store, "p-001")["history"]
    assert [(h["scope"], h["given"], h["date"]) for h in history] == [("named", True, "2025-07-01"),
                                                                     ("named", False, "2025-06-02")]


def test_consent_is_shown_and_changed_through_the_api_with_dates(small, sign_in):
    client = sign_in("organiser")
    person = client.get("/api/people/p-002").get_json()
    assert person["email"] == "grace@example.org" and person["consent"]["contact"]["given"]
    withdrawn = client.post("/api/people/p-002/consent", json={"scope": "contact", "given": False,
                                                               "date": "2025-03-04"})
    assert withdrawn.status_code == 201, withdrawn.get_json()
    assert withdrawn.get_json()["scopes"]["contact"] == {"given": False, "words": "may be contacted",
                                                        "given_on": None, "withdrawn_on": "2025-03-04"}
    assert client.post("/api/people/p-002/consent", json={"scope": "contact", "given": False}).status_code == 200
    # Without consent to be contacted, the details are not sent to the page or the API.
    person = client.get("/api/people/p-002").get_json()
    assert person["email"] is None and person["phone"] is None
    page = client.get("/organisers/people/p-002").get_data(as_text=True)
    assert "grace@example.org" not in page and "07700 900002" not in page and 'id="no-contact"' in page
    # Saving the edit form with the hidden fields left empty keeps them.
    saved = client.post("/organisers/people/p-002/edit", data={
        "csrf_token": csrf_token_from(page), "name": "Grace Adeyemi", "area": "area-E09000023", "email": "",
        "phone": "", "consent_recorded": "1", "consent_named": "1"})
    assert saved.status_code == 302
    assert small.read_one("person_by_id", id="p-002")["email"] == "grace@example.org"

    bad = [({"scope": "everything", "given": True}, "scope", 422), ({"scope": "named", "given": "yes"}, "given", 400),
           ({"scope": "named", "given": True, "date": "2999-01-01"}, "date", 422),
           ({"scope": "named", "given": True, "date": "last week"}, "date", 422),
           ({"scope": "named", "given": True, "date": 20250101}, "date", 400), ({"scope": "named"}, "given", 422)]
    before = client.get("/api/people/p-002/consent").get_json()
    for body, field, status in bad:
        response = client.post("/api/people/p-002/consent", json=body)
        assert response.status_code == status and field in response.get_json()["errors"], body
    assert client.get("/api/people/p-002/consent").get_json() == before  # nothing was changed
    assert client.post("/api/people/nobody/consent", json={"scope": "named", "given": True}).status_code == 404
    assert client.get("/api/people/nobody/consent").status_code == 404
    # Named or contacted only when kept on record.
    client.post("/api/people/p-003/consent", json={"scope": "recorded", "given": False})
    refused = client.post("/api/people/p-003/consent", json={"scope": "named", "given": True})
    assert refused.status_code == 422 and "kept on record" in refused.get_json()["errors"]["scope"]
    history = client.get("/api/people/p-003/consent").get_json()["history"]
    assert {(h["scope"], h["given"]) for h in history} == {("recorded", False), ("named", False), ("contact", False)}
    assert all(h["date"] == dt.date.today().isoformat() and h["by"] == "organiser@test.example.org" for h in history)
    for role in ("collaborative", "prescriber"):
        other = sign_in(role)
        assert other.get("/api/people/p-002/consent").status_code == 403
        assert other.post("/api/people/p-002/consent", json={"scope": "named", "given": True}).status_code == 403


def test_a_one_to_one_never_withdraws_consent_silently(small, sign_in):
    client = sign_in("organiser")
    # Grace (named, contactable) is met again: the API call says nothing about consent.
    ok = client.post("/api/one-to-ones", json={"a": "p-001", "b": "p-002", "date": "2025-04-01"})
    assert ok.status_code == 201, ok.get_json()
    grace = small.read_one("person_by_id", id="p-002")
    assert grace["consent_named"] and grace["consent_contact"]
    # The form's unticked boxes do not withdraw either; a ticked one gives.
    client.post("/api/people/p-002/consent", json={"scope": "named", "given": False, "date": "2025-04-02"})
    page = client.get("/organisers/one-to-ones/new").get_data(as_text=True)
    response = client.post("/organisers/one-to-ones/new", data={
        "csrf_token": csrf_token_from(page), "date": "2025-04-03", "a_id": "p-001", "b_id": "p-002",
        "consent_recorded": "1", "consent_named": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    grace = small.read_one("person_by_id", id="p-002")
    assert grace["consent_named"] and grace["consent_contact"]
    # An explicit consent object in the API may withdraw, and is dated and kept.
    client.post("/api/one-to-ones", json={"a": "p-001", "b": "p-002", "date": "2025-04-05",
                                          "consent": {"recorded": True, "named": False, "contact": True}})
    state = consent.status(small, "p-002")
    assert not state["scopes"]["named"]["given"]
    assert [(h["scope"], h["given"], h["source"]) for h in state["history"]][:2] == \
        [("named", False, "one_to_one"), ("named", True, "one_to_one")]
