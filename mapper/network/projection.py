"""The network as the analytics read it: pulled from Neo4j once, in bulk, then cut to any date.

A tie between two people is live for ``live_months`` after their latest 1:1 on or before the
date asked about; other relationships (membership, running or attending an asset, partnerships,
introductions) count from their ``since`` date, or always when it is not known. Themes and
areas are attributes, not nodes of the network.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from mapper.analytics.fast import gc_paused

from mapper import config
from mapper.directory.assets import public_point

if TYPE_CHECKING:  # the store is handed in; the projection needs nothing of the database's own
    from mapper.db.store import Store

DEFAULT_LIVE_MONTHS = config.live_months()


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (clamped to the month's end).

    >>> months_before(dt.date(2026, 3, 31), 1)
    datetime.date(2026, 2, 28)
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)




KINDS = ("person", "organisation", "asset")  # as network_nodes numbers them


def _positions(internal: np.ndarray, wanted) -> np.ndarray:
    """Where each of ``wanted`` (internal ids) is in the sorted ``internal``; -1 where it is not.

    >>> _positions(np.array([3, 7, 9]), [9, 4, 3, 12]).tolist()
    [2, -1, 0, -1]
    """
    wanted = np.asarray(wanted, dtype=np.int64)
    if not len(internal) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(internal, wanted), len(internal) - 1)
    return np.where(internal[at] == wanted, at, -1)


def _pairs(internal: np.ndarray, pairs: list) -> list[tuple[int, int]]:
    if not pairs:
        return []
    both = _positions(internal, [x for pair in pairs for x in pair]).tolist()
    return list(zip(both[0::2], both[1::2]))


class _Days:
    """yyyymmdd numbers to dates (None for 0), one date object per distinct day."""

    def __init__(self):
        self.known: dict[int, dt.date | None] = {0: None}

    def __call__(self, day: int) -> dt.date | None:
        found = self.known.get(day, False)
        if found is False:
            found = self.known[day] = dt.date(day // 10000, day // 100 % 100, day % 100)
        return found


def _meetings(ids: list, a: np.ndarray, b: np.ndarray, dates: np.ndarray, days: _Days) -> list:
    """The dated 1:1s of each pair of people in the network, as (one, other, sorted dates): the
    pair ordered by id, the pairs in the order of their first dated 1:1.

    >>> _meetings(["b", "a", "c"], np.array([0, 1, 0, 2]), np.array([1, 0, 1, 0]),
    ...           np.array([20260105, 20250301, 0, 20240101]), _Days())  # doctest: +NORMALIZE_WHITESPACE
    [('a', 'b', [datetime.date(2025, 3, 1), datetime.date(2026, 1, 5)]),
     ('b', 'c', [datetime.date(2024, 1, 1)])]
    """
    keep = (a >= 0) & (b >= 0) & (dates > 0)
    a, b, dates = a[keep], b[keep], dates[keep]
    if not len(a):
        return []
    rank = np.empty(len(ids), dtype=np.int64)
    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    first = np.where(rank[a] <= rank[b], a, b)  # the pair's ends in the order of their ids
    second = np.where(rank[a] <= rank[b], b, a)
    pair = first * len(ids) + second
    _, seen_at, which = np.unique(pair, return_index=True, return_inverse=True)
    order = np.empty(len(seen_at), dtype=np.int64)
    order[np.argsort(seen_at, kind="stable")] = np.arange(len(seen_at))  # pairs by first 1:1
    which = order[which]
    by_pair = np.lexsort((dates, which))
    distinct, day_of = np.unique(dates[by_pair], return_inverse=True)
    dated = list(map([days(d) for d in distinct.tolist()].__getitem__, day_of.tolist()))
    starts = np.searchsorted(which[by_pair], np.arange(len(seen_at) + 1))
    heads = by_pair[starts[:-1]]
    starts = starts.tolist()
    return list(zip(map(ids.__getitem__, first[heads].tolist()), map(ids.__getitem__, second[heads].tolist()),
                    map(dated.__getitem__, map(slice, starts[:-1], starts[1:]))))


@dataclass
class Projection:
    nodes: dict  # id -> attributes (kind, name, area, named, roles, themes, lat, lon)
    ties: list  # (source, target, type, since or None)
    meetings: list  # (source, target, sorted dates of their 1:1s)
    theme_names: dict  # theme id -> name

    @classmethod
    def pull(cls, store: Store) -> "Projection":
        """Read the whole network in one read transaction: four lean queries, one record each, of
        parallel lists (see ``network_*`` in ``network.cypher``). Nodes are matched across the
        queries by their internal ids, which hold within the transaction only and are not kept."""
        def read(tx):
            records = [tx.values(name)[0] for name in ("network_nodes", "network_node_details", "network_ties")]
            meetings = tx.values("network_one_to_ones")[0]
            for i in range(3):  # the long columns of numbers as arrays at once: a tenth of the memory
                meetings[i] = np.asarray(meetings[i], dtype=np.int64)
            return records + [meetings, tx.values("list_themes")]

        with gc_paused():
            return cls.from_columns(*store.transaction(read, read_only=True))

    @classmethod
    def from_columns(cls, nodes_record, details_record, ties_record, meetings_record, themes) -> "Projection":
        """The projection from the records of the ``network_*`` queries (see :meth:`pull`)."""
        internal, ids, kinds, names, named, role_nodes, roles, located, hidden, districts = nodes_record
        internal = np.asarray(internal, dtype=np.int64)  # in ascending order (the query sorts by it)
        person = np.asarray(kinds, dtype=np.int8) == 0
        kinds = [KINDS[k] for k in kinds]
        area_of = [None] * len(ids)
        in_area, area_names, with_theme, node_themes = details_record
        for at, area in zip(_positions(internal, in_area).tolist(), area_names):
            if at >= 0:
                area_of[at] = area
        role_of = dict(zip(_positions(internal, role_nodes).tolist(), roles))
        where = dict(zip(_positions(internal, [row[0] for row in located]).tolist(),
                         [(row[1], row[2]) for row in located]))  # rows [internal id, latitude, longitude]
        # an asset that hides its address is placed at its published district's centre, never its own point
        where.update((at, public_point({"hide_address": True, "postcode": district}))
                     for at, district in zip(_positions(internal, hidden).tolist(), districts))
        themes_of: dict[int, set] = {}
        for at, theme in zip(_positions(internal, with_theme).tolist(), node_themes):
            if at >= 0:
                themes_of.setdefault(at, set()).add(theme)
        sources, targets, dates, themed, meeting_themes = meetings_record
        for (a, b), raised in zip(_pairs(internal, themed), meeting_themes):
            if a >= 0 and b >= 0 and person[a] and person[b]:
                themes_of.setdefault(a, set()).update(raised)
                themes_of.setdefault(b, set()).update(raised)
        sorted_themes = {at: tuple(sorted(themes)) for at, themes in themes_of.items()}
        nowhere = (None, None)
        nodes = {}
        for i, node in enumerate(ids):
            lat, lon = where.get(i, nowhere)
            nodes[node] = {"kind": kinds[i], "name": names[i], "area": area_of[i], "named": named[i],
                           "roles": role_of.get(i) or [], "themes": sorted_themes.get(i, ()), "lat": lat, "lon": lon}
        t_sources, t_targets, types, since = ties_record
        a, b = _positions(internal, t_sources), _positions(internal, t_targets)
        keep = ((a >= 0) & (b >= 0)).tolist()
        days = _Days()
        ties = [(ids[s], ids[t], typ, days(d)) for s, t, typ, d, k in zip(a.tolist(), b.tolist(), types, since, keep)
                if k]
        a, b = _positions(internal, sources), _positions(internal, targets)
        between_people = (a >= 0) & (b >= 0)
        between_people[between_people] &= person[a[between_people]] & person[b[between_people]]
        a[~between_people] = b[~between_people] = -1
        meetings = _meetings(ids, a, b, np.asarray(dates, dtype=np.int64), days)
        return cls(nodes, ties, meetings, {t[0]: t[1] for t in themes})

    def _dated_people(self) -> set:
        """Everyone with a 1:1 or a tie (whatever its date): kept with the lists it was read from."""
        key = (id(self.meetings), len(self.meetings), id(self.ties), len(self.ties))
        kept = self.__dict__.get("_dated")
        if kept is None or kept[0] != key:
            dated = {n for s, t, _ in self.meetings for n in (s, t)}
            dated |= {n for s, t, _, _ in self.ties for n in (s, t)}
            kept = self.__dict__["_dated"] = (key, dated)
        return kept[1]

    def first_date(self) -> dt.date | None:
        """The date of the first 1:1 (or, with none, of the earliest dated relationship)."""
        dates = [d[0] for _, _, d in self.meetings if d] or [since for *_, since in self.ties if since]
        return min(dates) if dates else None

    def graph(self, as_of: dt.date | None = None, live_months: int = DEFAULT_LIVE_MONTHS) -> nx.Graph:
        """The network as it stood on ``as_of`` (today when None)."""
        as_of = as_of or dt.date.today()
        window_start = months_before(as_of, live_months) if live_months > 0 else dt.date.min
        nodes = self.nodes
        runners: dict = {}
        seen: set = set()

        def ties():
            for source, target, typ, since in self.ties:
                if since is not None and since > as_of:
                    continue
                if source in nodes and target in nodes:
                    seen.add(source)
                    seen.add(target)
                    if typ == "RUNS" and nodes[source]["kind"] == "person":
                        runners.setdefault(target, set()).add(source)
                    yield source, target, {"rel": typ}

        def one_to_ones():
            for source, target, dates in self.meetings:
                if not dates or dates[0] > as_of:
                    continue
                seen.add(source)
                seen.add(target)
                latest = dates[bisect_right(dates, as_of) - 1]
                if latest >= window_start and source in nodes and target in nodes:
                    yield source, target, {"rel": "ONE_TO_ONE", "last_met": latest}

        with gc_paused():
            G = nx.Graph()
            for node, attrs in nodes.items():
                G.add_node(node, **attrs)
            G.add_edges_from(ties())  # (as G.add_edge would add them one by one, in this order)
            G.add_edges_from(one_to_ones())
            # People who had not yet been met by this date are not yet in the network.
            G.remove_nodes_from([node for node in self._dated_people() - seen
                                 if node in nodes and nodes[node]["kind"] == "person"])
        G.graph["runners"] = runners
        G.graph["theme_names"] = self.theme_names
        G.graph["as_of"] = as_of
        G.graph["live_months"] = live_months
        return G
