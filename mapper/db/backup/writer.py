"""Writing a backup: the graph read in batches of internal-id ranges into a file renamed into place at the end."""
from __future__ import annotations

import gzip
import hashlib
import os
import time
from pathlib import Path
from typing import Callable

from mapper.db.backup.fileformat import FORMAT, VERSION, Progress, Summary, dumps, private_file
from mapper.db.backup.values import encode
from mapper.db.store import Store

READ_BATCH = 10_000


def backup(store: Store, path: str | Path, say: Callable[[str], None] = lambda _m: None,
           batch: int = READ_BATCH) -> Summary:
    """Write every node and relationship to ``path`` (mode 0600: it holds personal data)."""
    path = Path(path)
    extent = store.read_one("backup_extent")
    body_path = path.with_name(path.name + ".body.partial")
    final_tmp = path.with_name(path.name + ".partial")
    digest = hashlib.sha256()
    seen: set[int] = set()
    relationships = skipped = 0
    began = time.monotonic()
    node_progress = Progress(say, "nodes", extent["nodes"], began)
    rel_progress = Progress(say, "relationships", extent["relationships"], began)
    try:
        with private_file(body_path) as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as out:
            def emit(obj: dict) -> None:
                line = dumps(obj)
                digest.update(line)
                out.write(line)

            for first in range(0, extent["max_node"] + 1, batch):
                for row in sorted(store.read("backup_nodes", first=first, last=first + batch - 1),
                                  key=lambda r: r["key"]):
                    seen.add(row["key"])
                    emit({"node": row["key"], "labels": sorted(row["labels"]),
                          "props": {k: encode(v) for k, v in sorted(row["props"].items())}})
                node_progress(len(seen))
            for first in range(0, extent["max_relationship"] + 1, batch):
                for row in sorted(store.read("backup_relationships", first=first, last=first + batch - 1),
                                  key=lambda r: r["key"]):
                    if row["start"] not in seen or row["end"] not in seen:
                        skipped += 1  # its endpoint appeared after the nodes were read
                        continue
                    relationships += 1
                    emit({"rel": row["key"], "type": row["type"], "start": row["start"], "end": row["end"],
                          "props": {k: encode(v) for k, v in sorted(row["props"].items())}})
                rel_progress(relationships + skipped)
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        header = {"format": FORMAT, "version": VERSION, "created": created, "nodes": len(seen),
                  "relationships": relationships, "skipped_relationships": skipped, "sha256": digest.hexdigest()}
        with private_file(final_tmp) as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb") as out:
                out.write(dumps(header))
            with open(body_path, "rb") as body:
                while chunk := body.read(1 << 20):
                    raw.write(chunk)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(final_tmp, path)
    finally:
        for leftover in (body_path, final_tmp):
            leftover.unlink(missing_ok=True)
    return Summary(len(seen), relationships, skipped, created)
