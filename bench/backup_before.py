"""The backup bench's baseline: `mapper backup` and `mapper restore` as they were before they were made
fast, kept here to be timed beside them in the same run. The backup read each batch of 10,000
internal ids as a record per row (``record.data()``), sorted it, and wrote each line through
``json.dumps`` into ``gzip``; the restore read the file twice (every line parsed and checked, then
parsed again to write), in transactions of 5,000 rows of mixed labels and types, tying
relationships to their ends by element id. Same file format, same checks; the file it writes is
the one the product reads."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
from pathlib import Path

from mapper.db import schema
from mapper.db.backup import checks, fileformat
from mapper.db.backup.fileformat import FORMAT, VERSION, BackupError, Summary, dumps, private_file
from mapper.db.backup.values import decode, encode
from mapper.db.store import Store

READ_BATCH = 10_000
WRITE_BATCH = 5_000


def backup(store: Store, path: str | Path) -> Summary:
    path = Path(path)
    extent = store.read_one("bench_backup_before_extent")
    body_path = path.with_name(path.name + ".body.partial")
    final_tmp = path.with_name(path.name + ".partial")
    digest = hashlib.sha256()
    seen: set[int] = set()
    relationships = skipped = 0
    try:
        with private_file(body_path) as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as out:
            def emit(obj: dict) -> None:
                line = dumps(obj)
                digest.update(line)
                out.write(line)

            for first in range(0, extent["max_node"] + 1, READ_BATCH):
                for row in sorted(store.read("bench_backup_before_nodes", first=first, last=first + READ_BATCH - 1),
                                  key=lambda r: r["key"]):
                    seen.add(row["key"])
                    emit({"node": row["key"], "labels": sorted(row["labels"]),
                          "props": {k: encode(v) for k, v in sorted(row["props"].items())}})
            for first in range(0, extent["max_relationship"] + 1, READ_BATCH):
                for row in sorted(store.read("bench_backup_before_relationships", first=first,
                                             last=first + READ_BATCH - 1), key=lambda r: r["key"]):
                    if row["start"] not in seen or row["end"] not in seen:
                        skipped += 1
                        continue
                    relationships += 1
                    emit({"rel": row["key"], "type": row["type"], "start": row["start"], "end": row["end"],
                          "props": {k: encode(v) for k, v in sorted(row["props"].items())}})
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


def _props(raw) -> dict:
    if not isinstance(raw, dict):
        raise BackupError("'props' must be an object")
    return {key: decode(val) for key, val in raw.items()}


def validate(path: Path) -> dict:
    """The first pass as it was: every line parsed and checked, nothing kept."""
    header = fileformat.read_header(path)
    labels_ok, types_ok = checks.allowed_labels_and_types()
    uniques = checks.unique_keys()
    unique_seen: set = set()
    keys: set[int] = set()
    digest = hashlib.sha256()
    nodes = relationships = 0
    for number, line in fileformat.lines(path):
        if number == 1:
            continue
        digest.update(line)
        obj = fileformat.parse(number, line)
        if "node" in obj:
            if set(obj) != {"node", "labels", "props"}:
                raise BackupError(f"line {number}: a node line has 'node', 'labels' and 'props' only")
            key = fileformat.key(obj, "node", number)
            if key in keys:
                raise BackupError(f"line {number}: node {key} is in the file twice")
            keys.add(key)
            if set(obj["labels"]) - labels_ok:
                raise BackupError(f"line {number}: a label is not part of this application")
            props = _props(obj["props"])
            for label, prop in uniques:
                if label in obj["labels"] and prop in props:
                    mark = (label, prop, json.dumps(obj["props"][prop], sort_keys=True))
                    if mark in unique_seen:
                        raise BackupError(f"line {number}: two :{label} nodes have {prop} {props[prop]!r}")
                    unique_seen.add(mark)
            nodes += 1
        else:
            if set(obj) != {"rel", "type", "start", "end", "props"} or obj["type"] not in types_ok:
                raise BackupError(f"line {number}: not a relationship of this application")
            for end in ("start", "end"):
                if fileformat.key(obj, end, number) not in keys:
                    raise BackupError(f"line {number}: the relationship's {end} node is not in the file")
            _props(obj["props"])
            relationships += 1
    if (nodes, relationships) != (header["nodes"], header["relationships"]) or digest.hexdigest() != header["sha256"]:
        raise BackupError(f"{path} is incomplete or corrupt")
    return header


def restore(store: Store, path: str | Path) -> Summary:
    """Into an empty database, as it was (the bench empties it first)."""
    path = Path(path)
    header = validate(path)
    schema.init(store)
    element: dict[int, str] = {}
    created_rels = 0
    rows: list[dict] = []

    def flush_nodes() -> None:
        for got in store.write("bench_restore_before_nodes", rows=rows):
            element[got["key"]] = got["node"]
        rows.clear()

    def flush_relationships() -> int:
        made = store.write("bench_restore_before_relationships", rows=rows)[0]["created"]
        rows.clear()
        return made

    in_relationships = False
    for _number, obj in fileformat.records(path):
        if "node" in obj:
            rows.append({"key": obj["node"], "labels": obj["labels"], "props": _props(obj["props"])})
            if len(rows) >= WRITE_BATCH:
                flush_nodes()
            continue
        if not in_relationships:
            if rows:
                flush_nodes()
            in_relationships = True
        rows.append({"type": obj["type"], "start": element[obj["start"]], "end": element[obj["end"]],
                     "props": _props(obj["props"])})
        if len(rows) >= WRITE_BATCH:
            created_rels += flush_relationships()
    if rows:
        if in_relationships:
            created_rels += flush_relationships()
        else:
            flush_nodes()
    return Summary(len(element), created_rels, 0, header.get("created", ""))
