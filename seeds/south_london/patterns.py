"""The patterns the Collaborative looks for, planted on purpose (their words are in data/patterns.json).

- a bridge: one 1:1 that is the only link between the Kingston and Richmond network and the rest;
- single points of failure: an organiser in Lewisham whose 1:1s are the only link of a group in
  Lewisham and Bexley; a peer supporter who is the only link of a Bromley DeafPlus group; a
  champion who is the only link of a group of Latin American cleaners;
- an isolated group: neighbours in Thamesmead with 1:1s among themselves and no path to any asset;
- a hub that hangs on one person: a group whose only tie to the network is the person running it.
"""
from __future__ import annotations

from datetime import date, timedelta

from seeds.south_london import tables
from seeds.south_london.builder import Builder, Organisers
from seeds.south_london.tables import (T_ACCESS, T_CHILDREN, T_HOUSING, T_LONELY, T_MIGRATION,
                                       T_WORK)


def _words(pattern: str) -> dict:
    return tables.patterns()[pattern]


def bridge(b: Builder, org: Organisers) -> tuple[str, str]:
    """The only tie between Kingston/Richmond and the rest; returns its two ends."""
    daniel, hannah, words = org["Daniel Okafor"], org["Hannah Kim"], _words("bridge")
    b.one_to_one(daniel, hannah, d=date.fromisoformat(words["date"]), themes=[T_MIGRATION, T_LONELY],
                 notes=words["notes"], place=words["place"])
    return (daniel, hannah)


def aminas_group(b: Builder, org: Organisers) -> str:
    """A group in Lewisham and Bexley whose only link is Amina; returns Amina."""
    rng, amina, words = b.rng, org["Amina Yusuf"], _words("aminas_group")
    group = []
    for borough, heritage in words["members"]:
        roles = ["Champion"] if not group else []
        group.append(b.person(b.new_name(borough, heritage), borough, roles))
    b.rel("CHAMPIONS", group[0], T_MIGRATION)
    for pid in group:
        start = date(2022, 1, 1)
        for _ in range(rng.choices([1, 2, 3], weights=[35, 40, 25])[0]):
            d = b.meeting_date(start, b.latest_day)
            b.one_to_one(amina, pid, d=d, themes=b.themes_for([T_MIGRATION, T_HOUSING, T_LONELY]),
                         place=rng.choice(words["places"]))
            start = min(d + timedelta(days=21), b.latest_day)
    for i in range(1, 6):
        b.one_to_one(group[0], group[i], themes=b.themes_for([T_MIGRATION, T_LONELY]),
                     start=date(2023, 6, 1), place=words["champion_place"])
    first, second = words["pair_places"]
    b.one_to_one(group[10], group[11], themes=[T_WORK], start=date(2023, 1, 1), place=first)
    b.one_to_one(group[12], group[13], themes=[T_HOUSING], start=date(2023, 1, 1), place=second)
    return amina


def deaf_group(b: Builder, org: Organisers) -> str:
    """The Bromley DeafPlus group whose only link is Joanne; returns Joanne."""
    rng, joanne, words = b.rng, org["Joanne Baptiste"], _words("deaf_group")
    b.rel("MEMBER_OF", joanne, "org-bromley-deafplus", role="Volunteer peer supporter",
          since=b.since(joanne, date(2019, 3, 1), date(2019, 3, 1)))
    b.rel("VOLUNTEERS_AT", joanne, "asset-bromley-bsl-cafe",
          since=b.since(joanne, date(2021, 5, 7), date(2021, 5, 7)))
    b.one_to_one(org["Paulette Henry"], joanne, themes=[T_ACCESS], place=words["introduction_place"],
                 notes=words["introduction_notes"])
    group = [b.person(b.new_name("bromley"), "bromley") for _ in range(words["members"])]
    notes = [words["notes_prefix"] + s for s in b.notes["by_theme"][T_ACCESS][:3] + words["more_notes"]]
    cafe, video = words["places"]
    for pid in group:
        for _ in range(rng.choice([1, 2])):
            b.one_to_one(joanne, pid, themes=b.themes_for([T_ACCESS, T_LONELY]), start=date(2021, 9, 1),
                         notes=rng.choice(notes), place=cafe)
    b.one_to_one(group[0], group[1], themes=[T_LONELY], start=date(2022, 1, 1), place=cafe)
    b.one_to_one(group[2], group[3], themes=[T_ACCESS], start=date(2022, 1, 1), place=video)
    return joanne


def cleaners(b: Builder, org: Organisers) -> str:
    """Latin American cleaners whose only link is Lucía; returns Lucía."""
    rng, lucia, words = b.rng, org["Lucía Romero"], _words("cleaners")
    b.rel("MEMBER_OF", lucia, "org-south-london-citizens", role="Mental health champion",
          since=b.since(lucia, date(2021, 2, 1), date(2021, 2, 1)))
    b.rel("VOLUNTEERS_AT", lucia, "asset-elephant-latin-hub",
          since=b.since(lucia, date(2021, 10, 6), date(2021, 10, 6)))
    b.rel("CHAMPIONS", lucia, T_WORK)
    b.rel("CHAMPIONS", lucia, T_MIGRATION)
    b.one_to_one(org["Kofi Asante"], lucia, themes=[T_WORK], place=words["introduction_place"],
                 notes=words["introduction_notes"])
    group = [b.person(b.new_name(borough, heritage), borough) for borough, heritage in words["members"]]
    work_notes = b.notes["by_theme"][T_WORK][:3]
    for pid in group:
        for _ in range(rng.choice([1, 2, 2])):
            b.one_to_one(lucia, pid, themes=b.themes_for([T_WORK, T_MIGRATION]), start=date(2021, 4, 1),
                         notes=rng.choice(work_notes) + words["notes_suffix"], place=rng.choice(words["places"]))
    b.one_to_one(group[0], group[3], themes=[T_WORK], start=date(2022, 1, 1), place=words["pair_place"])
    return lucia


def isolated_group(b: Builder) -> list[str]:
    """Neighbours in Thamesmead who meet among themselves, with no path to any asset."""
    rng, words = b.rng, _words("isolated_group")
    borough = words["borough"]
    group = [b.person(b.new_name(borough, h), borough, named=False) for h in words["heritages"]]
    for i, j in [(0, 1), (0, 2), (0, 3), (1, 4), (2, 3), (0, 4)]:
        b.one_to_one(group[i], group[j], themes=b.themes_for([T_LONELY, T_HOUSING, T_CHILDREN]),
                     start=date(2021, 2, 1), end=date(2022, 11, 30), place=rng.choice(words["places"]))
    return group


def run_by_one(b: Builder, org: Organisers) -> tuple[str, str]:
    """The Sutton men's group, whose only tie to the network is Gary; returns (asset, Gary)."""
    gary, nadia, words = org["Gary Doyle"], org["Nadia Rahman"], _words("run_by_one")
    asset = words["asset"]
    b.rel("RUNS", gary, asset, since=b.since(gary, date(2022, 2, 3), date(2022, 2, 3)))
    b.one_to_one(nadia, gary, themes=[T_LONELY], place=words["first_place"], notes=words["first_notes"])
    b.one_to_one(nadia, gary, themes=[T_LONELY, T_ACCESS], start=date(2025, 1, 1), place=words["later_place"])
    for _ in range(words["attenders"]):
        pid = b.person(b.new_name("sutton"), "sutton")
        b.rel("ATTENDS", pid, asset, since=b.since(pid, date(2022, 2, 3), date(2026, 6, 30)))
    return (asset, gary)


def no_ties_yet(b: Builder) -> None:
    """People recorded with no ties yet."""
    for borough in tables.patterns()["no_ties_yet"]:
        b.person(b.new_name(borough), borough)
