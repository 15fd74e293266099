"""People: merging duplicates, editing, deactivating, linking to organisations and assets, and
who may see 1:1 notes; against the real Neo4j."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from mapper.organising import merging, places
from mapper.accounts import roles

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import LEWISHAM, SOUTHWARK, counts, load_small


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


def relationships(store, person_id):
    links = {(l["type"], l["id"], l["outgoing"]) for l in store.read("person_links", id=person_id)}
    meetings = {(m["id"], m["other_id"]) for m in store.read("person_one_to_ones", id=person_id, with_notes=True,
                                                              limit=100)}
    return links, meetings


def test_merge_keeps_every_relationship_and_one_to_one_of_both(small):
    # p-003 (Sam) is a duplicate of Grace: give both their own and shared links, and a 1:1 between them
    places.link(small, "p-003", "MEMBER_OF", "org-1")          # shared with p-002: kept once
    small.write("create_one_to_ones", rows=[{"a": "p-003", "b": "p-002", "consent": None,
                                             "props": {"id": "oto-between", "date": None, "by": "p-003"}}])
    links_2, meetings_2 = relationships(small, "p-002")
    links_3, meetings_3 = relationships(small, "p-003")
    result = merging.merge(small, "p-002", "p-003")
    assert result["between"] == 1
    links, meetings = relationships(small, "p-002")
    assert links == links_2 | links_3
    expected = {m for m in meetings_2 | meetings_3 if m[0] != "oto-between"}
    assert meetings == expected and {"oto-1", "oto-2"} <= {m[0] for m in meetings}
    kept = small.read_one("person_by_id", id="p-002")
    assert "PeerSupporter" in kept["roles"] and kept["area"] == "Lewisham"
    assert small.read_one("person_by_id", id="p-003") is None
    assert counts(small) == (3, 2)
    # the 1:1 p-004 held with the duplicate now points at the person kept, led by p-004
    oto2 = small.read_one("one_to_one_by_id", id="oto-2")
    assert (oto2["a_id"], oto2["b_id"], oto2["by"]) == ("p-004", "p-002", "p-004")
    with pytest.raises(merging.MergeError):
        merging.merge(small, "p-002", "p-002")
    with pytest.raises(merging.MergeError):
        merging.merge(small, "p-002", "p-nobody")


def test_only_admins_merge_anyone_on_the_web(small, sign_in):
    organiser = sign_in("organiser")  # linked to no one: has met no one (see test_clean_up for people they met)
    assert organiser.get("/organisers/people/merge?keep=p-002&drop=p-003").status_code == 403
    organiser.post("/logout", data={"csrf_token": csrf_token_from(organiser.get("/").get_data(as_text=True))})
    admin = sign_in("admin")
    page = admin.get("/organisers/people/merge?drop=p-003").get_data(as_text=True)
    bad = admin.post("/organisers/people/merge", data={"csrf_token": csrf_token_from(page), "keep": "p-002",
                                                       "drop": "p-002"})
    assert bad.status_code == 422 and "two different people" in bad.get_data(as_text=True)
    ok = admin.post("/organisers/people/merge", data={"csrf_token": csrf_token_from(page), "keep": "p-002",
                                                      "drop": "p-003"})
    assert ok.status_code == 302 and small.read_one("person_by_id", id="p-003") is None


def test_cli_merge(small, neo4j_target, monkeypatch):
    from mapper.cli.base import main

    for key, value in (("NEO4J_URI", neo4j_target.uri), ("NEO4J_USER", neo4j_target.user),
                       ("NEO4J_PASSWORD", neo4j_target.password)):
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(main, ["people", "merge", "p-002", "p-003"])
    assert result.exit_code == 0, result.output
    assert counts(small) == (3, 2)


def test_edit_checks_every_field_and_keeps_what_was_typed(small, sign_in):
    client = sign_in("organiser")
    page = client.get("/organisers/people/p-002").get_data(as_text=True)
    token = csrf_token_from(page)
    bad = client.post("/organisers/people/p-002/edit", data={"csrf_token": token, "name": " ", "email": "nope",
                                                             "phone": "call me", "area": "area-moon"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    for field in ("name", "email", "phone", "area"):
        assert f'id="{field}-error"' in html
    assert 'value="nope"' in html and 'value="call me"' in html
    assert small.read_one("person_by_id", id="p-002")["name"] == "Grace Adeyemi"
    ok = client.post("/organisers/people/p-002/edit", data={"csrf_token": token, "name": "Grace <Adeyemi>",
                                                            "email": "G@Example.org", "phone": "020 7946 0001",
                                                            "area": SOUTHWARK, "consent_recorded": "1"})
    assert ok.status_code == 302
    person = small.read_one("person_by_id", id="p-002")
    assert (person["name"], person["email"], person["area"], person["consent_named"]) == \
        ("Grace <Adeyemi>", "g@example.org", "Southwark", False)
    assert "Grace &lt;Adeyemi&gt;" in client.get("/organisers/people/p-002").get_data(as_text=True)
    # no CSRF token, no change
    assert client.post("/organisers/people/p-002/edit", data={"name": "X"}).status_code == 400


def test_deactivate_hides_a_person_from_lists_and_search(small, sign_in):
    client = sign_in("organiser")
    token = csrf_token_from(client.get("/organisers/people/p-002").get_data(as_text=True))
    assert client.post("/organisers/people/p-002/active", data={"csrf_token": token, "active": "0"}).status_code == 302
    assert "p-002" not in {p["id"] for p in small.read("list_people", skip=0, limit=100)}
    assert client.get("/api/people/search?q=grace").get_json()["people"] == []
    assert "Deactivated" in client.get("/organisers/people/p-002").get_data(as_text=True)
    client.post("/organisers/people/p-002/active", data={"csrf_token": token, "active": "1"})
    assert client.get("/api/people/search?q=grace").get_json()["people"][0]["id"] == "p-002"


def test_link_people_to_new_and_existing_organisations_and_assets(small, sign_in):
    client = sign_in("organiser")
    token = csrf_token_from(client.get("/organisers/people/p-004").get_data(as_text=True))
    bad = client.post("/organisers/people/p-004/link", data={"csrf_token": token, "type": "OWNS", "place": "",
                                                             "new_name": "x" * 200, "new_kind": "Castle"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="type-error"' in html and ("x" * 200) in html
    ok = client.post("/organisers/people/p-004/link", data={"csrf_token": token, "type": "RUNS", "place": "",
                                                            "new_name": "Peckham Peer Support", "new_kind":
                                                            "PeerSupportGroup", "new_area": SOUTHWARK})
    assert ok.status_code == 302
    assert client.post("/organisers/people/p-004/link", data={"csrf_token": token, "type": "MEMBER_OF",
                                                              "place": "org-1", "role": "chair"}).status_code == 302
    links = {(l["type"], l["name"]) for l in small.read("person_links", id="p-004")}
    assert links == {("RUNS", "Peckham Peer Support"), ("MEMBER_OF", "Lewisham Carers")}
    # and through the API
    made = client.post("/api/places", json={"kind": "Hub", "name": "Sydenham Hub", "area": LEWISHAM})
    assert made.status_code == 201
    assert client.post("/api/places", json={"kind": "Castle", "name": "x"}).status_code == 422
    linked = client.post("/api/people/p-004/links", json={"type": "ATTENDS", "place": made.get_json()["id"]})
    assert linked.status_code == 201
    assert client.post("/api/people/p-004/links", json={"type": "ATTENDS", "place": "nowhere"}).status_code == 404
    assert client.post("/api/people/p-004/links", json={"type": "LOVES", "place": "org-1"}).status_code == 422
    created = client.post("/api/people", json={"name": "Kofi Asante", "area": SOUTHWARK})
    assert created.status_code == 409 and created.get_json()["suggestions"][0]["id"] == "p-004"
    assert client.post("/api/people", json={"name": "Kofi Asante", "area": SOUTHWARK, "create_new": True}).status_code == 201


def test_notes_only_for_roles_that_may_see_them(small, sign_in, monkeypatch):
    client = sign_in("organiser")
    assert "Secret note one" in client.get("/organisers/people/p-002").get_data(as_text=True)
    monkeypatch.setitem(roles.PERMISSIONS, "organiser", roles.PERMISSIONS["organiser"] - {"see_notes"})
    page = client.get("/organisers/people/p-002").get_data(as_text=True)
    assert "Secret note one" not in page and "Call back" not in page and "Housing" in page
    assert "Secret note" not in client.get("/api/people/p-002").get_data(as_text=True)
    for role in ("collaborative", "prescriber"):
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").get_data(as_text=True))})
        other = sign_in(role)
        assert other.get("/organisers/people/p-002").status_code == 403
        assert other.get("/organisers/people/p-002/neighbourhood.json").status_code == 403


def test_my_network_shows_follow_ups_themes_and_the_neighbourhood(small, sign_in):
    client = sign_in("organiser")
    token = csrf_token_from(client.get("/organisers/me").get_data(as_text=True))
    client.post("/organisers/me", data={"csrf_token": token, "me": "p-001"})
    page = client.get("/organisers/me").get_data(as_text=True)
    assert "My network: Amina Yusuf" in page and "Call back" in page and "(overdue)" in page
    assert "Housing" in page and "Grace Adeyemi" in page
    hood = client.get("/organisers/people/p-001/neighbourhood.json").get_json()
    kinds = {n["id"]: (n["kind"], n["step"]) for n in hood["nodes"]}
    assert kinds == {"p-001": ("person", 0), "p-002": ("person", 1), "org-1": ("organisation", 2),
                     "asset-1": ("asset", 2)}
    assert {(l["from"], l["to"]) for l in hood["links"]} >= {("p-001", "p-002")} or \
        {(l["to"], l["from"]) for l in hood["links"]} >= {("p-001", "p-002")}
    assert client.get("/organisers/people/nobody/neighbourhood.json").status_code == 404
