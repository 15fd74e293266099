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
# Stored with each month's fingerprint: when what a figure counts changes, the months stored
# before are computed again (2: single points of failure count assets too, as the report's list).
FIGURES_VERSION = "2"

SERIES = {
    "people_at_risk": "People one departure away from losing every asset",
    "single_points": "Single points of failure",
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
    for all of them, as ``mapper.analytics.summary`` shares them); ``G``: that network, if already cut
    (and if the report has analysed it, its counts are these figures: nothing is computed twice)."""
    G = projection.graph(day, live_months) if G is None else G
    known = G.graph.get("counts")  # the report's own counts, where it has analysed this very network
    if known is not None:
        return {key: known[key] for key in SERIES}
    with gc_paused():
        ix = IndexedGraph.from_networkx(G)
        tree = BlockCutTree.build(G, "auto", ix)
        counts = counts_from_tree(tree)
        return {
            "people_at_risk": len(at_risk_from_tree(tree)),
            "single_points": len(counts),  # people, organisations and assets, as the report counts them
            "isolated_people": len(people_without_assets(G, ix)),
            "live_links": G.number_of_edges(),
        }


# What each series counts, for the charts' value axes.
UNITS = {"people_at_risk": "people", "single_points": "single points",
         "isolated_people": "people", "live_links": "links"}


def chart(rows: list[dict], key: str) -> dict:
    """One series of the trend for a chart (drawn by Chart.js in ``web/static/charts.js``, from the
    ``data-chart`` attribute) and for the table of the same figures beside it.

    >>> c = chart([{"month": "2026-01", "live_links": 3}, {"month": "2026-02", "live_links": 5}], "live_links")
    >>> c["labels"], c["values"], c["last"], c["max"], c["unit"]
    (['2026-01', '2026-02'], [3, 5], 5, 5, 'links')
    """
    values = [r[key] for r in rows]
    return {"key": key, "title": SERIES[key], "unit": UNITS[key], "labels": [r["month"] for r in rows],
            "values": values, "max": max(values, default=0), "last": values[-1] if values else 0,
            "first_month": rows[0]["month"] if rows else "", "last_month": rows[-1]["month"] if rows else ""}


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _day(value: dt.date | None) -> int:
    return NEVER if value is None else value.toordinal()


_NODE_HASHES: dict[tuple[str, str], int] = {}  # kept between writes: a node's hash never changes


def _node_hash(node: str, kind: str) -> int:
    found = _NODE_HASHES.get((node, kind))
    if found is None:
        if len(_NODE_HASHES) > 2_000_000:
            _NODE_HASHES.clear()
        found = _NODE_HASHES[(node, kind)] = _hash64(f"{node}|{kind}")
    return found


def _tie_positions(index: dict, ties: list) -> tuple[np.ndarray, ...]:
    """Both ends' positions of the ties whose ends are both in the network, and their start days."""
    get = index.get
    a = np.fromiter((get(tie[0], -1) for tie in ties), dtype=np.int64, count=len(ties))
    b = np.fromiter((get(tie[1], -1) for tie in ties), dtype=np.int64, count=len(ties))
    since = np.fromiter((_day(tie[3]) for tie in ties), dtype=np.int64, count=len(ties))
    keep = (a >= 0) & (b >= 0)
    return a[keep], b[keep], since[keep]


def _meeting_positions(index: dict, meetings: list) -> tuple[np.ndarray, ...]:
    """Both people's positions of each pair met (both in the network, at least one date), each date
    as an ordinal, and the pair each date belongs to."""
    get = index.get
    a = np.fromiter((get(m[0], -1) for m in meetings), dtype=np.int64, count=len(meetings))
    b = np.fromiter((get(m[1], -1) for m in meetings), dtype=np.int64, count=len(meetings))
    sizes = np.fromiter((len(m[2]) for m in meetings), dtype=np.int64, count=len(meetings))
    dates = np.fromiter((d.toordinal() for m in meetings for d in m[2]), dtype=np.int64, count=int(sizes.sum()))
    keep = (a >= 0) & (b >= 0) & (sizes > 0)
    dates = dates[np.repeat(keep, sizes)]
    pair = np.repeat(np.arange(int(keep.sum()), dtype=np.int64), sizes[keep])
    return a[keep], b[keep], dates, pair


def fingerprints(projection: Projection, days: list[dt.date], live_months: int) -> list[str]:
    """One fingerprint per day in ``days`` (ascending): equal exactly when the network stood the same
    then. Each tie, 1:1 and node counts from the first day it is in the network until (for a 1:1)
    the live window after it closes: spans of day indices found by binary search, summed with one
    pass over the days (linear in the network plus the days, where computing each day afresh is
    their product; ``tests/oracles/trend_reference.py`` does that and must agree)."""
    ids = list(projection.nodes)
    index = {node: i for i, node in enumerate(ids)}
    n, count = len(ids), len(days)
    kinds = [projection.nodes[node]["kind"] for node in ids]
    node_hash = np.fromiter(map(_node_hash, ids, kinds), dtype=np.uint64, count=n)
    person = np.fromiter((k == "person" for k in kinds), dtype=bool, count=n)
    ta, tb, tsince = _tie_positions(index, projection.ties)
    ma, mb, md, mpair = _meeting_positions(index, projection.meetings)
    day_at = np.array([d.toordinal() for d in days], dtype=np.int64)
    start_at = np.array([months_before(d, live_months).toordinal() if live_months > 0 else NEVER for d in days],
                        dtype=np.int64)
    mix = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        tie_hash = (node_hash[ta] ^ node_hash[tb]) * mix if len(ta) else np.zeros(0, dtype=np.uint64)
        pair_hash = (node_hash[ma] ^ node_hash[mb]) * mix + np.uint64(1) if len(ma) else np.zeros(0, dtype=np.uint64)

    # A tie is in from the first day on or after its start; a 1:1 keeps its pair live from the first
    # day on or after it until the first day whose window starts after it. A pair's dates are in
    # order, so are its spans: each is cut to begin where the one before it ended (no day twice).
    order = np.lexsort((md, mpair))  # each pair's dates in order (as the projection keeps them)
    md, mpair = md[order], mpair[order]
    tie_from = np.searchsorted(day_at, tsince, "left")
    met_from = span_from = np.searchsorted(day_at, md, "left")
    span_to = np.searchsorted(start_at, md, "right")
    same_pair = np.zeros(len(md), dtype=bool)
    same_pair[1:] = mpair[1:] == mpair[:-1]
    before = np.zeros(len(md), dtype=np.int64)
    before[1:] = span_to[:-1]
    span_from = np.where(same_pair, np.maximum(span_from, before), span_from)
    real = span_from < span_to
    # A person with any tie or 1:1 is in from the first day one of them is; everyone else always.
    first = np.full(n, count, dtype=np.int64)
    np.minimum.at(first, np.concatenate([ta, tb]), np.concatenate([tie_from, tie_from]))
    first_meeting = np.full(len(ma), count, dtype=np.int64)
    np.minimum.at(first_meeting, mpair, met_from)
    np.minimum.at(first, np.concatenate([ma, mb]), np.concatenate([first_meeting, first_meeting]))
    dated = np.zeros(n, dtype=bool)
    dated[np.concatenate([ta, tb, ma, mb])] = True
    node_from = np.where(person & dated, first, 0)

    def running(starts, ends, values):
        """Per day, the wrapping sum of ``values`` whose span [start, end) holds that day."""
        steps = np.zeros(count + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            np.add.at(steps, starts, values)
            if ends is not None:
                np.subtract.at(steps, ends, values)
            return np.cumsum(steps, dtype=np.uint64)[:count]

    ones = lambda k: np.ones(k, dtype=np.uint64)  # noqa: E731
    pairs_from, pairs_to, pairs_hash = span_from[real], span_to[real], pair_hash[mpair[real]]
    with np.errstate(over="ignore"):
        total = (running(tie_from, None, tie_hash) + running(pairs_from, pairs_to, pairs_hash)
                 + running(node_from, None, node_hash))
    live_ties = running(tie_from, None, ones(len(tie_from)))
    live_pairs = running(pairs_from, pairs_to, ones(len(pairs_from)))
    present = running(node_from, None, ones(n))
    return [f"{int(total[i]):016x}:{int(live_ties[i])}:{int(live_pairs[i])}:{int(present[i])}" for i in range(count)]


def kept_monthly(store, projection: Projection, until: dt.date, live_months: int,
                 progress: Callable[[str, float], None] | None = None, graph=None) -> list[dict]:
    """The trend up to ``until``, reading stored months and recomputing only those that changed.
    ``graph(until)``, when given, is the network cut to ``until`` as the report already holds it (the
    month a new 1:1 touches is nearly always the last)."""
    first = projection.first_date()
    if first is None:
        return []
    days = month_ends(first, until)
    prints = [f"{FIGURES_VERSION}/{fp}" for fp in fingerprints(projection, days, live_months)]
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
