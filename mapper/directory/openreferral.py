"""Open Referral UK (HSDS 3.0 UK profile): assets as services (feeds are read in by ``oruk_import``).

Identifiers in the profile are UUIDs; each asset, its location and the records around it get a
stable UUID derived from the asset's own id (``uuid5``), so the feed's ids never change between
calls. An asset that hides its address is published by area only: its postcode district, its
borough and the centre of that district.

>>> service_uuid("asset-peckham-listening-hub") == service_uuid("asset-peckham-listening-hub")
True
"""
from __future__ import annotations

import re
import uuid
from typing import Any, Iterable

from mapper.directory import opening
from mapper.directory.assets import KIND_LABELS
from mapper.db.store import Store

VERSION = "3.0"
PROFILE = "https://openreferraluk.org/"
_NS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:community-mapper:openreferral")

THEMES_TAXONOMY = "Community mapper themes"
KINDS_TAXONOMY = "Community asset kinds"
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LANGUAGE_CODES = {
    "English": "en", "Spanish": "es", "Portuguese": "pt", "Somali": "so", "Arabic": "ar", "Yoruba": "yo",
    "Twi": "tw", "Tamil": "ta", "Urdu": "ur", "Polish": "pl", "Vietnamese": "vi", "Mandarin": "zh",
    "Korean": "ko", "Nepali": "ne", "Tigrinya": "ti", "Kurdish": "ku", "French": "fr", "Dari": "prs",
    "BSL": "bfi", "Krio": "kri",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _uuid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{key}"))


def service_uuid(asset_id: str) -> str:
    return _uuid("service", asset_id)


def location_uuid(asset_id: str) -> str:
    return _uuid("location", asset_id)


def sal_uuid(asset_id: str) -> str:
    return _uuid("service_at_location", asset_id)


# --------------------------------------------------------------------------- taxonomies


def taxonomies() -> list[dict]:
    return [
        {"id": _uuid("taxonomy", "themes"), "name": THEMES_TAXONOMY,
         "description": "The themes of the South London listening campaigns that an asset addresses."},
        {"id": _uuid("taxonomy", "kinds"), "name": KINDS_TAXONOMY,
         "description": "Listening hub, hub or peer-support group."},
    ]


def theme_term(theme_id: str, name: str) -> dict:
    return {"id": _uuid("theme", theme_id), "name": name, "description": f"Theme: {name}",
            "taxonomy": THEMES_TAXONOMY, "taxonomy_id": _uuid("taxonomy", "themes"), "term": theme_id}


def kind_term(kind: str) -> dict:
    return {"id": _uuid("kind", kind), "name": KIND_LABELS[kind], "description": f"Kind of asset: {KIND_LABELS[kind]}",
            "taxonomy": KINDS_TAXONOMY, "taxonomy_id": _uuid("taxonomy", "kinds"), "term": kind}


def taxonomy_terms(store: Store) -> list[dict]:
    return [theme_term(t["id"], t["name"]) for t in store.read("list_themes")] + [kind_term(k) for k in KIND_LABELS]


# --------------------------------------------------------------------------- asset -> service


def _split_address(entry: dict) -> tuple[str, str]:
    if not entry.get("precise"):
        return "Address given on contact", entry.get("area") or "London"
    parts = [p.strip() for p in (entry.get("address") or "").split(",") if p.strip()]
    if len(parts) >= 2:
        return ", ".join(parts[:-1]), parts[-1]
    return (parts[0] if parts else entry.get("name") or ""), "London"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedules(entry: dict) -> list[dict]:
    sid = service_uuid(entry["id"])
    out = []
    for n, line in enumerate(entry.get("opening") or []):
        sessions = opening.parse(line)
        if not sessions:
            out.append({"id": _uuid("schedule", f"{entry['id']}:{n}"), "service_id": sid, "description": line})
            continue
        by_time: dict[tuple[int, int], list[int]] = {}
        for s in sessions:
            by_time.setdefault((s.start, s.end), []).append(s.day)
        for (start, end), days in by_time.items():
            out.append({"id": _uuid("schedule", f"{entry['id']}:{n}:{start}"), "service_id": sid, "freq": "WEEKLY",
                        "byday": ",".join(_BYDAY[d] for d in days), "opens_at": _hhmm(start),
                        "closes_at": _hhmm(end), "description": line})
    return out


def _contact_parts(entry: dict) -> tuple[str | None, str | None]:
    contact = (entry.get("contact") or "").strip()
    if _EMAIL.match(contact):
        return contact, None
    return None, contact or None


def _organization(entry: dict) -> dict | None:
    if not entry.get("run_by"):
        return None
    name = entry["run_by"][0]
    return {"id": _uuid("organisation", name), "name": name, "description": f"{name}, South London."}


def _one_to_one(entry: dict) -> dict:
    sid = service_uuid(entry["id"])
    email, _phone = _contact_parts(entry)
    service: dict[str, Any] = {"id": sid, "name": entry["name"], "description": entry.get("description") or "",
                               "status": "active"}
    if email:
        service["email"] = email
    cost = (entry.get("cost") or "").strip()
    if cost and cost.lower() != "free":
        service["fees"] = cost
    if entry.get("last_verified"):
        service["assured_date"] = entry["last_verified"][:10]
    org = _organization(entry)
    if org:
        service["organization_id"] = org["id"]
        service["organization"] = org
    return service


def location(entry: dict, full: bool = True) -> dict:
    lid = location_uuid(entry["id"])
    loc: dict[str, Any] = {"id": lid, "location_type": "physical", "name": entry["name"]}
    if entry.get("lat") is not None:
        loc["latitude"], loc["longitude"] = entry["lat"], entry["lon"]
    if not entry.get("precise"):
        loc["description"] = "Shown by area only: the address is given when you get in touch."
    if full:
        address_1, city = _split_address(entry)
        loc["addresses"] = [{"id": _uuid("address", entry["id"]), "location_id": lid, "address_1": address_1,
                             "city": city, "state_province": entry.get("area") or "London",
                             "postal_code": entry.get("postcode") or "", "country": "GB",
                             "address_type": "physical"}]
        loc["accessibility"] = [{"id": _uuid("accessibility", f"{entry['id']}:{x}"), "location_id": lid,
                                 "description": x} for x in entry.get("accessibility") or []]
    return loc


def service(entry: dict, themes_by_name: dict[str, str], full: bool = True) -> dict:
    """An asset (as anyone may see it) as an ORUK service: fully nested, or list fields only."""
    out = _one_to_one(entry)
    if not full:
        return out
    sid = out["id"]
    _email, phone = _contact_parts(entry)
    out["schedules"] = schedules(entry)
    out["languages"] = [{"id": _uuid("language", f"{entry['id']}:{name}"), "service_id": sid, "name": name,
                         **({"code": LANGUAGE_CODES[name]} if name in LANGUAGE_CODES else {})}
                        for name in entry.get("languages") or []]
    free = (entry.get("cost") or "").lower() == "free"
    out["cost_options"] = ([{"id": _uuid("cost", entry["id"]), "service_id": sid, "option": entry["cost"],
                             **({"amount": 0} if free else {})}] if entry.get("cost") else [])
    out["contacts"] = []
    if phone:
        out["phones"] = [{"id": _uuid("phone", entry["id"]), "service_id": sid, "number": phone}]
    out["service_areas"] = ([{"id": _uuid("service_area", entry["id"]), "service_id": sid, "name": entry["area"]}]
                            if entry.get("area") else [])
    terms = [theme_term(themes_by_name[t], t) for t in entry.get("themes") or [] if t in themes_by_name]
    if entry.get("kind") in KIND_LABELS:
        terms.append(kind_term(entry["kind"]))
    out["attributes"] = [{"id": _uuid("attribute", f"{entry['id']}:{t['id']}"), "link_id": sid, "link_type": "service",
                          "taxonomy_term_id": t["id"], "taxonomy_term": t} for t in terms]
    out["service_at_locations"] = [{"id": sal_uuid(entry["id"]), "service_id": sid,
                                    "location_id": location_uuid(entry["id"]), "location": location(entry)}]
    return out


def service_at_location(entry: dict, themes_by_name: dict[str, str], full: bool = False) -> dict:
    """A service at its location. The full form also carries ``name`` and ``status`` of the
    service, as the profile's OpenAPI description gives the service schema for that response."""
    out: dict[str, Any] = {"id": sal_uuid(entry["id"]), "service_id": service_uuid(entry["id"]),
                           "location_id": location_uuid(entry["id"]),
                           "service": service(entry, themes_by_name, full=full),
                           "location": location(entry, full=full)}
    if full:
        out["service"].pop("service_at_locations", None)
        out["name"], out["status"] = entry["name"], "active"
    if "distance_m" in entry:
        out["distance"] = entry["distance_m"]
    return out


def themes_by_name(store: Store) -> dict[str, str]:
    return {t["name"]: t["id"] for t in store.read("list_themes")}


def services(store: Store, entries: Iterable[dict]) -> list[dict]:
    """The assets given (their public views) as fully nested services (the export)."""
    names = themes_by_name(store)
    return [service(e, names) for e in entries]
