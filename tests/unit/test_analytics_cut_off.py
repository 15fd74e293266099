"""Cut-offs: the block–cut tree counts agree exactly with removing each node and searching again."""

import networkx as nx
import pytest

from tests.oracles.random_graphs import network, random_network
from mapper.analytics import cut_off_counts, cut_off_people, people_at_risk, people_by_area
from tests.oracles import reference

GRAPHS = 400
METHODS = ("networkx", "igraph")


@pytest.mark.parametrize("method", METHODS)
def test_counts_match_reference_on_random_networks(method):
    for seed in range(GRAPHS):
        G = random_network(seed)
        assert cut_off_counts(G, method) == reference.cut_off_counts(G), seed


@pytest.mark.parametrize("method", METHODS)
def test_people_at_risk_match_reference_on_random_networks(method):
    for seed in range(GRAPHS):
        G = random_network(seed)
        assert people_at_risk(G, method) == reference.people_at_risk(G), seed


@pytest.mark.parametrize("method", METHODS)
def test_counts_match_reference_on_larger_random_networks(method):
    for seed in range(GRAPHS, GRAPHS + 100):
        G = random_network(seed, largest=45)
        assert cut_off_counts(G, method) == reference.cut_off_counts(G), seed
        assert people_at_risk(G, method) == reference.people_at_risk(G), seed


def test_cut_off_people_match_reference_and_counts():
    for seed in range(GRAPHS):
        G = random_network(seed)
        counts = cut_off_counts(G)
        for v in G:
            people = cut_off_people(G, v)
            assert people == reference.cut_off_people(G, v), (seed, v)
            assert len(people) == counts.get(v, 0), (seed, v)


def test_path_from_an_asset():
    G = network([("hub", "A"), ("A", "B"), ("B", "C")], {"hub": "asset"})
    assert cut_off_counts(G) == {"hub": 3, "A": 2, "B": 1}
    assert cut_off_people(G, "A") == {"B", "C"}
    assert cut_off_people(G, "C") == set()


def test_asset_that_is_a_cut_vertex_and_the_only_asset():
    # two groups that meet only at the hub
    G = network([("a", "hub"), ("b", "hub"), ("a", "b"), ("hub", "c"), ("c", "d")], {"hub": "asset"})
    assert cut_off_counts(G) == {"hub": 4, "c": 1}


def test_asset_cut_vertex_with_other_assets_around():
    G = network([("a", "hub"), ("hub", "b"), ("b", "cafe")], {"hub": "asset", "cafe": "asset"})
    # losing the hub leaves a with nothing; b still has the cafe
    assert cut_off_counts(G) == {"hub": 1}


def test_person_who_is_the_only_link_to_an_asset():
    G = network([("hub", "amina"), ("amina", "ben"), ("amina", "chidi"), ("ben", "chidi")], {"hub": "asset"})
    assert cut_off_counts(G) == {"hub": 3, "amina": 2}
    assert people_at_risk(G) == {"amina", "ben", "chidi"}


def test_cycle_has_no_cut_offs_but_its_only_asset():
    G = nx.cycle_graph(6)
    nx.set_node_attributes(G, "person", "kind")
    G.nodes[0]["kind"] = "asset"
    assert cut_off_counts(G) == {0: 5}
    G.nodes[3]["kind"] = "asset"
    assert cut_off_counts(G) == {}
    assert people_at_risk(G) == set()


def test_groups_without_any_asset_are_never_cut_off():
    G = network([("a", "b"), ("b", "c"), ("x", "hub"), ("y", "x")], {"hub": "asset"})
    G.add_node("alone", kind="person")
    G.add_node("lone hub", kind="asset")
    assert cut_off_counts(G) == {"hub": 2, "x": 1}
    assert cut_off_people(G, "b") == set()


def test_organisations_are_counted_as_links_not_people():
    G = network([("hub", "org"), ("org", "a"), ("org", "b")], {"hub": "asset", "org": "organisation"})
    assert cut_off_counts(G) == {"hub": 2, "org": 2}


def test_empty_and_single_node_networks():
    assert cut_off_counts(nx.Graph()) == {}
    G = network([], {"solo": "asset"})
    assert cut_off_counts(G) == {}
    assert cut_off_people(G, "solo") == set()


def test_fast_paths_agree_on_a_synthetic_network():
    from seeds.synthetic import generate, graph

    G = graph(*generate(people=300, ties=900, assets=8, seed=5))
    expected = reference.cut_off_counts(G)
    assert expected  # the fringe makes real cut vertices
    assert cut_off_counts(G, "networkx") == expected
    assert cut_off_counts(G, "igraph") == expected
    assert people_at_risk(G, "igraph") == people_at_risk(G, "networkx") == reference.people_at_risk(G)


def test_unknown_method_and_kind_are_refused():
    G = network([("a", "b")], {"a": "asset"})
    with pytest.raises(ValueError):
        cut_off_counts(G, "fastest")
    G.nodes["b"]["kind"] = "hub"
    with pytest.raises(ValueError):
        cut_off_counts(G)
    with pytest.raises(KeyError):
        cut_off_people(G, "nobody")


def test_people_by_area_counts_largest_first():
    G = network([], {"a": "person", "b": "person", "c": "person", "d": "person"})
    G.nodes["a"]["area"] = G.nodes["b"]["area"] = "Lewisham"
    G.nodes["c"]["area"] = "Bexley"
    assert people_by_area(G, {"a", "b", "c", "d"}) == {"Lewisham": 2, "Bexley": 1, "unknown": 1}
    assert list(people_by_area(G, {"a", "b", "c", "d"})) == ["Lewisham", "Bexley", "unknown"]
