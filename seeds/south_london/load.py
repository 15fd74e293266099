"""Load the South London demo network (``mapper demo``): deterministic and idempotent."""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Callable

from mapper.accounts import users as accounts
from mapper.config import VAR_DIR
from mapper.accounts.roles import ROLES
from mapper.db.schema import ASSET_KINDS, PERSON_ROLES, RELATIONSHIP_TYPES
from mapper.db.store import Store

DATE_KEYS = {"date", "since", "last_checked", "follow_up_due", "consent_date", "checked"}
DEMO_LOGINS = VAR_DIR / "demo-logins.txt"
# The person each demo login is (its account's link): the demo organiser is Amina Yusuf (p-001),
# so the 1:1 form names her as who held it and her follow-ups are listed as the organiser's own.
DEMO_PEOPLE = {"organiser": "p-001"}


class DemoDataError(ValueError):
    pass


def _storable(props: dict) -> dict:
    """Dates as Neo4j dates; everything else as given (strings, numbers, lists of one type)."""
    out = {}
    for key, value in props.items():
        if key in DATE_KEYS and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        out[key] = value
    return out


def _person_row(person: dict) -> dict:
    roles = list(person.get("roles", []))
    bad = set(roles) - set(PERSON_ROLES)
    if bad:
        raise DemoDataError(f"person {person['id']}: unknown role(s) {sorted(bad)}")
    consent = person.get("consent", {})
    props = {
        "name": person["name"],
        "email": person.get("email"),
        "phone": person.get("phone"),
        "active": True,
        "consent_recorded": bool(consent.get("recorded", False)),
        "consent_named": bool(consent.get("named", False)),
        "consent_contact": bool(consent.get("contact", False)),
        "consent_date": consent.get("date"),
    }
    return {"id": person["id"], "roles": roles, "props": _storable(props)}


def _asset_row(asset: dict) -> dict:
    if asset["kind"] not in ASSET_KINDS:
        raise DemoDataError(f"asset {asset['id']}: unknown kind '{asset['kind']}'")
    skip = {"id", "kind", "lat", "lon", "area", "themes"}
    props = {k: v for k, v in asset.items() if k not in skip}
    return {"id": asset["id"], "kind": asset["kind"], "lat": float(asset["lat"]), "lon": float(asset["lon"]),
            "props": _storable(props)}


def _relationship_rows(network: dict) -> list[dict]:
    rows = []
    for n, rel in enumerate(network["relationships"]):
        if rel["type"] not in RELATIONSHIP_TYPES:
            raise DemoDataError(f"relationship {n}: unknown type '{rel['type']}'")
        rel_id = rel.get("id") or (f"oto-{n:05d}" if rel["type"] == "ONE_TO_ONE"
                                   else f"{rel['type']}:{rel['source']}:{rel['target']}")
        rows.append({"id": rel_id, "type": rel["type"], "source": rel["source"], "target": rel["target"],
                     "props": _storable(rel.get("props") or {})})
    return rows


def implied_links(network: dict) -> list[dict]:
    """IN_AREA and ADDRESSES links implied by the people's, organisations' and assets' fields."""
    links = []
    for group in ("people", "organisations", "assets"):
        for item in network[group]:
            if item.get("area"):
                links.append({"type": "IN_AREA", "source": item["id"], "target": item["area"]})
    for asset in network["assets"]:
        for theme in asset.get("themes", []):
            links.append({"type": "ADDRESSES", "source": asset["id"], "target": theme})
    explicit = {(r["type"], r["source"], r["target"]) for r in network["relationships"]}
    return [link for link in links if (link["type"], link["source"], link["target"]) not in explicit]


def load(store: Store, network: dict | None = None, say: Callable[[str], None] = print) -> dict:
    """Write the demo network in one transaction; returns what was written, by kind."""
    if network is None:
        from seeds import south_london

        network = south_london.build()
    network = {**network, "relationships": list(network["relationships"]) + implied_links(network)}
    people = [_person_row(p) for p in network["people"]]
    orgs = [{"id": o["id"], "props": _storable({k: v for k, v in o.items() if k not in ("id", "area")})}
            for o in network["organisations"]]
    assets = [_asset_row(a) for a in network["assets"]]
    rels = _relationship_rows(network)

    def work(tx):
        tx.run("upsert_areas", rows=network["areas"])
        tx.run("upsert_themes", rows=network["themes"])
        tx.run("upsert_people", rows=people)
        tx.run("upsert_organisations", rows=orgs)
        tx.run("upsert_assets", rows=assets)
        linked = 0
        for start in range(0, len(rels), 2000):
            linked += tx.run("link", rows=rels[start:start + 2000])[0]["linked"]
        return linked

    say(f"loading {len(people)} people, {len(orgs)} organisations, {len(assets)} assets "
        f"and {len(rels)} relationships...")
    linked = store.transaction(work)
    if linked != len(rels):
        raise DemoDataError(f"only {linked} of {len(rels)} relationships found both ends")
    return {"areas": len(network["areas"]), "themes": len(network["themes"]), "people": len(people),
            "organisations": len(orgs), "assets": len(assets), "relationships": linked}


def ensure_demo_logins(store: Store, path: Path = DEMO_LOGINS) -> dict[str, tuple[str, str]]:
    """One demo account per role. Passwords are generated once and kept in var/ (mode 0600)."""
    logins: dict[str, tuple[str, str]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            role, email, password = line.split("\t")
            logins[role] = (email, password)
    for role in ROLES:
        if role not in logins:
            logins[role] = (f"{role}@demo.example.org", secrets.token_urlsafe(12))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write("".join(f"{role}\t{email}\t{pw}\n" for role, (email, pw) in logins.items()))
    for role, (email, password) in logins.items():
        accounts.add(store, email, role, password)
        if role in DEMO_PEOPLE and store.read("people_exist", ids=[DEMO_PEOPLE[role]]):
            accounts.link_person(store, email, DEMO_PEOPLE[role], replace=True)
    return logins
