"""Network-health analytics for a community network.

Every function takes an undirected :class:`networkx.Graph` whose nodes carry
``kind`` ("person", "organisation" or "asset") and optionally ``area`` and
``themes``. Nothing here changes the graph it is given.

Families:

* :mod:`.cut_off` — who a node's departure cuts off from every asset;
* :mod:`.bridges` — ties whose loss splits a group;
* :mod:`.hubs` — assets that hang on one person;
* :mod:`.isolation` — people and groups with no asset, weakly linked clusters;
* :mod:`.brokers` — betweenness, degree, cluster linkers;
* :mod:`.what_if` — the effect of removing nodes or ties;
* :mod:`.suggestions` — new 1:1s that add a second route;
* :mod:`.summary` — all of the above together;
* :mod:`.reference` — slow remove-and-search-again versions for checking.
"""

from mapper.analytics.bridges import Bridge, Side, bridge_ties, bridges
from mapper.analytics.brokers import Broker, betweenness, brokers, cluster_linkers, degree
from mapper.analytics.cut_off import cut_off_counts, cut_off_people, people_at_risk, people_by_area
from mapper.analytics.hubs import asset_gateways, assets_run_by_one, runners_of
from mapper.analytics.isolation import (
    ClusterLinks,
    cluster_links,
    clusters,
    groups_without_assets,
    people_without_assets,
)
from mapper.analytics.suggestions import Suggestion, suggest_ties
from mapper.analytics.summary import Summary, summary
from mapper.analytics.what_if import NearestChange, WhatIf, nearest_assets, what_if

__all__ = [
    "Bridge",
    "Broker",
    "ClusterLinks",
    "NearestChange",
    "Side",
    "Suggestion",
    "Summary",
    "WhatIf",
    "asset_gateways",
    "assets_run_by_one",
    "betweenness",
    "bridge_ties",
    "bridges",
    "brokers",
    "cluster_linkers",
    "cluster_links",
    "clusters",
    "cut_off_counts",
    "cut_off_people",
    "degree",
    "groups_without_assets",
    "nearest_assets",
    "people_at_risk",
    "people_by_area",
    "people_without_assets",
    "runners_of",
    "suggest_ties",
    "summary",
    "what_if",
]
