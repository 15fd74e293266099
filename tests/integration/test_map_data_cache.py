"""The map's public data is kept until the next write and revalidated by the browser: an ETag
that changes with what is served (and only then), 304 on ``If-None-Match``, never a stale answer
after a write, and never a hidden address however it is asked for."""
from __future__ import annotations

import pytest

from mapper import geo

PATHS = ("/map/assets.json", "/map/assets.json?kind=PeerSupportGroup&cost=free", "/map/gaps.json",
         "/map/gaps.json?gap=1")


@pytest.mark.parametrize("path", PATHS)
def test_an_unchanged_answer_is_revalidated_with_304(changed_demo, client, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == first.headers["ETag"]
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data


def test_a_write_is_served_at_once_with_a_new_etag(changed_demo, client):
    first = client.get("/map/assets.json")
    etag = first.headers["ETag"]
    gaps_before = client.get("/map/gaps.json").get_json()["assets"]
    where = geo.resolve("SE15 5DQ")
    changed_demo.write("upsert_assets", rows=[{"id": "a-map-cache", "kind": "PeerSupportGroup", "lat": where.lat,
                                              "lon": where.lon, "props": {"name": "Added just now", "postcode": "SE15 5DQ",
                                                                          "cost": "free"}}])
    after = client.get("/map/assets.json", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert "a-map-cache" in [row[0] for row in after.get_json()["assets"]]
    assert client.get("/map/gaps.json").get_json()["assets"] == gaps_before + 1  # a peer-support group more


def test_a_write_that_changes_nothing_served_keeps_the_etag(changed_demo, client):
    etag = client.get("/map/assets.json").headers["ETag"]
    changed_demo.write("upsert_themes", rows=[{"id": "theme-housing", "name": "Housing"}])  # a write, same data
    again = client.get("/map/assets.json", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_the_markers_never_carry_a_hidden_address(changed_demo, client):
    stored = {a["id"]: a for a in changed_demo.read("search_all", ids=None, kind=None, theme=None, language=None,
                                                   access=None, free=None)}
    hidden = {i for i, a in stored.items() if a["hide_address"]}
    assert hidden
    body = client.get("/map/assets.json").get_data(as_text=True)
    for i in hidden:
        a = stored[i]
        assert f"{a['lat']}" not in body and f"{a['lon']}" not in body and a["postcode"] not in body
    rows = {row[0]: row for row in client.get("/map/assets.json").get_json()["assets"]}
    assert all(rows[i][5] is False for i in hidden if i in rows)


def test_bad_filters_are_a_problem_not_a_cached_answer(changed_demo, client):
    for path in ("/map/assets.json?kind=castle", "/map/gaps.json?gap=-1", "/map/gaps.json?theme=nope"):
        answer = client.get(path)
        assert answer.status_code == 422 and answer.mimetype == "application/problem+json", path
        assert "ETag" not in answer.headers


def test_after_a_write_the_unfiltered_map_is_made_again_before_anyone_asks(changed_demo, client):
    """The map everyone opens first (and the directory and filter choices behind it) is made again
    in the background once writes pause, so its next visitor does not wait; a filtered view is
    left to its next request."""
    import time

    from mapper.directory import filters, search
    from mapper.directory.served_areas import configured_codes
    from web.pages import map as map_page

    assert client.get("/map").status_code == 200
    for path in ("/map/assets.json", "/map/gaps.json", "/map/assets.json?kind=PeerSupportGroup"):
        assert client.get(path).status_code == 200
    where = geo.resolve("SE15 5DQ")
    changed_demo.write("upsert_assets", rows=[{"id": "a-map-warm", "kind": "PeerSupportGroup", "lat": where.lat,
                                              "lon": where.lon, "props": {"name": "Warmed", "postcode": "SE15 5DQ"}}])
    generation = changed_demo.generation()
    plain = filters.Filters()
    peer = filters.Filters(kind="PeerSupportGroup")
    gaps_key = (map_page.DEFAULT_GAP_KM * 1000, plain, tuple(configured_codes()))
    made = {"markers": lambda: map_page._MARKERS.holds(changed_demo, (plain,), generation),
            "gaps": lambda: map_page._GAPS.holds(changed_demo, gaps_key, generation),
            "directory": lambda: search._HELD.holds(changed_demo, (), generation),
            "filter choices": lambda: filters._FACETS.holds(changed_demo, (), generation)}
    deadline = time.monotonic() + 20
    while not all(check() for check in made.values()):
        assert time.monotonic() < deadline, [name for name, check in made.items() if not check()]
        time.sleep(0.1)
    assert not map_page._MARKERS.holds(changed_demo, (peer,), generation)
    assert "a-map-warm" in [row[0] for row in client.get("/map/assets.json").get_json()["assets"]]


def test_a_process_just_started_makes_the_map_before_its_first_visitor(changed_demo, app):
    """``mapper serve`` makes the unfiltered map as it starts (``warm_in_background``), and keeps it
    made after writes."""
    import time

    from mapper.db import warming
    from mapper.directory import filters, search
    from web.pages import map as map_page

    warming._warmer._wanted.clear()  # nothing asked for yet in this process
    changed_demo.write("upsert_assets", rows=[{"id": "a-map-start", "kind": "Hub", "lat": 51.47, "lon": -0.07,
                                              "props": {"name": "Started"}}])
    generation, plain = changed_demo.generation(), filters.Filters()
    map_page.warm_in_background(app)
    deadline = time.monotonic() + 20
    while not (map_page._MARKERS.holds(changed_demo, (plain,), generation)
               and search._HELD.holds(changed_demo, (), generation)
               and filters._FACETS.holds(changed_demo, (), generation)):
        assert time.monotonic() < deadline, "the map was not made as the app started"
        time.sleep(0.1)
    kept = {(id(derived), key) for derived, _, key, _ in warming._warmer._wanted.values()}
    assert {(id(map_page._MARKERS), (plain,)), (id(search._HELD), ()), (id(filters._FACETS), ())} <= kept
