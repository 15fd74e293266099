"""Find support near a place: distances, order, filters and bad input, against the demo data."""
from __future__ import annotations

import doctest
import re

import numpy as np
import pytest

from mapper import geo
from mapper.directory import opening, search

from tests.conftest import csrf_token_from


def reference(store, where: str, radius_m: float, keep=lambda a: True) -> list[tuple[str, float]]:
    """Brute force: every asset, every distance computed one by one in Python."""
    origin = geo.resolve(where)
    out = []
    for a in store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None, free=None):
        if not keep(a):
            continue
        if a["hide_address"]:
            point = geo.lookup(a["postcode"].split(" ")[0])
            grid = (point.easting, point.northing)
        else:
            grid = geo.to_grid(a["lat"], a["lon"])
        d = geo.distance_m(origin, grid)
        if d <= radius_m:
            out.append((a["id"], d))
    return sorted(out, key=lambda x: x[1])


def test_doctests():
    assert doctest.testmod(search).failed == 0


@pytest.mark.parametrize("where, radius", [("SE15 5DQ", "3"), ("se155dq", "2 miles"), ("  Se15   5dq ", "10"),
                                            ("SE15", "4"), ("Croydon", "5 km"), ("CR0", "50")])
def test_results_match_a_brute_force_reference_nearest_first(demo_store, where, radius):
    query = search.parse_query({"where": where, "radius": radius}, demo_store)
    got = search.near(demo_store, query)["results"]
    want = reference(demo_store, where, query.radius_m)
    assert [r["id"] for r in got] == [i for i, _ in want]
    assert np.allclose([r["distance_m"] for r in got], [d for _, d in want], atol=0.1)
    distances = [r["distance_m"] for r in got]
    assert distances == sorted(distances)
    assert all(abs(r["distance_miles"] * geo.METRES_PER_MILE - r["distance_m"]) < 10 for r in got)


def test_the_issue_example_free_peer_support_open_on_saturdays(demo_store):
    query = search.parse_query({"where": "SE15 5DQ", "radius": "3", "kind": "PeerSupportGroup", "cost": "free",
                                "day": "Saturday"}, demo_store)
    got = search.near(demo_store, query)["results"]
    want = reference(demo_store, "SE15 5DQ", 3000, lambda a: a["kind"] == "PeerSupportGroup" and a["cost"] == "free"
                     and opening.is_open(a["opening"], "Saturday"))
    assert [r["id"] for r in got] == [i for i, _ in want]
    assert got and got[0]["name"] == "Peckham Saturday Peer Support Circle"
    assert all(any(line.startswith("Sat") for line in r["opening"]) for r in got)


@pytest.mark.parametrize("args, check", [
    ({"theme": "theme-migration-race"}, lambda a: "theme-migration-race" in a["theme_ids"]),
    ({"theme": "housing"}, lambda a: "theme-housing" in a["theme_ids"]),
    ({"kind": "listening hub"}, lambda a: a["kind"] == "ListeningHub"),
    ({"language": "somali"}, lambda a: "Somali" in a["languages"]),
    ({"access": "BSL"}, lambda a: any("bsl" in x.lower() for x in a["accessibility"])),
    ({"access": "step-free", "cost": "free"}, lambda a: "step-free" in a["accessibility"] and a["cost"] == "free"),
    ({"day": "sat", "time": "morning"}, lambda a: opening.is_open(a["opening"], "Sat", "morning")),
    ({"time": "evening"}, lambda a: opening.is_open(a["opening"], None, "evening")),
])
def test_each_filter_keeps_exactly_the_matching_entries(demo_store, args, check):
    query = search.parse_query({"where": "Lewisham", "radius": "50", **args}, demo_store)
    got = [r["id"] for r in search.near(demo_store, query)["results"]]
    want = [i for i, _ in reference(demo_store, "Lewisham", query.radius_m, check)]
    assert got == want and got


@pytest.mark.parametrize("args, field, words", [
    ({"where": "SE15 SDQ"}, "where", "not a UK postcode"),
    ({"where": "Peckam"}, "where", "Peckam"),
    ({"where": "ZZ99 9ZZ"}, "where", "not found"),
    ({"where": "SE15", "radius": "-2"}, "radius", "more than 0"),
    ({"where": "SE15", "radius": "500"}, "radius", "at most 50 km"),
    ({"where": "SE15", "radius": "lots"}, "radius", "not a distance"),
    ({"where": "SE15", "radius": "nan"}, "radius", "not a distance"),
    ({"where": "SE15", "unit": "furlongs"}, "radius", "unknown unit"),
    ({"where": "SE15", "theme": "knitting"}, "theme", "unknown theme"),
    ({"where": "SE15", "kind": "castle"}, "kind", "unknown kind"),
    ({"where": "SE15", "language": "Klingon"}, "language", "Klingon"),
    ({"where": "SE15", "access": "jetpack"}, "access", "unknown access"),
    ({"where": "SE15", "cost": "cheap"}, "cost", "unknown cost"),
    ({"where": "SE15", "day": "Caturday"}, "day", "unknown day"),
    ({"where": "SE15", "time": "noon"}, "time", "unknown time"),
])
def test_bad_input_names_the_field(demo_store, args, field, words):
    with pytest.raises(search.SearchError) as caught:
        search.parse_query(args, demo_store)
    assert words in caught.value.errors[field]


def test_typos_come_with_suggestions(demo_store):
    for typed, meant in (("SE15 SDQ", "SE15 5DQ"), ("Peckam", "Peckham")):
        with pytest.raises(search.SearchError) as caught:
            search.parse_query({"where": typed}, demo_store)
        assert meant in caught.value.suggestions


def test_suggestions_for_postcode_typos():
    assert search.suggest("SE15 SDQ")[0] == "SE15 5DQ"
    assert search.suggest("SE1S 5DQ")[0] == "SE15 5DQ"
    assert "SE15 5DQ" in search.suggest("SE15 5QD")


def test_hidden_addresses_are_searched_and_shown_by_area_only(demo_store):
    hidden = [a for a in demo_store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None,
                                         free=None) if a["hide_address"]]
    assert hidden
    query = search.parse_query({"where": "SE15 5DQ", "radius": "50"}, demo_store)
    results = {r["id"]: r for r in search.near(demo_store, query)["results"]}
    for a in hidden:
        r = results[a["id"]]
        assert r["address"] is None and r["postcode"] == a["postcode"].split(" ")[0]
        assert (r["lat"], r["lon"]) != (a["lat"], a["lon"])
        district = geo.lookup(r["postcode"])
        assert abs(r["lat"] - district.lat) < 1e-3
        assert r["distance_m"] == pytest.approx(geo.distance_m(geo.resolve("SE15 5DQ"), district), abs=0.2)


# --------------------------------------------------------------------------- the web


def test_api_search_answers_nearest_first_with_km_and_miles(client, demo_store):
    body = client.get("/api/search?postcode=se15%205dq&radius=3&kind=PeerSupportGroup&cost=free&day=Saturday")
    assert body.status_code == 200
    data = body.get_json()
    assert data["origin"]["postcode"] == "SE15 5DQ"
    assert data["results"][0]["name"] == "Peckham Saturday Peer Support Circle"
    first = data["results"][0]
    assert {"distance_km", "distance_miles", "opening", "contact", "last_verified", "address"} <= set(first)
    assert "Ordnance" in data["attribution"] or "OS data" in data["attribution"]


@pytest.mark.parametrize("qs, field", [("where=SE15%20SDQ", "where"), ("where=SE15&radius=-1", "radius"),
                                       ("where=SE15&radius=abc", "radius"), ("where=SE15&radius=900", "radius"),
                                       ("where=SE15&theme=nope", "theme"), ("radius=2", "where"),
                                       ("where=SE15&limit=0", "limit")])
def test_api_search_bad_input_is_422_problem_json(client, demo_store, qs, field):
    response = client.get("/api/search?" + qs)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 422 and field in body["errors"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_api_search_typo_suggests_the_postcode(client, demo_store):
    response = client.get("/api/search?where=SE15%20SDQ")
    assert response.status_code == 422 and response.get_json()["suggestions"] == ["SE15 5DQ"]


def test_api_no_results_offers_a_wider_radius(client, demo_store):
    body = client.get("/api/search?where=DA8%203DH&radius=0.2&language=Makaton&kind=ListeningHub").get_json()
    assert body["count"] == 0 and body["wider_radius"] > 0.2


def test_search_page_for_the_public_keeps_what_was_typed_beside_the_error(client, demo_store):
    response = client.get("/assets?where=SE15+SDQ&radius=-3&language=Somali")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="SE15 SDQ"' in html and 'value="-3"' in html
    assert re.search(r'id="where-error">[^<]*SE15 SDQ', html)
    assert "SE15 5DQ" in html  # the suggestion
    assert "more than 0" in html
    assert "Traceback" not in html


def test_search_page_results_and_wider_link(client, demo_store):
    html = client.get("/assets?where=SE15+5DQ&radius=3&kind=PeerSupportGroup&cost=free&day=Saturday").get_data(as_text=True)
    assert "Peckham Saturday Peer Support Circle" in html and "nearest first" in html
    empty = client.get("/assets?where=DA8+3DH&radius=0.2&language=Makaton&kind=ListeningHub")
    assert empty.status_code == 200
    text = empty.get_data(as_text=True)
    assert "Nothing within" in text and 'id="wider"' in text


def test_prescribers_search_and_flag_an_entry(demo_store, sign_in):
    client = sign_in("prescriber")
    html = client.get("/prescribers/?where=SE15+5DQ&radius=2").get_data(as_text=True)
    assert "Peckham Listening Hub" in html and "Out of date?" in html
    token = csrf_token_from(html)
    response = client.post("/assets/asset-peckham-listening-hub/flag",
                           data={"reason": "Moved to Wednesdays", "csrf_token": token, "next": "/prescribers/"})
    assert response.status_code == 302
    flags = [f for f in demo_store.read("open_flags") if f["asset_id"] == "asset-peckham-listening-hub"]
    assert any(f["reason"] == "Moved to Wednesdays" for f in flags)
    assert client.post("/assets/asset-peckham-listening-hub/flag", data={"reason": "x"}).status_code == 400  # no CSRF


def test_the_public_cannot_flag(client, demo_store):
    page = client.get("/assets").get_data(as_text=True)
    assert "Out of date?" not in page
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/assets/asset-peckham-listening-hub/flag", data={"reason": "x", "csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_shortlist_carries_ids_only_and_prints(client, demo_store):
    response = client.get("/assets/shortlist?id=asset-peckham-listening-hub&id=asset-southwark-survivors&id=gone")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Peckham Listening Hub" in html and "Women&#39;s Survivors&#39; Circle" in html
    assert "1 of the entries in the link are no longer" in html
    share = re.search(r'id="share-link" type="text" readonly value="([^"]+)"', html).group(1)
    assert "where=" not in share and "gone" not in share and share.count("id=") == 2
    assert "Shared on contact" not in html and "SE15 6DT" not in html
    assert client.get("/assets/shortlist?" + "&".join(f"id=a{i}" for i in range(40))).status_code == 400
