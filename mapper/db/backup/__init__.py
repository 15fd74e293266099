"""`mapper backup FILE` and `mapper restore FILE`: the whole graph in one gzipped JSON-lines file.

The file is two gzip members (gzip readers see one stream):

1. a header line: ``{"format": "community-mapper-backup", "version": 1, "created": ..., "nodes": N,
   "relationships": M, "sha256": ...}`` (the hash is over the body's uncompressed bytes);
2. the body: one line per node, ``{"node": key, "labels": [...], "props": {...}}``, then one line per
   relationship, ``{"rel": key, "type": ..., "start": key, "end": key, "props": {...}}``.

A key is the node's (or relationship's) internal id in the database the backup came from, used
only to tie relationships to their endpoints inside the file: it works for every node, whether
its identity is an ``id`` (people, assets), an ``email`` (accounts) or anything else later.
Values Neo4j has and JSON lacks are tagged so that they come back exactly: ``{"$date": [y, m, d]}``,
``{"$datetime": [y, m, d, H, M, S, ns], "offset": seconds, "zone": "Europe/London"}``,
``{"$localdatetime": [...]}``, ``{"$time": [H, M, S, ns], "offset": s}``, ``{"$localtime": [...]}``,
``{"$duration": [months, days, seconds, ns]}``, ``{"$point": [x, y(, z)], "srid": 4326}``,
``{"$bytes": base64}`` and ``{"$float": "nan" | "inf" | "-inf"}``.

The backup reads the graph in batches of internal-id ranges (one id seek per row, so each batch
costs its own size), and writes to a temporary file renamed into place at the end: an interrupted
backup never leaves a file that looks whole. It is not a snapshot: a relationship created while
the backup runs whose endpoint was read before it existed is left out and counted.

A restore reads the whole file twice. The first pass checks everything (gzip integrity, the
header, the hash, every line's shape and values, labels and types against the allow-list, that
every relationship's endpoints are in the file, that no two nodes share a unique key) and
writes nothing. The second pass writes nodes, then relationships, in batches of a few thousand,
each its own transaction (a single transaction of half a million relationships would outgrow
Neo4j's transaction memory). A restore only ever goes into an empty database (``--force``
empties it first), so the rollback for a batch that fails midway (Neo4j stopped, say) is to
empty the database again; if even that cannot be done, the message says the database holds a
partial restore and to run the restore again with ``--force``.

Modules: ``fileformat`` (the header, lines, reading and writing the file), ``values`` (tagged
values), ``writer`` (``backup``), ``checks`` (``validate``: the first pass of a restore) and
``restorer`` (``restore``). Callers use the names below: ``backup.backup(store, path)``,
``backup.restore(store, path)``, ``backup.BackupError``.
"""
from __future__ import annotations

from mapper.db.backup.checks import allowed_labels_and_types, unique_keys, validate
from mapper.db.backup.fileformat import FORMAT, VERSION, BackupError, Summary, read_header
from mapper.db.backup.restorer import WRITE_BATCH, NotEmpty, PartialRestore, restore
from mapper.db.backup.values import SRIDS, decode, encode
from mapper.db.backup.writer import READ_BATCH, backup

__all__ = [
    "FORMAT", "VERSION", "READ_BATCH", "WRITE_BATCH", "SRIDS",
    "BackupError", "NotEmpty", "PartialRestore", "Summary",
    "allowed_labels_and_types", "backup", "decode", "encode", "read_header", "restore", "unique_keys",
    "validate",
]
