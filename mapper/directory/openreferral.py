"""Open Referral UK (HSDS 3.0 UK profile): assets as services and services as assets.

Identifiers in the profile are UUIDs; each asset, its location and the records around it get a
stable UUID derived from the asset's own id (``uuid5``), so the feed's ids never change between
calls. An asset that hides its address is published by area only: its postcode district, its
borough and the centre of that district.

>>> service_uuid("asset-peckham-listening-hub") == service_uuid("asset-peckham-listening-hub")
True
>>> schedule_lines([{"byday": "MO,TH", "opens_at": "10:00", "closes_at": "12:00"}])
['Mon 10:00-12:00', 'Thu 10:00-12:00']
"""
from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Any, Iterable

from mapper.geo.places import resolve
from mapper.geo.postcodes.index import lookup
from mapper.geo.postcodes.values import PostcodeError
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


class FeedError(ValueError):
    """A feed that cannot be imported; ``problems`` lists ``(index, reason)``."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = problems
        super().__init__("; ".join(f"entry {i}: {r}" if i is not None else r for i, r in problems))


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


# --------------------------------------------------------------------------- service -> asset


def schedule_lines(items: list[dict]) -> list[str]:
    lines = []
    for s in items or []:
        byday = [d.strip().upper()[-2:] for d in str(s.get("byday") or "").split(",") if d.strip()]
        opens, closes = s.get("opens_at"), s.get("closes_at")
        if byday and opens and closes and all(d in _BYDAY for d in byday):
            for d in byday:
                lines.append(f"{opening.DAYS[_BYDAY.index(d)]} {str(opens)[:5]}-{str(closes)[:5]}")
        elif s.get("description"):
            lines.append(str(s["description"]))
    return lines


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _asset_from_service(n: int, item: Any, theme_ids: dict[str, str]) -> tuple[dict | None, str | None]:
    """``(row, None)`` for the demo loader's ``upsert_assets``, or ``(None, reason)``."""
    if not isinstance(item, dict):
        return None, "not an object"
    sid, name = _text(item.get("id")), _text(item.get("name"))
    if not sid:
        return None, "no id"
    if not name:
        return None, "no name"
    if item.get("status") not in (None, "active", "inactive", "defunct", "temporarily closed"):
        return None, f"unknown status {item.get('status')!r}"
    sals = item.get("service_at_locations") or []
    if not isinstance(sals, list):
        return None, "service_at_locations is not a list"
    loc = next((s.get("location") for s in sals if isinstance(s, dict) and isinstance(s.get("location"), dict)), None)
    if loc is None and isinstance(item.get("location"), dict):
        loc = item["location"]
    if loc is None:
        return None, "no location (service_at_locations[].location)"
    addresses = [a for a in loc.get("addresses") or [] if isinstance(a, dict)]
    address = addresses[0] if addresses else {}
    postcode = _text(address.get("postal_code"))
    lat, lon = loc.get("latitude"), loc.get("longitude")
    point = None
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and not isinstance(lat, bool):
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            return None, f"latitude/longitude out of range ({lat}, {lon})"
        point = (float(lat), float(lon))
    la_code = None
    if postcode:
        try:
            found = resolve(postcode) if point is None else lookup(postcode)
        except PostcodeError as exc:
            return None, f"postcode: {exc}"
        if found is not None:
            postcode = found.postcode
            la_code = found.la_code
            if point is None:
                point = (found.lat, found.lon)
    if point is None:
        return None, "no latitude/longitude and no postcode to place it"
    kind, themes = "Hub", []
    label_to_kind = {v.lower(): k for k, v in KIND_LABELS.items()}
    for attr in item.get("attributes") or []:
        term = attr.get("taxonomy_term") if isinstance(attr, dict) else None
        if not isinstance(term, dict):
            continue
        tname = str(term.get("name") or "").strip().lower()
        if tname in label_to_kind or term.get("term") in KIND_LABELS:
            kind = term.get("term") if term.get("term") in KIND_LABELS else label_to_kind[tname]
        elif tname in theme_ids:
            themes.append(theme_ids[tname])
    languages = [str(x.get("name")).strip() for x in item.get("languages") or []
                 if isinstance(x, dict) and _text(x.get("name"))]
    access = [str(x.get("description") or x.get("accessibility")).strip() for x in loc.get("accessibility") or []
              if isinstance(x, dict) and _text(x.get("description") or x.get("accessibility"))]
    contact = _text(item.get("email"))
    if not contact:
        phones = [p for p in item.get("phones") or [] if isinstance(p, dict) and _text(p.get("number"))]
        for c in item.get("contacts") or []:
            if isinstance(c, dict):
                contact = contact or _text(c.get("email"))
                phones += [p for p in c.get("phones") or [] if isinstance(p, dict) and _text(p.get("number"))]
        contact = contact or (phones[0]["number"].strip() if phones else None)
    costs = [c for c in item.get("cost_options") or [] if isinstance(c, dict)]
    if any(c.get("amount") == 0 or "free" in str(c.get("option") or "").lower() for c in costs):
        cost = "free"
    else:
        cost = _text(item.get("fees")) or (_text(costs[0].get("option")) if costs else None)
    last_checked = None
    if _text(item.get("assured_date")):
        try:
            last_checked = dt.date.fromisoformat(item["assured_date"][:10])
        except ValueError:
            return None, f"assured_date {item['assured_date']!r} is not a date"
    address_1 = _text(address.get("address_1"))
    city = _text(address.get("city"))
    props = {"name": name, "description": _text(item.get("description")) or "",
             "address": ", ".join(p for p in (address_1, city) if p) or None, "postcode": postcode,
             "languages": languages, "accessibility": access, "cost": cost,
             "opening": schedule_lines(item.get("schedules") or []), "contact": contact,
             "last_checked": last_checked, "hide_address": False, "source": "openreferral", "source_id": sid}
    row = {"id": f"oruk-{sid}", "kind": kind, "lat": point[0], "lon": point[1],
           "props": {k: v for k, v in props.items() if v is not None}}
    return {"row": row, "themes": themes, "la_code": la_code}, None


def parse_feed(data: Any) -> list:
    """The services of a feed: a list, a page envelope (``contents``) or one service."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "id" in data:
        return [data]
    raise FeedError([(None, "expected a list of services, a page with 'contents', or one service")])


def import_feed(store: Store, data: Any) -> dict:
    """Add (or update) the feed's services as assets, all or nothing.

    Raises ``FeedError`` listing every bad entry by index before anything is written.
    """
    items = parse_feed(data)
    if not items:
        raise FeedError([(None, "the feed has no services")])
    theme_ids = {t["name"].lower(): t["id"] for t in store.read("list_themes")}
    areas = {a["code"]: a["id"] for a in store.read("list_areas")}
    parsed, problems, seen = [], [], {}
    for n, item in enumerate(items):
        got, reason = _asset_from_service(n, item, theme_ids)
        if reason:
            problems.append((n, reason))
            continue
        if got["row"]["id"] in seen:
            problems.append((n, f"the same id as entry {seen[got['row']['id']]}"))
            continue
        seen[got["row"]["id"]] = n
        parsed.append(got)
    if problems:
        raise FeedError(problems)
    rows = [p["row"] for p in parsed]
    links = []
    for p in parsed:
        aid = p["row"]["id"]
        links += [{"id": f"ADDRESSES:{aid}:{t}", "type": "ADDRESSES", "source": aid, "target": t, "props": {}}
                  for t in p["themes"]]
        if p["la_code"] in areas:
            links.append({"id": f"IN_AREA:{aid}:{areas[p['la_code']]}", "type": "IN_AREA", "source": aid,
                          "target": areas[p["la_code"]], "props": {}})

    def work(tx):
        tx.run("upsert_assets", rows=rows)
        linked = tx.run("link", rows=links)[0]["linked"] if links else 0
        return linked

    linked = store.transaction(work)
    return {"services": len(rows), "links": linked}
