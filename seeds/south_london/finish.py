"""The last touches: follow-ups on recent 1:1s, consent dates, and the organisations and assets."""
from __future__ import annotations

from datetime import date, timedelta

from seeds.south_london import tables
from seeds.south_london.builder import Builder


def follow_ups(b: Builder) -> None:
    """A follow-up, with the day it is due, on many recent 1:1s and a few older ones."""
    rng, patterns = b.rng, tables.patterns()
    asset_names = {a["area"]: [x["name"] for x in b.assets_by_area[a["area"]] if not x["hide_address"]]
                   for a in tables.assets()}
    for r in b.relationships:
        if r["type"] != "ONE_TO_ONE":
            continue
        d = date.fromisoformat(r["props"]["date"])
        recent = d >= date(2026, 7, 1)
        if (recent and rng.random() < 0.55) or (d >= date(2025, 9, 1) and rng.random() < 0.12):
            area = b.by_id[r["target"]]["area"]
            names = asset_names.get(area) or [patterns["follow_up_default_asset"]]
            r["props"]["follow_up"] = rng.choice(b.notes["follow_ups"]).format(asset=rng.choice(names))
            r["props"]["follow_up_due"] = (d + timedelta(days=rng.randint(14, 60))).isoformat()


def consent_dates(b: Builder) -> None:
    """Consent is dated the day a person was first met (or a recent day for those not yet met)."""
    for p in b.people:
        d = b.first_seen.get(p["id"])
        if d is None:
            d = date(2026, 10, 15)
        p["consent"]["date"] = min(d, b.latest_day).isoformat()


def network(b: Builder) -> dict:
    """The whole demo as plain data, with the organisations' and assets' relationships added."""
    organisations = []
    for oid, name, kind, area in tables.organisations():
        organisations.append({"id": oid, "name": name, "kind": kind, "area": area})
        if area:
            b.rel("IN_AREA", oid, area)
    for o1, o2, since in tables.partnerships():
        b.rel("PARTNERS_WITH", o1, o2, since=since)
    assets = []
    for a in tables.assets():
        a = dict(a)
        run_by = a.pop("run_by")
        for key in ("themes", "languages", "accessibility", "opening"):
            a[key] = list(a[key])
        assets.append(a)
        for oid in run_by:
            b.rel("RUNS", oid, a["id"])
        for t in a["themes"]:
            b.rel("ADDRESSES", a["id"], t)
        b.rel("IN_AREA", a["id"], a["area"])
    for source, target in tables.introductions():
        b.rel("INTRODUCES_TO", source, target)
    return {
        "areas": [{"id": f"area-{code}", "name": name, "code": code} for code, name in tables.areas()],
        "themes": [{"id": tid, "name": name} for tid, name in tables.themes()],
        "people": b.people,
        "organisations": organisations,
        "assets": assets,
        "relationships": b.relationships,
    }
