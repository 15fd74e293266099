"""A generated network written into the bench's Neo4j (``mapper bench``'s network and picture sections)."""
from __future__ import annotations

import datetime as dt
import time
from typing import Callable

import numpy as np

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
