"""The demo under construction: people, relationships and the one random stream they are drawn from.

Every draw comes from one ``random.Random`` seeded from ``data/calendar.json``, in a fixed order,
so the demo is the same on every build: the modules that plant the network call the builder in
the order ``generate.generate`` sets, and changing that order changes the demo.

>>> slug("Lucía Romero")
'lucia.romero'
"""
from __future__ import annotations

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from seeds.south_london import tables


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "." for c in text.lower()).replace("'", "").strip(".")


@dataclass
class Organisers:
    """The key people by name, and the organisers among them (made by ``organisers.key_people``)."""

    key: dict[str, str]  # person id by name, for the key people
    by_borough: dict[str, list[str]]  # in the order of the boroughs
    main: list[str]  # the organisers outside the south-west part

    def __getitem__(self, name: str) -> str:
        return self.key[name]


class Builder:
    def __init__(self):
        cal = tables.calendar()
        self.first_day, self.latest_day, self.periods = cal.first_one_to_one, cal.latest_one_to_one, cal.periods
        self.area = tables.area_of_borough()
        self.notes = tables.notes()
        self.rng = random.Random(cal.seed)
        self.people: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.names: set[str] = set()
        key_people = tables.people()["key_people"]
        self.first_names = Counter(p["name"].split()[0] for p in key_people)
        self.last_names = Counter(p["name"].split()[-1] for p in key_people)
        self.emails: set[str] = set()
        self.phones = list(range(1000))
        self.rng.shuffle(self.phones)
        self.relationships: list[dict] = []
        self.first_seen: dict[str, date] = {}
        self.assets_by_area: dict[str, list[dict]] = {}
        for a in tables.assets():
            self.assets_by_area.setdefault(a["area"], []).append(a)

    # ---- dates ---------------------------------------------------------------------------------
    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def meeting_date(self, start: date | None = None, end: date | None = None) -> date:
        start, end = start or self.first_day, end or self.latest_day
        periods = [(max(s, start), min(e, end), w) for s, e, w in self.periods if s <= end and e >= start]
        s, e, _ = self.rng.choices(periods, weights=[w for *_, w in periods])[0]
        return self.day_between(s, e)

    def seen(self, pid: str, d: date) -> None:
        if pid.startswith("p-"):
            if pid not in self.first_seen or d < self.first_seen[pid]:
                self.first_seen[pid] = d

    def since(self, pid: str, start: date, end: date) -> str:
        d = self.day_between(start, end)
        self.seen(pid, d)
        return d.isoformat()

    # ---- people ---------------------------------------------------------------------------------
    def new_name(self, borough: str, heritage: str | None = None) -> str:
        pools, heritages = tables.name_pools(), tables.heritage_by_borough()
        for attempt in range(400):
            h = heritage or self.rng.choice(heritages[borough])
            firsts, lasts = pools[h]
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            name = f"{first} {last}"
            if name in self.names:
                continue
            if attempt < 200 and (self.first_names[first] >= 1 or self.last_names[last] >= 2):
                continue  # keep names varied
            self.first_names[first] += 1
            self.last_names[last] += 1
            return name
        raise RuntimeError("ran out of names")

    def person(self, name: str, borough: str, roles=(), named: bool | None = None,
               contact: bool | None = None) -> str:
        pid = f"p-{len(self.people) + 1:03d}"
        self.names.add(name)
        email = slug(name) + "@example.org"
        n = 2
        while email in self.emails:
            email = f"{slug(name)}{n}@example.org"
            n += 1
        self.emails.add(email)
        phone = None
        if roles or self.rng.random() < 0.7:
            phone = f"07700 900{self.phones.pop():03d}"
        if named is None:
            named = True if "Organiser" in roles else self.rng.random() >= 0.3
        if contact is None:
            contact = self.rng.random() < 0.88
        p = {"id": pid, "name": name, "roles": list(roles), "area": self.area[borough],
             "email": email, "phone": phone,
             "consent": {"recorded": True, "named": bool(named), "contact": bool(contact), "date": None}}
        self.people.append(p)
        self.by_id[pid] = p
        self.rel("IN_AREA", pid, self.area[borough])
        return pid

    # ---- relationships --------------------------------------------------------------------------
    def rel(self, type_: str, source: str, target: str, **props) -> None:
        self.relationships.append({"type": type_, "source": source, "target": target, "props": props})

    def themes_for(self, preferred: list[str]) -> list[str]:
        themes = [self.rng.choice(preferred)]
        if self.rng.random() < 0.4:
            other = self.rng.choice(tables.theme_ids())
            if other not in themes:
                themes.append(other)
        return themes

    def one_to_one(self, source: str, target: str, d: date | None = None, themes=None, place=None,
                   notes=None, start: date | None = None, end: date | None = None) -> None:
        d = d or self.meeting_date(start, end)
        themes = themes or self.themes_for(list(tables.theme_ids()))
        if notes is None:
            notes = self.rng.choice(self.notes["by_theme"][themes[0]])
        self.seen(source, d)
        self.seen(target, d)
        self.rel("ONE_TO_ONE", source, target, date=d.isoformat(), by=source, themes=themes,
                 notes=notes, follow_up=None, follow_up_due=None,
                 place=place or self.rng.choice(self.notes["places"]))

    def place_in(self, area: str) -> str:
        assets = self.assets_by_area.get(area, [])
        if assets and self.rng.random() < 0.5:
            a = self.rng.choice(assets)
            if not a["hide_address"]:
                return a["name"]
        return self.rng.choice(self.notes["places"])
