"""The directory held in the process (``mapper.directory.catalogue``) answers exactly as the named
queries it replaced (``tests/oracles/directory_queries``): on a generated directory of 800 assets
across South London (some hiding their address), for searches near places with every filter, the
listing, the map's markers and its coverage gaps; and a write is seen by the next search."""
from __future__ import annotations

import numpy as np
import pytest

from bench import directory as generated
from mapper.directory import coverage, search
from mapper.directory.served_areas import served_area_codes

from tests.oracles import directory_queries as before

FILTERS = [{}, {"kind": "PeerSupportGroup", "cost": "free"}, {"theme": "theme-housing", "day": "Saturday"},
           {"kind": "ListeningHub", "theme": "theme-loneliness", "cost": "free"}, {"cost": "free", "day": "Tue"},
           {"language": "somali"}, {"access": "hearing"}, {"language": "Tamil", "time": "morning"},
           {"kind": "Hub", "access": "bsl", "day": "Monday", "time": "evening"}]


@pytest.fixture()
def generated_directory(changed_demo):
    rows, links = generated.generate(800, seed=11)
    for row in rows[::9]:
        row["props"]["hide_address"] = True  # more than the generator's 3% hide their address
    changed_demo.write("upsert_themes", rows=[{"id": t, "name": name} for t, name in generated.THEMES])
    changed_demo.write("upsert_assets", rows=rows)
    changed_demo.write("link", rows=links)
    yield changed_demo
    changed_demo.write("delete_assets_with_prefix", prefix=generated.PREFIX)


def _places(n: int) -> list[str]:
    return [loc.postcode for loc in generated._points(n, np.random.default_rng(5))] + ["SE15", "Croydon", "CR0"]


def test_searches_near_a_place_give_what_the_queries_gave(generated_directory):
    store, compared, found = generated_directory, 0, 0
    for k, where in enumerate(_places(40)):
        for radius in ("1", "2.5", "3 miles"):
            args = {"where": where, "radius": radius, **FILTERS[k % len(FILTERS)]}
            query = search.parse_query(args, store)
            got = search.near(store, query)["results"]
            want = before.near(store, query)
            assert got == want, args
            compared, found = compared + 1, found + len(got)
    assert compared == 129 and found > 1000  # the comparison saw plenty of results, hidden ones too


def test_hidden_addresses_stay_hidden_in_every_answer(generated_directory):
    store = generated_directory
    query = search.parse_query({"where": "SE15 5DQ", "radius": "20"}, store)
    got = search.near(store, query)["results"]
    hidden = [r for r in got if not r["precise"]]
    assert len(hidden) > 50
    stored = {r["id"]: r for r in store.read("search_all", ids=None, kind=None, theme=None, language=None,
                                             access=None, free=None)}
    for r in hidden + [r for r in search.listing(store) if not r["precise"]]:
        assert r["address"] is None and " " not in r["postcode"]
        assert (r["lat"], r["lon"]) != (stored[r["id"]]["lat"], stored[r["id"]]["lon"])
        assert "labels" not in r and "theme_ids" not in r


@pytest.mark.parametrize("index", range(len(FILTERS)))
def test_listing_and_map_markers_give_what_the_queries_gave(generated_directory, index):
    store = generated_directory
    filters = search.checked_filters(FILTERS[index], store)
    assert search.listing(store, filters) == before.listing(store, filters)
    got = search.map_points(store, filters)
    want = before.map_points(store, filters)
    assert sorted(got, key=lambda p: p["id"]) == sorted(want, key=lambda p: p["id"])


@pytest.mark.parametrize("index", range(len(FILTERS)))
def test_coverage_gaps_give_what_the_support_points_query_gave(generated_directory, index):
    store = generated_directory
    filters = search.checked_filters(FILTERS[index], store)
    got, want = coverage.support_grid(store, filters), before.support_grid(store, filters)
    points = lambda grid: sorted(zip(*(np.nan_to_num(a, nan=-1.0).tolist() for a in grid)))  # noqa: E731
    assert points(got) == points(want) and len(points(got)) > 0
    kinds = [filters.kind] if filters.kind else list(coverage.SUPPORT_KINDS)
    for metres in (800.0, 2000.0):
        gaps = coverage.coverage_gaps(store, metres, filters)
        assert gaps == coverage.measure(served_area_codes(store), *want, metres, kinds)
        assert gaps["boroughs"] and gaps["kinds"] == kinds


def test_a_write_is_seen_by_the_next_search(generated_directory):
    store = generated_directory
    query = search.parse_query({"where": "SE15 5DQ", "radius": "1"}, store)
    assert "bench-asset-new" not in [r["id"] for r in search.near(store, query)["results"]]
    origin = search.resolve("SE15 5DQ")
    store.write("upsert_assets", rows=[{"id": "bench-asset-new", "kind": "Hub", "lat": origin.lat, "lon": origin.lon,
                                        "props": {"name": "Just added", "postcode": "SE15 5DQ"}}])
    assert search.near(store, query)["results"][0]["id"] == "bench-asset-new"
    store.write("delete_assets_with_prefix", prefix="bench-asset-new")
    assert "bench-asset-new" not in [r["id"] for r in search.near(store, query)["results"]]
    assert "bench-asset-new" not in [p["id"] for p in search.map_points(store)]
