"""Seeded random small community networks for checking the analytics against the reference."""

import random

import networkx as nx

KINDS = ("person", "organisation", "asset")


def random_network(seed: int, largest: int = 13) -> nx.Graph:
    """A small network: random, tree, path, cycle, several components, lollipops, single nodes."""
    rng = random.Random(seed)
    n = rng.randint(0, largest)
    style = rng.choice(["gnp", "tree", "path", "cycle", "parts", "parts", "lollipop", "star"])
    sub = rng.randint(0, 10**9)
    if style == "gnp":
        G = nx.gnp_random_graph(n, rng.uniform(0.05, 0.5), seed=sub)
    elif style == "tree":
        G = nx.random_labeled_tree(n, seed=sub) if n else nx.Graph()
    elif style == "path":
        G = nx.path_graph(n)
    elif style == "cycle":
        G = nx.cycle_graph(n)
    elif style == "lollipop":
        G = nx.lollipop_graph(rng.randint(3, 5), rng.randint(0, 5))
    elif style == "star":
        G = nx.star_graph(rng.randint(0, 6))
    else:
        top = max(1, largest // 2)
        parts = [nx.gnp_random_graph(rng.randint(1, top), rng.uniform(0.1, 0.7), seed=sub + i) for i in range(rng.randint(2, 4))]
        G = nx.disjoint_union_all(parts)
        for _ in range(rng.randint(0, 3 + largest // 10)):
            if len(G) > 1:
                u, v = rng.sample(sorted(G), 2)
                G.add_edge(u, v)
    p_asset = rng.choice([0.0, 0.08, 0.2, 0.4, 0.7])
    p_org = rng.choice([0.0, 0.15])
    areas = ["Lewisham", "Bexley", "Croydon"]
    for v in G:
        r = rng.random()
        G.nodes[v]["kind"] = "asset" if r < p_asset else ("organisation" if r < p_asset + p_org else "person")
        if rng.random() < 0.8:
            G.nodes[v]["area"] = rng.choice(areas)
        G.nodes[v]["themes"] = tuple(rng.sample(["housing", "loneliness", "work"], rng.randint(0, 2)))
    if rng.random() < 0.3:  # string ids, in a shuffled order, as in the app
        order = list(G)
        rng.shuffle(order)
        H = nx.Graph()
        H.add_nodes_from((f"n{v}", G.nodes[v]) for v in order)
        H.add_edges_from((f"n{u}", f"n{v}") for u, v in G.edges())
        G = H
    return G


def network(edges, kinds, default="person") -> nx.Graph:
    """A network from an edge list and ``{node: kind}`` (others get ``default``)."""
    G = nx.Graph()
    G.add_nodes_from(kinds)
    G.add_edges_from(edges)
    for v in G:
        G.nodes[v]["kind"] = kinds.get(v, default)
    return G
