"""Checking a whole backup file before a restore writes anything: nothing in it may surprise the database."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from mapper.db import queries, schema
from mapper.db.backup import fileformat, values
from mapper.db.backup.fileformat import BackupError

# ---- allow-lists ------------------------------------------------------------------------------
_LABEL_IN_QUERY = re.compile(r"\(\s*\w*\s*:\s*([A-Z][A-Za-z]*(?:\s*[|&:]\s*[A-Z][A-Za-z]*)*)")
_TYPE_IN_QUERY = re.compile(r"\[\s*\w*\s*:\s*([A-Z][A-Z_]*(?:\s*\|\s*[A-Z][A-Z_]*)*)")
_UNIQUE = re.compile(r"FOR\s*\(\s*\w+\s*:\s*(\w+)\s*\)\s*REQUIRE\s+\w+\.(\w+)\s+IS\s+UNIQUE", re.I)


def allowed_labels_and_types() -> tuple[frozenset[str], frozenset[str]]:
    """The labels and relationship types a restore may create: the schema's allow-lists and those
    the application's own named queries use (e.g. :Account, :Flag, :ABOUT). A label no query
    names is not the application's data, and is refused."""
    labels = set(schema.NODE_LABELS) | set(schema.ASSET_KINDS) | set(schema.PERSON_ROLES) | {"Account"}
    types = set(schema.RELATIONSHIP_TYPES)
    for query in queries.load().values():
        for group in _LABEL_IN_QUERY.findall(query.text):
            labels.update(x.strip() for x in re.split(r"[|&:]", group) if x.strip())
        for group in _TYPE_IN_QUERY.findall(query.text):
            types.update(x.strip() for x in group.split("|") if x.strip())
    return frozenset(labels), frozenset(types)


def unique_keys() -> list[tuple[str, str]]:
    """(label, property) pairs that the schema's constraints make unique."""
    text = queries.text_of("schema.cypher")
    return _UNIQUE.findall(text)


# ---- the whole file ---------------------------------------------------------------------------
def validate(path: str | Path) -> dict:
    """Check the whole file without touching the database; returns its header, or raises BackupError."""
    path = Path(path)
    header = fileformat.read_header(path)
    labels_ok, types_ok = allowed_labels_and_types()
    uniques = unique_keys()
    unique_seen: set[tuple[str, str, str]] = set()
    keys: set[int] = set()
    digest = hashlib.sha256()
    nodes = relationships = 0
    lines = fileformat.lines(path)
    next(lines, None)
    for number, line in lines:
        digest.update(line)
        obj = fileformat.parse(number, line)
        if "node" in obj:
            if relationships:
                raise BackupError(f"line {number}: a node after the relationships")
            if set(obj) != {"node", "labels", "props"}:
                raise BackupError(f"line {number}: a node line has 'node', 'labels' and 'props' only")
            key = fileformat.key(obj, "node", number)
            if key in keys:
                raise BackupError(f"line {number}: node {key} is in the file twice")
            keys.add(key)
            node_labels = obj["labels"]
            if not (isinstance(node_labels, list) and all(isinstance(x, str) for x in node_labels)):
                raise BackupError(f"line {number}: 'labels' must be a list of names")
            unknown = sorted(set(node_labels) - labels_ok)
            if unknown:
                raise BackupError(f"line {number}: label(s) {', '.join(unknown)} are not part of this application")
            try:
                props = values.props(obj["props"])
            except BackupError as exc:
                raise BackupError(f"line {number}: {exc}") from None
            for label, prop in uniques:
                if label in node_labels and prop in props:
                    mark = (label, prop, json.dumps(obj["props"][prop], sort_keys=True))
                    if mark in unique_seen:
                        raise BackupError(f"line {number}: two :{label} nodes have {prop} {props[prop]!r}")
                    unique_seen.add(mark)
            nodes += 1
        elif "rel" in obj:
            if set(obj) != {"rel", "type", "start", "end", "props"}:
                raise BackupError(f"line {number}: a relationship line has 'rel', 'type', 'start', 'end' "
                                  "and 'props' only")
            fileformat.key(obj, "rel", number)
            if obj["type"] not in types_ok:
                raise BackupError(f"line {number}: relationship type {obj['type']!r} is not part of this application")
            for end in ("start", "end"):
                if fileformat.key(obj, end, number) not in keys:
                    raise BackupError(f"line {number}: the relationship's {end} node is not in the file")
            try:
                values.props(obj["props"])
            except BackupError as exc:
                raise BackupError(f"line {number}: {exc}") from None
            relationships += 1
        else:
            raise BackupError(f"line {number} is neither a node nor a relationship")
    if (nodes, relationships) != (header["nodes"], header["relationships"]):
        raise BackupError(f"{path} is incomplete: the header says {header['nodes']} nodes and "
                          f"{header['relationships']} relationships, the file holds {nodes} and {relationships}")
    if digest.hexdigest() != header["sha256"]:
        raise BackupError(f"{path} is corrupt: its checksum does not match its contents")
    return header
