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

The backup reads the graph in one read transaction, in pages of internal-id ranges (one id seek
per row, so each page costs its own size), each page one record of parallel lists (a record per
row costs the driver and the server three times as much), and writes to a temporary file renamed
into place at the end: an interrupted backup never leaves a file that looks whole. A read
transaction is not a snapshot: a relationship created while the backup runs whose endpoint was read
before it existed is left out and counted.

A restore reads the whole file once. That pass checks everything (gzip integrity, the header, the
hash, every line's shape and values, labels and types against the allow-list, that every
relationship's endpoints are in the file, that no two nodes share a unique key) and keeps what it
read, grouped by labels and by type; nothing is written unless all of it is right. It then sets
aside the indexes no constraint owns (built again from the data at the end, which is quicker than
updating them with every batch; the constraints stay), and writes nodes, then relationships, in
batches of 10,000 of one label set or one type, two transactions at a time (a single transaction of
half a million relationships would outgrow Neo4j's transaction memory); relationships find their
ends by the new nodes' internal ids. A restore only ever goes into an empty database (``--force``
empties it first), so the rollback for a batch that fails midway (Neo4j stopped, say) is to empty
the database again and make the schema's indexes again; if even that cannot be done, the message
says the database holds a partial restore and to run the restore again with ``--force``.

The file format is unchanged since version 1 (files written before read as they did).

Modules: ``fileformat`` (the header, lines, reading and writing the file), ``values`` (tagged
values), ``writer`` (``backup``), ``checks`` (``read_checked``: the restore's checking pass) and
``restorer`` (``restore``). Callers use the names below: ``backup.backup(store, path)``,
``backup.restore(store, path)``, ``backup.BackupError``.
"""
from __future__ import annotations

from mapper.db.backup.checks import Checked, allowed_labels_and_types, read_checked, unique_keys, validate
from mapper.db.backup.fileformat import FORMAT, VERSION, BackupError, Summary, read_header
from mapper.db.backup.restorer import WRITE_BATCH, NotEmpty, PartialRestore, restore
from mapper.db.backup.values import SRIDS, decode, encode
from mapper.db.backup.writer import READ_BATCH, backup

__all__ = [
    "FORMAT", "VERSION", "READ_BATCH", "WRITE_BATCH", "SRIDS",
    "BackupError", "Checked", "NotEmpty", "PartialRestore", "Summary",
    "allowed_labels_and_types", "backup", "decode", "encode", "read_checked", "read_header", "restore", "unique_keys",
    "validate",
]
