"""Every change to a directory entry, kept: who (an account, or an import), when, which fields from
what to what, and why (an optional note); with the entry as it stood after each change, so that an
earlier version can be restored.

Changes are ``:EntryChange`` nodes keyed by the entry's id (they outlive a retirement or a merge).
Values are kept as JSON text (Neo4j properties hold no maps).

>>> decode('[{"field": "name", "old": "A", "new": "B"}]')
[{'field': 'name', 'old': 'A', 'new': 'B'}]
>>> describe({"field": "opening", "old": ["Tue 10:00-12:00"], "new": []})
'opening: Tue 10:00-12:00 → (none)'
"""
from __future__ import annotations

import json
import uuid

from mapper.db.store import Store

LABELS = {"run_by": "run by", "hide_address": "hide the exact address", "referral": "referral needed"}


def encode(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def decode(text: str | None):
    return json.loads(text) if text else None


def shown(value) -> str:
    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def describe(change: dict) -> str:
    field = LABELS.get(change["field"], change["field"])
    return f"{field}: {shown(change['old'])} → {shown(change['new'])}"


def record(tx, entry: str, entry_kind: str, version: int, by: str, action: str, changes: list[dict],
           snapshot: dict | None, note: str | None = None) -> None:
    """Add one change to an entry's history, in the transaction of the change itself."""
    tx.run("record_entry_change", change_id=f"change-{uuid.uuid4()}", entry=entry, entry_kind=entry_kind,
           version=version, by=by, action=action, note=note, changes=encode(changes),
           snapshot=encode(snapshot) if snapshot is not None else None)


def of(store: Store, entry: str) -> list[dict]:
    """An entry's history, newest first: ``{id, version, at, by, action, note, changes}``."""
    rows = store.read("entry_history", entry=entry)
    for row in rows:
        row["changes"] = decode(row["changes"]) or []
    return rows


def since(tx, entry: str, version: int) -> list[dict]:
    """The changes made after ``version`` (in a transaction): what a refused save missed."""
    rows = tx.run("entry_changes_since", entry=entry, version=version)
    for row in rows:
        row["changes"] = decode(row["changes"]) or []
    return rows


def snapshot(store: Store, entry: str, version: int) -> dict | None:
    row = store.read_one("entry_snapshot", entry=entry, version=version)
    return decode(row["snapshot"]) if row and row["snapshot"] else None
