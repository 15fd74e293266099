"""The trend kept in Neo4j month by month: the same figures as computing every month afresh, and
after a change only the months it touched are computed again."""
from __future__ import annotations

import datetime as dt

from mapper.network import trend
from mapper.network.projection import Projection
from tests.oracles import reference

TODAY = dt.date(2026, 11, 30)


def computed_months(store, projection, live_months=60):
    steps = []
    rows = trend.kept_monthly(store, projection, TODAY, live_months, lambda step, _f: steps.append(step))
    return rows, len(steps)


def test_kept_trend_equals_the_trend_computed_afresh_and_is_reused(demo_store):
    projection = Projection.pull(demo_store)
    rows, computed = computed_months(demo_store, projection, live_months=37)  # a window no one asked for yet
    assert rows == reference.trend_monthly(projection, TODAY, 37)
    assert computed == len(rows) > 12
    again, computed = computed_months(demo_store, Projection.pull(demo_store), live_months=37)
    assert again == rows and computed == 0


def test_a_backdated_one_to_one_recomputes_only_the_months_it_touched(changed_demo):
    demo_store = changed_demo
    projection = Projection.pull(demo_store)
    computed_months(demo_store, projection, live_months=12)
    people = [n for n, a in projection.nodes.items() if a["kind"] == "person"][:2]
    backdated = dt.date(2024, 3, 15)
    demo_store.write("create_one_to_ones", rows=[{"a": people[0], "b": people[1], "consent": None, "props": {
        "id": "m-backdated-trend", "date": backdated, "by": "test", "themes": []}}])
    after = Projection.pull(demo_store)
    rows, computed = computed_months(demo_store, after, live_months=12)
    assert rows == reference.trend_monthly(after, TODAY, 12)
    # live for 12 months from March 2024: at most the months from March 2024 to March 2025
    assert 0 < computed <= 13


def test_the_month_the_report_analysed_takes_its_counts_and_they_are_the_same(demo_store):
    """The trend's last month reuses the report's counts of the same network (nothing computed twice);
    on many dates and windows they equal the trend's own figures computed afresh."""
    from mapper.network.findings import findings

    projection = Projection.pull(demo_store)
    for day in (dt.date(2024, 6, 30), dt.date(2025, 3, 31), TODAY):
        for months in (0, 6, 24, 60):
            afresh = trend.figures(projection, day, months)
            G = projection.graph(day, months)
            G.graph["counts"] = findings(G, names_everyone=False, suggestions=0).counts
            assert trend.figures(projection, day, months, G=G) == afresh, (day, months)
    G.graph["counts"] = {key: -1 for key in trend.SERIES}  # the counts are read, not recomputed
    assert trend.figures(projection, TODAY, 60, G=G) == {key: -1 for key in trend.SERIES}
