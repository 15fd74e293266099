"""Offline geography: postcode index, places, distances and borough outlines (no database)."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest

from mapper import geo
from mapper.geo import (
    Location,
    MalformedPostcode,
    PostcodeError,
    PostcodeNotFound,
    distance_m,
    lookup,
    lookup_place,
    nearest,
)


@pytest.fixture(scope="session")
def geo_ready():
    """The postcode index and borough outlines in the default var/geo, built once if absent."""
    paths = geo.build(log=None)
    return paths


def haversine_m(a: Location, b: Location) -> float:
    r = 6_371_008.8
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


# ----------------------------------------------------------------- parsing (no index needed)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("se155dq", "SE15 5DQ"),
        (" SE15  5DQ ", "SE15 5DQ"),
        ("Se15 5dQ", "SE15 5DQ"),
        ("ec1a1bb", "EC1A 1BB"),
        ("m11ae", "M1 1AE"),
        ("se15", "SE15"),
        ("SE15 5", "SE15 5"),
        ("br1", "BR1"),
    ],
)
def test_normalise(text, expected):
    assert geo.normalise(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "hello", "SE15 5DQQ", "12345", "SE155 DQ", "S", "SE15-5DQ"])
def test_malformed_postcodes_say_so(text):
    with pytest.raises(MalformedPostcode) as info:
        geo.normalise(text)
    assert info.value.reason == "malformed"
    assert "malformed" in str(info.value).lower()
    assert isinstance(info.value, ValueError)


# ----------------------------------------------------------------- index and look-ups


def test_index_is_built_and_idempotent(geo_ready, capsys):
    index_path = geo_ready["index"]
    assert (index_path / "meta.json").exists()
    before = (index_path / "keys.npy").stat().st_mtime_ns
    assert geo.ensure_index() == index_path
    assert (index_path / "keys.npy").stat().st_mtime_ns == before
    assert "up to date" in capsys.readouterr().out
    idx = geo.load_index()
    assert len(idx) > 2_500_000  # the whole UK, not just London


@pytest.mark.parametrize("text", ["SE15 5DQ", "se155dq", " SE15  5DQ ", "Se155Dq"])
def test_full_postcode_any_spacing(geo_ready, text):
    loc = lookup(text)
    assert loc is not None
    assert loc.postcode == "SE15 5DQ"
    assert loc.kind == "postcode"
    assert loc.la_code == "E09000028"
    assert loc.la_name == "Southwark"
    assert 51.46 < loc.lat < 51.48 and -0.08 < loc.lon < -0.06
    assert (loc.easting, loc.northing) == (534211.0, 176371.0)


@pytest.mark.parametrize(
    "text, code, name",
    [
        ("SE13", "E09000023", "Lewisham"),
        ("BR1", "E09000006", "Bromley"),
        ("DA6", "E09000004", "Bexley"),
        ("se15", "E09000028", "Southwark"),
        ("CR0", "E09000008", "Croydon"),
    ],
)
def test_outward_codes_resolve_to_their_borough(geo_ready, text, code, name):
    loc = lookup(text)
    assert loc.kind == "outward"
    assert loc.postcode == text.upper()
    assert (loc.la_code, loc.la_name) == (code, name)


@pytest.mark.parametrize("outward", ["SE13", "BR1", "DA6", "SE15", "SW9"])
def test_outward_centroid_sits_inside_its_district(geo_ready, outward):
    idx = geo.load_index()
    centroid = lookup(outward)
    e, n, _ = idx.points()
    i, d = nearest(centroid, e, n, limit=25)
    keys = [idx.keys[j].decode()[:4].rstrip() for j in i]
    # The district's own postcodes surround its centroid.
    assert sum(k == outward for k in keys) >= 20
    assert d[0] < 500
    # And the centroid is the mean of its postcodes.
    j = idx._out_pos[outward.ljust(4)]
    s, c = int(idx.out_start[j]), int(idx.out_count[j])
    assert centroid.easting == pytest.approx(float(np.mean(idx.easting[s : s + c])), abs=0.1)


def test_sector_lookup(geo_ready):
    loc = lookup("SE15 5")
    assert loc.kind == "sector" and loc.la_code == "E09000028"
    assert distance_m(loc, lookup("SE15 5DQ")) < 1500


def test_other_nations_are_present(geo_ready):
    assert lookup("S1 1AA").la_name == "Sheffield"
    assert lookup("EH1 1YZ").la_code.startswith("S12")
    belfast = lookup("BT1 1AA")
    assert belfast.la_name == "Belfast"
    assert 54.5 < belfast.lat < 54.7 and -6.0 < belfast.lon < -5.8


def test_not_found_and_malformed_are_told_apart(geo_ready):
    assert lookup("ZZ99 9ZZ") is None
    assert lookup("not a postcode") is None
    with pytest.raises(PostcodeNotFound) as nf:
        lookup("ZZ99 9ZZ", strict=True)
    assert nf.value.reason == "not_found" and "not found" in str(nf.value)
    with pytest.raises(MalformedPostcode) as bad:
        geo.geocode("SE15 5DQQ")
    assert bad.value.reason == "malformed"
    with pytest.raises(PostcodeNotFound):
        geo.geocode("QQ1")  # well-formed district that does not exist
    for exc in (nf.value, bad.value):
        assert isinstance(exc, PostcodeError) and isinstance(exc, ValueError)


def test_lookups_are_fast(geo_ready):
    idx = geo.load_index()
    rng = np.random.default_rng(7)
    rows = rng.integers(0, len(idx), 10_000)
    texts = [idx.location_at(int(r)).postcode.replace(" ", "").lower() for r in rows]
    start = time.perf_counter()
    found = [lookup(t) for t in texts]
    elapsed = time.perf_counter() - start
    assert all(f is not None for f in found)
    assert elapsed < 1.0, f"10,000 look-ups took {elapsed:.2f} s"


# ----------------------------------------------------------------- distances


def test_distance_between_known_postcodes(geo_ready):
    a, b = lookup("SE15 5DQ"), lookup("BR1 1AA")
    # Grid references 534211,176371 and 540291,168873: sqrt(6080² + 7498²).
    assert distance_m(a, b) == pytest.approx(9653.3, rel=0.01)
    assert distance_m(a, b) == pytest.approx(haversine_m(a, b), rel=0.01)
    assert distance_m(a, a) == 0
    assert distance_m((0, 0), (3, 4)) == 5
    assert geo.miles(1609.344) == pytest.approx(1.0)
    assert geo.metres(2) == pytest.approx(3218.688)


def test_to_grid_round_trip(geo_ready):
    loc = lookup("SE15 5DQ")
    e, n = geo.to_grid(loc.lat, loc.lon)
    assert e == pytest.approx(loc.easting, abs=1.0) and n == pytest.approx(loc.northing, abs=1.0)
    lat, lon = geo.to_wgs84(e, n)
    assert lat == pytest.approx(loc.lat, abs=1e-5) and lon == pytest.approx(loc.lon, abs=1e-5)
    es, ns = geo.to_grid(np.array([loc.lat, 51.5]), np.array([loc.lon, -0.1]))
    assert es.shape == (2,)


def test_nearest_orders_and_filters():
    eastings = np.array([1000.0, 0.0, 300.0, np.nan, 50.0, 5000.0])
    northings = np.array([0.0, 400.0, 0.0, 0.0, 0.0, 5000.0])
    idx, dist = nearest((0, 0), eastings, northings, radius_m=500)
    assert idx.tolist() == [4, 2, 1]
    assert dist.tolist() == [50.0, 300.0, 400.0]
    idx, dist = nearest((0, 0), eastings, northings)
    assert idx.tolist() == [4, 2, 1, 0, 5]
    idx, _ = nearest((0, 0), eastings, northings, limit=2)
    assert idx.tolist() == [4, 2]
    idx, _ = nearest((0, 0), eastings, northings, radius_m=10)
    assert idx.size == 0


def test_grid_index_matches_brute_force():
    rng = np.random.default_rng(3)
    e = rng.uniform(530000, 545000, 20_000)
    n = rng.uniform(165000, 180000, 20_000)
    tree = geo.GridIndex(e, n)
    origin = (537000.0, 172000.0)
    for radius, limit in [(800, None), (800, 10), (None, 15)]:
        a_idx, a_d = nearest(origin, e, n, radius_m=radius, limit=limit)
        b_idx, b_d = tree.nearest(origin, radius_m=radius, limit=limit)
        assert a_idx.tolist() == b_idx.tolist()
        assert np.allclose(a_d, b_d)
        assert np.all(np.diff(b_d) >= 0)


def test_nearest_postcodes_around_peckham(geo_ready):
    idx = geo.load_index()
    e, n, la = idx.points("E09")
    origin = lookup("SE15 5DQ")
    rows, dist = nearest(origin, e, n, radius_m=1000)
    assert len(rows) > 100 and dist[0] == 0 and dist[-1] <= 1000
    assert np.all(np.diff(dist) >= 0)


# ----------------------------------------------------------------- place names


@pytest.mark.parametrize(
    "name, code",
    [
        ("Peckham", "E09000028"),
        ("brixton", "E09000022"),
        ("LEWISHAM", "E09000023"),
        ("Croydon", "E09000008"),
        ("Bexleyheath", "E09000004"),
        ("Bromley", "E09000006"),
        ("Camberwell", "E09000028"),
        ("Deptford", "E09000023"),
        ("Woolwich", "E09000011"),
        ("Thornton Heath", "E09000008"),
        ("  tooting ", "E09000032"),
        ("Southwark", "E09000028"),
        ("London Borough of Lambeth", "E09000022"),
        ("Hammersmith & Fulham", "E09000013"),
        ("City of London", "E09000001"),
        ("Kingston upon Thames", "E09000021"),
    ],
)
def test_place_names_resolve(geo_ready, name, code):
    loc = lookup_place(name)
    assert loc is not None and loc.kind == "place"
    assert loc.la_code == code


def test_every_place_and_borough_resolves(geo_ready):
    for name, (postcode, code) in geo.PLACES.items():
        loc = lookup_place(name)
        assert loc is not None, name
        assert (loc.postcode, loc.la_code) == (postcode, code), name
    names = geo.la_names()
    for code in geo.london_borough_codes():
        loc = lookup_place(names[code])
        assert loc is not None, names[code]
    assert lookup_place("Atlantis") is None
    assert len(geo.place_names()) >= 60


def test_resolve_takes_places_and_postcodes(geo_ready):
    assert geo.resolve("Peckham").name == "Peckham"
    assert geo.resolve("se15 5dq").postcode == "SE15 5DQ"
    assert geo.resolve("SE13").la_name == "Lewisham"
    with pytest.raises(MalformedPostcode, match="neither a known place"):
        geo.resolve("Atlantis")
    with pytest.raises(PostcodeNotFound):
        geo.resolve("ZZ99 9ZZ")


# ----------------------------------------------------------------- boroughs


def test_la_name():
    assert geo.la_name("E09000028") == "Southwark"
    assert geo.la_name("e09000001") == "City of London"
    assert geo.la_name("S12000036") == "City of Edinburgh"
    assert geo.la_name("X00000000") is None
    assert len(geo.london_borough_codes()) == 33


def test_borough_geojson(geo_ready):
    shapely = pytest.importorskip("shapely")
    from shapely.geometry import Point, shape

    fc = geo.borough_geojson()
    assert fc["type"] == "FeatureCollection"
    features = fc["features"]
    assert len(features) == 33
    codes = sorted(f["properties"]["code"] for f in features)
    assert codes == geo.london_borough_codes()
    assert all(c.startswith("E09") for c in codes)
    shapes = {}
    for f in features:
        assert f["properties"]["name"] == geo.la_name(f["properties"]["code"])
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty
        assert g.geom_type in ("Polygon", "MultiPolygon")
        shapes[f["properties"]["code"]] = g
    # Boroughs meet without overlapping, and London has no holes.
    southwark, lambeth = shapes["E09000028"], shapes["E09000022"]
    assert southwark.intersection(lambeth).area < 1e-9
    assert southwark.distance(lambeth) == 0
    london = shapely.union_all(list(shapes.values()))
    assert london.geom_type == "Polygon"
    # Postcodes fall inside their own borough.
    for text, code in [("SE15 5DQ", "E09000028"), ("BR1 1AA", "E09000006"), ("SE13 7EP", "E09000023")]:
        loc = lookup(text)
        assert shapes[code].contains(Point(loc.lon, loc.lat)), text
    # Areas close to the real ones (km²): Southwark 28.9, Bromley 150.1, City 2.9.
    areas = {f["properties"]["code"]: f["properties"]["area_km2"] for f in features}
    assert areas["E09000028"] == pytest.approx(28.9, rel=0.1)
    assert areas["E09000006"] == pytest.approx(150.1, rel=0.1)
    assert areas["E09000001"] == pytest.approx(2.9, rel=0.2)
    assert geo_ready["boroughs"].stat().st_size < 1_000_000


def test_attribution():
    assert "Contains OS data © Crown copyright" in geo.POSTCODE_ATTRIBUTION
    assert geo.POSTCODE_ATTRIBUTION.endswith("licensed under the OGL v3")
