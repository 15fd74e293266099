"""The same analyses inside the database with OpenGDS, beside the Python path the report runs.

Where the bench's Neo4j has the plugin (``mapper.db.gds``; ``mapper bench --only network`` fetches
it from Maven Central), times the in-database path step by step: the projection into GDS's memory
(the pull's counterpart), connected components, articulation points (the single points of failure),
bridges, Leiden clusters and sampled betweenness (the brokers), beside the Python path's pull and
the same steps in igraph from the same run; and checks that both find the same single points of
failure and the same number of bridges. GDS gives no list of who each single point cuts off, so
the report would still read the network into Python for those: the comparison says whether moving
any step into the database would pay.
"""
from __future__ import annotations

import time
from typing import Callable

from mapper.analytics.brokers import SAMPLES
from mapper.db import gds
from mapper.db.store import Store

GRAPH = "bench-network"
# The types that join the network's people, organisations and assets (as ``network_ties`` and
# ``network_one_to_ones`` read them).
TIES = ("ONE_TO_ONE", "MEMBER_OF", "RUNS", "VOLUNTEERS_AT", "ATTENDS", "PARTNERS_WITH", "INTRODUCES_TO")
STEPS = (("projection", "gds_project_network", {}), ("components", "gds_components", {}),
         ("articulation points", "gds_articulation_points", {}), ("bridges", "gds_bridges", {}),
         ("clusters", "gds_clusters", {"seed": 1}),
         ("brokers", "gds_brokers", {"samples": SAMPLES, "seed": 1, "top": 20}))
# The Python path's counterpart of each step: seconds from the bench's own run of it.
PYTHON = {"projection": "pull", "components": "index", "articulation points": "block-cut tree",
          "bridges": "bridges", "clusters": "clusters", "brokers": "brokers"}


def run(store: Store, say: Callable[[str], None], python_steps: dict, pull_s: float, single_points: set,
        bridges: int, nodes: int) -> dict:
    version = gds.version(store)
    if version is None:
        say("  OpenGDS: not on this server (Maven could not fetch it): the Python path alone")
        return {"available": False}
    out: dict = {"available": True, "version": version, "steps_s": {}, "python_steps_s": {}}
    held = set(store.read_one("gds_relationship_types")["types"])
    projected = {t: {"orientation": "UNDIRECTED", "aggregation": "SINGLE"} for t in TIES if t in held}
    first_s, _ = _steps(store, projected)  # the first run pays the JVM's warm-up: timed, not compared
    out["first_run_s"] = round(sum(first_s.values()), 2)
    out["steps_s"], found = _steps(store, projected)
    for step, _, _ in STEPS:
        python = pull_s if PYTHON[step] == "pull" else python_steps.get(PYTHON[step], 0.0)
        out["python_steps_s"][step] = round(python, 3)
    points = set(found["articulation points"]["ids"])
    out["projected_nodes"] = found["projection"]["nodes"]
    out["same_single_points"] = points == single_points
    out["same_bridges"] = found["bridges"]["bridges"] == bridges
    out["gds_s"] = round(sum(out["steps_s"].values()), 2)
    out["python_s"] = round(sum(out["python_steps_s"].values()), 2)
    say(f"  OpenGDS {version} in the database (second run; the first, with the JVM's warm-up, "
        f"{out['first_run_s']:.2f} s), beside the Python path (igraph) on the same network:")
    for step, _, _ in STEPS:
        say(f"    {step:<20} GDS {out['steps_s'][step]:6.2f} s   Python {out['python_steps_s'][step]:6.2f} s")
    say(f"    in all: GDS {out['gds_s']:.2f} s, Python {out['python_s']:.2f} s; {out['projected_nodes']:,} of "
        f"{nodes:,} nodes projected; same single points of failure: {out['same_single_points']}, "
        f"same number of bridges: {out['same_bridges']}")
    return out


def _steps(store: Store, projected: dict) -> tuple[dict, dict]:
    """Each step once, timed, with what it found; the projection let go at the end."""
    seconds, found = {}, {}
    store.read("gds_drop", graph=GRAPH)
    for step, query, params in STEPS:
        params = {"relationships": projected} if step == "projection" else params
        began = time.perf_counter()
        found[step] = store.read_one(query, graph=GRAPH, **params)
        seconds[step] = round(time.perf_counter() - began, 3)
    store.read("gds_drop", graph=GRAPH)
    return seconds, found
