"""Suggested 1:1s read off the block-cut tree choose exactly what rebuilding the tree for every
candidate chooses, and a candidate tie's effect is exactly what adding it and searching again finds."""

import random

import pytest

from mapper.analytics.block_cut import BlockCutTree
from mapper.analytics.cut_off import people_at_risk
from mapper.analytics.second_routes import SecondRoutes
from mapper.analytics.suggestions import suggest_ties
from seeds import synthetic
from tests.oracles import reference, suggestions_recomputed
from tests.oracles.random_graphs import random_network


@pytest.mark.parametrize("largest", (13, 40))
def test_a_new_tie_takes_out_of_risk_exactly_whom_a_search_finds(largest):
    checked = 0
    for seed in range(300):
        G = random_network(seed, largest=largest)
        if len(G) < 2:
            continue
        routes = SecondRoutes(BlockCutTree.build(G))
        risk = reference.people_at_risk(G)
        assert routes.at_risk() == risk, seed
        rng = random.Random(seed)
        nodes = list(G)
        for _ in range(8):
            a, b = rng.sample(nodes, 2)
            if G.has_edge(a, b):
                continue
            H = G.copy()
            H.add_edge(a, b)
            index = routes.tree.ix.index
            assert routes.gain(index[a], index[b]) == len(risk - reference.people_at_risk(H)), (seed, a, b)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("method", ("networkx", "igraph"))
def test_suggestions_are_those_of_recomputing_on_random_networks(method):
    made = 0
    for seed in range(300):
        G = random_network(seed, largest=30)
        found = suggest_ties(G, k=4, method=method)
        assert found == suggestions_recomputed.suggest_ties(G, k=4, method=method), seed
        made += len(found)
    assert made > 100


def test_suggestions_are_those_of_recomputing_on_synthetic_networks():
    for seed in range(3):
        G = synthetic.graph(*synthetic.generate(people=1_500, ties=5_000, assets=20, seed=seed))
        found = suggest_ties(G, k=5)
        assert found == suggestions_recomputed.suggest_ties(G, k=5)
        H = G.copy()
        for s in found:
            before = people_at_risk(H)
            H.add_edge(s.a, s.b)
            assert s.people_given_second_route == len(before - people_at_risk(H)) > 0


def test_suggestions_from_the_summarys_tree_are_the_same():
    from mapper.analytics.summary import summary

    for seed in range(40):
        G = random_network(seed, largest=30)
        assert suggest_ties(G, k=3, tree=summary(G).tree) == suggest_ties(G, k=3), seed
    G = synthetic.graph(*synthetic.generate(people=3_000, ties=9_000, assets=30, seed=5))
    assert suggest_ties(G, k=4, tree=summary(G).tree) == suggestions_recomputed.suggest_ties(G, k=4)
