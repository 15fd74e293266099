"""The Collaborative's findings in words: one count per list, nested single links merged into one
finding, people on their own merged, brokers and clusters in words, each count checked against a
plain reference on many small networks, and no one named who may not be."""
from __future__ import annotations

import doctest

import networkx as nx
import pytest

from mapper.analytics.block_cut import BlockCutTree
from mapper.analytics.brokerage import reach_only_through
from mapper.network import communities
from mapper.network.findings import findings
from tests.oracles.random_graphs import random_network


def only_through_reference(G: nx.Graph, v) -> int:
    """Take ``v`` out, find the pieces of its part of the network afresh, and count the people of every
    piece but the one with most people."""
    people = lambda nodes: sum(1 for x in nodes if G.nodes[x]["kind"] == "person")  # noqa: E731
    part = nx.node_connected_component(G, v) - {v}
    pieces = [people(c) for c in nx.connected_components(G.subgraph(part))]
    return sum(pieces) - max(pieces, default=0)


@pytest.mark.parametrize("method", ["networkx", "igraph"])
def test_reach_only_through_agrees_with_taking_each_node_out(method):
    for seed in range(1500):
        G = random_network(seed, largest=15)
        got = reach_only_through(BlockCutTree.build(G, method))
        assert got == {v: only_through_reference(G, v) for v in G}, seed


def named_network(seed: int) -> nx.Graph:
    G = random_network(seed, largest=16)
    for v in G:
        G.nodes[v].update(name=f"N{v}", named=True, roles=())
    return G


def sides(G: nx.Graph, a, b) -> tuple[set, set]:
    H = G.copy()
    H.remove_edge(a, b)
    return nx.node_connected_component(H, a), nx.node_connected_component(H, b)


def small_side(G: nx.Graph, a, b) -> frozenset | None:
    """The smaller side of a single link (None when the two are the same size)."""
    x, y = sides(G, a, b)
    return frozenset(min((x, y), key=len)) if len(x) != len(y) else None


def test_nested_single_links_are_one_finding_each_and_none_is_lost():
    """Every single link whose smaller side has two or more nodes is in exactly one finding: as the
    outer link, or inside the outer one whose side holds its side; no outer side holds another."""
    checked = 0
    for seed in range(1200):
        G = named_network(seed)
        report = findings(G, names_everyone=True, suggestions=0, top=5)
        listed, outer_sides = [], []
        for f in report.bridges:
            outer = small_side(G, f["a_id"], f["b_id"])
            listed.append(frozenset((f["a_id"], f["b_id"])))
            for inner in f["inner"]:
                listed.append(frozenset((inner["a_id"], inner["b_id"])))
                side = small_side(G, inner["a_id"], inner["b_id"])
                if outer is not None and side is not None:
                    assert side <= outer, seed
                    checked += 1
            outer_sides.append(outer)
        assert len(listed) == len(set(listed)), seed
        big_enough = {frozenset(e) for e in nx.bridges(G) if min(map(len, sides(G, *e))) >= 2}
        assert set(listed) == big_enough, seed
        for i, x in enumerate(outer_sides):
            for y in outer_sides[i + 1:]:
                assert x is None or y is None or not (x <= y or y <= x), seed
        assert report.counts["single_links"] == len(report.bridges)
    assert checked > 20  # the random networks do nest single links


def test_a_chain_of_single_links_into_one_place_is_one_sentence():
    # the network -> Nadia - Gary - the Sutton group - four men: two single links, one place
    G = nx.complete_graph(["hub", "nadia"] + [f"p{i}" for i in range(8)])
    G.add_edges_from([("nadia", "gary"), ("gary", "sutton")] + [("sutton", f"m{i}") for i in range(4)])
    for v in G:
        G.nodes[v].update(kind="person", name=v.title(), named=True, area="Sutton")
    G.nodes["hub"].update(kind="asset", name="Hub", area="Lewisham")
    G.nodes["sutton"].update(kind="asset", name="Sutton Men's Group")
    report = findings(G, names_everyone=True, suggestions=0)
    assert len(report.bridges) == report.counts["single_links"] == 1
    sentence = report.bridges[0]["sentence"]
    assert sentence.startswith("The only link between Sutton Men's Group (5 in Sutton) and the rest of the network is "
                               "the link between Nadia and Gary")
    assert sentence.endswith("Within it, 1 more single link holds 4 of its people: "
                             "the link between Gary and Sutton Men's Group.")
    assert report.bridges[0]["within"] == "the link between Gary and Sutton Men's Group (4 people)"


def test_people_each_on_their_own_are_one_finding_and_the_counts_are_the_lists():
    G = nx.Graph([("hub", "a"), ("b", "c"), ("b", "d")])
    G.add_nodes_from(["e", "f", "g"])
    areas = {"e": "Greenwich", "f": "Greenwich", "g": "Bexley"}
    for v in G:
        G.nodes[v].update(kind="person", name=v.upper(), named=False, roles=(), area=areas.get(v, "Lewisham"))
    G.nodes["hub"].update(kind="asset", name="Hub")
    report = findings(G, names_everyone=False, suggestions=0)
    assert [g["sentence"] for g in report.isolated_groups] == [
        "3 people have no path to a listening hub, hub or peer-support group (3 in Lewisham).",
        "3 people, each on their own, have no path to a listening hub, hub or peer-support group "
        "(2 in Greenwich, 1 in Bexley).",
    ]
    assert report.counts["isolated_groups"] == len(report.isolated_groups)
    assert report.counts["isolated_people"] == sum(g["size"] for g in report.isolated_groups) == 6
    assert report.counts["single_points"] == len(report.single_points)
    assert "E" not in {w for g in report.isolated_groups for w in g["who"]}  # not named without consent


def two_boroughs() -> nx.Graph:
    """Two close-knit groups of people, in Lewisham and Bexley, joined only through Leon."""
    G = nx.Graph()
    lew, bex = [f"l{i}" for i in range(6)], [f"b{i}" for i in range(5)]
    for group in (lew, bex):
        G.add_edges_from((u, v) for i, u in enumerate(group) for v in group[i + 1:])
    G.add_edges_from([("leon", "l0"), ("leon", "l1"), ("leon", "b0"), ("leon", "b1"),
                      ("lhub", "l2"), ("bhub", "b2")])
    for v in G:
        G.nodes[v].update(kind="person", name=v.title(), named=False, roles=("PeerSupporter",),
                          area="Lewisham" if v.startswith("l") else "Bexley")
    G.nodes["leon"].update(name="Leon Brown", named=True)
    G.nodes["lhub"].update(kind="asset", name="Catford Hub", roles=())
    G.nodes["bhub"].update(kind="asset", name="Erith Hub", roles=())
    return G


def test_a_broker_is_said_by_the_clusters_they_link_and_the_people_only_they_connect():
    G = two_boroughs()
    report = findings(G, names_everyone=False, suggestions=0, top=3)
    leon = report.brokers[0]
    assert leon["name"] == "Leon Brown" and leon["only_through"] == 5  # the five in Bexley
    assert set(leon["clusters"]) == {"the Lewisham cluster", "the Bexley cluster"}
    assert leon["sentence"] in (
        "Leon Brown links the Lewisham and Bexley clusters: 5 people reach the rest of the network only through them.",
        "Leon Brown links the Bexley and Lewisham clusters: 5 people reach the rest of the network only through them.")
    assert "betweenness" in leon and "0." not in leon["sentence"]  # the score stays in the CSV
    clusters = {c["name"]: c for c in report.clusters}
    bexley = clusters["the Bexley cluster"]["sentence"]  # Leon (Lewisham) falls in one of the two
    assert bexley.startswith("The Bexley cluster: ") and "5 in Bexley" in bexley
    assert bexley.endswith("1 asset (Erith Hub) and no organisations; 2 links to other clusters.")
    assert report.counts["clusters"] == len(report.clusters) == 2


def test_brokers_and_clusters_name_no_one_who_may_not_be_named():
    G = two_boroughs()
    G.nodes["leon"]["named"] = False
    report = findings(G, names_everyone=False, suggestions=0, top=20)
    text = repr(report.brokers) + repr(report.clusters) + repr(report.lonely_clusters)
    for v, attrs in G.nodes(data=True):
        if attrs["kind"] == "person":
            assert attrs["name"] not in text
    assert report.brokers[0]["sentence"].startswith("A peer supporter in ")
    assert report.brokers[0]["id"] is None


def test_cluster_names_are_distinct_and_use_areas_and_assets_only():
    G = nx.Graph([("a", "b"), ("b", "c"), ("d", "e"), ("e", "f"), ("f", "hub"), ("g", "h"), ("h", "i")])
    for v in G:
        G.nodes[v].update(kind="person", name=f"Secret {v}", area="Lewisham")
    G.nodes["hub"].update(kind="asset", name="Deptford Hub")
    groups = [frozenset("def") | {"hub"}, frozenset("abc"), frozenset("ghi")]
    names = communities.cluster_names(G, groups)
    assert names == ["the Lewisham cluster", "the Lewisham cluster of 3 people (1)",
                     "the Lewisham cluster of 3 people (2)"]
    assert not any("Secret" in n for n in names)


def test_the_words_doctests():
    import mapper.analytics.brokerage as brokerage

    for module in (brokerage, communities):
        assert doctest.testmod(module).failed == 0
