"""Each privacy rule tried the way someone trying to get round it would: through the pages AND the
API (and the exports and the Open Referral feed for assets), against the real Neo4j.

- Without consent to be contacted, a person's email and phone never reach a browser or an API
  client, whatever page, form error or endpoint is asked, and whatever the role.
- Every look at a record is one "viewed" entry in the audit trail; every change its own entry.
- An erased record takes no edit, no new link and no new 1:1, through the page or the API.
- A new person's fields are checked by one rule, the same for the 1:1 form and ``POST /api/people``.
- An asset that hides its address never gives away its street address, full postcode or the
  exact point stored in Neo4j: only its postcode district and that district's centre, everywhere.
- ``/api/assets`` takes the same filter words as ``/api/search`` and the pages.
"""
from __future__ import annotations

import csv
import io
import json

import pytest

from mapper import geo
from mapper.directory import exports, openreferral as oruk, search
from mapper.privacy import consent, erasure

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import LEWISHAM, load_small

GRACE_EMAIL, GRACE_PHONE = "grace@example.org", "07700 900002"


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


@pytest.fixture()
def grace_not_to_be_contacted(small):
    consent.change(small, "p-002", "contact", False, "2025-03-04", "organiser@test.example.org", "cli", "cli")
    held = small.read_one("person_by_id", id="p-002")
    assert (held["email"], held["phone"]) == (GRACE_EMAIL, GRACE_PHONE)  # still held, for spotting duplicates
    return small


def leaked(text: str) -> list[str]:
    return [needle for needle in (GRACE_EMAIL, GRACE_PHONE, "07700900002", "grace@") if needle in text]


def viewed(store, person_id: str) -> list[dict]:
    return [e for e in store.read("audit_entries", people=[person_id], actor=None, action="viewed", since=None,
                                  until=None, skip=0, limit=100)]


# ---- people ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_contact_details_without_consent_reach_no_page_and_no_api_reply(grace_not_to_be_contacted, sign_in, role):
    client = sign_in(role)
    page = client.get("/organisers/people/p-002")
    assert page.status_code == 200 and 'id="no-contact"' in page.get_data(as_text=True)
    api = client.get("/api/people/p-002")
    assert api.status_code == 200 and api.get_json()["email"] is None and api.get_json()["phone"] is None
    texts = {"page": page.get_data(as_text=True), "api": api.get_data(as_text=True)}
    for path in ("/api/people", "/api/people/search?q=grace", "/organisers/", "/organisers/me",
                 "/organisers/people/p-002/neighbourhood.json", "/organisers/people/p-001/neighbourhood.json",
                 "/organisers/one-to-ones/new?with=p-002"):
        response = client.get(path)
        assert response.status_code == 200, path
        texts[path] = response.get_data(as_text=True)
    if role == "admin":  # the merge form shows who is chosen, and the erasure form too
        texts["merge"] = client.get("/organisers/people/merge?keep=p-002&drop=p-003").get_data(as_text=True)
        assert "held, not shown" in texts["merge"]
        texts["erasures"] = client.get("/admin/erasures?person=p-002").get_data(as_text=True)
    # The edit form sent back with a mistake (the name left out) and the hidden fields left empty:
    # the page that shows the mistake must not fill them in with what is held.
    token = csrf_token_from(texts["page"])
    bad = client.post("/organisers/people/p-002/edit", data={"csrf_token": token, "name": "", "email": "", "phone": "",
                                                             "area": LEWISHAM, "consent_recorded": "1"})
    assert bad.status_code == 422 and 'id="name-error"' in bad.get_data(as_text=True)
    texts["edit with a mistake"] = bad.get_data(as_text=True)
    # A link sent back with a mistake re-renders the page too.
    bad = client.post("/organisers/people/p-002/link", data={"csrf_token": token, "type": "OWNS", "place": "org-1"})
    assert bad.status_code == 422
    texts["link with a mistake"] = bad.get_data(as_text=True)
    # Likely duplicates offered on the 1:1 form (found by her email) name her, never her details.
    offered = client.post("/organisers/one-to-ones/new", data={
        "csrf_token": token, "date": "2025-03-01", "a_id": "p-001", "b_name": "G Adeyemi", "b_email": GRACE_EMAIL})
    assert offered.status_code == 200 and 'value="p-002"' in offered.get_data(as_text=True)
    texts["duplicates"] = offered.get_data(as_text=True).replace(f'value="{GRACE_EMAIL}"', "")  # what was typed
    duplicates = client.post("/api/people", json={"name": "G Adeyemi", "email": GRACE_EMAIL})
    assert duplicates.status_code == 409 and duplicates.get_json()["suggestions"][0]["id"] == "p-002"
    texts["api duplicates"] = duplicates.get_data(as_text=True).replace(GRACE_EMAIL, "", 1)  # the typed email, once
    assert {where: leaked(text) for where, text in texts.items() if leaked(text)} == {}
    assert grace_not_to_be_contacted.read_one("person_by_id", id="p-002")["email"] == GRACE_EMAIL


def test_with_consent_to_be_contacted_the_details_are_shown(small, sign_in):
    client = sign_in("organiser")
    assert GRACE_EMAIL in client.get("/organisers/people/p-002").get_data(as_text=True)
    assert client.get("/api/people/p-002").get_json()["phone"] == GRACE_PHONE


def test_every_look_at_a_record_is_audited_once_whichever_way_it_came(small, sign_in):
    client = sign_in("organiser")
    assert viewed(small, "p-002") == []
    client.get("/organisers/people/p-002")
    client.get("/api/people/p-002")
    entries = viewed(small, "p-002")
    assert sorted(e["via"] for e in entries) == ["api", "web"]
    assert {e["actor"] for e in entries} == {"organiser@test.example.org"}
    client.get("/api/people/search?q=grace")  # a list is not a look at the record
    client.get("/organisers/people/p-002/neighbourhood.json")
    assert len(viewed(small, "p-002")) == 2
    assert client.get("/api/people/nobody").status_code == 404 and viewed(small, "nobody") == []


def test_changes_are_audited_once_each_through_the_page_and_the_api(small, sign_in):
    client = sign_in("organiser")
    token = csrf_token_from(client.get("/organisers/people/p-004").get_data(as_text=True))

    def actions():
        return [e["action"] for e in small.read("audit_entries", people=["p-004"], actor=None, action=None, since=None,
                                                until=None, skip=0, limit=100) if e["action"] != "viewed"]

    assert client.post("/organisers/people/p-004/link", data={"csrf_token": token, "type": "MEMBER_OF",
                                                              "place": "org-1"}).status_code == 302
    assert client.post("/api/people/p-004/links", json={"type": "ATTENDS", "place": "asset-1"}).status_code == 201
    assert client.post("/organisers/people/p-004/unlink", data={"csrf_token": token, "type": "MEMBER_OF",
                                                                "place": "org-1"}).status_code == 302
    assert client.post("/organisers/people/p-004/unlink", data={"csrf_token": token, "type": "MEMBER_OF",
                                                                "place": "org-1"}).status_code == 302  # nothing left
    assert client.post("/organisers/people/p-004/unlink", data={"csrf_token": token, "type": "ONE_TO_ONE",
                                                                "place": "p-003"}).status_code == 400
    assert client.post("/organisers/people/p-004/active", data={"csrf_token": token, "active": "0"}).status_code == 302
    assert sorted(actions()) == ["deactivated", "linked", "linked", "unlinked"]
    assert {(l["type"], l["id"]) for l in small.read("person_links", id="p-004")} == {("ATTENDS", "asset-1")}


def test_an_erased_record_takes_no_edit_link_or_one_to_one_through_the_page_or_the_api(small, sign_in):
    erasure.erase(small, "p-003", "admin@test.example.org", "cli")
    before = small.read("person_links", id="p-003")
    client = sign_in("admin")
    token = csrf_token_from(client.get("/organisers/people/p-003").get_data(as_text=True))
    edit = client.post("/organisers/people/p-003/edit", data={"csrf_token": token, "name": "Sam Okoye",
                                                              "email": "sam@example.org", "consent_recorded": "1"})
    assert edit.status_code == 409
    assert client.post("/organisers/people/p-003/link", data={"csrf_token": token, "type": "MEMBER_OF",
                                                              "place": "org-1"}).status_code == 409
    assert client.post("/api/people/p-003/links", json={"type": "MEMBER_OF", "place": "org-1"}).status_code == 409
    form = client.post("/organisers/one-to-ones/new", data={"csrf_token": token, "date": "2025-03-01",
                                                           "a_id": "p-004", "b_id": "p-003"})
    assert form.status_code == 422 and "this record was erased" in form.get_data(as_text=True)
    api = client.post("/api/one-to-ones", json={"a": "p-004", "b": "p-003", "date": "2025-03-01"})
    assert api.status_code == 422 and "erased" in api.get_json()["errors"]["b_name"]
    after = small.read_one("person_by_id", id="p-003")
    assert after["name"] == erasure.PLACEHOLDER and after["email"] is None
    assert small.read("person_links", id="p-003") == before


@pytest.mark.parametrize("field, value, words", [
    ("name", "Precious\x01Mensah", "contains control characters."),
    ("email", "not-an-email", "This is not an email address."),
    ("phone", "call me maybe", "This is not a phone number (digits, spaces and an optional leading +)."),
    ("area", "area-moon", "Choose an area from the list."),
])
def test_a_new_person_is_checked_by_one_rule_on_the_form_and_the_api(small, sign_in, field, value, words):
    client = sign_in("organiser")
    token = csrf_token_from(client.get("/organisers/one-to-ones/new").get_data(as_text=True))
    new = {"name": "Precious Mensah", "email": "", "phone": "", "area": LEWISHAM, field: value}
    form = client.post("/organisers/one-to-ones/new", data={
        "csrf_token": token, "date": "2025-03-01", "a_id": "p-001", **{f"b_{k}": v for k, v in new.items()}})
    api = client.post("/api/people", json={"name": "Precious Mensah", "area": LEWISHAM, field: value})
    assert form.status_code == 422 and api.status_code == 422, api.get_json()
    assert api.get_json()["errors"][field].endswith(words)
    page = form.get_data(as_text=True)
    assert f'id="b_{field}-error"' in page and words in page
    assert small.read_one("count_people")["people"] == 4


def test_the_one_to_one_rules_are_the_same_on_the_form_and_the_api(small, sign_in):
    client = sign_in("organiser")
    token = csrf_token_from(client.get("/organisers/one-to-ones/new").get_data(as_text=True))
    for fields, words in (({"b_id": "p-001"}, "themselves"), ({"b_id": "p-nobody"}, "no such person"),
                          ({"b_id": "p-002", "follow_up": "Ring", "follow_up_due": ""}, "due date")):
        form = client.post("/organisers/one-to-ones/new", data={"csrf_token": token, "date": "2025-03-01",
                                                               "a_id": "p-001", **fields})
        body = {"a": "p-001", "b": fields["b_id"], "date": "2025-03-01"}
        body.update({k: v for k, v in fields.items() if k != "b_id"})
        api = client.post("/api/one-to-ones", json=body)
        assert form.status_code == 422 and words in form.get_data(as_text=True)
        assert api.status_code == 422 and words in json.dumps(api.get_json()["errors"]), api.get_json()
    assert small.read_one("count_one_to_ones")["meetings"] == 2


# ---- assets -------------------------------------------------------------------------------------
SECRET = {"id": "asset-zz-secret-refuge", "kind": "PeerSupportGroup", "lat": 51.4712345, "lon": -0.0712345,
          "props": {"name": "Zz Secret Refuge Circle", "description": "A circle whose venue is never published.",
                    "address": "12 Hidden Mews, Peckham", "postcode": "SE15 9ZZ", "hide_address": True,
                    "languages": ["English"], "accessibility": ["step-free"], "cost": "free",
                    "opening": ["Tue 10:00-12:00"], "contact": "020 7946 0999", "last_checked": None}}
NEEDLES = ("12 Hidden Mews", "Hidden Mews", "9ZZ", "51.47123", "-0.07123", "51.4712", "-0.0712")


@pytest.fixture()
def secret_asset(demo_store):
    """A refuge that hides its address, planted in the demo (and taken out again afterwards)."""
    demo_store.write("upsert_assets", rows=[{**SECRET, "props": {k: v for k, v in SECRET["props"].items()
                                                                 if v is not None}}])
    stored = demo_store.read_one("assets_by_ids", ids=[SECRET["id"]])
    assert (stored["lat"], stored["lon"]) == (SECRET["lat"], SECRET["lon"])  # the exact point is held in Neo4j
    yield demo_store
    demo_store.write("delete_assets_with_prefix", prefix="asset-zz-secret")


def centre() -> tuple[float, float]:
    district = geo.lookup("SE15")
    return round(district.lat, 4), round(district.lon, 4)


def only(entries: list[dict]) -> dict:
    [found] = [e for e in entries if e.get("id") == SECRET["id"]]
    return found


def test_a_hidden_address_is_never_sent_anywhere(secret_asset, client):
    uuid = oruk.service_uuid(SECRET["id"])
    outputs = {
        "/api/assets": only(client.get("/api/assets").get_json()["assets"]),
        "/api/assets?kind": only(client.get("/api/assets?kind=PeerSupportGroup&cost=free").get_json()["assets"]),
        "/api/search": only(client.get("/api/search?where=SE15%205DQ&radius=5").get_json()["results"]),
        "/map/assets/<id>.json": client.get(f"/map/assets/{SECRET['id']}.json").get_json(),
        "/openreferral/services/<id>": client.get(f"/openreferral/services/{uuid}").get_json(),
        "/openreferral/service_at_locations": [s for s in client.get(
            "/openreferral/service_at_locations?postcode=SE15%205DQ&proximity=5000&per_page=1000").get_json()["contents"]
            if s["service"]["id"] == uuid],
        "csv": only(list(csv.DictReader(io.StringIO(exports.export(secret_asset, "csv"))))),
        "geojson": only(json.loads(exports.export(secret_asset, "geojson"))["features"]),
        "oruk": [s for s in json.loads(exports.export(secret_asset, "oruk"))["contents"] if s["id"] == uuid],
    }
    markers = client.get("/map/assets.json").get_json()
    outputs["/map/assets.json"] = [m for m in markers["assets"] if m[0] == SECRET["id"]]
    assert all(outputs.values()), [k for k, v in outputs.items() if not v]
    for path in ("/assets", "/assets?where=SE15%205DQ&radius=5", f"/assets/shortlist?id={SECRET['id']}"):
        html = client.get(path).get_data(as_text=True)
        assert SECRET["props"]["name"].replace("'", "&#39;") in html, path
        outputs[path] = html
    found = {where: [n for n in NEEDLES if n in (v if isinstance(v, str) else json.dumps(v))]
             for where, v in outputs.items()}
    assert {where: needles for where, needles in found.items() if needles} == {}
    # What is shown instead: the district, and the district's centre as the one point, everywhere.
    lat, lon = centre()
    assert outputs["/api/assets"]["postcode"] == "SE15" and outputs["/api/assets"]["address"] is None
    assert (outputs["/api/assets"]["lat"], outputs["/api/assets"]["lon"]) == (lat, lon)
    assert (outputs["/api/search"]["lat"], outputs["/api/search"]["lon"]) == (lat, lon)
    assert outputs["/map/assets.json"][0][3:] == [lat, lon, False]
    assert outputs["geojson"]["geometry"]["coordinates"] == [lon, lat]
    assert (float(outputs["csv"]["lat"]), float(outputs["csv"]["lon"])) == (lat, lon)
    location = outputs["/openreferral/services/<id>"]["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (lat, lon)


def test_distances_to_a_hidden_asset_are_measured_from_its_district_not_its_point(secret_asset, client):
    from_the_point = []
    for where in ("SE15 5DQ", "SE5 8RS", "SE22 8HQ"):  # three places: no trilateration of the stored point
        origin = geo.resolve(where)
        result = only(client.get(f"/api/search?where={where}&radius=10").get_json()["results"])
        assert result["distance_m"] == pytest.approx(geo.distance_m(origin, geo.lookup("SE15")), abs=1.0)
        exact = geo.distance_m(origin, {"lat": SECRET["lat"], "lon": SECRET["lon"]})
        from_the_point.append(abs(result["distance_m"] - exact) < 1.0)
    assert not all(from_the_point)


def test_api_assets_takes_the_search_vocabulary_and_its_old_words(demo_store, client):
    def ids(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_json())
        return [a["id"] for a in response.get_json()["assets"]]

    old = ids("/api/assets?kind=ListeningHub&theme=theme-loneliness")  # as it always took them
    assert old and old == ids("/api/assets?kind=Listening%20hub&theme=Loneliness%20and%20isolation")
    assert old == [a["id"] for a in search.listing(demo_store, search.checked_filters(
        {"kind": "ListeningHub", "theme": "theme-loneliness"}, demo_store))]
    assert ids("/api/assets?kind=&theme=") == ids("/api/assets")
    richer = ids("/api/assets?kind=PeerSupportGroup&cost=free&day=Saturday")
    page = client.get("/assets?kind=PeerSupportGroup&cost=free&day=Saturday").get_data(as_text=True)
    assert richer and all(f'value="{i}"' in page for i in richer)
    for bad in ("kind=Castle", "theme=astrology", "cost=cheap", "day=Someday"):
        response = client.get(f"/api/assets?{bad}")
        assert response.status_code == 422 and bad.split("=")[0] in response.get_json()["errors"], bad
