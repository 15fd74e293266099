"""Single points of failure straight from two CSV files, no database needed.

``NODES.csv`` has columns ``id,kind`` (kind: person, asset or organisation;
an optional ``area`` column is carried along); ``EDGES.csv`` has columns
``source,target``. Output, as CSV:

* by default ``id,cut_off`` — every node whose departure would cut at least
  one person off from every asset, with how many, sorted by ``cut_off``
  (largest first) then by ``id``;
* with ``bridges=True`` ``source,target,source_side,target_side,people_cut_off``
  — every bridge (a tie on no cycle); ``source_side``/``target_side`` are the
  number of nodes each end still reaches without the tie, ``source`` being on
  the larger side; sorted by ``people_cut_off`` (largest first), then
  ``source``, then ``target``.

Ids sort as numbers when every id is a whole number, else as text. Repeated
ties and ties from a node to itself are ignored (they change no answer).
Errors are reported as one line naming the file and line, with exit code 1.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import TextIO

import networkx as nx

from mapper.analytics.bridges import bridges as find_bridges
from mapper.analytics.cut_off import cut_off_counts

__all__ = ["InputError", "read_graph", "run"]

KINDS = ("person", "asset", "organisation")


class InputError(Exception):
    """A problem with the input files, worded for the person who made them."""


def _rows(path: Path, required: tuple[str, ...]):
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(f"{path}: empty file, expected a header line {','.join(required)}")
            names = [h.strip().lower() for h in header]
            missing = [r for r in required if r not in names]
            if missing:
                raise InputError(
                    f"{path} line 1: header must have columns {','.join(required)}, found {','.join(header) or '(nothing)'}"
                )
            where = {name: names.index(name) for name in names}
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < len(header):
                    raise InputError(f"{path} line {reader.line_num}: expected {len(header)} columns, found {len(row)}")
                yield reader.line_num, {name: row[i].strip() for name, i in where.items()}
        except csv.Error as exc:
            raise InputError(f"{path} line {reader.line_num}: {exc}") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None


def read_graph(nodes_path, edges_path) -> nx.Graph:
    """The network described by the two files; :class:`InputError` on any problem."""
    nodes_path, edges_path = Path(nodes_path), Path(edges_path)
    G = nx.Graph()
    for line, row in _rows(nodes_path, ("id", "kind")):
        node, kind = row["id"], row["kind"].lower()
        if not node:
            raise InputError(f"{nodes_path} line {line}: empty id")
        if kind not in KINDS:
            raise InputError(
                f"{nodes_path} line {line}: unknown kind {row['kind']!r} for id {node!r} (expected person, asset or organisation)"
            )
        if node in G:
            raise InputError(f"{nodes_path} line {line}: id {node!r} appears twice")
        attrs = {"kind": kind}
        if row.get("area"):
            attrs["area"] = row["area"]
        G.add_node(node, **attrs)
    for line, row in _rows(edges_path, ("source", "target")):
        for end in ("source", "target"):
            if row[end] not in G:
                what = f"unknown id {row[end]!r}" if row[end] else "empty id"
                raise InputError(f"{edges_path} line {line}: {what} in {end} (not in {nodes_path.name})")
        if row["source"] != row["target"]:
            G.add_edge(row["source"], row["target"])
    return G


def _id_key(G: nx.Graph):
    if all(re.fullmatch(r"-?[0-9]+", v) for v in G):
        return int
    return str


def run(nodes_path, edges_path, bridges: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Write the cut-off (or bridge) table for the two files to ``out``; return the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    try:
        G = read_graph(nodes_path, edges_path)
    except InputError as exc:
        print(f"error: {exc}", file=err)
        return 1
    key = _id_key(G)
    writer = csv.writer(out, lineterminator="\n")
    if bridges:
        writer.writerow(["source", "target", "source_side", "target_side", "people_cut_off"])
        rows = sorted(find_bridges(G), key=lambda b: (-b.people_cut_off, key(b.u), key(b.v)))
        for b in rows:
            writer.writerow([b.u, b.v, b.u_side.nodes, b.v_side.nodes, b.people_cut_off])
    else:
        writer.writerow(["id", "cut_off"])
        counts = cut_off_counts(G)
        for node in sorted(counts, key=lambda v: (-counts[v], key(v))):
            writer.writerow([node, counts[node]])
    return 0
