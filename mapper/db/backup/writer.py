"""Writing a backup: the graph read in one read transaction, in pages, into a file renamed into place at the end."""
from __future__ import annotations

import hashlib
import os
import time
import zlib
from pathlib import Path
from typing import Callable

from mapper.db.backup.fileformat import (FORMAT, VERSION, Progress, Summary, dumps, gzip_member, line_encoder,
                                         private_file)
from mapper.db.backup.values import encode_props
from mapper.db.store import Store

READ_BATCH = 100_000  # internal ids per page read (one record of parallel lists each)
COMPRESS_LEVEL = 6  # 9.6 MB at level 6; level 1 is a third bigger and saves about a second at 100k nodes


def backup(store: Store, path: str | Path, say: Callable[[str], None] = lambda _m: None,
           batch: int = READ_BATCH) -> Summary:
    """Write every node and relationship to ``path`` (mode 0600: it holds personal data).

    Nodes, then relationships, are read in one read transaction, a page of ``batch`` internal ids
    at a time, each page one record of parallel lists (a record per row costs three times as much);
    each line is JSON from one reused encoder, and each page's lines are hashed and compressed at once."""
    path = Path(path)
    body_path = path.with_name(path.name + ".body.partial")
    final_tmp = path.with_name(path.name + ".partial")
    encode_line = line_encoder()
    names: dict = {}  # labels and types as JSON, each made once

    def name_json(value) -> str:
        key = tuple(value) if type(value) is list else value
        made = names.get(key)
        if made is None:
            made = names[key] = encode_line(sorted(value) if type(value) is list else value)
        return made

    def write_body(tx) -> tuple[int, int, int, str]:
        """The body, from a fresh start (a retried transaction writes it again); returns the counts
        and the body's hash."""
        extent = tx.run("backup_extent")[0]
        began = time.monotonic()
        node_progress = Progress(say, "nodes", extent["nodes"], began)
        rel_progress = Progress(say, "relationships", extent["relationships"], began)
        digest = hashlib.sha256()
        seen: set[int] = set()
        relationships = skipped = 0
        with private_file(body_path) as raw:
            deflate = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, 31)  # 31: a gzip member

            def put(lines: list[str]) -> None:
                chunk = "".join(lines).encode("utf-8")
                digest.update(chunk)
                raw.write(deflate.compress(chunk))

            for first in range(0, extent["max_node"] + 1, batch):
                keys, labels, props = tx.values("backup_node_page", first=first, last=first + batch - 1)[0]
                seen.update(keys)
                put([f'{{"node":{key},"labels":{name_json(node_labels)},'
                     f'"props":{encode_line(encode_props(values))}}}\n'
                     for key, node_labels, values in zip(keys, labels, props)])
                node_progress(len(seen))
            for first in range(0, extent["max_relationship"] + 1, batch):
                keys, types, starts, ends, props = tx.values("backup_relationship_page", first=first,
                                                             last=first + batch - 1)[0]
                lines = []
                for key, kind, start, end, values in zip(keys, types, starts, ends, props):
                    if start not in seen or end not in seen:
                        skipped += 1  # an endpoint appeared after the nodes were read
                        continue
                    lines.append(f'{{"rel":{key},"type":{name_json(kind)},"start":{start},"end":{end},'
                                 f'"props":{encode_line(encode_props(values))}}}\n')
                relationships += len(lines)
                put(lines)
                rel_progress(relationships + skipped)
            raw.write(deflate.flush())
        return len(seen), relationships, skipped, digest.hexdigest()

    try:
        nodes, relationships, skipped, sha256 = store.transaction(write_body, read_only=True)
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        header = {"format": FORMAT, "version": VERSION, "created": created, "nodes": nodes,
                  "relationships": relationships, "skipped_relationships": skipped, "sha256": sha256}
        with private_file(final_tmp) as raw:
            raw.write(gzip_member(dumps(header)))
            with open(body_path, "rb") as body:
                while chunk := body.read(1 << 20):
                    raw.write(chunk)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(final_tmp, path)
    finally:
        for leftover in (body_path, final_tmp):
            leftover.unlink(missing_ok=True)
    return Summary(nodes, relationships, skipped, created)
