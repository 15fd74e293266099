"""A shortlist of directory entries to print or share: the entries (asset ids only travel in the
link), each with how far it is from a postcode or place given for the printout (used for this
answer only, never kept), nearest first, and the day it was made.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import datetime as dt
import re

from mapper.directory.assets import by_ids, with_distance
from mapper.geo.distance import distance_m
from mapper.geo.places import resolve
from mapper.geo.postcodes import PostcodeError

MAX_ENTRIES = 30
ASSET_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,100}$")


def clean_ids(ids) -> list[str]:
    """The ids asked for, in order, once each; anything that cannot be an asset id is dropped.

    >>> clean_ids(["a-1", "a-1", "", "<x>", "b-2"])
    ['a-1', 'b-2']
    """
    return [i for i in dict.fromkeys(str(x).strip() for x in ids) if ASSET_ID.match(i)]


def shortlist(store, ids: list[str], origin_text: str | None = None, today: dt.date | None = None) -> dict:
    """The entries (in the order given, or nearest first from ``origin_text``), how many ids were
    not found, the place distances are from, and any problem with it."""
    found = {a["id"]: a for a, _ in by_ids(store, ids)} if ids else {}
    entries = [found[i] for i in ids if i in found]
    origin, problem = None, None
    text = (origin_text or "").strip()[:100]
    if text:
        try:
            origin = resolve(text)
        except PostcodeError as exc:
            problem = str(exc)
    if origin is not None:
        for entry in entries:
            if entry.get("lat") is not None and entry.get("lon") is not None:
                with_distance(entry, distance_m(origin, {"lat": entry["lat"], "lon": entry["lon"]}))
        entries.sort(key=lambda e: (e.get("distance_m") is None, e.get("distance_m") or 0.0))
    return {"entries": entries, "missing": len(ids) - len(entries), "origin": origin, "origin_text": text,
            "origin_problem": problem, "made_on": (today or dt.date.today())}


def names(store, ids: list[str]) -> list[dict]:
    """The entries' ids, names and kinds (for the shortlist tray), in the order given."""
    found = {a["id"]: a for a, _ in by_ids(store, ids)} if ids else {}
    return [{"id": i, "name": found[i]["name"], "kind": found[i].get("kind_label")} for i in ids if i in found]
