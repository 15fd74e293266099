"""How the network's health changes month by month, kept: each month's figures stored in Neo4j and
recomputed only for the months a change touched.

A month's figures depend only on the network as it stood at the month's end: which people,
organisations and assets were in it, and which ties were live. :func:`fingerprints` sums a
stable 64-bit hash of each of those, for every month at once with numpy (no graph is built), so
a backdated 1:1, an erasure or a merge changes the fingerprint of exactly the months it touches;
:func:`kept_monthly` recomputes those months alone and stores them back (a write marked
``generation: kept``: derived figures are not data).

>>> p = Projection({"hub": {"kind": "asset"}, "a": {"kind": "person"}, "b": {"kind": "person"}},
...                [("a", "hub", "ATTENDS", None)], [("a", "b", [dt.date(2026, 2, 10)])], {})
>>> days = [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
>>> before = fingerprints(p, days, 60)
>>> p.meetings[0] = ("a", "b", [dt.date(2026, 1, 10)])  # the 1:1 was in January after all
>>> after = fingerprints(p, days, 60)
>>> before[0] == after[0], before[1] == after[1]
(False, True)
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Callable

import numpy as np

from mapper.analytics.block_cut import BlockCutTree
from mapper.analytics.cut_off import at_risk_from_tree, counts_from_tree
from mapper.analytics.fast import IndexedGraph, gc_paused
from mapper.analytics.isolation import people_without_assets
from mapper.network.projection import Projection, months_before

NEVER = np.iinfo(np.int64).min // 2

SERIES = {
    "people_at_risk": "People one departure away from losing every asset",
    "single_points": "Single points of failure (people and organisations)",
    "isolated_people": "People with no path to any asset",
    "live_links": "Live links",
}


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The last day of each month from ``first``'s month to ``last``'s (``last`` itself at the end).

    >>> month_ends(dt.date(2026, 1, 15), dt.date(2026, 3, 2))
    [datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 2)]
    """
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), last))
        year, month = nxt.year, nxt.month
    return out


def figures(projection: Projection, day: dt.date, live_months: int, G=None) -> dict:
    """The trend's figures for the network as it stood on ``day`` (one index and one block-cut tree
    for all of them, as ``mapper.analytics.summary`` shares them); ``G``: that network, if already cut."""
    G = projection.graph(day, live_months) if G is None else G
    with gc_paused():
        ix = IndexedGraph.from_networkx(G)
        tree = BlockCutTree.build(G, "auto", ix)
        counts = counts_from_tree(tree)
        return {
            "people_at_risk": len(at_risk_from_tree(tree)),
            "single_points": sum(1 for n in counts if G.nodes[n]["kind"] != "asset"),
            "isolated_people": len(people_without_assets(G, ix)),
            "live_links": G.number_of_edges(),
        }


def chart(rows: list[dict], key: str, width: int = 360, height: int = 120) -> dict:
    """Points of a small line chart (SVG coordinates) for one series."""
    values = [r[key] for r in rows]
    top = max(values, default=0) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - v / top * (height - 10) - 5:.1f}" for i, v in enumerate(values))
    return {"key": key, "title": SERIES[key], "points": points, "max": max(values, default=0),
            "last": values[-1] if values else 0, "first_month": rows[0]["month"] if rows else "",
            "last_month": rows[-1]["month"] if rows else "", "width": width, "height": height}


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _day(value: dt.date | None) -> int:
    return NEVER if value is None else value.toordinal()


def fingerprints(projection: Projection, days: list[dt.date], live_months: int) -> list[str]:
    """One fingerprint per day in ``days``: equal exactly when the network stood the same then."""
    ids = list(projection.nodes)
    index = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    node_hash = np.array([_hash64(f"{node}|{projection.nodes[node]['kind']}") for node in ids], dtype=np.uint64)
    person = np.array([projection.nodes[node]["kind"] == "person" for node in ids], dtype=bool)
    ties = [(index[s], index[t], _day(since)) for s, t, _typ, since in projection.ties if s in index and t in index]
    ta = np.array([t[0] for t in ties], dtype=np.int64)
    tb = np.array([t[1] for t in ties], dtype=np.int64)
    tsince = np.array([t[2] for t in ties], dtype=np.int64)
    meetings = [(index[s], index[t], dates) for s, t, dates in projection.meetings if dates and s in index and t in index]
    ma = np.array([m[0] for m in meetings], dtype=np.int64)
    mb = np.array([m[1] for m in meetings], dtype=np.int64)
    mfirst = np.array([m[2][0].toordinal() for m in meetings], dtype=np.int64)
    md = np.array([d.toordinal() for m in meetings for d in m[2]], dtype=np.int64)
    mpair = np.repeat(np.arange(len(meetings)), [len(m[2]) for m in meetings]).astype(np.int64)
    dated = np.zeros(n, dtype=bool)
    dated[np.concatenate([ta, tb, ma, mb])] = True
    mix = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        tie_hash = (node_hash[ta] ^ node_hash[tb]) * mix if len(ta) else np.zeros(0, dtype=np.uint64)
        pair_hash = (node_hash[ma] ^ node_hash[mb]) * mix + np.uint64(1) if len(ma) else np.zeros(0, dtype=np.uint64)
    out = []
    for day in days:
        d = day.toordinal()
        start = months_before(day, live_months).toordinal() if live_months > 0 else NEVER
        tie_live = tsince <= d
        latest = np.full(len(meetings), NEVER, dtype=np.int64)
        upto = md <= d
        np.maximum.at(latest, mpair[upto], md[upto])
        met = mfirst <= d
        pair_live = met & (latest >= start)
        seen = np.zeros(n, dtype=bool)
        seen[ta[tie_live]] = seen[tb[tie_live]] = True
        seen[ma[met]] = seen[mb[met]] = True
        present = ~person | ~dated | seen
        with np.errstate(over="ignore"):
            total = (tie_hash[tie_live].sum(dtype=np.uint64) + pair_hash[pair_live].sum(dtype=np.uint64)
                     + node_hash[present].sum(dtype=np.uint64))
        out.append(f"{int(total):016x}:{int(tie_live.sum())}:{int(pair_live.sum())}:{int(present.sum())}")
    return out


def kept_monthly(store, projection: Projection, until: dt.date, live_months: int,
                 progress: Callable[[str, float], None] | None = None, graph=None) -> list[dict]:
    """The trend up to ``until``, reading stored months and recomputing only those that changed.
    ``graph(until)``, when given, is the network cut to ``until`` as the report already holds it (the
    month a new 1:1 touches is nearly always the last)."""
    first = projection.first_date()
    if first is None:
        return []
    days = month_ends(first, until)
    prints = fingerprints(projection, days, live_months)
    stored = {row["day"]: row for row in store.read("trend_months", live_months=live_months,
                                                     days=[d.isoformat() for d in days])}
    rows, changed = [], []
    stale = [i for i, (d, fp) in enumerate(zip(days, prints))
             if stored.get(d.isoformat(), {}).get("fingerprint") != fp]
    for done, i in enumerate(stale):
        if progress:
            progress(f"trend: month {done + 1} of {len(stale)}", done / max(len(stale), 1))
        stored[days[i].isoformat()] = {"day": days[i].isoformat(), "fingerprint": prints[i],
                                      **figures(projection, days[i], live_months,
                                                G=graph(days[i]) if graph and days[i] == until else None)}
        changed.append(stored[days[i].isoformat()])
    if changed:
        store.write("save_trend_months", live_months=live_months, rows=changed)
    for d in days:
        row = stored[d.isoformat()]
        rows.append({"month": d.strftime("%Y-%m"), **{k: row[k] for k in SERIES}})
    return rows
