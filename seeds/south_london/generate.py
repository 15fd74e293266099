"""The order in which the demo is built: every draw from the one random stream happens here, in turn."""
from __future__ import annotations

from functools import cache

from seeds.south_london import background, finish, organisers, patterns
from seeds.south_london.builder import Builder


@cache
def generate() -> tuple[dict, dict]:
    """``(network, planted)``, built on the first call and kept; callers copy before changing."""
    b = Builder()
    org = organisers.key_people(b)
    organisers.plant(b, org)
    planted = {"bridge": patterns.bridge(b, org)}
    bg = background.people(b)
    background.meetings(b, org, bg)
    planted["single_points_of_failure"] = [patterns.aminas_group(b, org), patterns.deaf_group(b, org),
                                           patterns.cleaners(b, org)]
    planted["isolated_group"] = patterns.isolated_group(b)
    planted["hub_hangs_on_one_person"] = patterns.run_by_one(b, org)
    patterns.no_ties_yet(b)
    finish.follow_ups(b)
    finish.consent_dates(b)
    return finish.network(b), planted
