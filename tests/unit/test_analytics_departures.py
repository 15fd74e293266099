"""Who each departure cuts off and each bridge's two sides, read off the depth-first layout of the
block–cut tree, agree exactly with removing the node (or the tie) and searching again."""

from collections import Counter

import networkx as nx
import pytest

from mapper.analytics.bridges import bridges
from mapper.analytics.departures import Departures
from tests.oracles import reference
from tests.oracles.random_graphs import network, random_network

GRAPHS = 400
METHODS = ("networkx", "igraph")


def areas_of(G, people):
    tally = Counter(G.nodes[p].get("area") or "area not known" for p in people)
    return sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("largest, seeds", [(13, range(GRAPHS)), (45, range(GRAPHS, GRAPHS + 100))])
def test_cut_off_people_match_remove_and_search(method, largest, seeds):
    for seed in seeds:
        G = random_network(seed, largest=largest)
        d = Departures.build(G, method)
        for v in G:
            expected = reference.cut_off_people(G, v)
            found = d.cut_off_people(v)
            assert len(found) == len(set(found)), (seed, v)
            assert set(found) == expected, (seed, v)
            assert d.by_area(d.cut_off_ranges(v)) == areas_of(G, expected), (seed, v)


@pytest.mark.parametrize("method", METHODS)
def test_bridge_sides_match_remove_and_search(method):
    for seed in range(GRAPHS + 100):
        G = random_network(seed, largest=13 if seed < GRAPHS else 45)
        d = Departures.build(G, method)
        for b in bridges(G, method):
            H = G.copy()
            H.remove_edge(b.u, b.v)
            u_side, v_side = d.bridge_sides(b.u, b.v)
            assert u_side == nx.node_connected_component(H, b.u), (seed, b)
            assert v_side == nx.node_connected_component(H, b.v), (seed, b)
            assert len(u_side) == b.u_side.nodes and len(v_side) == b.v_side.nodes
            for side, ranges in zip((v_side,), d.bridge_ranges(b.u, b.v)[1:]):
                people = [n for n in side if G.nodes[n]["kind"] == "person"]
                assert d.by_area(ranges) == areas_of(G, people)
                others, total = d.others_in(ranges)
                assert {d.tree.ix.nodes[i] for i in others} == {n for n in side if G.nodes[n]["kind"] != "person"}
                assert total == len(others)


def test_a_tie_that_is_no_bridge_is_refused():
    G = network([("hub", "a"), ("a", "b"), ("b", "hub")], {"hub": "asset"})
    with pytest.raises(KeyError):
        Departures.build(G).bridge_sides("a", "b")


def test_a_long_chain_is_answered_without_a_search_per_node():
    """10,000 people in a line from one hub: every answer is read off the layout."""
    n = 10_000
    G = nx.path_graph(n)
    nx.set_node_attributes(G, "person", "kind")
    G.nodes[0]["kind"] = "asset"
    d = Departures.build(G, "igraph")
    assert len(d.cut_off_people(1)) == n - 2
    assert d.by_area(d.cut_off_ranges(n // 2)) == [("area not known", n - n // 2 - 1)]
    lower = d.bridge_ranges(n - 2, n - 1)
    assert sum(hi - lo for lo, hi in lower[1]) == 1
