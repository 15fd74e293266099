"""Bridges and hubs that hang on one person, against brute force."""

import networkx as nx
import pytest

from mapper.analytics import asset_gateways, assets_run_by_one, bridge_ties, bridges, runners_of
from tests.oracles import reference
from tests.oracles.random_graphs import network, random_network

GRAPHS = 400
METHODS = ("networkx", "igraph")


@pytest.mark.parametrize("method", METHODS)
def test_bridges_match_brute_force_on_random_networks(method):
    for seed in range(GRAPHS + 60):
        G = random_network(seed) if seed < GRAPHS else random_network(seed, largest=40)
        expected = reference.bridges(G)
        found = bridges(G, method)
        assert {frozenset((b.u, b.v)) for b in found} == set(expected), seed
        assert bridge_ties(G, method) == set(expected), seed
        for b in found:
            sides, lost = expected[frozenset((b.u, b.v))]
            assert (tuple(b.u_side), tuple(b.v_side), b.people_cut_off) == (sides[b.u], sides[b.v], lost), seed
            assert b.u_side.nodes >= b.v_side.nodes


def test_bridges_are_ordered_by_people_cut_off():
    for seed in range(GRAPHS):
        found = bridges(random_network(seed))
        keys = [(-b.people_cut_off, -b.v_side.nodes) for b in found]
        assert keys == sorted(keys), seed
        assert found == bridges(random_network(seed), "igraph"), seed


def test_bridges_by_hand():
    # hub - amina, then a triangle amina-ben-chidi, then chidi - dev
    G = network([("hub", "amina"), ("amina", "ben"), ("ben", "chidi"), ("chidi", "amina"), ("chidi", "dev")], {"hub": "asset"})
    found = {(b.u, b.v): b for b in bridges(G)}
    assert set(found) == {("amina", "hub"), ("chidi", "dev")}
    hub = found[("amina", "hub")]
    assert (hub.u_side.people, hub.u_side.nodes, hub.v_side.assets, hub.people_cut_off) == (4, 4, 1, 4)
    dev = found[("chidi", "dev")]
    assert (dev.u_side.nodes, dev.v_side.nodes, dev.people_cut_off) == (4, 1, 1)
    assert bridges(G)[0].v == "hub"  # most people cut off first


def test_a_lone_tie_is_a_bridge_with_one_node_each_side():
    G = network([("a", "b")], {"a": "asset"})
    (b,) = bridges(G)
    assert (tuple(b.u_side), tuple(b.v_side), b.people_cut_off) == ((0, 1, 1), (1, 0, 1), 1)


@pytest.mark.parametrize("method", METHODS)
def test_asset_gateways_match_brute_force_on_random_networks(method):
    for seed in range(GRAPHS + 60):
        G = random_network(seed) if seed < GRAPHS else random_network(seed, largest=40)
        found = asset_gateways(G, method)
        assert {a: set(g) for a, g in found.items()} == reference.asset_gateways(G), seed


def test_gateways_are_nearest_first():
    G = network([("hub", "org"), ("org", "amina"), ("amina", "ben"), ("ben", "chidi"), ("chidi", "amina")],
                {"hub": "asset", "org": "organisation"})
    assert asset_gateways(G) == {"hub": ["org", "amina"]}
    # a second person reaching the hub directly removes both gateways
    G.add_edge("hub", "ben")
    assert asset_gateways(G) == {}


def test_the_only_person_is_every_assets_gateway():
    G = network([("hub", "cafe"), ("cafe", "amina"), ("hub", "amina")], {"hub": "asset", "cafe": "asset"})
    assert asset_gateways(G) == {"hub": ["amina"], "cafe": ["amina"]}


def test_assets_run_by_one_person_from_edges():
    G = network([("hub", "amina"), ("cafe", "ben"), ("cafe", "org"), ("group", "chidi"), ("group", "dev"), ("hub", "dev")],
                {"hub": "asset", "cafe": "asset", "group": "asset", "org": "organisation", "quiet": "asset"})
    nx.set_edge_attributes(G, {("hub", "amina"): "RUNS", ("cafe", "ben"): "RUNS", ("cafe", "org"): "RUNS",
                               ("group", "chidi"): "RUNS", ("group", "dev"): "RUNS", ("hub", "dev"): "ATTENDS"}, "rel")
    assert runners_of(G) == {"hub": {"amina"}, "cafe": {"ben", "org"}, "group": {"chidi", "dev"}}
    assert assets_run_by_one(G) == {"hub": "amina"}


def test_assets_run_by_one_from_a_mapping():
    G = network([("hub", "amina"), ("cafe", "org")], {"hub": "asset", "cafe": "asset", "org": "organisation"})
    runners = {"hub": {"amina"}, "cafe": {"org"}}
    assert assets_run_by_one(G, runners) == {"hub": "amina"}  # an organisation is not one person
    assert assets_run_by_one(G, {}) == {}
