"""Recording a 1:1: the web form, the API and the command line, against the real Neo4j."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from mapper.organising import one_to_one, people

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import LEWISHAM, counts, load_small


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


def form_for(client, path="/organisers/one-to-ones/new", **fields):
    page = client.get(path)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), "date": "2025-03-01",
            "consent_recorded": "1"}
    data.update(fields)
    return client.post(path, data=data)


def test_form_records_a_one_to_one_with_a_new_person_in_one_go(small, sign_in):
    client = sign_in("organiser")
    response = form_for(client, a_id="p-001", a_name="Amina Yusuf", b_name="Precious <b>Mensah</b>",
                        b_area=LEWISHAM, b_email="precious@example.org", themes=["theme-housing", "theme-work-wages"],
                        place="Catford library", notes="Wants a tenants' group", follow_up="Send dates",
                        follow_up_due="2025-03-20", consent_named="1")
    assert response.status_code == 302, response.get_data(as_text=True)
    new_id = response.headers["Location"].rsplit("/", 1)[1]
    assert new_id.startswith("p-") and len(new_id) == 12
    person = small.read_one("person_by_id", id=new_id)
    assert person["name"] == "Precious <b>Mensah</b>" and person["area"] == "Lewisham"
    assert person["consent_recorded"] and person["consent_named"] and not person["consent_contact"]
    meeting = small.read("person_one_to_ones", id=new_id, with_notes=True, limit=5)[0]
    assert meeting["other_id"] == "p-001" and meeting["date"] == "2025-03-01"
    assert sorted(meeting["themes"]) == ["Housing", "Work and wages"] and meeting["follow_up_due"] == "2025-03-20"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Precious &lt;b&gt;Mensah&lt;/b&gt;" in page and "<b>Mensah" not in page
    assert counts(small) == (5, 3)


@pytest.mark.parametrize("fields, field, words", [
    ({"b_id": "p-002", "date": ""}, "date", "is needed"),
    ({"b_id": "p-002", "date": "yesterday"}, "date", "not a date"),
    ({"b_id": "p-002", "date": (dt.date.today() + dt.timedelta(days=1)).isoformat()}, "date", "future"),
    ({"b_id": "p-002", "themes": ["theme-astrology"]}, "themes", "Unknown theme"),
    ({"b_id": "p-001"}, "b_name", "themselves"),
    ({"b_name": ""}, "b_name", "type a name"),
    ({"b_name": "x" * 121}, "b_name", "too long"),
    ({"b_name": "New Person", "b_email": "not-an-email"}, "b_email", "not an email"),
    ({"b_id": "p-002", "follow_up": "Ring her", "follow_up_due": ""}, "follow_up_due", "due date"),
    ({"b_id": "p-002", "follow_up_due": "2025-01-01"}, "follow_up_due", "before the 1:1"),
    ({"b_id": "p-nobody"}, "b_name", "no such person"),
])
def test_form_errors_are_shown_beside_the_field_and_nothing_is_written(small, sign_in, fields, field, words):
    client = sign_in("organiser")
    data = {"a_id": "p-001", "a_name": "Amina Yusuf", "place": "Kept place <i>"}
    data.update(fields)
    response = form_for(client, **data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and words in page
    assert 'value="Kept place &lt;i&gt;"' in page  # what was typed is kept (as text)
    assert counts(small) == (4, 2)


def test_likely_duplicates_are_suggested_and_can_be_picked_or_declined(small, sign_in):
    client = sign_in("organiser")
    # similar name, same area
    response = form_for(client, a_id="p-001", a_name="Amina Yusuf", b_name="Grace Adeyemi-Smith", b_area=LEWISHAM)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Is this one of these people?" in page and 'value="p-002"' in page
    assert counts(small) == (4, 2)
    # picking the match records the 1:1 with the existing person
    response = form_for(client, a_id="p-001", b_name="Grace Adeyemi-Smith", b_area=LEWISHAM, b_pick="p-002")
    assert response.status_code == 302 and response.headers["Location"].endswith("/p-002")
    assert counts(small) == (4, 3)
    # declining creates the new person
    response = form_for(client, a_id="p-001", b_name="Grace Adeyemi-Smith", b_area=LEWISHAM, b_pick="new")
    assert response.status_code == 302
    assert counts(small) == (5, 4)


def test_the_same_email_or_phone_is_a_likely_match_whatever_the_name(small):
    by_email = people.suggest_matches(small, "G. Adeyemi", None, "GRACE@example.org", None)
    assert by_email[0]["id"] == "p-002" and "same email" in by_email[0]["reasons"]
    by_phone = people.suggest_matches(small, "Someone Else", None, None, "+44 7700 900002")
    assert by_phone[0]["id"] == "p-002" and "same phone" in by_phone[0]["reasons"]
    assert people.suggest_matches(small, "Zebedee Quinn", LEWISHAM, None, None) == []


def test_search_as_you_type_finds_people_only_for_organisers(small, sign_in, client):
    assert client.get("/api/people/search?q=gra").status_code == 401
    organiser = sign_in("organiser")
    found = organiser.get("/api/people/search?q=gra ade").get_json()["people"]
    assert [p["id"] for p in found] == ["p-002"] and found[0]["area"] == "Lewisham"
    assert organiser.get("/api/people/search?q=" + "x" * 101).status_code == 422
    assert organiser.get("/api/people/search?q=x&limit=many").status_code == 400
    assert organiser.get('/api/people/search?q=" OR (*').status_code == 200  # Lucene syntax is escaped
    places = organiser.get("/api/people/search?q=deptford&kind=place").get_json()["places"]
    assert places[0]["id"] == "asset-1"


def test_roles_without_people_cannot_record_or_search(small, sign_in):
    for role in ("collaborative", "prescriber"):
        client = sign_in(role)
        assert client.get("/organisers/one-to-ones/new").status_code == 403
        assert client.get("/api/people/search?q=gra").status_code == 403
        assert client.post("/api/one-to-ones", json={"a": "p-001", "b": "p-002", "date": "2025-01-01"}).status_code == 403
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").get_data(as_text=True))})


def test_api_records_a_one_to_one_and_reports_field_errors_and_duplicates(small, sign_in):
    client = sign_in("organiser")
    ok = client.post("/api/one-to-ones", json={"a": "p-001", "b": {"name": "Tunde Bakare", "area": LEWISHAM},
                                               "date": "2025-04-01", "themes": ["Housing"], "notes": "n",
                                               "consent": {"recorded": True, "named": False, "contact": True}})
    assert ok.status_code == 201, ok.get_json()
    body = ok.get_json()
    assert body["a"] == "p-001" and body["new_people"] == [body["b"]]
    assert small.read_one("person_by_id", id=body["b"])["consent_contact"] is True
    bad = client.post("/api/one-to-ones", json={"a": "p-001", "b": "p-001", "date": "2999-01-01", "themes": ["nope"]})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"date", "themes", "b_name"}
    dup = client.post("/api/one-to-ones", json={"a": "p-001", "b": {"name": "grace adeyemi", "area": LEWISHAM},
                                                "date": "2025-04-01"})
    assert dup.status_code == 409 and dup.get_json()["suggestions"]["b"][0]["id"] == "p-002"
    assert client.post("/api/one-to-ones", data="not json").status_code == 400
    assert client.post("/api/one-to-ones", json={"a": 5, "b": "p-002"}).status_code == 400
    assert counts(small) == (5, 3)


def test_a_transaction_that_fails_midway_writes_nothing(small):
    checked = one_to_one.check(small, {"a_id": "p-001", "b_name": "Brand New", "b_pick": "new", "date": "2025-01-01"}, [])
    assert checked.ok and len(checked.people) == 1
    checked.meeting["a"] = "p-vanished"  # the organiser was removed between the check and the write
    with pytest.raises(one_to_one.NotWritten):
        one_to_one.record(small, checked)
    assert counts(small) == (4, 2)  # the new person was not written either


def test_cli_adds_a_one_to_one(small, neo4j_target, monkeypatch):
    from mapper.cli.base import main

    monkeypatch.setenv("NEO4J_URI", neo4j_target.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_target.password)
    runner = CliRunner()
    result = runner.invoke(main, ["one-to-one", "add", "--by", "p-001", "--with", "p-003", "--date", "01/02/2025",
                                  "--theme", "Housing", "--theme", "theme-loneliness", "--notes", "hi"])
    assert result.exit_code == 0, result.output
    assert counts(small) == (4, 3)
    result = runner.invoke(main, ["one-to-one", "add", "--by", "p-001", "--with-name", "Sam Okoye", "--date",
                                  "2025-02-01"])
    assert result.exit_code != 0 and "p-003" in result.output
    result = runner.invoke(main, ["one-to-one", "add", "--by", "p-001", "--with", "p-003", "--date", "2999-01-01",
                                  "--theme", "Astrology"])
    assert result.exit_code != 0 and "future" in result.output and "Unknown theme" in result.output
    assert counts(small) == (4, 3)
