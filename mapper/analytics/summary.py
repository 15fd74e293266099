"""All the network-health analytics in one pass over a shared block–cut tree.

>>> import networkx as nx
>>> G = nx.path_graph(["hub", "amina", "ben"])
>>> nx.set_node_attributes(G, "person", "kind"); G.nodes["hub"]["kind"] = "asset"
>>> s = summary(G)
>>> s.cut_off, sorted(s.people_at_risk), len(s.bridges)
({'hub': 2, 'amina': 1}, ['amina', 'ben'], 2)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import networkx as nx

from mapper.analytics.block_cut import BlockCutTree
from mapper.analytics.bridges import Bridge, bridges_from_tree
from mapper.analytics.brokers import Broker, brokers
from mapper.analytics.cut_off import at_risk_from_tree, counts_from_tree
from mapper.analytics.fast import IndexedGraph, gc_paused
from mapper.analytics.hubs import assets_run_by_one, gateways_from_tree
from mapper.analytics.isolation import (
    ClusterLinks,
    cluster_links,
    clusters,
    groups_without_assets,
    people_without_assets,
)

__all__ = ["Summary", "summary", "STEPS"]

#: The steps reported to ``progress``, in order.
STEPS = (
    "index",
    "block-cut tree",
    "cut-offs",
    "bridges",
    "hubs",
    "isolation",
    "clusters",
    "brokers",
)


@dataclass
class Summary:
    cut_off: dict  # node -> people its departure cuts off from every asset
    people_at_risk: set
    bridges: list[Bridge]
    assets_run_by_one: dict  # asset -> its only runner
    asset_gateways: dict  # asset -> nodes without which it reaches no person
    people_without_assets: set
    groups_without_assets: list[set]
    clusters: list[frozenset]
    cluster_links: list[ClusterLinks]
    brokers: list[Broker]
    tree: BlockCutTree | None = None  # shared with the findings' lists of who each departure cuts off
    seconds: dict = field(default_factory=dict)  # step -> seconds taken


def summary(
    G: nx.Graph,
    method: str = "auto",
    seed: int = 1,
    top: int = 20,
    runners: dict | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Summary:
    """Cut-offs, bridges, hubs that hang on one person, isolation and brokers.

    ``progress(step, fraction)`` is called as each step in :data:`STEPS`
    finishes, ``fraction`` rising to 1.0.
    """
    with gc_paused():
        return _summary(G, method, seed, top, runners, progress)


def _summary(G, method, seed, top, runners, progress) -> Summary:
    seconds: dict = {}
    results: dict = {}
    clock = time.perf_counter()

    def done(step):
        nonlocal clock
        now = time.perf_counter()
        seconds[step] = now - clock
        clock = now
        if progress is not None:
            progress(step, (STEPS.index(step) + 1) / len(STEPS))

    ix = IndexedGraph.from_networkx(G)
    done("index")
    tree = BlockCutTree.build(G, method, ix)
    done("block-cut tree")
    results["cut_off"] = counts_from_tree(tree)
    results["people_at_risk"] = at_risk_from_tree(tree)
    done("cut-offs")
    results["bridges"] = bridges_from_tree(tree)
    done("bridges")
    results["assets_run_by_one"] = assets_run_by_one(G, runners)
    results["asset_gateways"] = gateways_from_tree(tree)
    done("hubs")
    results["people_without_assets"] = people_without_assets(G, ix)
    results["groups_without_assets"] = groups_without_assets(G, ix)
    done("isolation")
    groups = clusters(G, seed=seed, method=method, ix=ix)
    results["clusters"] = groups
    results["cluster_links"] = cluster_links(G, groups, ix)
    done("clusters")
    results["brokers"] = brokers(G, top=top, seed=seed, method=method, groups=groups, ix=ix)
    done("brokers")
    return Summary(**results, tree=tree, seconds=seconds)
