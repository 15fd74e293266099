"""The background of each borough: champions, peer supporters and residents, and their 1:1s."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from seeds.south_london import tables
from seeds.south_london.builder import Builder, Organisers
from seeds.south_london.tables import T_ACCESS, T_HOUSING, T_LONELY, T_MIGRATION

RUN_BY_ONE = "asset-sutton-mens-group"  # kept apart: its only tie is the person who runs it


@dataclass
class Background:
    champions: dict[str, list[str]] = field(default_factory=dict)  # by borough
    peers: dict[str, list[str]] = field(default_factory=dict)
    everyone: dict[str, list[str]] = field(default_factory=dict)
    attends: dict[str, bool] = field(default_factory=dict)  # residents: whether they go to an asset


def people(b: Builder) -> Background:
    """Each borough's champions, peer supporters and residents, with their ties to organisations and assets."""
    rng, plan, out = b.rng, tables.people(), Background()
    theme_ids = list(tables.theme_ids())
    for borough, counts in plan["background"].items():
        area = b.area[borough]
        assets = b.assets_by_area.get(area, [])
        peer_groups = [a for a in assets if a["kind"] == "PeerSupportGroup" and a["id"] != RUN_BY_ONE]
        champions, peers, local = [], [], []
        for _ in range(counts["champions"]):
            roles = ["Champion", "PeerSupporter"] if rng.random() < 0.15 else ["Champion"]
            pid = b.person(b.new_name(borough), borough, roles)
            org = rng.choice(plan["champion_orgs"][borough])
            b.rel("MEMBER_OF", pid, org, role="Mental health champion",
                  since=b.since(pid, date(2021, 3, 1), date(2025, 6, 30)))
            for t in rng.sample(theme_ids, rng.choice([1, 1, 2])):
                b.rel("CHAMPIONS", pid, t)
            if assets and rng.random() < 0.6:
                a = rng.choice(assets)
                if a["id"] != RUN_BY_ONE:
                    b.rel("VOLUNTEERS_AT", pid, a["id"],
                          since=b.since(pid, date(2021, 9, 1), date(2026, 3, 31)))
            champions.append(pid)
            local.append(pid)
        for i in range(counts["peer_supporters"]):
            pid = b.person(b.new_name(borough), borough, ["PeerSupporter"])
            if peer_groups:
                a = peer_groups[i % len(peer_groups)]
                b.rel("RUNS" if i < len(peer_groups) else "VOLUNTEERS_AT", pid, a["id"],
                      since=b.since(pid, date(2021, 1, 10), date(2025, 9, 30)))
            elif assets:
                b.rel("VOLUNTEERS_AT", pid, rng.choice(assets)["id"],
                      since=b.since(pid, date(2021, 1, 10), date(2025, 9, 30)))
            if plan["peer_orgs"][borough] and rng.random() < 0.5:
                b.rel("MEMBER_OF", pid, rng.choice(plan["peer_orgs"][borough]), role="Peer supporter",
                      since=b.since(pid, date(2020, 6, 1), date(2024, 12, 31)))
            peers.append(pid)
            local.append(pid)
        attendable = [a for a in assets if a["id"] != RUN_BY_ONE]
        if borough == "sutton":
            attendable = b.assets_by_area[b.area["merton"]]
        for _ in range(counts["residents"]):
            pid = b.person(b.new_name(borough), borough)
            goes = rng.random() < 0.8
            if goes:
                for a in rng.sample(attendable, min(len(attendable), 2 if rng.random() < 0.2 else 1)):
                    b.rel("ATTENDS", pid, a["id"], since=b.since(pid, date(2021, 7, 1), date(2026, 10, 31)))
            out.attends[pid] = goes
            local.append(pid)
        out.champions[borough], out.peers[borough], out.everyone[borough] = champions, peers, local
    return out


def meetings(b: Builder, org: Organisers, bg: Background) -> None:
    """Organisers meet most people, champions and peer supporters some; helpers meet across boroughs."""
    rng, south_west = b.rng, tables.people()["south_west_part"]
    amina, theme_ids = org["Amina Yusuf"], list(tables.theme_ids())
    for borough, local in bg.everyone.items():
        area = b.area[borough]
        orgs_here = [o for o in org.by_borough[borough] if o != amina] or org.by_borough[borough]
        helpers = bg.champions[borough] + bg.peers[borough]
        for pid in local:
            attends = bg.attends.get(pid, True)
            organiser = rng.choice(orgs_here)
            n = rng.choices([1, 2, 3], weights=[50, 32, 18])[0]
            start = b.first_day
            for _ in range(n):
                d = b.meeting_date(start, b.latest_day)
                b.one_to_one(organiser, pid, d=d, themes=b.themes_for(theme_ids), place=b.place_in(area))
                start = min(d + timedelta(days=14), b.latest_day)
            others = [h for h in helpers if h != pid]
            if others and (not attends or rng.random() < 0.4):
                b.one_to_one(rng.choice(others), pid, place=b.place_in(area))
            if not attends and not others:
                # no champion to pair with: meet a second organiser in the part of London
                part = org.main if borough not in south_west else [org["Hannah Kim"], org["Tom Fletcher"]]
                pool = [o for o in part if o not in (organiser, amina)]
                b.one_to_one(rng.choice(pool), pid, place=b.place_in(area))
        # Amina meets some background Lewisham people too (they have other ties)
        if borough == "lewisham":
            for pid in rng.sample(local, 4):
                b.one_to_one(amina, pid, themes=b.themes_for([T_MIGRATION, T_HOUSING]),
                             place=b.place_in(b.area["lewisham"]))

    # champions and peer supporters across boroughs (main part only)
    words = tables.patterns()["helpers"]
    helpers_main = [p for bo in bg.everyone if bo not in south_west for p in bg.champions[bo] + bg.peers[bo]]
    for _ in range(words["meetings"]):
        p1, p2 = rng.sample(helpers_main, 2)
        b.one_to_one(p1, p2, themes=b.themes_for([T_ACCESS, T_LONELY]), notes=words["notes"], place=words["place"])
