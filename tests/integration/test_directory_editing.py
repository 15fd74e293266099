"""Issue 13: stewards keep the directory true through the API: add, edit (optimistic concurrency on a
version), history, retire and restore, organisations, duplicates and merging; every change is seen
at once by search, the map, the coverage gaps and the Open Referral UK feed."""
from __future__ import annotations

import doctest
import importlib

import pytest

from mapper.accounts import users as accounts

NEW = {"name": "Nunhead Listening Hub", "kind": "ListeningHub", "description": "Tea and a chat.",
       "run_by": ["org-southwark-council"], "address": "Nunhead Library, Gordon Road", "postcode": "SE15 3RW",
       "opening": [{"day": "Wed", "opens": "10:00", "closes": "12:00"}], "themes": ["theme-loneliness"],
       "languages": ["English", "BSL"], "accessibility": ["step-free"], "cost": "free",
       "contact": "nunhead@example.org", "referral": False, "hide_address": False}


@pytest.mark.parametrize("name", ["entry_fields", "history", "duplicates", "suggestions", "suggestion_limits",
                                  "work_queue", "oruk_import"])
def test_doctests(name):
    assert doctest.testmod(importlib.import_module(f"mapper.directory.{name}")).failed == 0


@pytest.fixture()
def steward(client, changed_demo, accounts_ready):
    token = accounts.new_token(changed_demo, accounts_ready["steward"][0])
    return {"Authorization": f"Bearer {token}"}


def _search_names(client, where="SE15 3RW"):
    return [r["name"] for r in client.get(f"/api/search?where={where}&radius=2").get_json()["results"]]


def _feed(client) -> dict:
    body = client.get("/openreferral/services?per_page=200").get_json()
    return {s["name"]: s for s in body["contents"]}


def test_a_steward_adds_an_asset_and_search_map_and_feed_show_it_at_once(client, steward, changed_demo):
    made = client.post("/api/assets", json={**NEW, "note": "new in November"}, headers=steward)
    assert made.status_code == 201, made.get_json()
    asset_id, version = made.get_json()["id"], made.get_json()["version"]
    assert version == 1
    assert "Nunhead Listening Hub" in _search_names(client)
    assert "Nunhead Listening Hub" in _feed(client)
    assert any(row[0] == asset_id for row in client.get("/map/assets.json").get_json()["assets"])
    one = client.get(f"/api/assets/{asset_id}", headers=steward).get_json()
    assert one["opening"] == ["Wed 10:00-12:00"] and one["area"] == "Southwark" and one["version"] == 1
    assert one["languages"] == ["English", "BSL"] and one["run_by"] == ["org-southwark-council"]
    history = client.get(f"/api/assets/{asset_id}/history", headers=steward).get_json()["history"]
    assert history[0]["action"] == "added" and history[0]["by"] == "steward@test.example.org"
    assert history[0]["note"] == "new in November"


def test_an_edit_shows_at_once_and_keeps_the_old_value_in_the_history(client, steward, changed_demo):
    before = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()
    done = client.patch("/api/assets/asset-peckham-listening-hub", headers=steward,
                        json={"version": before["version"], "name": "Peckham Listening Hub (Library)",
                              "opening": [{"day": "Wed", "opens": "10:00", "closes": "13:00"}],
                              "note": "moved to Wednesdays"})
    assert done.status_code == 200, done.get_json()
    assert {c["field"] for c in done.get_json()["changes"]} == {"name", "opening"}
    assert "Peckham Listening Hub (Library)" in _search_names(client, "SE15 5JR")
    service = _feed(client)["Peckham Listening Hub (Library)"]
    full = client.get(f"/openreferral/services/{service['id']}").get_json()
    assert [(s["byday"], s["opens_at"]) for s in full["schedules"]] == [("WE", "10:00")]
    on = {day: [r["name"] for r in client.get(f"/api/search?where=SE15%205JR&radius=1&day={day}").get_json()["results"]]
          for day in ("Tuesday", "Wednesday")}
    assert "Peckham Listening Hub (Library)" in on["Wednesday"] and "Peckham Listening Hub (Library)" not in on["Tuesday"]
    latest = client.get("/api/assets/asset-peckham-listening-hub/history", headers=steward).get_json()["history"][0]
    change = {c["field"]: c for c in latest["changes"]}
    assert change["name"]["old"] == "Peckham Listening Hub" and change["opening"]["old"] == \
        ["Tue 10:00-13:00", "Thu 17:00-19:00"]
    assert latest["note"] == "moved to Wednesdays" and latest["version"] == before["version"] + 1


def test_a_second_save_from_an_old_version_is_refused_with_what_changed(client, steward, changed_demo):
    version = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()["version"]
    first = client.patch("/api/assets/asset-peckham-listening-hub", headers=steward,
                         json={"version": version, "cost": "£2 a session"})
    assert first.status_code == 200
    second = client.patch("/api/assets/asset-peckham-listening-hub", headers=steward,
                          json={"version": version, "contact": "someone@example.org"})
    assert second.status_code == 409 and second.mimetype == "application/problem+json"
    body = second.get_json()
    assert body["type"].endswith(":edit-conflict") and body["current_version"] == version + 1
    assert body["changed"][0]["changes"] == [{"field": "cost", "old": "free", "new": "£2 a session"}]
    now = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()
    assert now["contact"] == "peckham.hub@example.org" and now["cost"] == "£2 a session"  # no silent overwrite


@pytest.mark.parametrize("change, field", [
    ({"postcode": "QQ1 1QQ"}, "postcode"), ({"postcode": "SE15"}, "postcode"),
    ({"opening": [{"day": "Sat", "opens": "13:00", "closes": "10:00"}]}, "opening"),
    ({"themes": ["theme-cheese"]}, "themes"), ({"languages": ["Klingon"]}, "languages"),
    ({"name": ""}, "name"), ({"kind": "Castle"}, "kind"), ({"run_by": ["org-nowhere"]}, "run_by")])
def test_bad_fields_are_named_and_nothing_is_written(client, steward, changed_demo, change, field):
    version = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()["version"]
    generation = changed_demo.generation()
    answer = client.patch("/api/assets/asset-peckham-listening-hub", headers=steward,
                          json={"version": version, **change})
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    assert field in answer.get_json()["errors"], answer.get_json()
    assert changed_demo.generation() == generation
    assert client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()["version"] == version
    made = client.post("/api/assets", json={**NEW, **change}, headers=steward)
    assert made.status_code == 422 and field in made.get_json()["errors"]
    assert changed_demo.generation() == generation


def test_retire_removes_it_everywhere_and_an_admin_restores_it(client, steward, changed_demo, accounts_ready):
    name = "Peckham Listening Hub"
    assert name in _feed(client)
    gaps_before = client.get("/map/gaps.json?gap=1").get_data(as_text=True)
    retired = client.post("/api/assets/asset-peckham-listening-hub/retire", headers=steward,
                          json={"note": "closed for good"})
    assert retired.status_code == 200
    assert name not in _feed(client) and name not in _search_names(client, "SE15 5JR")
    assert name not in [a["name"] for a in client.get("/api/assets").get_json()["assets"]]
    assert "asset-peckham-listening-hub" not in client.get("/map/assets.json").get_data(as_text=True)
    assert client.get("/map/gaps.json?gap=1").get_data(as_text=True) != gaps_before
    kept = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()
    assert kept["retired"] is True
    history = client.get("/api/assets/asset-peckham-listening-hub/history", headers=steward).get_json()["history"]
    assert history[0]["action"] == "retired" and history[0]["note"] == "closed for good"
    # Only admins restore; a steward may not.
    assert client.post("/api/assets/asset-peckham-listening-hub/restore", headers=steward,
                       json={"version": 1}).status_code == 403
    admin = {"Authorization": f"Bearer {accounts.new_token(changed_demo, accounts_ready['admin'][0])}"}
    restored = client.post("/api/assets/asset-peckham-listening-hub/restore", headers=admin,
                           json={"version": history[0]["version"]})  # as it stood when it was retired
    assert restored.status_code == 200, restored.get_json()
    assert name in _feed(client) and name in _search_names(client, "SE15 5JR")


def test_restore_brings_back_an_earlier_version(client, steward, changed_demo, accounts_ready):
    admin = {"Authorization": f"Bearer {accounts.new_token(changed_demo, accounts_ready['admin'][0])}"}
    v0 = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()["version"]
    one = client.patch("/api/assets/asset-peckham-listening-hub", headers=steward, json={"version": v0, "cost": "£1"})
    v1 = one.get_json()["version"]
    client.patch("/api/assets/asset-peckham-listening-hub", headers=steward, json={"version": v1, "cost": "£5"})
    client.post("/api/assets/asset-peckham-listening-hub/retire", headers=steward, json={})
    back = client.post("/api/assets/asset-peckham-listening-hub/restore", headers=admin, json={"version": v1})
    assert back.status_code == 200, back.get_json()
    now = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()
    assert now["cost"] == "£1" and now["retired"] is False
    assert "Peckham Listening Hub" in _feed(client)
    assert client.get("/api/assets/asset-peckham-listening-hub/history", headers=steward).get_json()[
        "history"][0]["action"] == "restored"


def test_possible_duplicates_are_warned_about_and_can_be_merged(client, steward, changed_demo):
    dup = {**NEW, "name": "Peckham Listening Hub", "postcode": "SE15 5JR"}
    warned = client.post("/api/assets", json=dup, headers=steward)
    assert warned.status_code == 409 and warned.get_json()["type"].endswith(":possible-duplicate")
    assert warned.get_json()["suggestions"][0]["id"] == "asset-peckham-listening-hub"
    made = client.post("/api/assets", json={**dup, "create_new": True, "themes": ["theme-housing"]}, headers=steward)
    assert made.status_code == 201
    twin = made.get_json()["id"]
    merged = client.post("/api/assets/asset-peckham-listening-hub/merge", headers=steward, json={"duplicate": twin})
    assert merged.status_code == 200, merged.get_json()
    kept = client.get("/api/assets/asset-peckham-listening-hub", headers=steward).get_json()
    assert "theme-housing" in kept["themes"] and "org-southwark-council" in kept["run_by"]
    gone = client.get(f"/api/assets/{twin}", headers=steward).get_json()
    assert gone["retired"] and gone["merged_into"] == "asset-peckham-listening-hub"
    assert [h["action"] for h in client.get(f"/api/assets/{twin}/history", headers=steward).get_json()["history"]] \
        == ["merged", "added"]
    assert list(_feed(client)).count("Peckham Listening Hub") == 1


def test_organisations_are_added_edited_retired_with_history(client, steward, changed_demo):
    made = client.post("/api/organisations", headers=steward,
                       json={"name": "Nunhead Tenants Association", "kind": "community", "area": "area-E09000028"})
    assert made.status_code == 201, made.get_json()
    oid = made.get_json()["id"]
    dup = client.post("/api/organisations", headers=steward, json={"name": "Nunhead Tenants Association",
                                                                   "kind": "community"})
    assert dup.status_code == 409
    bad = client.patch(f"/api/organisations/{oid}", headers=steward, json={"version": 1, "kind": "castle",
                                                                          "area": "area-nowhere"})
    assert bad.status_code == 422 and {"kind", "area"} <= set(bad.get_json()["errors"])
    ok = client.patch(f"/api/organisations/{oid}", headers=steward, json={"version": 1, "contact": "020 7946 0000"})
    assert ok.status_code == 200 and ok.get_json()["version"] == 2
    assert client.patch(f"/api/organisations/{oid}", headers=steward,
                        json={"version": 1, "contact": "x"}).status_code == 409
    assert client.post(f"/api/organisations/{oid}/retire", headers=steward, json={"version": 2}).status_code == 200
    one = client.get(f"/api/organisations/{oid}", headers=steward).get_json()
    assert one["retired"] and "members" not in one
    history = client.get(f"/api/organisations/{oid}/history", headers=steward).get_json()["history"]
    assert [h["action"] for h in history] == ["retired", "edited", "added"]


def test_verifying_records_who_and_when(client, steward, changed_demo):
    done = client.post("/api/assets/asset-streatham-peer/verify", headers=steward, json={"note": "rang them"})
    assert done.status_code == 200
    one = client.get("/api/assets/asset-streatham-peer", headers=steward).get_json()
    assert one["verified_by"] == "steward@test.example.org" and one["last_checked"]
    assert client.get("/api/assets/asset-streatham-peer/history", headers=steward).get_json()[
        "history"][0]["action"] == "verified"
