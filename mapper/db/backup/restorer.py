"""Restoring a backup into an empty database: checked whole first (in one pass that keeps what it read),
then written in large batches of one label set or one relationship type each; all or nothing."""
from __future__ import annotations

import re
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterable

from mapper.db import queries, schema
from mapper.db.backup.checks import read_checked
from mapper.db.backup.fileformat import BackupError, Progress, Summary
from mapper.db.store import Store

WRITE_BATCH = 10_000
WRITERS = 2  # write transactions at a time (a batch that meets a deadlock is retried by the store, whole)
INDEX_WAIT_SECONDS = 600  # the indexes set aside, built again from the data


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
    checked = read_checked(path)
    header = checked.header
    say(f"{path}: a whole backup of {header['nodes']:,} nodes and {header['relationships']:,} relationships "
        f"taken {header.get('created', '?')}")
    if existing:
        say(f"emptying the database ({existing:,} nodes)...")
        store.autocommit("delete_everything")
    schema.init(store)
    began = time.monotonic()
    node_progress = Progress(say, "nodes", header["nodes"], began)
    rel_progress = Progress(say, "relationships", header["relationships"], began)
    counting = threading.Lock()  # the writers' tallies
    try:
        set_aside = deferred_indexes(store)
        # The file's keys to the new nodes' internal ids, to tie the relationships to them.
        node_id: dict[int, int] = {}

        def write_nodes(labels: list[str], chunk: list[list]) -> None:
            made = store.write("restore_nodes", labels=labels, rows=chunk)[0]["made"]
            if len(made) != len(chunk):
                raise BackupError(f"only {len(made)} of {len(chunk)} nodes were written")
            with counting:
                node_id.update(made)
                node_progress(len(node_id))

        in_parallel(write_nodes, ((list(labels), rows[first:first + batch])
                                  for labels, rows in checked.nodes.items() for first in range(0, len(rows), batch)))
        checked.nodes.clear()
        created_rels = 0

        def write_relationships(kind: str, chunk: list[list]) -> None:
            nonlocal created_rels
            made = store.write("restore_relationships", type=kind, rows=chunk)[0]["created"]
            if made != len(chunk):
                raise BackupError(f"only {made} of {len(chunk)} relationships found both their ends")
            with counting:
                created_rels += made
                rel_progress(created_rels)

        in_parallel(write_relationships, ((kind, [[node_id[start], node_id[end], props]
                                                  for start, end, props in rows[first:first + batch]])
                                          for kind, rows in checked.relationships.items()
                                          for first in range(0, len(rows), batch)))
        if set_aside:
            say(f"  building {len(set_aside)} indexes from the data...")
            schema.init(store)
        store.autocommit("restore_await_indexes", seconds=INDEX_WAIT_SECONDS)  # the name index caught up too
    except KeyboardInterrupt as exc:
        _roll_back(store, exc)
        raise
    except Exception as exc:
        _roll_back(store, exc)
        raise BackupError(f"the restore failed midway ({exc}); what it had written was removed and the "
                          "database is empty again") from exc
    return Summary(len(node_id), created_rels, 0, header.get("created", ""))


def in_parallel(work: Callable[..., None], batches: Iterable[tuple], writers: int = WRITERS) -> None:
    """``work(*batch)`` for every batch, ``writers`` transactions at a time (one is being sent or
    committed while the next is prepared); the first failure stops the rest, after the running ones
    end, and is raised. A batch that meets a deadlock is retried by the store, whole."""
    with ThreadPoolExecutor(max_workers=writers, thread_name_prefix="restore") as pool:
        running: set[Future] = set()
        try:
            for batch in batches:
                if len(running) >= writers:
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        future.result()
                running.add(pool.submit(work, *batch))
            for future in running:
                future.result()
        except BaseException:
            for future in running:
                future.cancel()
            wait(running)
            raise


_SCHEMA_INDEX = re.compile(r"CREATE\s+(?:\w+\s+)?INDEX\s+(\w+)\s+IF\s+NOT\s+EXISTS", re.I)


def deferred_indexes(store: Store) -> list[str]:
    """Drop the indexes the schema makes that no constraint owns, and return their names: a restore
    builds them from the data once it is written (``schema.init``), which is quicker than updating
    them with every batch. Constraints, indexes the schema does not make, and the eventually
    consistent name index (updated after each commit, in the background) are left alone."""
    ours = set(_SCHEMA_INDEX.findall(queries.text_of("schema.cypher")))
    names = [name for name in store.read_one("restore_index_names")["names"] if name in ours]
    for name in names:
        store.autocommit("restore_drop_index", name=name)
    return names


class PartialRestore(BackupError):
    """A restore failed midway and the partial graph could not be removed."""


def _roll_back(store: Store, cause: BaseException) -> None:
    """Undo a failed restore: the database was empty before it, so empty it again."""
    try:
        store.autocommit("delete_everything")
        schema.init(store)  # the indexes set aside while it wrote
    except Exception:
        raise PartialRestore(
            f"the restore failed midway ({cause}) and the database could not be emptied again: it holds a "
            "partial restore. When Neo4j is back, run the restore again with --force.") from cause
