"""A steward's work queue: open flags (each with its entry), entries not verified for six months
(never verified first, then oldest first), the public's suggestions and the conflicts imports left.

>>> [r["id"] for r in oldest_first([{"id": "b", "last_checked": "2025-01-02"}, {"id": "a", "last_checked": None},
...                                 {"id": "c", "last_checked": "2024-12-31"}])]
['a', 'c', 'b']
"""
from __future__ import annotations

import datetime as dt

from mapper.db.store import Store
from mapper.directory import editing, suggestions, verification
from mapper.directory.history import decode

FLAG_NOTE_MAX = 500


class NoSuchFlag(LookupError):
    pass


def oldest_first(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["last_checked"] is not None, r["last_checked"] or "", r.get("name") or ""))


def queue(store: Store, today: dt.date | None = None) -> dict:
    return {"flags": store.read("open_flags_with_entries"),
            "stale": oldest_first(verification.stale(store, today)),
            "suggestions": suggestions.waiting(store),
            "conflicts": conflicts(store)}


def flag(store: Store, flag_id: str) -> dict:
    row = store.read_one("flag_by_id", id=flag_id)
    if row is None:
        raise NoSuchFlag(flag_id)
    return row


def close_flag(store: Store, flag_id: str, by: str, note: str | None, fixed: bool = True) -> None:
    """Close an open flag with a note (fixed, or nothing to fix)."""
    note = " ".join((note or "").split())[:FLAG_NOTE_MAX] or None
    if not store.write("close_flag", id=flag_id, by=by, note=note, status="fixed" if fixed else "dismissed"):
        raise NoSuchFlag(flag_id)


def conflicts(store: Store) -> list[dict]:
    rows = store.read("import_conflicts")
    for row in rows:
        row["ours"], row["theirs"] = decode(row["ours"]), decode(row["theirs"])
    return rows


def resolve_conflict(store: Store, conflict_id: str, take: str, by: str) -> dict | None:
    """Keep the steward's value (``take="ours"``) or take the feed's (``"theirs"``, written as an edit
    that later imports may update again). The conflict is then gone."""
    row = store.read_one("import_conflict_by_id", id=conflict_id)
    if row is None:
        raise NoSuchFlag(conflict_id)
    done = None
    if take == "theirs":
        done = editing.update_asset(store, row["entry"], {row["field"]: decode(row["theirs"])}, None, by,
                                    note=f"taken from the import ({row['source']})", action="import accepted")
        store.write("forget_steward_field", id=row["entry"], field=row["field"])
    store.write("delete_import_conflict", id=conflict_id)
    return done
