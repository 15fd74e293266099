"""Possible duplicates in the directory, and merging two entries into one.

An asset whose name is like another's within ``NEAR_METRES`` of the same postcode is a possible
duplicate (as people are, when organisers add them): the steward is warned and may add it anyway.
Merging moves every relationship of the duplicate onto the entry kept, then retires the duplicate
with a pointer to the one kept; both histories are kept.

>>> similar("Peckham Listening Hub", "peckham listening hub (library)")
True
>>> similar("Peckham Listening Hub", "Lewisham Food Bank")
False
"""
from __future__ import annotations

import difflib
import re

from mapper.db.schema import RELATIONSHIP_TYPES
from mapper.db.store import Store
from mapper.directory import history
from mapper.directory.editing import ASSET, NoSuchEntry, _lock, clean_note, read_asset, retire
from mapper.directory.entry_fields import asset_values

NEAR_METRES = 800.0
_STOP = {"the", "and", "of", "a", "group", "hub", "centre", "center", "club", "project", "south", "london"}


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", (name or "").lower()) if w not in _STOP]


def similar(a: str, b: str) -> bool:
    """Names alike: the same words (ignoring small and common ones), one within the other, or close spelling."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    return difflib.SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio() >= 0.8


def similar_assets(store: Store, name: str, lat: float | None, lon: float | None, exclude: str = "") -> list[dict]:
    """Live assets near the point whose names are like ``name``: ``{id, name, postcode, metres}``."""
    if lat is None or lon is None or not name:
        return []
    rows = store.read("assets_near_for_duplicates", lat=lat, lon=lon, metres=NEAR_METRES, exclude=exclude)
    return [r for r in rows if similar(name, r["name"] or "")]


def similar_organisations(store: Store, name: str, exclude: str = "") -> list[dict]:
    return [r for r in store.read("organisations_named_like", exclude=exclude) if similar(name, r["name"] or "")]


def merge_assets(store: Store, keep: str, drop: str, by: str, note=None) -> dict:
    """Merge ``drop`` into ``keep`` in one transaction: relationships moved (a link both had kept
    once), ``drop`` retired pointing at ``keep``, both histories kept. Raises NoSuchEntry."""
    note = clean_note(note)
    if keep == drop:
        raise NoSuchEntry("an entry cannot be merged with itself")

    def work(tx):
        current = _lock(tx, keep, None, asset=True)
        _lock(tx, drop, None, asset=True)
        kept, dropped = read_asset(tx, keep), read_asset(tx, drop)
        if kept["retired"] or dropped["retired"]:
            raise NoSuchEntry(drop if dropped["retired"] else keep)
        moved = tx.run("merge_directory_assets", keep=keep, drop=drop, types=[*RELATIONSHIP_TYPES, "ABOUT"])
        retire(store, drop, by, note=note or f"merged into {kept['name']}", merged_into=keep, tx=tx)
        tx.run("lock_directory_entry", id=keep)
        after = read_asset(tx, keep)
        history.record(tx, keep, ASSET, current + 1, by, "merged",
                       [{"field": "merged from", "old": None, "new": f"{dropped['name']} ({drop})"}],
                       asset_values(after), note)
        tx.run("set_asset_version", id=keep, version=current + 1, by=by)
        return {"id": keep, "merged": drop, "moved": moved[0]["moved"] if moved else 0, "version": current + 1}

    return store.transaction(work)
