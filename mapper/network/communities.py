"""Clusters and brokers in words: each cluster by its size, areas and assets; each broker by the
clusters they link and the people who reach the rest of the network only through them.

Clusters come from community detection (``mapper.analytics.isolation.clusters``). A cluster is
named by its main areas (those of most of its people), never by a person; where two clusters
share a name, each is told apart by its best-linked organisation or asset. Brokers are named as
the viewer may see them (the ``Namer``); their betweenness scores stay in the CSV.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d")])
>>> kinds = {"a": "person", "b": "person", "c": "person", "d": "person", "e": "person", "f": "asset"}
>>> areas = {"a": "Lewisham", "b": "Lewisham", "c": "Lewisham", "d": "Bexley", "e": "Bexley"}
>>> for v in G: G.nodes[v].update(kind=kinds[v], area=areas.get(v), name=v.upper(), named=True)
>>> G.nodes["f"]["name"] = "Erith Hub"
>>> groups = [frozenset("abc"), frozenset("def")]
>>> names = cluster_names(G, groups)
>>> names
['the Lewisham cluster', 'the Bexley cluster']
>>> from mapper.network.naming import Namer  # (the doctest alone imports it)
>>> broker_words(G, Namer(G, False), "c", groups, names, 3)["sentence"]
'C links the Lewisham and Bexley clusters: 3 people reach the rest of the network only through them.'
"""
from __future__ import annotations

from collections import Counter

import networkx as nx

from mapper.network.wording import area_words, by_area

# A cluster is named by the fewest areas (at most two) that hold this share of its people.
MAIN_AREAS_SHARE = 2 / 3
# Clusters smaller than this are left to the lists of isolated people and groups.
SMALLEST_CLUSTER = 3
NAMED_ASSETS = 3  # assets named in a cluster's description (the best linked), then "and N more"


def _main_areas(G: nx.Graph, group) -> list[str]:
    counts = Counter(G.nodes[v].get("area") for v in group if G.nodes[v]["kind"] == "person")
    counts.pop(None, None)
    people = sum(counts.values())
    chosen, held = [], 0
    for area, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(chosen) == 2 or (chosen and held >= MAIN_AREAS_SHARE * people):
            break
        chosen.append(area)
        held += n
    return chosen


def _best_linked(G: nx.Graph, group, kinds=("organisation", "asset")):
    """The group's organisations or assets, best linked first (then by name)."""
    found = [v for v in group if G.nodes[v]["kind"] in kinds]
    return sorted(found, key=lambda v: (-G.degree[v], G.nodes[v].get("name") or str(v)))


def cluster_names(G: nx.Graph, groups: list) -> list[str]:
    """A name for each cluster (``groups`` largest first), distinct: "the Lewisham cluster", "the
    Kingston upon Thames and Richmond upon Thames cluster"; a smaller cluster with the same main
    areas is told apart by "around" its best-linked organisation or asset, else by its number of
    people, else by a number. People's names are never used."""
    base = []
    for group in groups:
        areas = _main_areas(G, group)
        base.append(f"the {' and '.join(areas)} cluster" if areas else "a cluster")
    seen: set = set()
    names = []
    for group, name in zip(groups, base):  # largest first: the largest keeps the plain name
        plain = name not in seen
        seen.add(name)
        if not plain or name == "a cluster":
            around = _best_linked(G, group)
            people = sum(1 for v in group if G.nodes[v]["kind"] == "person")
            name = f"{name} around {G.nodes[around[0]]['name']}" if around else f"{name} of {people} people"
        names.append(name)
    again = Counter(names)
    numbered: Counter = Counter()
    for i, name in enumerate(names):
        if again[name] > 1:
            numbered[name] += 1
            names[i] = f"{name} ({numbered[name]})"
    return names


def cluster_words(G: nx.Graph, group, name: str, links_out: int) -> dict:
    """One cluster by its size, areas, assets and organisations, and its links to the others."""
    people = [v for v in group if G.nodes[v]["kind"] == "person"]
    assets = _best_linked(G, group, ("asset",))
    organisations = sum(1 for v in group if G.nodes[v]["kind"] == "organisation")
    areas = by_area(G, people)
    asset_names = [G.nodes[a]["name"] for a in assets[:NAMED_ASSETS]]
    if not assets:
        asset_part = "no assets"
    else:
        listed = ", ".join(asset_names) + (f" and {len(assets) - NAMED_ASSETS} more" if len(assets) > NAMED_ASSETS else "")
        asset_part = f"{len(assets)} {'asset' if len(assets) == 1 else 'assets'} ({listed})"
    links = "no links" if links_out == 0 else ("1 link" if links_out == 1 else f"{links_out} links")
    who = f"{len(people)} {'person' if len(people) == 1 else 'people'}" + (f" ({area_words(areas)})" if areas else "")
    orgs = "no organisations" if organisations == 0 else \
        f"{organisations} {'organisation' if organisations == 1 else 'organisations'}"
    return {"name": name, "size": len(group), "people": len(people), "assets": len(assets),
            "organisations": organisations, "areas": areas, "asset_names": asset_names, "links": links_out,
            "sentence": f"{name[0].upper()}{name[1:]}: {who}, {asset_part} and {orgs}; {links} to other clusters."}


def broker_words(G: nx.Graph, name, node, groups: list, names: list[str], only_through: int,
                 where: dict | None = None) -> dict:
    """A broker in words: the clusters among their ties (most ties first) and ``only_through``, the
    people who reach the rest of the network only through them (``mapper.analytics.brokerage``).
    ``where``: each node's cluster (by position in ``groups``), when already known."""
    where = where if where is not None else {v: i for i, g in enumerate(groups) for v in g}
    own = where.get(node)
    ties = Counter(where[w] for w in G[node] if w in where)
    linked = sorted(ties, key=lambda c: (-ties[c], c != own, c))
    pronoun = "them" if G.nodes[node]["kind"] == "person" else "it"
    who = name(node)
    if len(linked) >= 2:
        first = [names[c] for c in linked[:3]]
        if len(linked) == 2:
            role = _two_clusters(first[0], first[1])
        else:
            role = f"links {len(linked)} clusters, most of all {first[0]} and {first[1]}"
    elif own is not None:
        role = f"holds {names[own]} together"
    else:
        role = "links parts of the network"
    gone = {"person": "they stepped back", "organisation": "it withdrew", "asset": "it closed"}[G.nodes[node]["kind"]]
    count = f"if {gone}, everyone would still be connected" \
        if only_through == 0 else \
        f"{'1 person reaches' if only_through == 1 else f'{only_through} people reach'} the rest of the network " \
        f"only through {pronoun}"
    return {"name": who, "id": name.public_id(node), "kind": G.nodes[node]["kind"],
            "clusters": [names[c] for c in linked], "only_through": only_through,
            "sentence": f"{who[:1].upper()}{who[1:]} {role}: {count}."}


def _two_clusters(a: str, b: str) -> str:
    """"links the Lewisham and Bexley clusters" where both are plain area names, else both in full."""
    plain = lambda s: s.startswith("the ") and s.endswith(" cluster") and " and " not in s  # noqa: E731
    if plain(a) and plain(b):
        return f"links the {a[4:-8]} and {b[4:-8]} clusters"
    return f"links {a} and {b}"
