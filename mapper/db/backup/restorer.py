"""Restoring a backup into an empty database: checked whole first, then written in batches; all or nothing."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from mapper.db import schema
from mapper.db.backup.checks import validate
from mapper.db.backup.fileformat import BackupError, Progress, Summary, records
from mapper.db.backup.values import props
from mapper.db.store import Store

WRITE_BATCH = 5_000


class NotEmpty(BackupError):
    """The database already holds data and the restore was not forced."""


def restore(store: Store, path: str | Path, force: bool = False, say: Callable[[str], None] = lambda _m: None,
            batch: int = WRITE_BATCH) -> Summary:
    """Restore ``path`` into an empty database (``force`` empties it first); all of it, or nothing."""
    path = Path(path)
    existing = store.read_one("backup_node_count")["nodes"]
    if existing and not force:
        raise NotEmpty(f"the database is not empty ({existing:,} nodes): restoring would mix two graphs. "
                       "Use --force to empty it first (everything in it is deleted).")
    say(f"checking {path}...")
    header = validate(path)
    say(f"{path}: a whole backup of {header['nodes']:,} nodes and {header['relationships']:,} relationships "
        f"taken {header.get('created', '?')}")
    if existing:
        say(f"emptying the database ({existing:,} nodes)...")
        store.autocommit("delete_everything")
    schema.init(store)
    began = time.monotonic()
    node_progress = Progress(say, "nodes", header["nodes"], began)
    rel_progress = Progress(say, "relationships", header["relationships"], began)
    try:
        element: dict[int, str] = {}
        created_rels = 0
        rows: list[dict] = []

        def flush_nodes() -> None:
            for got in store.write("restore_nodes", rows=rows):
                element[got["key"]] = got["node"]
            node_progress(len(element))
            rows.clear()

        def flush_relationships() -> int:
            made = store.write("restore_relationships", rows=rows)[0]["created"]
            if made != len(rows):
                raise BackupError(f"only {made} of {len(rows)} relationships found both their ends")
            rows.clear()
            return made

        in_relationships = False
        for _number, obj in records(path):
            if "node" in obj:
                rows.append({"key": obj["node"], "labels": obj["labels"], "props": props(obj["props"])})
                if len(rows) >= batch:
                    flush_nodes()
                continue
            if not in_relationships:
                if rows:
                    flush_nodes()
                in_relationships = True
            rows.append({"type": obj["type"], "start": element[obj["start"]], "end": element[obj["end"]],
                         "props": props(obj["props"])})
            if len(rows) >= batch:
                created_rels += flush_relationships()
                rel_progress(created_rels)
        if rows:
            if in_relationships:
                created_rels += flush_relationships()
            else:
                flush_nodes()
    except KeyboardInterrupt as exc:
        _roll_back(store, exc)
        raise
    except Exception as exc:
        _roll_back(store, exc)
        raise BackupError(f"the restore failed midway ({exc}); what it had written was removed and the "
                          "database is empty again") from exc
    return Summary(len(element), created_rels, 0, header.get("created", ""))


class PartialRestore(BackupError):
    """A restore failed midway and the partial graph could not be removed."""


def _roll_back(store: Store, cause: BaseException) -> None:
    """Undo a failed restore: the database was empty before it, so empty it again."""
    try:
        store.autocommit("delete_everything")
    except Exception:
        raise PartialRestore(
            f"the restore failed midway ({cause}) and the database could not be emptied again: it holds a "
            "partial restore. When Neo4j is back, run the restore again with --force.") from cause
