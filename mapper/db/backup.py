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
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import os
import re
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytz
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from mapper.db import queries, schema
from mapper.db.store import Store

FORMAT = "community-mapper-backup"
VERSION = 1
READ_BATCH = 10_000
WRITE_BATCH = 5_000
SRIDS = {4326: WGS84Point, 4979: WGS84Point, 7203: CartesianPoint, 9157: CartesianPoint}


class BackupError(ValueError):
    """The file is not a whole, valid backup, or the database refused it; the message says which."""


@dataclass(frozen=True)
class Summary:
    nodes: int
    relationships: int
    skipped: int = 0
    created: str = ""


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


# ---- values -----------------------------------------------------------------------------------
def _offset_seconds(value) -> int:
    return int(value.utcoffset().total_seconds())


def encode(value: Any) -> Any:
    """A property value as JSON, with Neo4j's own types tagged."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        return value
    # Duration and Point are tuples: they are tested before plain lists.
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, DateTime):
        parts = [value.year, value.month, value.day, value.hour, value.minute, value.second, value.nanosecond]
        if value.tzinfo is None:
            return {"$localdatetime": parts}
        out = {"$datetime": parts, "offset": _offset_seconds(value)}
        zone = getattr(value.tzinfo, "zone", None)
        if zone and not isinstance(value.tzinfo, pytz._FixedOffset) and value.tzinfo is not pytz.UTC:
            out["zone"] = zone
        return out
    if isinstance(value, Date):
        return {"$date": [value.year, value.month, value.day]}
    if isinstance(value, Time):
        parts = [value.hour, value.minute, value.second, value.nanosecond]
        if value.tzinfo is None:
            return {"$localtime": parts}
        return {"$time": parts, "offset": _offset_seconds(value)}
    if isinstance(value, Duration):
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    if isinstance(value, Point):
        return {"$point": [float(c) for c in value], "srid": value.srid}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    raise BackupError(f"cannot write a value of type {type(value).__name__}")


def _ints(raw, n: int, what: str) -> list[int]:
    if not (isinstance(raw, list) and len(raw) == n and all(isinstance(x, int) and not isinstance(x, bool)
                                                            for x in raw)):
        raise BackupError(f"a {what} value must be {n} whole numbers")
    return raw


def _fixed(offset) -> Any:
    if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) > 18 * 3600:
        raise BackupError("a time-zone offset must be whole seconds within ±18 hours")
    if offset % 60 == 0:
        return pytz.FixedOffset(offset // 60) if offset else pytz.UTC
    from datetime import timedelta, timezone

    return timezone(timedelta(seconds=offset))


def decode(value: Any) -> Any:
    """The inverse of ``encode``; raises BackupError for anything a property cannot hold."""
    if value is None:
        raise BackupError("a property cannot be null")
    if isinstance(value, (bool, int, str, float)):
        return value
    if isinstance(value, list):
        items = [decode(v) for v in value]
        if any(isinstance(v, list) for v in items):
            raise BackupError("a property cannot hold a list of lists")
        if len({type(v) for v in items}) > 1:
            raise BackupError("a list property must hold values of one type")
        return items
    if not isinstance(value, dict) or len(value) == 0:
        raise BackupError(f"unexpected value {value!r}")
    tag = next(iter(value))
    raw = value[tag]
    try:
        if tag == "$float" and set(value) == {"$float"} and raw in ("nan", "inf", "-inf"):
            return float(raw)
        if tag == "$bytes" and set(value) == {"$bytes"} and isinstance(raw, str):
            return base64.b64decode(raw.encode("ascii"), validate=True)
        if tag == "$date" and set(value) == {"$date"}:
            return Date(*_ints(raw, 3, "date"))
        if tag == "$localdatetime" and set(value) == {"$localdatetime"}:
            return DateTime(*_ints(raw, 7, "local date-time"))
        if tag == "$datetime" and set(value) <= {"$datetime", "offset", "zone"} and "offset" in value:
            parts = _ints(raw, 7, "date-time")
            fixed = DateTime(*parts, tzinfo=_fixed(value["offset"]))
            if "zone" not in value:
                return fixed
            if not isinstance(value["zone"], str):
                raise BackupError("a time zone must be a name")
            return fixed.astimezone(pytz.timezone(value["zone"]))
        if tag == "$localtime" and set(value) == {"$localtime"}:
            return Time(*_ints(raw, 4, "local time"))
        if tag == "$time" and set(value) == {"$time", "offset"}:
            return Time(*_ints(raw, 4, "time"), tzinfo=_fixed(value["offset"]))
        if tag == "$duration" and set(value) == {"$duration"}:
            months, days, seconds, nanoseconds = _ints(raw, 4, "duration")
            return Duration(months=months, days=days, seconds=seconds, nanoseconds=nanoseconds)
        if tag == "$point" and set(value) == {"$point", "srid"}:
            srid = value["srid"]
            if srid not in SRIDS or not (isinstance(raw, list) and len(raw) == (3 if srid in (4979, 9157) else 2)
                                         and all(isinstance(c, (int, float)) and not isinstance(c, bool)
                                                 for c in raw)):
                raise BackupError(f"a point must have a known srid and 2 or 3 coordinates, not {value!r}")
            return SRIDS[srid]([float(c) for c in raw])
    except BackupError:
        raise
    except (ValueError, TypeError, OverflowError, pytz.UnknownTimeZoneError) as exc:
        raise BackupError(f"bad {tag} value {value!r}: {exc}") from None
    raise BackupError(f"unexpected value {value!r}")


def _props(raw: Any) -> dict:
    if not isinstance(raw, dict):
        raise BackupError("'props' must be an object")
    return {key: decode(val) for key, val in raw.items()}


# ---- backup -----------------------------------------------------------------------------------
def _dumps(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def _private_file(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb")


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
    node_progress = _Progress(say, "nodes", extent["nodes"], began)
    rel_progress = _Progress(say, "relationships", extent["relationships"], began)
    try:
        with _private_file(body_path) as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as out:
            def emit(obj: dict) -> None:
                line = _dumps(obj)
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
        with _private_file(final_tmp) as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb") as out:
                out.write(_dumps(header))
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


class _Progress:
    """Says how far a big graph has got, about every tenth of the way (small graphs: silence)."""

    def __init__(self, say: Callable[[str], None], what: str, total: int, began: float):
        self.say, self.what, self.total, self.began, self.step = say, what, total, began, 0

    def __call__(self, done: int) -> None:
        if self.total < 50_000:
            return
        step = (10 * done) // self.total
        if step > self.step:
            self.step = step
            self.say(f"  {self.what}: {done:,} of {self.total:,} ({time.monotonic() - self.began:.0f} s)")


# ---- reading a file ---------------------------------------------------------------------------
def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        with gzip.open(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                yield number, line
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except EOFError:
        raise BackupError(f"{path} is truncated (the compressed data ends early): it is not a whole backup") from None
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise BackupError(f"{path} is not a readable backup (corrupt compressed data: {exc})") from None


def _parse(number: int, line: bytes) -> dict:
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"line {number} is not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise BackupError(f"line {number} is not a JSON object")
    return obj


def _key(obj: dict, name: str, number: int) -> int:
    value = obj.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BackupError(f"line {number}: '{name}' must be a whole number")
    return value


def read_header(path: str | Path) -> dict:
    for number, line in _lines(Path(path)):
        header = _parse(number, line)
        if header.get("format") != FORMAT:
            raise BackupError(f"{path} is not a community-mapper backup (no backup header on its first line)")
        if header.get("version") != VERSION:
            raise BackupError(f"{path} is backup format version {header.get('version')!r}; "
                              f"this version reads version {VERSION}")
        for field in ("nodes", "relationships"):
            if not isinstance(header.get(field), int):
                raise BackupError(f"{path}: the header has no '{field}' count")
        if not isinstance(header.get("sha256"), str):
            raise BackupError(f"{path}: the header has no checksum")
        return header
    raise BackupError(f"{path} is empty")


def _records(path: Path) -> Iterator[tuple[int, dict]]:
    lines = _lines(path)
    next(lines, None)  # the header, read separately
    for number, line in lines:
        yield number, _parse(number, line)


def validate(path: str | Path) -> dict:
    """Check the whole file without touching the database; returns its header, or raises BackupError."""
    path = Path(path)
    header = read_header(path)
    labels_ok, types_ok = allowed_labels_and_types()
    uniques = unique_keys()
    unique_seen: set[tuple[str, str, str]] = set()
    keys: set[int] = set()
    digest = hashlib.sha256()
    nodes = relationships = 0
    lines = _lines(path)
    next(lines, None)
    for number, line in lines:
        digest.update(line)
        obj = _parse(number, line)
        if "node" in obj:
            if relationships:
                raise BackupError(f"line {number}: a node after the relationships")
            if set(obj) != {"node", "labels", "props"}:
                raise BackupError(f"line {number}: a node line has 'node', 'labels' and 'props' only")
            key = _key(obj, "node", number)
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
                props = _props(obj["props"])
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
            _key(obj, "rel", number)
            if obj["type"] not in types_ok:
                raise BackupError(f"line {number}: relationship type {obj['type']!r} is not part of this application")
            for end in ("start", "end"):
                if _key(obj, end, number) not in keys:
                    raise BackupError(f"line {number}: the relationship's {end} node is not in the file")
            try:
                _props(obj["props"])
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


# ---- restore ----------------------------------------------------------------------------------
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
    node_progress = _Progress(say, "nodes", header["nodes"], began)
    rel_progress = _Progress(say, "relationships", header["relationships"], began)
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
        for _number, obj in _records(path):
            if "node" in obj:
                rows.append({"key": obj["node"], "labels": obj["labels"], "props": _props(obj["props"])})
                if len(rows) >= batch:
                    flush_nodes()
                continue
            if not in_relationships:
                if rows:
                    flush_nodes()
                in_relationships = True
            rows.append({"type": obj["type"], "start": element[obj["start"]], "end": element[obj["end"]],
                         "props": _props(obj["props"])})
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
