"""Issue 14, the daily loop against the real Neo4j: an account linked to the person it is, "my
follow-ups" (overdue, then due soon) with done, snooze and reassign on the pages and the API, a new
1:1 that closes the open follow-up, people paged and searched, and a retried save recorded once."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from mapper.accounts import users as accounts
from mapper.organising import follow_ups, one_to_one

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import counts, load_small

TODAY = dt.date.today()


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


@pytest.fixture()
def small(empty_store):
    store = load_small(empty_store)
    # Amina's follow-ups: one long overdue (from the small network), many more overdue, and one due soon.
    for i in range(30):
        store.write("create_one_to_ones", rows=[{"a": "p-001", "b": "p-003", "props": {
            "id": f"oto-old-{i:02d}", "date": dt.date(2024, 1, 1), "by": "p-001", "themes": [],
            "follow_up": f"Old task {i}", "follow_up_due": dt.date(2024, 2, 1) + dt.timedelta(days=i)}}])
    store.write("create_one_to_ones", rows=[{"a": "p-001", "b": "p-002", "props": {
        "id": "oto-soon", "date": TODAY - dt.timedelta(days=3), "by": "p-001", "themes": [],
        "follow_up": "Send the carers' group times", "follow_up_due": TODAY + dt.timedelta(days=4)}}])
    return store


@pytest.fixture()
def amina(small, sign_in, accounts_ready):
    """The organiser's account, linked to Amina Yusuf (p-001)."""
    email = accounts_ready["organiser"][0]
    accounts.link_person(small, email, "p-001", replace=True)
    yield sign_in("organiser")
    small.write("unlink_account_person", email=email)


def test_an_account_is_linked_once_and_is_the_default_holder(small, sign_in, accounts_ready):
    email = accounts_ready["organiser"][0]
    small.write("unlink_account_person", email=email)
    client = sign_in("organiser")
    assert 'value="p-001"' not in client.get("/organisers/one-to-ones/new").get_data(as_text=True).split('id="a_id"')[1][:40]
    page = client.get("/organisers/me").get_data(as_text=True)
    client.post("/organisers/me", data={"csrf_token": csrf_token_from(page), "me": "p-001"})
    assert accounts.linked_person(small, email) == "p-001"
    # Set once: choosing again changes nothing (an admin can).
    client.post("/organisers/me", data={"csrf_token": csrf_token_from(page), "me": "p-004"})
    assert accounts.linked_person(small, email) == "p-001"
    # The link lasts across sign-ins: the form names Amina as who held the 1:1 every time.
    client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    again = sign_in("organiser")
    form = again.get("/organisers/one-to-ones/new").get_data(as_text=True)
    assert 'id="a_id" name="a_id" value="p-001"' in form and "Existing person: Amina Yusuf" in form
    # No two accounts are one person.
    with pytest.raises(accounts.AccountError):
        accounts.link_person(small, accounts_ready["admin"][0], "p-001")
    small.write("unlink_account_person", email=email)


def test_my_follow_ups_show_overdue_then_due_soon_even_when_many_are_overdue(small, amina):
    page = amina.get("/organisers/").get_data(as_text=True)
    soon_at = page.index('id="due-soon-list"')
    assert "Send the carers&#39; group times" in page[soon_at:]
    assert page.index('id="overdue-list"') < soon_at
    assert "Old task 0" in page[:soon_at] and "More overdue" in page  # oldest first, the rest a page on
    assert "Call back" in amina.get("/organisers/follow-ups/?page=2").get_data(as_text=True)
    # The landing page does not list every person: it offers a search.
    small.write("create_person", id="p-x999", name="Zed Unmet")
    page = amina.get("/organisers/").get_data(as_text=True)
    assert 'id="people-q"' in page and "Zed Unmet" not in page and 'id="people"' not in page


def test_done_snooze_and_reassign_on_the_page(small, amina):
    page = amina.get("/organisers/").get_data(as_text=True)
    token = csrf_token_from(page)
    done = amina.post("/organisers/follow-ups/oto-1", data={"csrf_token": token, "action": "done",
                                                             "next": "/organisers/"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/organisers/")
    assert follow_ups.get(small, "oto-1")["done"] == TODAY.isoformat()
    assert "Call back" not in amina.get("/organisers/").get_data(as_text=True)
    amina.post("/organisers/follow-ups/oto-old-00", data={"csrf_token": token, "action": "snooze",
                                                           "snooze_until": days(5)})
    snoozed = follow_ups.get(small, "oto-old-00")
    assert snoozed["due"] == days(5) and snoozed["snoozed"] and not snoozed["overdue"]
    bad = amina.post("/organisers/follow-ups/oto-old-01", data={"csrf_token": token, "action": "snooze",
                                                                 "snooze_until": days(-1)}, follow_redirects=True)
    assert "Snooze to a day after today" in bad.get_data(as_text=True)
    amina.post("/organisers/follow-ups/oto-old-02", data={"csrf_token": token, "action": "assign", "assign_to": "p-004"})
    assert follow_ups.get(small, "oto-old-02")["owner"] == "p-004"
    mine = [f["id"] for f in follow_ups.mine(small, "p-001", limit=100)["overdue"]]
    assert "oto-old-02" not in mine and "oto-old-02" in [f["id"] for f in follow_ups.mine(small, "p-004")["overdue"]]
    # Prescribers and the public cannot touch follow-ups.
    assert amina.post("/organisers/follow-ups/oto-old-03", data={"action": "done"}).status_code == 400  # no CSRF


def test_the_api_lists_mine_and_changes_one(small, amina):
    listed = amina.get("/api/follow-ups?mine=1&limit=5")
    assert listed.status_code == 200, listed.get_data(as_text=True)
    body = listed.get_json()
    assert body["me"] == "p-001" and len(body["overdue"]) == 5 and body["more_overdue"]
    assert [f["id"] for f in body["due_soon"]] == ["oto-soon"]
    assert body["overdue"][0]["due"] <= body["overdue"][-1]["due"]
    assert all("email" not in f and "notes" not in f for f in body["overdue"])
    done = amina.post("/api/follow-ups/oto-soon", json={"done": True})
    assert done.status_code == 200 and done.get_json()["done"] == TODAY.isoformat()
    snooze = amina.post("/api/follow-ups/oto-old-05", json={"snooze_until": days(10), "assign_to": "p-004"})
    assert snooze.status_code == 200 and snooze.get_json()["due"] == days(10) and snooze.get_json()["owner"] == "p-004"
    assert amina.post("/api/follow-ups/oto-old-05", json={"snooze_until": "yesterday"}).status_code == 422
    assert amina.post("/api/follow-ups/oto-old-05", json={"assign_to": "p-nobody"}).status_code == 422
    assert amina.post("/api/follow-ups/oto-old-05", json={}).status_code == 422
    assert amina.post("/api/follow-ups/oto-nothing", json={"done": True}).status_code == 404
    assert amina.post("/api/follow-ups/oto-old-05", json={"done": "yes"}).status_code == 400
    reopened = amina.post("/api/follow-ups/oto-soon", json={"done": False}).get_json()
    assert reopened["done"] is None


def test_api_roles(small, sign_in):
    prescriber = sign_in("prescriber")
    assert prescriber.get("/api/follow-ups?mine=1").status_code == 403
    assert prescriber.post("/api/follow-ups/oto-1", json={"done": True}).status_code == 403
    collaborative = sign_in("collaborative")
    assert collaborative.get("/api/follow-ups").status_code == 403


def test_a_new_one_to_one_offers_to_close_the_open_follow_up(small, amina):
    form = amina.get("/organisers/one-to-ones/new?with=p-002").get_data(as_text=True)
    assert 'name="close_follow_ups" value="oto-1" checked' in form
    assert 'name="close_follow_ups" value="oto-soon" checked' in form
    fragment = amina.get("/organisers/one-to-ones/open-follow-ups?with=p-002").get_data(as_text=True)
    assert "Call back" in fragment
    data = {"csrf_token": csrf_token_from(form), "a_id": "p-001", "b_id": "p-002", "date": TODAY.isoformat(),
            "consent_recorded": "1", "close_follow_ups": ["oto-1"]}
    saved = amina.post("/organisers/one-to-ones/new", data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert follow_ups.get(small, "oto-1")["done"] == TODAY.isoformat()
    assert follow_ups.get(small, "oto-soon")["done"] is None
    # A follow-up not open with this person is refused, and nothing is saved.
    before = counts(small)
    data.update(close_follow_ups=["oto-old-01"], idempotency_key="k-other")
    refused = amina.post("/organisers/one-to-ones/new", data=data)
    assert refused.status_code == 422 and counts(small) == before
    # Through the API too.
    made = amina.post("/api/one-to-ones", json={"a": "p-001", "b": "p-002", "date": TODAY.isoformat(),
                                                "close_follow_ups": ["oto-soon"]})
    assert made.status_code == 201 and made.get_json()["closed_follow_ups"] == ["oto-soon"]


def test_an_idempotency_key_records_a_retried_save_once(small, amina):
    body = {"a": "p-001", "b": {"name": "Precious Mensah", "area": "area-E09000023"}, "date": TODAY.isoformat(),
            "consent": {"recorded": True}, "notes": "Met at the market"}
    before = counts(small)
    first = amina.post("/api/one-to-ones", json=body, headers={"Idempotency-Key": "phone-save-1"})
    assert first.status_code == 201, first.get_data(as_text=True)
    again = amina.post("/api/one-to-ones", json=body, headers={"Idempotency-Key": "phone-save-1"})
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["replayed"] is True
    assert counts(small) == (before[0] + 1, before[1] + 1)
    other = dict(body, notes="Something else")
    assert amina.post("/api/one-to-ones", json=other, headers={"Idempotency-Key": "phone-save-1"}).status_code == 422
    assert amina.post("/api/one-to-ones", json=body, headers={"Idempotency-Key": "é"}).status_code == 422
    # The key is kept in Neo4j, so another app process (another client here) honours it too.
    assert small.read_one("idempotency_key_find", key=__import__("mapper.organising.idempotency",
                                                                  fromlist=["x"]).scoped(
        amina.get("/api/me").get_json()["email"], "phone-save-1"))["id"] == first.get_json()["id"]


def test_the_form_honours_the_key_and_two_saves_at_once_land_once(small, amina):
    form = amina.get("/organisers/one-to-ones/new").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(form), "a_id": "p-001", "b_id": "p-003", "date": TODAY.isoformat(),
            "consent_recorded": "1", "notes": "Twice?"}
    before = counts(small)
    one = amina.post("/organisers/one-to-ones/new", data=data, headers={"Idempotency-Key": "form-key-1"})
    two = amina.post("/organisers/one-to-ones/new", data=data, headers={"Idempotency-Key": "form-key-1"},
                     follow_redirects=True)
    assert one.status_code == 302 and two.status_code == 200
    assert "already saved" in two.get_data(as_text=True)
    assert counts(small)[1] == before[1] + 1
    # Two at once (the same key): the key's constraint lets one land.
    checked = [one_to_one.check(small, {"a_id": "p-001", "b_id": "p-004", "date": TODAY.isoformat()}, [],
                                by="x@example.org") for _ in range(2)]
    results = []
    threads = [threading.Thread(target=lambda c=c: results.append(one_to_one.record(small, c, key="race-key")))
               for c in checked]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r["id"] for r in results}) == 1 and counts(small)[1] == before[1] + 2


def test_people_are_paged_and_searched(small, amina):
    for i in range(60):
        small.write("create_person", id=f"p-x{i:03d}", name=f"Person {i:03d}")
    first = amina.get("/organisers/people").get_data(as_text=True)
    assert "Person 000" in first and "Person 055" not in first and 'id="next-page"' in first
    second = amina.get("/organisers/people?page=2").get_data(as_text=True)
    assert "Person 055" in second and 'id="prev-page"' in second
    found = amina.get("/organisers/people?q=kofi").get_data(as_text=True)
    assert "Kofi Asante" in found and "Person 001" not in found
    assert amina.get("/organisers/people?page=abc&q=%22%5C").status_code == 200
