"""Isolation, brokers, what-if, suggestions, summary, the synthetic generator, and the doctests."""

import copy
import doctest
import importlib
import random
import time

import networkx as nx
import pytest

from mapper import analytics
from mapper.analytics import (
    betweenness,
    brokers,
    cluster_linkers,
    cluster_links,
    clusters,
    cut_off_people,
    groups_without_assets,
    nearest_assets,
    people_at_risk,
    people_without_assets,
    suggest_ties,
    summary,
    what_if,
)
from mapper.analytics.summary import STEPS
from seeds import synthetic
from tests.oracles import reference
from tests.oracles.random_graphs import network, random_network

MODULES = [
    "mapper.analytics.fast",
    "mapper.analytics.block_cut",
    "mapper.analytics.cut_off",
    "mapper.analytics.bridges",
    "mapper.analytics.hubs",
    "mapper.analytics.isolation",
    "mapper.analytics.brokers",
    "mapper.analytics.what_if",
    "mapper.analytics.suggestions",
    "mapper.analytics.summary",
    "tests.oracles.reference",
    "seeds.synthetic",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def _snapshot(G):
    return (list(G.nodes(data=True)), sorted(map(sorted, map(lambda e: map(str, e), G.edges()))), copy.deepcopy(dict(G.edges)))


# --- isolation ---------------------------------------------------------------------------


def test_people_without_assets_match_a_search_from_the_assets():
    for seed in range(200):
        G = random_network(seed)
        people = {v for v, k in G.nodes(data="kind") if k == "person"}
        assert people_without_assets(G) == people - reference.reaches_asset(G), seed
        groups = groups_without_assets(G)
        assert set().union(*groups) == {v for g in groups for v in g}
        assert {v for g in groups for v in g if G.nodes[v]["kind"] == "person"} == people_without_assets(G)
        assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)


@pytest.mark.parametrize("method", ("networkx", "igraph"))
def test_clusters_partition_the_network_and_repeat(method):
    G = synthetic.graph(*synthetic.generate(people=400, ties=1_600, assets=8, seed=2))
    found = clusters(G, seed=4, method=method)
    assert sum(map(len, found)) == len(G) and set().union(*found) == set(G)
    assert found == clusters(G, seed=4, method=method)
    assert len(found) > 5
    links = cluster_links(G, found)
    for c, group in zip(links, found):
        out = sum(1 for u, v in G.edges() if (u in group) != (v in group))
        assert c.links_out == out and c.weakly_linked == (out <= 1) and c.size == len(group)


def test_an_isolated_group_is_a_weakly_linked_cluster():
    G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(3))
    nx.set_node_attributes(G, "person", "kind")
    found = clusters(G, method="igraph")
    assert [len(c) for c in found] == [5, 3]
    assert [c.weakly_linked for c in cluster_links(G, found)] == [True, True]


# --- brokers -----------------------------------------------------------------------------


def test_igraph_betweenness_matches_networkx():
    for seed in range(60):
        G = random_network(seed)
        fast, slow = betweenness(G, method="igraph"), nx.betweenness_centrality(G)
        assert fast.keys() == slow.keys()
        assert all(abs(fast[v] - slow[v]) < 1e-9 for v in G), seed


def test_sampled_betweenness_is_seeded_and_exact_with_every_source(monkeypatch):
    module = importlib.import_module("mapper.analytics.brokers")

    G = nx.connected_watts_strogatz_graph(40, 4, 0.2, seed=1)
    nx.set_node_attributes(G, "person", "kind")
    monkeypatch.setattr(module, "SAMPLE_ABOVE", 10)
    monkeypatch.setattr(module, "SAMPLES", 12)
    assert betweenness(G, seed=3, method="igraph") == betweenness(G, seed=3, method="igraph")
    monkeypatch.setattr(module, "SAMPLES", 40)
    exact = nx.betweenness_centrality(G)
    assert all(abs(betweenness(G, method="igraph")[v] - exact[v]) < 1e-9 for v in G)


def test_brokers_and_cluster_linkers():
    G = nx.barbell_graph(4, 1)  # two cliques joined through node 4
    nx.set_node_attributes(G, "person", "kind")
    groups = [set(range(4)), {4}, set(range(5, 9))]
    assert cluster_linkers(G, groups) == {3: 2, 4: 2, 5: 2}
    top = brokers(G, top=3, groups=groups)
    assert [b.node for b in top] == [4, 3, 5]
    assert top[0].degree == 2 and top[0].clusters_linked == 2


def test_cluster_counts_and_brokers_match_a_walk_over_every_tie_on_small_networks():
    """The counts read off the arrays at once, against a plain walk over the network's ties."""
    for seed in range(300):
        G = random_network(seed)
        if G.number_of_nodes() == 0:
            continue
        rng = random.Random(seed)
        groups = [set() for _ in range(rng.randint(1, 4))]
        for v in G:
            groups[rng.randrange(len(groups))].add(v)
        groups = [g for g in groups if g]
        where = {v: i for i, g in enumerate(groups) for v in g}
        out = [0] * len(groups)
        for u, v in G.edges():
            if where[u] != where[v]:
                out[where[u]] += 1
                out[where[v]] += 1
        assert [(c.size, c.people, c.assets, c.links_out) for c in cluster_links(G, groups)] == [
            (len(g), sum(G.nodes[v]["kind"] == "person" for v in g), sum(G.nodes[v]["kind"] == "asset" for v in g),
             out[i]) for i, g in enumerate(groups)], seed
        linked = {v: len({where[w] for w in G[v]}) for v in G}
        assert cluster_linkers(G, groups) == {v: k for v, k in linked.items() if k >= 2}, seed
        btw = nx.betweenness_centrality(G)
        expected = sorted(G, key=lambda v: (-btw[v], -G.degree[v], list(G).index(v)))[:3]
        assert [b.node for b in brokers(G, top=3, groups=groups, method="networkx")] == expected, seed


# --- what-if -----------------------------------------------------------------------------


def test_what_if_never_changes_the_network_and_matches_a_rebuilt_copy():
    import random

    for seed in range(150):
        G = random_network(seed)
        if not len(G):
            continue
        rng = random.Random(seed)
        gone = rng.sample(sorted(G, key=str), rng.randint(0, min(2, len(G))))
        ties = rng.sample(sorted(G.edges(), key=str), min(len(G.edges()), rng.randint(0, 2)))
        ties = [e for e in ties if not set(e) & set(gone)]
        before = _snapshot(G)
        r = what_if(G, remove_nodes=gone, remove_edges=ties)
        assert _snapshot(G) == before, seed

        H = G.copy()
        H.remove_edges_from(ties)
        H.remove_nodes_from(gone)
        people = {v for v, k in H.nodes(data="kind") if k == "person"}
        assert r.newly_cut_off == (reference.reaches_asset(G) - reference.reaches_asset(H)) & people, seed
        assert (r.components_before, r.components_after) == (
            nx.number_connected_components(G),
            nx.number_connected_components(H),
        )
        split = sum(1 for c in nx.connected_components(G) if nx.number_connected_components(H.subgraph(c - set(gone))) > 1)
        assert len(r.split) == split, seed
        old, new = nearest_assets(G), nearest_assets(H)
        for p in people:
            if p in old and (p not in new or new[p][1] > old[p][1]):
                assert r.nearest[p].before_steps == old[p][1] and r.nearest[p].after == new.get(p, (None,))[0]
            else:
                assert p not in r.nearest
        if len(gone) == 1 and not ties:
            assert r.newly_cut_off == cut_off_people(G, gone[0]), seed


def test_what_if_by_hand():
    G = network([("hub", "amina"), ("amina", "ben"), ("ben", "cafe"), ("ben", "chidi")], {"hub": "asset", "cafe": "asset"})
    r = what_if(G, remove_nodes=["cafe"])
    assert r.newly_cut_off == set()
    assert r.nearest == {
        "ben": ("cafe", 1, "hub", 2),
        "chidi": ("cafe", 2, "hub", 3),
    }
    r = what_if(G, remove_edges=[("amina", "ben")])
    assert r.split == [(5, [3, 2])] and r.components_after == 2
    with pytest.raises(KeyError):
        what_if(G, remove_nodes=["nobody"])
    with pytest.raises(KeyError):
        what_if(G, remove_edges=[("hub", "chidi")])


# --- suggestions -------------------------------------------------------------------------


def _check_suggestions(G, found, at_risk):
    H = G.copy()
    for s in found:
        assert H.nodes[s.a]["kind"] == H.nodes[s.b]["kind"] == "person"
        assert not H.has_edge(s.a, s.b)
        before = at_risk(H)
        H.add_edge(s.a, s.b)
        assert s.people_given_second_route == len(before - at_risk(H)) > 0
        assert s.reason


def test_suggestions_claim_exactly_what_they_do_on_random_networks():
    made = 0
    for seed in range(120):
        G = random_network(seed)
        before = _snapshot(G)
        found = suggest_ties(G, k=3, method="networkx")
        assert _snapshot(G) == before
        _check_suggestions(G, found, reference.people_at_risk)
        made += len(found)
    assert made > 20


def test_suggestions_on_a_synthetic_network_with_igraph():
    G = synthetic.graph(*synthetic.generate(people=1_500, ties=5_000, assets=20, seed=7))
    found = suggest_ties(G, k=3, method="igraph")
    assert len(found) == 3
    _check_suggestions(G, found, lambda H: people_at_risk(H, "networkx"))
    gains = [s.people_given_second_route for s in found]
    assert gains[0] >= 2


def test_suggestion_prefers_the_same_area_and_says_why():
    G = network([("hub", "amina"), ("amina", "ben"), ("hub", "dev"), ("hub", "eve"), ("dev", "cafe"), ("eve", "cafe")],
                {"hub": "asset", "cafe": "asset"})
    for v, area in {"ben": "Lewisham", "dev": "Bexley", "eve": "Lewisham", "amina": "Bexley"}.items():
        G.nodes[v]["area"] = area
    G.nodes["ben"]["themes"] = ("housing",)
    G.nodes["eve"]["themes"] = ("housing", "work")
    (s,) = suggest_ties(G, k=1)
    assert (s.a, s.b, s.people_given_second_route) == ("ben", "eve", 2)
    assert "around hub" in s.reason and "both in Lewisham" in s.reason and "housing" in s.reason


# --- summary and the synthetic generator --------------------------------------------------


@pytest.mark.parametrize("method", ("networkx", "igraph"))
def test_summary_matches_the_single_analyses(method):
    G = synthetic.graph(*synthetic.generate(people=600, ties=2_000, assets=12, seed=9))
    calls = []
    s = summary(G, method=method, progress=lambda step, fraction: calls.append((step, fraction)))
    assert s.cut_off == analytics.cut_off_counts(G, method)
    assert s.people_at_risk == people_at_risk(G, method)
    assert s.bridges == analytics.bridges(G, method)
    assert s.asset_gateways == analytics.asset_gateways(G, method)
    assert s.people_without_assets == people_without_assets(G)
    assert len(s.brokers) == 20
    assert [step for step, _ in calls] == list(STEPS)
    assert calls[-1][1] == 1.0 and all(a[1] < b[1] for a, b in zip(calls, calls[1:]))


def test_synthetic_network_is_seeded_and_shaped_like_the_real_thing():
    nodes, edges = synthetic.generate(people=3_000, ties=12_000, assets=60, seed=11)
    assert (nodes, edges) == synthetic.generate(people=3_000, ties=12_000, assets=60, seed=11)
    assert (nodes, edges) != synthetic.generate(people=3_000, ties=12_000, assets=60, seed=12)
    G = synthetic.graph(nodes, edges)
    assert G.number_of_edges() == 12_000 and len(set(map(frozenset, edges))) == 12_000
    assert all(u != v for u, v in edges)
    kinds = [k for _, k, _ in nodes]
    assert kinds.count("person") == 3_000 and kinds.count("asset") == 60
    assert len({a for _, _, a in nodes}) == 10
    assert len(list(nx.articulation_points(G))) > 50 and len(list(nx.bridges(G))) > 50
    assert groups_without_assets(G)  # some small groups with no asset
    assert max(d for _, d in G.degree()) > 5 * (2 * 12_000 / len(G))  # organisers are hubs


def test_synthetic_full_size_builds_quickly():
    start = time.perf_counter()
    nodes, edges = synthetic.generate()
    assert time.perf_counter() - start < 10
    assert len(edges) == 500_000 and sum(k == "person" for _, k, _ in nodes) == 100_000
