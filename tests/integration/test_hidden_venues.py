"""Issue 12, item 1: a venue that hides its address is never located by the analytics. The what-if's
miles, and every point the Collaborative's network holds, use the published district centre."""
from __future__ import annotations

from mapper.directory.assets import public_point
from mapper.geo.distance import distance_m, miles, to_grid
from mapper.geo.postcodes.index import load_index
from mapper.network.projection import Projection

HIDDEN = "asset-southwark-survivors"


def stored(store):
    row = store.read_one("assets_by_ids", ids=[HIDDEN])  # the stored row, exact point and all
    assert row["hide_address"]
    return row["lat"], row["lon"], row["postcode"]


def test_the_network_holds_only_the_district_centre_of_a_hidden_venue(demo_store):
    lat, lon, postcode = stored(demo_store)
    node = Projection.pull(demo_store).nodes[HIDDEN]
    assert (node["lat"], node["lon"]) != (lat, lon)
    assert (node["lat"], node["lon"]) == public_point({"hide_address": True, "postcode": postcode})


def test_what_if_miles_to_a_hidden_venue_are_to_its_district_centre(demo_store, sign_in):
    """The tester's attack: take out every asset but the hidden one, and read one distance per
    borough. Each must equal the distance to the published district centre, never the real point."""
    client = sign_in("collaborative")
    G = Projection.pull(demo_store).graph()
    others = [n for n, a in G.nodes(data=True) if a["kind"] == "asset" and n != HIDDEN]
    result = client.post("/api/network/what-if", json={"remove": others}).get_json()
    rows = [r for r in result["nearest"] if r["after"] == "Women's Survivors' Circle (Southwark)"]
    assert rows, "some people's nearest asset left is the hidden venue"
    lat, lon, postcode = stored(demo_store)
    centre = public_point({"hide_address": True, "postcode": postcode})
    codes = {a["name"]: a["code"] for a in demo_store.read("list_areas")}
    index = load_index()
    by_borough = {}
    for node, attrs in G.nodes(data=True):
        if attrs["kind"] == "person" and attrs.get("area") in codes:
            where = index.la_location(codes[attrs["area"]])
            by_borough[attrs["area"]] = (round(miles(distance_m(where, to_grid(*centre))), 1),
                                         round(miles(distance_m(where, to_grid(lat, lon))), 1))
    published = {public for public, _real in by_borough.values()}
    assert {r["after_miles"] for r in rows} <= published
