"""Issue 13, the public's suggestions kept honestly: the rate per address counted in the database
(several app processes behind a load balancer count together), and a suggester's contact found by
subject access and erased by the contact alone, with no person record, however the phone is written."""
from __future__ import annotations

import pytest

from mapper.directory import suggesters, suggestion_limits, suggestions

from tests.conftest import csrf_token_from

PHONE = "+44 (0)7700 900-123"
EMAIL = "Nobody.Known@Example.NET"


def _limited_app(neo4j_target):
    from web import create_app

    return create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target, "SUGGESTIONS_PER_WINDOW": 3,
                       "SUGGESTIONS_PER_DAY": 20})


def test_two_app_processes_count_one_address_together(neo4j_target, changed_demo):
    suggestion_limits.forget_all(changed_demo)
    first, second = _limited_app(neo4j_target).test_client(), _limited_app(neo4j_target).test_client()
    answers = [c.post("/api/suggestions", json={"message": f"a new group {n}"}).status_code
               for n, c in enumerate([first, second, first])]
    assert answers == [202, 202, 202]
    refused = second.post("/api/suggestions", json={"message": "one more"})
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert first.post("/api/suggestions", json={"message": "and again"}).status_code == 429
    # The form on the page counts with the API, in either process.
    page = first.get("/assets/suggest").get_data(as_text=True)
    assert first.post("/assets/suggest", data={"message": "a group", "csrf_token": csrf_token_from(page)}
                      ).status_code == 429
    # Another address is counted apart; no address is kept, only a hash of it.
    other = second.post("/api/suggestions", json={"message": "from elsewhere"},
                        environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other.status_code == 202
    keys = [r["key"] for r in changed_demo.read("suggestion_turn_keys")]
    assert keys and not any("127.0.0.1" in k or "203.0.113.9" in k for k in keys)


def test_the_counts_do_not_move_the_write_generation(changed_demo):
    suggestion_limits.forget_all(changed_demo)
    before = changed_demo.generation()
    assert suggestion_limits.take(changed_demo, "198.51.100.7") == 0
    assert changed_demo.generation() == before


@pytest.mark.parametrize("left, searched", [
    (PHONE, "07700 900123"), ("call 07700900123 after 5", "+447700 900 123"), ("(07700) 900.123", "0044 7700 900123"),
    (EMAIL, "nobody.known@example.net"), ("mail me: NOBODY.known@example.net", " Nobody.Known@Example.NET "),
])
def test_subject_access_by_contact_finds_a_suggesters_suggestions(client, changed_demo, sign_in, left, searched):
    client.post("/api/suggestions", json={"message": "the hub moved", "contact": left})
    client.post("/api/suggestions", json={"message": "someone else's", "contact": "07700 900124"})
    client.post("/api/suggestions", json={"message": "another's mail", "contact": "xnobody.known@example.net"})
    found = suggesters.for_contacts(changed_demo, [searched])
    assert [s["message"] for s in found] == ["the hub moved"]
    admin = sign_in("admin")
    page = admin.get("/admin/subject-access", query_string={"contact": searched})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "the hub moved" in html and "someone else" not in html
    download = admin.get("/admin/suggester-access.json", query_string={"contact": searched})
    assert download.status_code == 200 and [s["message"] for s in download.get_json()["directory_suggestions"]] \
        == ["the hub moved"]
    assert "no-store" in download.headers["Cache-Control"]


def test_erasure_by_contact_deletes_a_suggesters_suggestions(client, changed_demo, sign_in):
    client.post("/api/suggestions", json={"message": "the hub moved", "contact": PHONE})
    client.post("/api/suggestions", json={"message": "keep me", "contact": "07700 900124"})
    admin = sign_in("admin")
    html = admin.get("/admin/erasures").get_data(as_text=True)
    unconfirmed = admin.post("/admin/erasures/suggester", data={"csrf_token": csrf_token_from(html),
                                                                 "contact": "07700900123"})
    assert unconfirmed.status_code == 422
    assert [s["message"] for s in suggesters.for_contacts(changed_demo, ["07700900123"])] == ["the hub moved"]
    done = admin.post("/admin/erasures/suggester", data={"csrf_token": csrf_token_from(html),
                                                          "contact": "07700 900 123", "confirm": "1"})
    assert done.status_code == 302
    assert suggesters.for_contacts(changed_demo, [PHONE]) == []
    assert [s["message"] for s in suggestions.waiting(changed_demo) if s["contact"]] == ["keep me"]
    assert admin.get("/admin/erasures").status_code == 200
    # Nobody else may: a steward handles suggestions but erases no one.
    for role, home in (("steward", "/directory/"), ("organiser", "/organisers/")):
        other = sign_in(role)
        token = csrf_token_from(other.get(home).get_data(as_text=True))
        assert other.post("/admin/erasures/suggester", data={
            "csrf_token": token, "contact": "07700 900124", "confirm": "1"}).status_code == 403
    assert [s["message"] for s in suggestions.waiting(changed_demo) if s["contact"]] == ["keep me"]


def test_a_persons_erasure_deletes_their_suggestions_whole(client, changed_demo):
    from mapper.privacy import erasure

    person = changed_demo.read_one("person_by_id", id="p-001")
    contact = person["phone"] or person["email"]
    client.post("/api/suggestions", json={"message": "the group meets on Fridays now", "contact": f"ring {contact}"})
    erasure.erase(changed_demo, "p-001", "admin@test.example.org", "api")
    assert not [s for s in suggestions.waiting(changed_demo) if s["message"] == "the group meets on Fridays now"]
