"""The bench's baseline for the pull: the network read out of Neo4j as it was before the pull was
made lean (three queries in three transactions, every record through ``record.data()``, nodes and
ties as rows of lists keyed by their string ids). It builds the same ``Projection``, which the
bench checks."""
from __future__ import annotations

import datetime as dt

from mapper.db.store import Store
from mapper.network.projection import Projection


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def pull(store: Store) -> Projection:
    nodes = {}
    for node, kind, name, area, named, roles, themes, lat, lon in store.read_one("bench_pull_before_nodes")["rows"]:
        nodes[node] = {"kind": kind, "name": name, "area": area, "named": named, "roles": roles,
                       "themes": set(themes or ()), "lat": lat, "lon": lon}
    ties = [(s, t, typ, _date(since)) for s, t, typ, since in store.read_one("bench_pull_before_ties")["rows"]]
    columns = store.read_one("bench_pull_before_one_to_ones")
    pairs: dict[tuple, list] = {}
    for s, t, day, themes in zip(columns["sources"], columns["targets"], columns["dates"], columns["themes"]):
        if day:
            pairs.setdefault((s, t) if s < t else (t, s), []).append(dt.date(day // 10000, day // 100 % 100, day % 100))
        for person in (s, t):
            if themes and person in nodes:
                nodes[person]["themes"].update(themes)
    for attrs in nodes.values():
        attrs["themes"] = tuple(sorted(attrs["themes"]))
    meetings = [(s, t, sorted(dates)) for (s, t), dates in pairs.items()]
    theme_names = {t["id"]: t["name"] for t in store.read("list_themes")}
    return Projection(nodes, ties, meetings, theme_names)
