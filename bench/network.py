"""Benchmark of the Collaborative's analytics on a large synthetic network, against baselines
measured in the same run: networkx for every step, and remove-and-search on a sample of nodes."""
from __future__ import annotations

import datetime as dt
import resource
import time
from typing import Callable

import numpy as np

from tests.oracles import reference
from mapper.analytics.summary import summary
from mapper.network.projection import Projection
from mapper.db.store import Store

BATCH = 10_000
EDGE_QUERIES = {
    ("person", "person"): "bench_one_to_ones",
    ("person", "asset"): "bench_attends",
    ("person", "organisation"): "bench_member_of",
    ("organisation", "asset"): "bench_org_runs",
    ("organisation", "organisation"): "bench_partners",
    ("asset", "asset"): "bench_introduces",
}
ORDER = {"person": 0, "organisation": 1, "asset": 2}


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(store: Store, nodes, edges, say: Callable[[str], None]) -> dict:
    """Write the synthetic network into an empty database in batches; returns rows and seconds."""
    began = time.perf_counter()
    store.autocommit("delete_everything")
    kinds = {i: k for i, k, _ in nodes}
    query = {"person": "bench_people", "organisation": "bench_organisations", "asset": "bench_assets"}
    areas = sorted({a for _, _, a in nodes if a})
    store.write("bench_areas", rows=[{"id": f"area-{a}", "name": a} for a in areas])
    for kind, name in query.items():
        rows = [{"id": f"n{i}", "name": f"{kind} {i}"} for i, k, _ in nodes if k == kind]
        for start in range(0, len(rows), BATCH):
            store.write(name, rows=rows[start:start + BATCH])
    located = [{"id": f"n{i}", "area": f"area-{a}"} for i, _, a in nodes if a]
    for start in range(0, len(located), BATCH):
        store.write("bench_in_area", rows=located[start:start + BATCH])
    say(f"  nodes written ({len(nodes):,})")
    rng = np.random.default_rng(7)
    days = rng.integers(0, 5 * 365, size=len(edges))
    today = dt.date.today()
    groups: dict[str, list] = {}
    for n, (u, v) in enumerate(edges):
        a, b = sorted((u, v), key=lambda x: ORDER[kinds[x]])
        pair = (kinds[a], kinds[b])
        if pair == ("asset", "organisation"):
            pair = ("organisation", "asset")
        row = {"s": f"n{a}", "t": f"n{b}"}
        if pair == ("person", "person"):
            row.update(id=f"m{n}", date=today - dt.timedelta(days=int(days[n])))
        groups.setdefault(EDGE_QUERIES[pair], []).append(row)
    written = 0
    for name, rows in groups.items():
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            store.write(name, rows=batch)
            if (written + len(batch)) // 100_000 > written // 100_000:
                say(f"  {written + len(batch):,} of {len(edges):,} relationships written")
            written += len(batch)
    seconds = time.perf_counter() - began
    return {"rows": len(nodes) + len(edges), "seconds": seconds}


def best_of(n: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(n):
        began = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - began)
    return best, result


def run(store: Store, say: Callable[[str], None], people: int = 100_000, ties: int = 500_000,
        assets: int = 2_000, networkx_baseline: bool = True, sample: int = 5) -> dict:
    from seeds.synthetic import generate

    say(f"network analytics: generating {people:,} people, {ties:,} ties, {assets:,} assets...")
    nodes, edges = generate(people=people, ties=ties, assets=assets)
    loaded = load(store, nodes, edges, say)
    say(f"  loaded into Neo4j in {loaded['seconds']:.1f} s ({loaded['rows'] / loaded['seconds']:,.0f} rows/s)")
    pull_s, projection = best_of(3, lambda: Projection.pull(store))
    say(f"  pulled out of Neo4j in {pull_s:.2f} s (best of 3)")
    build_s, G = best_of(3, lambda: projection.graph(live_months=0))
    say(f"  graph built in {build_s:.2f} s: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} links")

    def progress(step, fraction):
        say(f"  [{fraction:4.0%}] {step}")

    fast_s, fast = best_of(1, lambda: summary(G, method="igraph", progress=progress))
    figures = {"nodes": G.number_of_nodes(), "links": G.number_of_edges(), "load_s": loaded["seconds"],
               "pull_s": pull_s, "build_s": build_s, "igraph_s": fast_s,
               "igraph_steps": {k: round(v, 3) for k, v in fast.seconds.items()},
               "single_points": len(fast.cut_off), "bridges": len(fast.bridges)}
    say(f"  all of cut-offs, bridges, hubs, isolation, clusters, brokers with igraph: {fast_s:.2f} s")
    if networkx_baseline:
        slow_s, slow = best_of(1, lambda: summary(G, method="networkx", progress=progress))
        assert slow.cut_off == fast.cut_off, "networkx and igraph disagree on cut-offs"
        figures["networkx_s"] = slow_s
        figures["networkx_steps"] = {k: round(v, 3) for k, v in slow.seconds.items()}
        say(f"  the same with networkx: {slow_s:.2f} s ({slow_s / fast_s:.1f}x slower)")
    picks = sorted(fast.cut_off, key=lambda v: -fast.cut_off[v])[:sample]
    began = time.perf_counter()
    for v in picks:
        assert len(reference.cut_off_people(G, v)) == fast.cut_off[v]
    per_node = (time.perf_counter() - began) / max(len(picks), 1)
    figures["remove_and_search_per_node_s"] = per_node
    figures["remove_and_search_all_estimate_s"] = per_node * G.number_of_nodes()
    say(f"  remove-and-search: {per_node:.2f} s a node, so about {per_node * G.number_of_nodes() / 3600:.1f} h "
        f"for all {G.number_of_nodes():,} (the block-cut tree does all of them in {fast.seconds['cut-offs'] + fast.seconds['block-cut tree']:.2f} s)")
    figures["peak_memory_mb"] = peak_memory_mb()
    say(f"  peak memory of this process: {figures['peak_memory_mb']:.0f} MB")
    return figures
