"""`mapper bench --only backup`: `mapper backup` and `mapper restore` of a large network, each beside
the way it was (``bench.backup_before``), in the same run.

Loads the synthetic network at the size asked (``bench.synthetic.load``), takes its content (counts
per label and per relationship type, and a hash of every node and relationship that does not depend
on internal ids), then times the backup as the command runs it (``mapper.db.backup.backup``) and the
baseline's, and, each into the emptied database (emptying not timed), the restore as the command
runs it (``mapper.db.backup.restore``, the whole-file check included) and the baseline's, checking
after each restore that the content is the original's.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from bench import backup_before
from bench.synthetic import load
from mapper.db import backup
from mapper.db.backup.values import encode_props
from mapper.db.store import Store

_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def content(store: Store) -> dict:
    """Counts per label and per type, and one hash of every node (labels, properties) and every
    relationship (type, its two ends' content, properties): equal for equal graphs, whatever the ids."""
    ids, labels, props = store.read_values("bench_backup_content_nodes")[0]
    node_hash: dict[str, bytes] = {}
    label_counts: Counter = Counter()
    for eid, names, values in zip(ids, labels, props):
        label_counts.update(names)
        node_hash[eid] = hashlib.sha256(_canonical([sorted(names), encode_props(values)]).encode()).digest()
    types, starts, ends, props = store.read_values("bench_backup_content_relationships")[0]
    rel_hashes = [hashlib.sha256(_canonical([kind, node_hash[a].hex(), node_hash[b].hex(), encode_props(values)])
                                 .encode()).digest() for kind, a, b, values in zip(types, starts, ends, props)]
    whole = hashlib.sha256()
    for digest in sorted(node_hash.values()) + [b"|"] + sorted(rel_hashes):
        whole.update(digest)
    return {"nodes": len(node_hash), "relationships": len(rel_hashes), "labels": dict(sorted(label_counts.items())),
            "types": dict(sorted(Counter(types).items())), "sha256": whole.hexdigest()}


def _timed(work) -> tuple[float, object]:
    began = time.perf_counter()
    out = work()
    return time.perf_counter() - began, out


def run(store: Store, say: Callable[[str], None], people: int = 100_000, ties: int = 500_000,
        assets: int = 2_000) -> dict:
    from seeds.synthetic import generate

    say(f"backup: generating {people:,} people, {ties:,} ties, {assets:,} assets...")
    nodes, edges = generate(people=people, ties=ties, assets=assets)
    loaded = load(store, nodes, edges, say)
    del nodes, edges
    say(f"  loaded into Neo4j in {loaded['seconds']:.1f} s")
    original = content(store)
    say(f"  {original['nodes']:,} nodes, {original['relationships']:,} relationships; content {original['sha256'][:16]}")
    figures: dict = {"load_s": loaded["seconds"], "nodes": original["nodes"],
                     "relationships": original["relationships"], "labels": original["labels"],
                     "types": original["types"], "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="mapper-bench-backup-") as folder:
        served, before = Path(folder) / "served.jsonl.gz", Path(folder) / "before.jsonl.gz"
        seconds, made = _timed(lambda: backup.backup(store, served))
        figures["backup_s"], figures["backup_bytes"] = seconds, served.stat().st_size
        say(f"  backup (mapper.db.backup.backup): {seconds:.1f} s, {made.nodes:,} nodes and "
            f"{made.relationships:,} relationships, {served.stat().st_size / 1e6:.1f} MB")
        seconds, _ = _timed(lambda: backup_before.backup(store, before))
        figures["baseline_backup_s"], figures["baseline_backup_bytes"] = seconds, before.stat().st_size
        say(f"  baseline: the backup as it was: {seconds:.1f} s, {before.stat().st_size / 1e6:.1f} MB")
        for name, path, restore in (("baseline_restore", before, backup_before.restore),
                                    ("restore", served, backup.restore)):
            store.autocommit("delete_everything")
            seconds, summary = _timed(lambda: restore(store, path))
            after = content(store)
            same = after == original
            figures[f"{name}_s"], figures[f"{name}_same_content"] = seconds, same
            say(f"  {'baseline: the restore as it was' if name.startswith('baseline') else 'restore (mapper.db.backup.restore, check included)'}: "
                f"{seconds:.1f} s, {summary.nodes:,} nodes and {summary.relationships:,} relationships; "
                f"same content as the original: {'yes' if same else 'NO'}")
            if not same:
                raise SystemExit(f"the {name.replace('_', ' ')} did not give back the same content: "
                                 f"{json.dumps({k: (original[k], after[k]) for k in original if original[k] != after[k]})}")
    figures["load_average_after"] = os.getloadavg()
    say(f"  load average before / after: {figures['load_average_before'][0]:.1f} / {figures['load_average_after'][0]:.1f}")
    return figures
