"""The map of the area served: coverage gaps measured and shaded only for the boroughs the network
serves (those with people or assets, or the MAPPER_SERVED_AREAS list), the same rule for the
Collaborative's "areas without cover"; borough and place names for a map without tiles."""
from __future__ import annotations

import shapely.geometry

from mapper.directory import served_areas
from mapper.geo import borough_geojson
from mapper.network import report
from mapper.network.projection import Projection

# The demo's people and assets live in these twelve South London boroughs, and no others.
DEMO_SERVED = {"E09000004", "E09000006", "E09000008", "E09000011", "E09000021", "E09000022", "E09000023",
               "E09000024", "E09000027", "E09000028", "E09000029", "E09000032"}
NOT_SERVED = {"E09000001", "E09000007", "E09000033"}  # the City, Camden, Westminster


def test_gaps_are_measured_only_for_the_boroughs_with_people_or_assets(client, demo_store, monkeypatch):
    monkeypatch.delenv("MAPPER_SERVED_AREAS", raising=False)
    body = client.get("/map/gaps.json?gap=2").get_json()
    assert set(body["boroughs"]) == set(body["served"]) == DEMO_SERVED
    assert not NOT_SERVED & set(body["boroughs"])
    assert all(0 <= b["uncovered"] <= 1 and b["points"] > 0 for b in body["boroughs"].values())


def test_a_configured_list_of_codes_or_names_is_the_area_served(client, demo_store, monkeypatch):
    monkeypatch.setenv("MAPPER_SERVED_AREAS", " Southwark , e09000022,London Borough of Lewisham")
    body = client.get("/map/gaps.json?gap=2").get_json()
    assert set(body["boroughs"]) == {"E09000028", "E09000022", "E09000023"}
    G = Projection.pull(demo_store).graph()
    rows = report.areas_without_cover(demo_store, G, 2.0)  # the Collaborative's table: the same rule
    assert {r["area"] for r in rows} == {"Southwark", "Lambeth", "Lewisham"}
    people = sum(1 for _, a in G.nodes(data=True) if a["kind"] == "person" and a.get("area") == "Lewisham")
    assert next(r for r in rows if r["area"] == "Lewisham")["people"] == people > 0


def test_a_wrong_setting_is_a_clear_problem_not_a_server_error(client, demo_store, monkeypatch):
    monkeypatch.setenv("MAPPER_SERVED_AREAS", "Southwark,Narnia")
    answer = client.get("/map/gaps.json?gap=2")
    assert answer.status_code == 503 and answer.mimetype == "application/problem+json"
    assert "Narnia" in answer.get_json()["detail"] and "MAPPER_SERVED_AREAS" in answer.get_json()["detail"]
    assert client.get("/map").status_code == 200


def test_areas_without_cover_lists_the_served_areas_only(demo_store, monkeypatch):
    monkeypatch.delenv("MAPPER_SERVED_AREAS", raising=False)
    G = Projection.pull(demo_store).graph()
    rows = report.areas_without_cover(demo_store, G, 2.0)
    codes = {a["name"]: a["code"] for a in demo_store.read("list_areas")}
    assert {codes[r["area"]] for r in rows} == DEMO_SERVED == set(served_areas.served_area_codes(demo_store))
    assert [r["uncovered"] for r in rows] == sorted((r["uncovered"] for r in rows), reverse=True)


def test_labels_name_every_borough_inside_its_outline_and_south_london_places(client):
    body = client.get("/map/labels.json").get_json()
    shapes = {f["properties"]["code"]: shapely.geometry.shape(f["geometry"]) for f in borough_geojson()["features"]}
    assert len(body["boroughs"]) == len(shapes) == 33
    for label in body["boroughs"]:
        assert shapes[label["code"]].contains(shapely.geometry.Point(label["lon"], label["lat"])), label["name"]
    places = {p["name"]: p for p in body["places"]}
    assert {"Peckham", "Catford", "Brixton", "Croydon"} <= set(places)
    assert shapes["E09000023"].contains(shapely.geometry.Point(places["Catford"]["lon"], places["Catford"]["lat"]))
