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
