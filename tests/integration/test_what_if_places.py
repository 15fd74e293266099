"""What-if names a place to go: everyone it cuts off is given the listening hub or peer-support group
left nearest their area, with the miles, measured to published points only (a venue that hides its
address counts at its postcode district's centre, never its own point)."""
from __future__ import annotations

import numpy as np

from mapper.accounts import users as accounts
from mapper.directory.search import map_points
from mapper.geo.distance import METRES_PER_MILE, to_grid
from mapper.geo.postcodes.index import load_index

AMINA = "p-001"  # her departure cuts off 14 people (10 in Lewisham, 4 in Bexley)
CATFORD = "asset-catford-listening-hub"
SUPPORT = ("ListeningHub", "PeerSupportGroup")


def expected_places(store, areas, points=None, gone=()) -> dict:
    """For each area name: (name, miles) of the nearest support at the given points (default: the
    published ones, as the public map has them), worked out here apart from the code under test."""
    points = points if points is not None else map_points(store)
    support = [p for p in points if p["kind"] in SUPPORT and p["id"] not in gone]
    east, north = to_grid(np.array([p["lat"] for p in support]), np.array([p["lon"] for p in support]))
    codes = {a["name"]: a["code"] for a in store.read("list_areas")}
    out = {}
    for area in areas:
        centre = load_index().la_location(codes[area])
        dist = np.hypot(east - centre.easting, north - centre.northing)
        best = int(np.argmin(dist))
        out[area] = (support[best]["name"], round(float(dist[best]) / METRES_PER_MILE, 1))
    return out


def cut_off_rows(result) -> list[dict]:
    return [r for r in result["nearest"] if r["after"] is None]


def test_everyone_cut_off_is_given_the_nearest_hub_or_group_and_its_miles(demo_store, sign_in):
    client = sign_in("collaborative")
    result = client.post("/api/network/what-if", json={"remove": [AMINA]}).get_json()
    rows = cut_off_rows(result)
    assert len(rows) == len(result["cut_off"]) == 14
    want = expected_places(demo_store, ["Lewisham", "Bexley"])
    for row in rows:
        place = (row["go_to"]["name"], row["go_to"]["miles"])
        assert place in want.values(), row
        assert row["go_to"]["kind"] in ("listening hub", "peer-support group")
        assert row["go_to"]["name"] in row["sentence"] and "could be introduced to" in row["sentence"]
    assert {(r["go_to"]["name"], r["go_to"]["miles"]) for r in rows} == set(want.values())
    page = client.get("/collaborative/what-if", query_string={"remove": AMINA}).get_data(as_text=True)
    assert "Where to introduce the people cut off" in page
    assert page.count("could be introduced to") == 14 and "none known" not in page


def test_a_place_taken_out_is_never_the_place_to_go(demo_store, sign_in):
    client = sign_in("collaborative")
    result = client.post("/api/network/what-if", json={"remove": [AMINA, CATFORD]}).get_json()
    rows = cut_off_rows(result)
    assert rows and all(r["go_to"]["name"] != "Catford Listening Hub" for r in rows)
    want = expected_places(demo_store, ["Lewisham"], gone=(CATFORD,))["Lewisham"]
    assert want in {(r["go_to"]["name"], r["go_to"]["miles"]) for r in rows}


def test_a_hidden_address_never_leaks_through_the_what_if_or_the_map(client, changed_demo, accounts_ready):
    """The attacker's test: hide the address of the very place the what-if names for Lewisham, then
    read the what-if and every map answer for its private point."""
    store = changed_demo
    steward = {"Authorization": f"Bearer {accounts.new_token(store, accounts_ready['steward'][0])}"}
    target_name = expected_places(store, ["Lewisham"])["Lewisham"][0]
    target = next(p["id"] for p in map_points(store) if p["name"] == target_name)
    version = client.get(f"/api/assets/{target}", headers=steward).get_json()["version"]
    done = client.patch(f"/api/assets/{target}", headers=steward,
                        json={"version": version, "hide_address": True, "note": "a refuge: keep it private"})
    assert done.status_code == 200, done.get_json()
    private = store.read_one("assets_by_ids", ids=[target])
    assert private["hide_address"]
    # Where the place really is: the answer the what-if must never give.
    points = [dict(p, lat=private["lat"], lon=private["lon"]) if p["id"] == target else p for p in map_points(store)]
    from_private = expected_places(store, ["Lewisham"], points=points)["Lewisham"]
    published = expected_places(store, ["Lewisham"])["Lewisham"]
    assert from_private != published  # the private point would give another answer: the test has teeth

    email, password = accounts_ready["collaborative"]
    from tests.conftest import csrf_token_from

    login = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token_from(login)})
    answer = client.post("/api/network/what-if", json={"remove": [AMINA]})
    places = {(r["go_to"]["name"], r["go_to"]["miles"]) for r in cut_off_rows(answer.get_json())}
    assert published in places and from_private not in places
    texts = {"what-if": answer.get_data(as_text=True),
             "what-if page": client.get("/collaborative/what-if", query_string={"remove": AMINA}).get_data(as_text=True)}
    for path in ("/map/assets.json", "/map/gaps.json?gap=2", "/map/labels.json", f"/map/assets/{target}.json",
                 "/api/network/areas"):
        texts[path] = client.get(path).get_data(as_text=True)
    lat, lon = f"{private['lat']:.4f}", f"{private['lon']:.4f}"
    leaks = [where for where, text in texts.items() if lat in text or lon in text]
    assert not leaks, leaks
