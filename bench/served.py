"""The Collaborative's served path, timed function by function in this process: exactly what the
background job and the pages call (``mapper.network.report`` and ``mapper.network.trend``), each
beside a baseline measured in the same run."""
from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from typing import Callable

from bench import pull_before
from mapper.analytics.suggestions import suggest_ties
from mapper.db.store import Store
from mapper.network import report as health, trend
from mapper.network.picture import shown_picture
from mapper.network.projection import Projection
from tests.oracles import reference, suggestions_recomputed


def timed(work: Callable[[], object]) -> tuple[float, object]:
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def best_of(n: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(n):
        seconds, result = timed(work)
        best = min(best, seconds)
    return best, result


def median_of(n: int, work: Callable[[], object]) -> float:
    return statistics.median(timed(work)[0] for _ in range(n))


def same_projection(a: Projection, b: Projection) -> bool:
    return (a.nodes == b.nodes and sorted(a.ties, key=repr) == sorted(b.ties, key=repr)
            and sorted(a.meetings) == sorted(b.meetings) and a.theme_names == b.theme_names)


def pull(store: Store, say) -> dict:
    """The pull as served (``Projection.pull``) beside the pull as it was (``bench.pull_before``)."""
    served_s, served = best_of(3, lambda: Projection.pull(store))
    before_s, before = timed(lambda: pull_before.pull(store))
    assert same_projection(served, before), "the lean pull and the pull before it disagree"
    say(f"  pull: {served_s:.2f} s (best of 3); as it was before: {before_s:.2f} s; the same projection")
    return {"served_s": served_s, "before_s": before_s}


def full_report(store: Store, view: health.View, names: bool, write: Callable[[], None], say) -> dict:
    """The report exactly as the background job builds it, after a write (the pull included), and
    again with the network already read (same generation)."""
    write()
    steps: list[tuple[str, float]] = []
    began = time.perf_counter()
    seconds, found = timed(lambda: health.report(store, view, names,
                                                 progress=lambda step, _f: steps.append((step, time.perf_counter() - began))))
    split = _split(steps, seconds)
    again, _ = timed(lambda: health.report(store, view, names))
    say(f"  full report after a write (pull included): {seconds:.2f} s; with the network already read: {again:.2f} s")
    say("    steps: " + ", ".join(f"{k} {v:.2f} s" for k, v in split.items()))
    return {"after_write_s": seconds, "network_already_read_s": again, "steps_s": split,
            "counts": found.counts, "single_points_listed": len(found.single_points),
            "bridges_listed": len(found.bridges)}


# The report's progress calls: the analytics' steps say when each is done, the others when they
# start; each call closes the part of the report since the one before.
CLOSES = {"index": "reading the network and indexing it", "suggested 1:1s": "the findings' lists",
          "areas without cover": "suggested 1:1s", "end": "areas without cover"}


def _split(steps: list[tuple[str, float]], total: float) -> dict:
    """Seconds per part of the report, from the times its progress calls came.

    >>> _split([("reading the network", 0.0), ("index", 2.0), ("brokers", 2.5), ("suggested 1:1s", 3.0),
    ...         ("areas without cover", 4.0)], 4.25)  # doctest: +NORMALIZE_WHITESPACE
    {'reading the network and indexing it': 2.0, 'brokers': 0.5, "the findings' lists": 0.5,
     'suggested 1:1s': 1.0, 'areas without cover': 0.25}
    """
    split, last = {}, None
    for step, at in steps + [("end", total)]:
        if last is not None:
            split[CLOSES.get(step, step)] = round(at - last, 3)
        last = at
    return split


def kept_report(store: Store, view: health.View, names: bool, say) -> dict:
    """The kept report served warm (current generation), beside computing it in the request."""
    health.reports.settle(store, (view, names), timeout=3600)
    warm = median_of(50, lambda: health.kept_report(store, view, names))
    assert health.kept_report(store, view, names).fresh
    say(f"  kept report, current generation: {warm * 1000:.1f} ms (median of 50)")
    return {"warm_s": warm}


def suggestions(G, say) -> dict:
    """The suggestions step alone (as the report runs it), beside the same greedy choice made by
    recomputing the block-cut tree for every candidate (the way it was done before)."""
    served_s, found = timed(lambda: suggest_ties(G, k=5))
    before_s, before = timed(lambda: suggestions_recomputed.suggest_ties(G, k=5))
    assert found == before, "the suggestions differ from the recomputing reference"
    say(f"  suggestions (5): {served_s:.2f} s; recomputing for every candidate: {before_s:.2f} s; the same 5")
    return {"served_s": served_s, "recomputing_s": before_s, "found": len(found)}


def picture(store: Store, view: health.View, names: bool, say) -> dict:
    computed_s, drawing = timed(lambda: health.picture(store, view, names))
    health.pictures.settle(store, (view, names), timeout=3600)
    warm = median_of(20, lambda: health.kept_picture(store, view, names))
    sent = shown_picture(drawing)  # what the page is sent: above 10,000 nodes, the clusters alone
    size = len(json.dumps(sent, separators=(",", ":")).encode())
    nodes = len(drawing["nodes"]["k"])
    say(f"  picture data: kept {warm * 1000:.1f} ms; computed in the request {computed_s:.2f} s; "
        f"{nodes:,} nodes, {len(sent['clusters']['size']):,} clusters; {size / 2**10:.0f} KB of JSON sent "
        f"({'the clusters alone' if sent['aggregated'] else 'every node'})")
    return {"kept_s": warm, "computed_s": computed_s, "nodes": nodes, "json_kb": size / 2**10,
            "aggregated": sent["aggregated"]}


def what_if(store: Store, view: health.View, names: bool, G, node, say) -> dict:
    """A what-if (the person whose departure cuts most people off steps back), beside
    remove-and-search for the same node."""
    served_s, result = best_of(3, lambda: health.what_if(store, view, names, [node], []))
    before_s, people = timed(lambda: reference.cut_off_people(G, node))
    assert len(result["cut_off"]) == len(people)
    say(f"  what-if (the largest single point of failure steps back, {len(people):,} cut off): {served_s:.2f} s; "
        f"remove-and-search: {before_s:.2f} s")
    return {"served_s": served_s, "remove_and_search_s": before_s, "cut_off": len(people)}


def trend_months(store: Store, view: health.View, write: Callable[[], None], say) -> dict:
    """The trend: every month computed (no month stored: the way it was before), then brought up
    to date after a change that touched one month (a 1:1 recorded today)."""
    store.write("bench_forget_trend")
    projection = health.projections.get(store)
    counted: list = []
    cold_s, rows = timed(lambda: trend.kept_monthly(store, projection, view.as_of, view.live_months,
                                                    lambda step, _f: counted.append(step)))
    write()
    projection = Projection.pull(store)
    again: list = []
    warm_s, _ = timed(lambda: trend.kept_monthly(store, projection, view.as_of, view.live_months,
                                                 lambda step, _f: again.append(step)))
    say(f"  trend: {len(rows)} months, every month computed {cold_s:.2f} s; after a change to one month "
        f"{warm_s:.2f} s ({len(again)} month(s) recomputed)")
    return {"months": len(rows), "every_month_s": cold_s, "after_one_month_change_s": warm_s,
            "months_recomputed": len(again)}


def one_to_one_today(store: Store, people: list[str]) -> Callable[[], None]:
    """A write as an organiser makes it: a 1:1 recorded today between two people already in the
    network (the product's own query, which keeps everyone's naming)."""
    pairs = iter(zip(people[0::2], people[1::2]))

    def write() -> None:
        a, b = next(pairs)
        store.write("create_one_to_ones", rows=[{"a": a, "b": b, "props": {
            "id": f"bench-{a}-{b}", "date": dt.date.today(), "by": a, "themes": []}}])

    return write
