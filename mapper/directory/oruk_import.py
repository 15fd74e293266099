"""Open Referral UK feeds read into the directory: services as assets, imported again and again
without duplicates and without undoing what stewards changed.

Each imported asset records its source (``source``, ``source_id``: the service's id, and
``source_feed``: the feed's name) and its id comes from the service's (``oruk-<id>``), so a
re-import of the same feed updates the same entries. A field a steward changed since (kept in
``steward_fields``) is left as the steward set it; where the feed now says otherwise, the
difference is listed as a conflict for a steward to resolve (``work_queue``). Every change an
import makes is in the entry's history, by ``import: <feed>``. All or nothing, in one transaction.

>>> schedule_lines([{"byday": "MO,TH", "opens_at": "10:00", "closes_at": "12:00"}])
['Mon 10:00-12:00', 'Thu 10:00-12:00']
"""
from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from typing import Any

from mapper.db.store import Store
from mapper.directory import history, opening
from mapper.directory.editing import ASSET, _lock, read_asset, write_asset
from mapper.directory.entry_fields import asset_values
from mapper.directory.filters import KIND_LABELS
from mapper.geo.places import resolve
from mapper.geo.postcodes.index import lookup
from mapper.geo.postcodes.values import PostcodeError

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The fields a feed carries; the others (run by, referral, hiding the address) stay as stewards set them.
FROM_FEED = ("name", "kind", "description", "address", "postcode", "opening", "themes", "languages",
             "accessibility", "cost", "contact")


class FeedError(ValueError):
    """A feed that cannot be imported; ``problems`` lists ``(index, reason)``."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = problems
        super().__init__("; ".join(f"entry {i}: {r}" if i is not None else r for i, r in problems))



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


def _incoming(got: dict) -> dict:
    row, props = got["row"], got["row"]["props"]
    return {"name": props.get("name"), "kind": row["kind"], "description": props.get("description") or None,
            "address": props.get("address"), "postcode": props.get("postcode"), "opening": props.get("opening") or [],
            "themes": sorted(got["themes"]), "languages": props.get("languages") or [],
            "accessibility": props.get("accessibility") or [], "cost": props.get("cost"),
            "contact": props.get("contact")}


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return sorted(a or []) == sorted(b or [])
    return (a or None) == (b or None)


def _update(tx, got: dict, source: str, by: str) -> tuple[bool, list[dict]]:
    """Bring one existing asset up to date with its service; returns (changed, conflicts)."""
    aid = got["row"]["id"]
    current = _lock(tx, aid, None, asset=True)
    before = read_asset(tx, aid)
    mine = set(before["steward_fields"])
    clean = {**asset_values(before), "lat": before["lat"], "lon": before["lon"], "la_code": before["area_code"]}
    found = []
    for field, theirs in _incoming(got).items():
        if _same(clean[field], theirs):
            continue
        if field in mine:
            found.append({"entry": aid, "name": before["name"], "field": field, "ours": clean[field],
                          "theirs": theirs})
            continue
        clean[field] = theirs
        if field == "postcode":
            clean["lat"], clean["lon"], clean["la_code"] = got["row"]["lat"], got["row"]["lon"], got["la_code"]
    for c in found:
        tx.run("record_import_conflict", id=f"conflict-{uuid.uuid4()}", entry=aid, field=c["field"],
               ours=history.encode(c["ours"]), theirs=history.encode(c["theirs"]), source=source)
    checked = got["row"]["props"].get("last_checked")
    if checked:
        tx.run("set_last_checked_if_newer", id=aid, day=checked.isoformat())
    if all(_same(clean[f], before[f]) for f in FROM_FEED):
        return False, found
    write_asset(tx, aid, clean, before, by, "imported", None, current + 1, steward=False)
    return True, found


def import_feed(store: Store, data: Any, source: str = "openreferral") -> dict:
    """Add the feed's services as assets, or update those imported before, all or nothing.

    Raises ``FeedError`` listing every bad entry by index before anything is written. Returns
    counts (``services``, ``added``, ``updated``, ``unchanged``, ``retired``, ``links``) and the
    ``conflicts`` (fields a steward changed that the feed would change again).
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
    by = f"import: {source}"

    def work(tx):
        known = {r["id"]: r["retired"] for r in tx.run("assets_by_ids_for_import", ids=list(seen))}
        new = [p for p in parsed if p["row"]["id"] not in known]
        rows = []
        for p in new:
            p["row"]["props"].update(source_feed=source, version=1)
            rows.append(p["row"])
        links = []
        for p in new:
            aid = p["row"]["id"]
            links += [{"id": f"ADDRESSES:{aid}:{t}", "type": "ADDRESSES", "source": aid, "target": t, "props": {}}
                      for t in p["themes"]]
            if p["la_code"] in areas:
                links.append({"id": f"IN_AREA:{aid}:{areas[p['la_code']]}", "type": "IN_AREA", "source": aid,
                              "target": areas[p["la_code"]], "props": {}})
        if rows:
            tx.run("upsert_assets", rows=rows)
        linked = tx.run("link", rows=links)[0]["linked"] if links else 0
        for p in new:
            history.record(tx, p["row"]["id"], ASSET, 1, by, "imported",
                           [{"field": f, "old": None, "new": v} for f, v in _incoming(p).items() if v],
                           {**_incoming(p), "run_by": [], "referral": False, "hide_address": False})
        updated, conflicts = 0, []
        for p in parsed:
            if p["row"]["id"] in known and not known[p["row"]["id"]]:
                changed, found = _update(tx, p, source, by)
                updated += changed
                conflicts += found
        retired = sum(1 for r in known.values() if r)
        return {"services": len(parsed), "added": len(new), "updated": updated, "retired": retired,
                "unchanged": len(parsed) - len(new) - updated - retired, "links": linked, "conflicts": conflicts}

    return store.transaction(work)
