"""The network as the analytics read it: pulled from Neo4j once, in bulk, then cut to any date.

A tie between two people is live for ``live_months`` after their latest 1:1 on or before the
date asked about; other relationships (membership, running or attending an asset, partnerships,
introductions) count from their ``since`` date, or always when it is not known. Themes and
areas are attributes, not nodes of the network.
"""
from __future__ import annotations

import datetime as dt
import os
from bisect import bisect_right
from dataclasses import dataclass

import networkx as nx

from mapper.db.store import Store

DEFAULT_LIVE_MONTHS = int(os.environ.get("MAPPER_LIVE_MONTHS", "60"))


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


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


@dataclass
class Projection:
    nodes: dict  # id -> attributes (kind, name, area, named, roles, themes, lat, lon)
    ties: list  # (source, target, type, since or None)
    meetings: list  # (source, target, sorted dates of their 1:1s)
    theme_names: dict  # theme id -> name

    @classmethod
    def pull(cls, store: Store) -> "Projection":
        """Read the whole network in three bulk queries (one record each)."""
        nodes = {}
        for node, kind, name, area, named, roles, themes, lat, lon in store.read_one("network_nodes")["rows"]:
            nodes[node] = {"kind": kind, "name": name, "area": area, "named": named, "roles": roles,
                           "themes": set(themes or ()), "lat": lat, "lon": lon}
        ties = [(s, t, typ, _date(since)) for s, t, typ, since in store.read_one("network_ties")["rows"]]
        columns = store.read_one("network_one_to_ones")
        pairs: dict[tuple, list] = {}
        for s, t, day, themes in zip(columns["sources"], columns["targets"], columns["dates"], columns["themes"]):
            if day:
                pairs.setdefault((s, t) if s < t else (t, s), []).append(
                    dt.date(day // 10000, day // 100 % 100, day % 100))
            for person in (s, t):
                if themes and person in nodes:
                    nodes[person]["themes"].update(themes)
        for attrs in nodes.values():
            attrs["themes"] = tuple(sorted(attrs["themes"]))
        meetings = [(s, t, sorted(dates)) for (s, t), dates in pairs.items()]
        theme_names = {t["id"]: t["name"] for t in store.read("list_themes")}
        return cls(nodes, ties, meetings, theme_names)

    def first_date(self) -> dt.date | None:
        """The date of the first 1:1 (or, with none, of the earliest dated relationship)."""
        dates = [d[0] for _, _, d in self.meetings if d] or [since for *_, since in self.ties if since]
        return min(dates) if dates else None

    def graph(self, as_of: dt.date | None = None, live_months: int = DEFAULT_LIVE_MONTHS) -> nx.Graph:
        """The network as it stood on ``as_of`` (today when None)."""
        as_of = as_of or dt.date.today()
        window_start = months_before(as_of, live_months) if live_months > 0 else dt.date.min
        G = nx.Graph()
        for node, attrs in self.nodes.items():
            G.add_node(node, **attrs)
        runners: dict = {}
        seen: set = set()
        for source, target, typ, since in self.ties:
            if since is not None and since > as_of:
                continue
            if source in G and target in G:
                G.add_edge(source, target, rel=typ)
                seen.update((source, target))
                if typ == "RUNS" and G.nodes[source]["kind"] == "person":
                    runners.setdefault(target, set()).add(source)
        for source, target, dates in self.meetings:
            if not dates or dates[0] > as_of:
                continue
            seen.update((source, target))
            latest = dates[bisect_right(dates, as_of) - 1]
            if latest >= window_start and source in G and target in G:
                G.add_edge(source, target, rel="ONE_TO_ONE", last_met=latest)
        # People who had not yet been met by this date are not yet in the network.
        dated_people = {n for s, t, dates in self.meetings for n in (s, t)}
        dated_people |= {n for s, t, _, _ in self.ties for n in (s, t)}
        for node in list(G):
            if G.nodes[node]["kind"] == "person" and node in dated_people and node not in seen:
                G.remove_node(node)
        G.graph["runners"] = runners
        G.graph["theme_names"] = self.theme_names
        G.graph["as_of"] = as_of
        G.graph["live_months"] = live_months
        return G
