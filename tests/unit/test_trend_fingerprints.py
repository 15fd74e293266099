"""The trend's fingerprints, computed for all months in one pass, agree exactly with computing each
month afresh (``tests/oracles/trend_reference.py``) on many small random networks."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from mapper.network.projection import Projection
from mapper.network.trend import fingerprints, month_ends
from tests.oracles.trend_reference import fingerprints_day_by_day

KINDS = ("person", "person", "person", "organisation", "asset")


def random_projection(rng: random.Random) -> Projection:
    n = rng.randint(1, 14)
    nodes = {f"n{i}": {"kind": rng.choice(KINDS)} for i in range(n)}
    ids = list(nodes)
    base = dt.date(2024, 1, 1)
    day = lambda: base + dt.timedelta(days=rng.randint(0, 900))  # noqa: E731
    ties = [(rng.choice(ids), rng.choice(ids), "MEMBER_OF", rng.choice([None, day()]))
            for _ in range(rng.randint(0, 12))]
    meetings = [(rng.choice(ids), rng.choice(ids), sorted(day() for _ in range(rng.randint(1, 4))))
                for _ in range(rng.randint(0, 12))]
    meetings += [("n0", "ghost", [day()])]  # an end no longer in the network is left out by both
    return Projection(nodes, ties, meetings, {})


@pytest.mark.parametrize("seed", range(300))
def test_one_pass_agrees_with_each_month_afresh(seed):
    rng = random.Random(seed)
    projection = random_projection(rng)
    days = month_ends(dt.date(2023, 11, 3), dt.date(2026, 8, rng.randint(1, 28)))
    live_months = rng.choice([0, 1, 3, 12, 60])
    assert fingerprints(projection, days, live_months) == fingerprints_day_by_day(projection, days, live_months)


def test_a_network_with_nothing_in_it():
    days = month_ends(dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    empty = Projection({}, [], [], {})
    assert fingerprints(empty, days, 12) == fingerprints_day_by_day(empty, days, 12)
