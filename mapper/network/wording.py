"""People counted by area, in words ("10 in Lewisham, 4 in Bexley"): shared by every finding.

>>> import networkx as nx
>>> G = nx.Graph(); G.add_nodes_from([("a", {"area": "Bexley"}), ("b", {"area": "Lewisham"}), ("c", {"area": "Lewisham"})])
>>> area_words(by_area(G, ["a", "b", "c"]))
'2 in Lewisham, 1 in Bexley'
"""
from __future__ import annotations

from collections import Counter

import networkx as nx


def by_area(G: nx.Graph, people) -> list[tuple[str, int]]:
    counts = Counter(G.nodes[p].get("area") or "area not known" for p in people)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def area_words(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{n} in {area}" for area, n in pairs)
