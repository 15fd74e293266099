"""Issue 13: the public's suggestions (anti-abuse, contact for stewards only, accepted field by field),
imports that respect stewards' edits, the stewards' pages, and the attacks: no person's data for a
steward, no edits by anyone else, CSRF on every form."""
from __future__ import annotations

import copy
import json

import pytest

from mapper.accounts import users as accounts
from mapper.directory import oruk_import, suggestion_limits, suggestions, work_queue
from mapper.privacy import subject_access

from tests.conftest import csrf_token_from

CONTACT = "suggester-0042@example.net"


def test_anyone_may_suggest_and_the_contact_reaches_stewards_only(client, changed_demo, sign_in):
    sent = client.post("/api/suggestions", json={"entry": "asset-peckham-listening-hub", "message": "moved to Weds",
                                                  "fields": {"opening": "Wed 10:00-13:00"}, "contact": CONTACT})
    assert sent.status_code == 202 and "id" not in sent.get_json()
    assert CONTACT not in sent.get_data(as_text=True)
    for path in ("/api/assets", "/openreferral/services?per_page=200", "/assets", "/map/assets.json",
                 "/assets?where=SE15+5JR"):
        assert CONTACT not in client.get(path).get_data(as_text=True), path
    for role in ("prescriber", "organiser", "collaborative"):
        assert CONTACT not in sign_in(role).get("/prescribers/?where=SE15+5JR").get_data(as_text=True)
        assert sign_in(role).get("/directory/").status_code == 403
    steward = sign_in("steward")
    queue = steward.get("/directory/").get_data(as_text=True)
    assert "moved to Weds" in queue
    sid = suggestions.waiting(changed_demo)[0]["id"]
    assert CONTACT in steward.get(f"/directory/suggestions/{sid}").get_data(as_text=True)


def test_anti_abuse_honeypot_size_links_and_rate(app, client, changed_demo):
    before = len(suggestions.waiting(changed_demo))
    bot = client.post("/api/suggestions", json={"message": "cheap pills", "website": "http://spam.example"})
    assert bot.status_code == 202 and len(suggestions.waiting(changed_demo)) == before  # dropped, silently
    big = client.post("/api/suggestions", json={"message": "x" * 1001})
    assert big.status_code == 422 and "message" in big.get_json()["errors"]
    links = client.post("/api/suggestions", json={"message": "see http://a.example http://b.example https://c.example"})
    assert links.status_code == 422
    unknown = client.post("/api/suggestions", json={"entry": "no-such-entry", "message": "closed"})
    assert unknown.status_code == 404
    app.config.update(SUGGESTIONS_PER_WINDOW=2, SUGGESTIONS_PER_DAY=20)
    suggestion_limits.forget_all(changed_demo)
    answers = [client.post("/api/suggestions", json={"message": f"a new group {n}"}).status_code for n in range(3)]
    assert answers == [202, 202, 429]
    limited = client.post("/api/suggestions", json={"message": "again"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    page = client.get("/assets/suggest").get_data(as_text=True)
    refused = client.post("/assets/suggest", data={"message": "a group", "csrf_token": csrf_token_from(page)})
    assert refused.status_code == 429


def test_a_suggestion_is_accepted_field_by_field_and_its_contact_erased(client, changed_demo, sign_in):
    page = client.get("/assets/asset-peckham-listening-hub/suggest").get_data(as_text=True)
    sent = client.post("/assets/asset-peckham-listening-hub/suggest", data={
        "csrf_token": csrf_token_from(page), "message": "new day and phone", "opening": "Wed 10:00-13:00",
        "your_contact": CONTACT, "cost": "£3", "website": ""})
    assert sent.status_code == 200 and "a steward will check" in sent.get_data(as_text=True)
    found = suggestions.waiting(changed_demo)[-1]
    assert found["fields"] == {"opening": "Wed 10:00-13:00", "cost": "£3"}
    steward = sign_in("steward")
    html = steward.get(f"/directory/suggestions/{found['id']}").get_data(as_text=True)
    assert "Tue 10:00-13:00" in html  # the current value beside the suggestion
    done = steward.post(f"/directory/suggestions/{found['id']}", data={
        "csrf_token": csrf_token_from(html), "action": "accept", "accept": ["opening"],
        "value_opening": "Wed 10:00-13:00", "value_cost": "£3", "version": "0"})
    assert done.status_code == 302, done.get_data(as_text=True)[:500]
    entry = steward.get("/api/assets/asset-peckham-listening-hub").get_json()
    assert entry["opening"] == ["Wed 10:00-13:00"] and entry["cost"] == "free"  # the cost was not accepted
    assert suggestions.for_contacts(changed_demo, [CONTACT]) == []  # the suggestion and its contact are gone
    history = steward.get("/api/assets/asset-peckham-listening-hub/history").get_json()["history"]
    assert history[0]["action"] == "suggestion accepted" and CONTACT not in json.dumps(history)


def test_a_new_entry_suggested_and_accepted(client, changed_demo, sign_in):
    client.post("/api/suggestions", json={"fields": {"name": "Camberwell Walking Group", "kind": "Peer-support group",
                                                     "postcode": "SE5 8RS", "opening": "Sat 09:00-10:30"}})
    found = [s for s in suggestions.waiting(changed_demo) if not s["entry"]][-1]
    steward = sign_in("steward")
    html = steward.get(f"/directory/suggestions/{found['id']}").get_data(as_text=True)
    bad = steward.post(f"/directory/suggestions/{found['id']}", data={
        "csrf_token": csrf_token_from(html), "action": "accept", "accept": ["name", "kind", "postcode"],
        "value_name": "Camberwell Walking Group", "value_kind": "Peer-support group", "value_postcode": "SE5"})
    assert bad.status_code == 422 and "full postcode" in bad.get_data(as_text=True)
    ok = steward.post(f"/directory/suggestions/{found['id']}", data={
        "csrf_token": csrf_token_from(html), "action": "accept", "accept": ["name", "kind", "postcode", "opening"],
        "value_name": "Camberwell Walking Group", "value_kind": "Peer-support group", "value_postcode": "SE5 8RS",
        "value_opening": "Sat 09:00-10:30"})
    assert ok.status_code == 302
    names = [r["name"] for r in client.get("/api/search?where=SE5%208RS&radius=1").get_json()["results"]]
    assert "Camberwell Walking Group" in names


def test_subject_access_lists_and_erasure_deletes_a_persons_suggestions(client, changed_demo):
    person = changed_demo.read_one("person_by_id", id="p-001")
    contact = person["email"] or person["phone"]
    client.post("/api/suggestions", json={"message": "a new group in Peckham", "contact": contact})
    document = subject_access.export(changed_demo, "p-001", "admin@test.example.org", "api")
    assert [s["message"] for s in document["directory_suggestions"]] == ["a new group in Peckham"]
    from mapper.privacy import erasure

    erasure.erase(changed_demo, "p-001", "admin@test.example.org", "api")
    assert suggestions.for_contacts(changed_demo, [contact]) == []


def _feed(client) -> list[dict]:
    return [client.get(f"/openreferral/services/{s['id']}").get_json()
            for s in client.get("/openreferral/services?per_page=3").get_json()["contents"]]


def test_a_reimport_keeps_a_stewards_edit_lists_the_conflict_and_never_duplicates(client, changed_demo, sign_in):
    feed = copy.deepcopy(_feed(client))
    for item in feed:
        item["id"] = item["id"][:-4] + "cafe"
        item["name"] = "Fed " + item["name"]
    done = oruk_import.import_feed(changed_demo, feed, source="partner-feed.json")
    assert done["added"] == 3 and not done["conflicts"]
    aid = f"oruk-{feed[0]['id']}"
    steward = sign_in("steward")
    entry = steward.get(f"/api/assets/{aid}").get_json()
    assert entry["source"] == "openreferral" and entry["source_feed"] == "partner-feed.json"
    steward.patch(f"/api/assets/{aid}", json={"version": entry["version"], "contact": "steward-fixed@example.org"})
    again = copy.deepcopy(feed)
    again[0]["email"] = "feed-changed@example.org"
    again[0]["description"] = "A new description from the feed."
    done = oruk_import.import_feed(changed_demo, again, source="partner-feed.json")
    assert done["added"] == 0 and done["updated"] == 1
    assert [(c["entry"], c["field"]) for c in done["conflicts"]] == [(aid, "contact")]
    after = steward.get(f"/api/assets/{aid}").get_json()
    assert after["contact"] == "steward-fixed@example.org"  # the steward's edit is kept
    assert after["description"] == "A new description from the feed."  # other fields follow the feed
    names = [a["name"] for a in client.get("/api/assets").get_json()["assets"]]
    assert names.count(feed[0]["name"]) == 1
    queue = steward.get("/directory/").get_data(as_text=True)
    assert "feed-changed@example.org" in queue and "steward-fixed@example.org" in queue
    conflict = work_queue.conflicts(changed_demo)[0]
    steward.post(f"/directory/conflicts/{conflict['id']}", data={"take": "theirs", "csrf_token": csrf_token_from(queue)})
    assert steward.get(f"/api/assets/{aid}").get_json()["contact"] == "feed-changed@example.org"
    assert work_queue.conflicts(changed_demo) == []


def test_the_add_form_names_each_bad_field_and_keeps_what_was_typed(changed_demo, sign_in):
    steward = sign_in("steward")
    html = steward.get("/directory/assets/new").get_data(as_text=True)
    answer = steward.post("/directory/assets/new", data={
        "csrf_token": csrf_token_from(html), "name": "Dulwich Talking Café", "kind": "Hub", "postcode": "SE21 9ZZ",
        "day_0": "Mon", "opens_0": "14:00", "closes_0": "12:00", "languages_other": "Elvish", "cost": "free"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'id="postcode-error"' in page and 'id="opening-error"' in page and 'id="languages-error"' in page
    assert 'value="Dulwich Talking Café"' in page and 'value="SE21 9ZZ"' in page and 'value="Elvish"' in page
    assert 'value="14:00"' in page and 'value="12:00"' in page


def test_a_steward_sees_no_persons_data(changed_demo, sign_in):
    steward = sign_in("steward")
    for path in ("/api/people", "/api/people/p-001", "/organisers/", "/collaborative/", "/admin/",
                 "/api/network/summary", "/admin/subject-access?person=p-001"):
        assert steward.get(path).status_code == 403, path
    names = [p["name"] for p in changed_demo.read("list_people", skip=0, limit=500) if p["name"]]
    runner = changed_demo.read_one("person_by_id", id="p-001")
    for path in ("/directory/", "/directory/entries", "/directory/assets/asset-peckham-listening-hub",
                 "/directory/organisations/org-southwark-council", "/api/organisations/org-southwark-council",
                 "/api/assets/asset-peckham-listening-hub", "/api/assets/asset-peckham-listening-hub/history"):
        text = steward.get(path).get_data(as_text=True)
        assert not [n for n in names if len(n) > 6 and n in text], path
        assert (runner["email"] or "@@@") not in text, path


@pytest.mark.parametrize("role", ["organiser", "prescriber", "collaborative"])
def test_only_stewards_and_admins_edit_the_directory(changed_demo, sign_in, accounts_ready, role):
    client = sign_in(role)
    assert client.get("/directory/assets/new").status_code == 403
    assert client.get("/directory/assets/asset-peckham-listening-hub/edit").status_code == 403
    token = accounts.new_token(changed_demo, accounts_ready[role][0])
    headers = {"Authorization": f"Bearer {token}"}
    assert client.patch("/api/assets/asset-peckham-listening-hub", headers=headers,
                        json={"version": 0, "name": "Hijacked"}).status_code == 403
    assert client.post("/api/assets", headers=headers, json={"name": "x"}).status_code == 403
    assert client.post("/api/organisations", headers=headers, json={"name": "x"}).status_code == 403


def test_anonymous_visitors_cannot_edit(client, changed_demo):
    assert client.patch("/api/assets/asset-peckham-listening-hub", json={"version": 0, "name": "x"}).status_code == 401
    assert client.post("/api/assets/asset-peckham-listening-hub/retire", json={}).status_code == 401
    page = client.get("/directory/assets/asset-peckham-listening-hub/edit")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert client.get("/api/assets/asset-peckham-listening-hub/history").status_code == 401


def test_csrf_is_enforced_on_the_stewards_and_the_publics_forms(changed_demo, sign_in, client):
    assert client.post("/assets/asset-peckham-listening-hub/suggest", data={"message": "x"}).status_code == 400
    steward = sign_in("steward")
    for path, data in (("/directory/assets/asset-peckham-listening-hub/edit", {"name": "Hijacked"}),
                       ("/directory/assets/asset-peckham-listening-hub/retire", {"confirm": "yes"}),
                       ("/directory/assets/asset-peckham-listening-hub/verify", {}),
                       ("/directory/assets/new", {"name": "x"})):
        assert steward.post(path, data=data).status_code == 400, path
    assert steward.get("/api/assets/asset-peckham-listening-hub").get_json()["name"] == "Peckham Listening Hub"
