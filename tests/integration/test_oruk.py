"""The Open Referral UK 3.0 read API (every response validated against the profile's schemas)
and importing a feed."""
from __future__ import annotations

import copy
import doctest
import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from mapper import geo
from mapper.directory import openreferral as oruk, search

# The profile's schemas are read where they are kept, beside the project (never copied into it).
SCHEMAS = Path(os.environ.get("ORUK_SCHEMA_DIR",
                              Path(__file__).resolve().parent.parent.parent.parent / "shared" / "oruk" / "schema"))
if not (SCHEMAS / "openapi.json").exists():
    pytest.skip(f"the Open Referral UK schemas are not at {SCHEMAS} (set ORUK_SCHEMA_DIR)", allow_module_level=True)
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


def validate(instance, name: str) -> None:
    jsonschema.Draft202012Validator(schema(name), format_checker=FORMATS).validate(instance)


def openapi_schema(path: str) -> dict:
    """The 200 response schema of a path in the profile's OpenAPI description."""
    spec = schema("openapi.json")
    return spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


def validate_page(body: dict, path: str) -> None:
    spec = schema("openapi.json")
    page = spec["components"]["schemas"]["Page"]
    jsonschema.Draft202012Validator(page).validate(body)
    assert set(page["properties"]) | {"contents"} == set(body)
    item_ref = openapi_schema(path)["properties"]["contents"]["items"]["$ref"]
    name = item_ref.split("/schema/")[1]
    for item in body["contents"]:
        validate(item, name)


def test_doctests():
    assert doctest.testmod(oruk).failed == 0


def test_meta_and_cors(client, demo_store):
    response = client.get("/openreferral/")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    jsonschema.Draft202012Validator(openapi_schema("/")).validate(body)
    assert body["version"] == "3.0" and body["openapi_url"].endswith("/openreferral/openapi.json")
    assert client.get("/openreferral/openapi.json").get_json()["servers"] == [{"url": "/openreferral"}]


def test_services_paging_envelope_and_every_page_validates(client, demo_store):
    first = client.get("/openreferral/services?per_page=10").get_json()
    total = len(demo_store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None, free=None))
    assert first["total_items"] == total and first["total_pages"] == -(-total // 10)
    assert first["first_page"] and not first["last_page"] and first["size"] == 10 and not first["empty"]
    seen = []
    for page in range(1, first["total_pages"] + 2):
        body = client.get(f"/openreferral/services?per_page=10&page={page}").get_json()
        validate_page(body, "/services")
        seen += [s["id"] for s in body["contents"]]
    assert len(seen) == len(set(seen)) == total
    assert body["empty"] and body["last_page"] and body["size"] == 0


@pytest.mark.parametrize("qs, status", [("page=0", 422), ("per_page=10000", 422), ("per_page=0", 422),
                                        ("page=abc", 400), ("day=Caturday", 422), ("start_time=25:00", 400),
                                        ("minimum_age=-1", 422), ("minimum_age=old", 400),
                                        ("taxonomy_term_id=nope", 422)])
def test_bad_paging_and_filters_are_problem_json(client, demo_store, qs, status):
    for path in ("/openreferral/services", "/openreferral/service_at_locations"):
        response = client.get(f"{path}?{qs}")
        assert response.status_code == status, (path, qs)
        assert response.mimetype == "application/problem+json"
        body = response.get_json()
        assert body["status"] == status and qs.split("=")[0] in body["errors"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_every_service_validates_in_full(client, demo_store):
    listing = client.get("/openreferral/services?per_page=1000").get_json()["contents"]
    for item in listing:
        response = client.get(f"/openreferral/services/{item['id']}")
        assert response.status_code == 200
        body = response.get_json()
        validate(body, "compiled/service.json")
        assert body["id"] == item["id"] and body["service_at_locations"]
    assert client.get("/openreferral/services/00000000-0000-0000-0000-000000000000").status_code == 404


def test_service_filters(client, demo_store):
    terms = client.get("/openreferral/taxonomy_terms?per_page=100").get_json()["contents"]
    housing = next(t for t in terms if t["name"] == "Housing")
    body = client.get(f"/openreferral/services?per_page=1000&taxonomy_term_id={housing['id']}").get_json()
    validate_page(body, "/services")
    want = [a for a in search.listing(demo_store) if "Housing" in a["themes"]]
    assert body["total_items"] == len(want) > 0
    sat = client.get("/openreferral/services?per_page=1000&day=SA&start_time=10:00&end_time=13:00").get_json()
    names = {s["name"] for s in sat["contents"]}
    assert "Peckham Saturday Peer Support Circle" in names and "Peckham Listening Hub" not in names
    text = client.get("/openreferral/services?search=listening").get_json()
    assert text["total_items"] and all("listening" in (s["name"] + s["description"]).lower() for s in text["contents"])


def test_service_at_locations_by_postcode_and_proximity_nearest_first(client, demo_store):
    body = client.get("/openreferral/service_at_locations?postcode=SE155DQ&proximity=3000&per_page=100").get_json()
    validate_page(body, "/service_at_locations")
    distances = [s["distance"] for s in body["contents"]]
    assert distances == sorted(distances) and distances and max(distances) <= 3000
    origin = geo.resolve("SE15 5DQ")
    want = search.near(demo_store, search.Query("SE15 5DQ", 3000, 3, "km"))["results"]
    assert [s["service_id"] for s in body["contents"]] == [oruk.service_uuid(a["id"]) for a in want]
    assert origin.la_name == "Southwark"
    for item in body["contents"][:5]:
        one = client.get(f"/openreferral/service_at_locations/{item['id']}")
        assert one.status_code == 200
        validate(one.get_json(), "compiled/service.json")  # as the profile's OpenAPI description says
        validate(one.get_json(), "compiled/service_at_location.json")
    bad = client.get("/openreferral/service_at_locations?postcode=SE15%20SDQ&proximity=1000")
    assert bad.status_code == 422 and "SE15 5DQ" in bad.get_json()["detail"]
    assert bad.get_json()["suggestions"] == ["SE15 5DQ"]
    assert client.get("/openreferral/service_at_locations?proximity=100").status_code == 422
    assert client.get("/openreferral/service_at_locations?postcode=SE15&proximity=-5").status_code == 422
    assert client.get("/openreferral/service_at_locations?postcode=SE15&proximity=far").status_code == 400


def test_taxonomies_and_terms_validate(client, demo_store):
    taxonomies = client.get("/openreferral/taxonomies").get_json()
    validate_page(taxonomies, "/taxonomies")
    terms = client.get("/openreferral/taxonomy_terms").get_json()
    validate_page(terms, "/taxonomy_terms")
    assert terms["total_items"] == len(demo_store.read("list_themes")) + 3
    for t in taxonomies["contents"]:
        validate(client.get(f"/openreferral/taxonomies/{t['id']}").get_json(), "taxonomy.json")
    validate(client.get(f"/openreferral/taxonomy_terms/{terms['contents'][0]['id']}").get_json(), "taxonomy_term.json")
    missing = client.get("/openreferral/taxonomy_terms/nope")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404
    assert client.get("/openreferral/nothing-here").status_code == 404


def test_hidden_addresses_are_published_by_area_only(client, demo_store):
    hidden = [a for a in demo_store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None,
                                         free=None) if a["hide_address"]]
    text = json.dumps([client.get(f"/openreferral/services/{oruk.service_uuid(a['id'])}").get_json() for a in hidden])
    text += client.get("/openreferral/service_at_locations?per_page=1000").get_data(as_text=True)
    for a in hidden:
        assert a["postcode"] not in text and a["address"] not in text
        assert f"{a['lat']:.5f}"[:-1] not in text and f"{a['lon']:.5f}"[:-1] not in text


# --------------------------------------------------------------------------- import


def _feed(client) -> list[dict]:
    return [client.get(f"/openreferral/services/{s['id']}").get_json()
            for s in client.get("/openreferral/services?per_page=5").get_json()["contents"]]


def test_import_feed_adds_services_as_assets_that_can_be_found(client, store, tmp_path):
    from seeds.south_london import load as demo

    store.autocommit("delete_everything")
    demo.load(store, say=lambda _m: None)
    feed = _feed(client)
    for item in feed:
        item["id"] = item["id"][:-4] + "beef"
        item["name"] = "Imported " + item["name"]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": feed}))
    from mapper.cli.base import main

    result = CliRunner().invoke(main, ["import-oruk", str(path)], env={**_env(store)})
    assert result.exit_code == 0, result.output
    assert "5 services" in result.output
    imported = [a for a in search.listing(store) if a["name"].startswith("Imported ")]
    assert len(imported) == 5
    original = {a["name"]: a for a in search.listing(store)}
    for a in imported:
        twin = original[a["name"][len("Imported "):]]
        assert a["kind"] == twin["kind"] and sorted(a["themes"]) == sorted(twin["themes"])
        assert a["opening"] == twin["opening"] and a["languages"] == twin["languages"]
        assert a["last_verified"] == twin["last_verified"]
    store.autocommit("delete_everything")
    demo.load(store, say=lambda _m: None)


def test_import_is_all_or_nothing_and_names_each_bad_entry(client, demo_store):
    feed = _feed(client)
    good = copy.deepcopy(feed[0])
    good["id"] = "11111111-2222-3333-4444-555555555555"
    bad_name = copy.deepcopy(feed[1])
    bad_name["name"] = ""
    no_place = copy.deepcopy(feed[2])
    no_place["service_at_locations"] = []
    bad_postcode = copy.deepcopy(feed[3])
    loc = bad_postcode["service_at_locations"][0]["location"]
    loc.pop("latitude"), loc.pop("longitude")
    loc["addresses"][0]["postal_code"] = "QQ1 1QQ"
    before = len(search.listing(demo_store))
    from mapper.directory import oruk_import

    with pytest.raises(oruk_import.FeedError) as caught:
        oruk_import.import_feed(demo_store, [good, bad_name, no_place, bad_postcode, "nonsense"])
    problems = dict(caught.value.problems)
    assert set(problems) == {1, 2, 3, 4}
    assert "no name" in problems[1] and "location" in problems[2] and "postcode" in problems[3]
    assert len(search.listing(demo_store)) == before


def test_import_cli_reports_bad_entries_without_a_traceback(demo_store, tmp_path):
    from mapper.cli.base import main

    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"id": "x", "name": "No place"}]))
    result = CliRunner().invoke(main, ["import-oruk", str(path)], env=_env(demo_store))
    assert result.exit_code != 0 and "entry 0" in result.output and "Traceback" not in result.output
    path.write_text("{not json")
    result = CliRunner().invoke(main, ["import-oruk", str(path)], env=_env(demo_store))
    assert result.exit_code != 0 and "not valid JSON" in result.output


def _env(store) -> dict:
    return {"NEO4J_URI": store.target.uri, "NEO4J_USER": store.target.user, "NEO4J_PASSWORD": store.target.password}
