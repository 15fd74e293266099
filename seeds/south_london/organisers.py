"""The key people, and the organisers' listening hubs, memberships and 1:1s among themselves."""
from __future__ import annotations

from datetime import date

from seeds.south_london import tables
from seeds.south_london.builder import Builder, Organisers
from seeds.south_london.tables import T_ACCESS, T_CHILDREN, T_LONELY, T_WORK


def key_people(b: Builder) -> Organisers:
    """Create the key people first (ids p-001 onwards) and group the organisers by borough."""
    listed = tables.people()["key_people"]
    key = {p["name"]: b.person(p["name"], p["borough"], p["roles"]) for p in listed}
    boroughs = list(tables.area_of_borough())
    by_borough = {borough: [key[p["name"]] for p in listed
                            if p["borough"] == borough and "Organiser" in p["roles"]]
                  for borough in boroughs}
    south_west = tables.people()["south_west_part"]
    main = [pid for borough, ids in by_borough.items() if borough not in south_west for pid in ids]
    return Organisers(key, by_borough, main)


def plant(b: Builder, org: Organisers) -> None:
    """Each organiser's membership and listening hub, and the 1:1s that tie the organisers together."""
    rng, words = b.rng, tables.patterns()["organisers"]
    leader_notes = b.notes["leaders"]
    south_west = tables.people()["south_west_part"]
    hub = {org[p["name"]]: (p["hub"], p["at_hub"]) for p in tables.people()["key_people"] if "hub" in p}
    for borough, ids in org.by_borough.items():
        for pid in ids:
            union = "org-kingston-richmond-peer" if borough in south_west else "org-south-london-citizens"
            b.rel("MEMBER_OF", pid, union, role="Organiser")
            asset, kind = hub[pid]
            b.rel(kind, pid, asset, since=b.since(pid, date(2021, 6, 16), date(2022, 6, 30)))
    kofi = org["Kofi Asante"]
    b.rel("MEMBER_OF", org["Amina Yusuf"], "org-lrmn", role="Volunteer")
    b.rel("MEMBER_OF", kofi, "org-peckham-churches", role="Mental health champion")
    b.rel("CHAMPIONS", kofi, T_WORK)

    for i, p1 in enumerate(org.main):
        for p2 in org.main[i + 1:]:
            if rng.random() < 0.3:
                b.one_to_one(p1, p2, themes=b.themes_for([T_ACCESS, T_LONELY, T_WORK]),
                             notes=rng.choice(leader_notes), place=rng.choice(words["leader_places"]))
    # organisers' meetings: a chain so that every organiser knows at least one other
    for p1, p2 in zip(org.main, org.main[1:]):
        b.one_to_one(p1, p2, themes=[T_LONELY], notes=rng.choice(leader_notes), place=words["meeting_place"])
    hannah, tom = org["Hannah Kim"], org["Tom Fletcher"]
    first, second = words["south_west_places"]
    b.one_to_one(hannah, tom, themes=[T_LONELY, T_ACCESS], notes=rng.choice(leader_notes), place=first)
    b.one_to_one(tom, hannah, themes=[T_CHILDREN], notes=rng.choice(leader_notes), place=second)
