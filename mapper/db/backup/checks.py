"""Checking a whole backup file before a restore writes anything: nothing in it may surprise the database."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
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
NODE_FIELDS = frozenset({"node", "labels", "props"})
RELATIONSHIP_FIELDS = frozenset({"rel", "type", "start", "end", "props"})


@dataclass
class Checked:
    """A whole backup file, checked: its header, and its contents ready to write, grouped so that each
    batch has one set of labels or one type. Nodes: ``{labels: [[key, props], ...]}``; relationships:
    ``{type: [[start key, end key, props], ...]}`` (keys as in the file; props decoded)."""
    header: dict
    nodes: dict[tuple[str, ...], list[list]] = field(default_factory=dict)
    relationships: dict[str, list[list]] = field(default_factory=dict)


def _whole_number(obj: dict, name: str, number: int) -> int:
    value = obj[name]
    if type(value) is not int or value < 0:
        return fileformat.key(obj, name, number)  # says what is wrong
    return value


def read_checked(path: str | Path) -> Checked:
    """Check the whole file without touching the database, in one pass, keeping what it holds for
    the restore to write; raises BackupError at the first thing wrong."""
    path = Path(path)
    header = fileformat.read_header(path)
    labels_ok, types_ok = allowed_labels_and_types()
    unique_by_label: dict[str, list[str]] = {}
    for label, prop in unique_keys():
        unique_by_label.setdefault(label, []).append(prop)
    unique_seen: set[tuple] = set()
    keys: set[int] = set()
    digest = hashlib.sha256()
    checked = Checked(header)
    node_groups, rel_groups = checked.nodes, checked.relationships
    nodes = relationships = 0
    decode = values.props
    for number, line in fileformat.body_lines(path, digest):
        obj = fileformat.parse(number, line)
        if "node" in obj:
            if relationships:
                raise BackupError(f"line {number}: a node after the relationships")
            if obj.keys() != NODE_FIELDS:
                raise BackupError(f"line {number}: a node line has 'node', 'labels' and 'props' only")
            key = _whole_number(obj, "node", number)
            if key in keys:
                raise BackupError(f"line {number}: node {key} is in the file twice")
            keys.add(key)
            node_labels = obj["labels"]
            if not (type(node_labels) is list and all(type(x) is str for x in node_labels)):
                raise BackupError(f"line {number}: 'labels' must be a list of names")
            if not labels_ok.issuperset(node_labels):
                unknown = sorted(set(node_labels) - labels_ok)
                raise BackupError(f"line {number}: label(s) {', '.join(unknown)} are not part of this application")
            try:
                props = decode(obj["props"])
            except BackupError as exc:
                raise BackupError(f"line {number}: {exc}") from None
            for label in node_labels:
                for prop in unique_by_label.get(label, ()):
                    if prop in props:
                        raw = obj["props"][prop]
                        mark = (label, prop, raw if type(raw) is str else json.dumps(raw, sort_keys=True), type(raw) is str)
                        if mark in unique_seen:
                            raise BackupError(f"line {number}: two :{label} nodes have {prop} {props[prop]!r}")
                        unique_seen.add(mark)
            group = tuple(node_labels)
            rows = node_groups.get(group)
            if rows is None:
                rows = node_groups[group] = []
            rows.append([key, props])
            nodes += 1
        elif "rel" in obj:
            if obj.keys() != RELATIONSHIP_FIELDS:
                raise BackupError(f"line {number}: a relationship line has 'rel', 'type', 'start', 'end' "
                                  "and 'props' only")
            _whole_number(obj, "rel", number)
            kind = obj["type"]
            if type(kind) is not str or kind not in types_ok:
                raise BackupError(f"line {number}: relationship type {kind!r} is not part of this application")
            start, end = _whole_number(obj, "start", number), _whole_number(obj, "end", number)
            if start not in keys:
                raise BackupError(f"line {number}: the relationship's start node is not in the file")
            if end not in keys:
                raise BackupError(f"line {number}: the relationship's end node is not in the file")
            try:
                props = decode(obj["props"])
            except BackupError as exc:
                raise BackupError(f"line {number}: {exc}") from None
            rows = rel_groups.get(kind)
            if rows is None:
                rows = rel_groups[kind] = []
            rows.append([start, end, props])
            relationships += 1
        else:
            raise BackupError(f"line {number} is neither a node nor a relationship")
    if (nodes, relationships) != (header["nodes"], header["relationships"]):
        raise BackupError(f"{path} is incomplete: the header says {header['nodes']} nodes and "
                          f"{header['relationships']} relationships, the file holds {nodes} and {relationships}")
    if digest.hexdigest() != header["sha256"]:
        raise BackupError(f"{path} is corrupt: its checksum does not match its contents")
    return checked


def validate(path: str | Path) -> dict:
    """Check the whole file without touching the database; returns its header, or raises BackupError."""
    return read_checked(path).header
