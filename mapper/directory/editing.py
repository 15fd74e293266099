"""Stewards keep the directory true: add, edit, verify, retire and restore assets and organisations.

Every save is one transaction: the entry is locked, its version compared with the one the editor
started from (a save from an older version is refused with what changed meanwhile: ``Conflict``,
never a silent overwrite), its fields written, and the change added to its history. Writes go
through the store, so the write generation moves and search, the map, the coverage gaps and the
Open Referral UK feed follow at once.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Callable, Mapping

from mapper.db.schema import ASSET_KINDS
from mapper.db.store import Store
from mapper.directory import history
from mapper.directory.entry_fields import (ASSET_FIELDS, ORGANISATION_FIELDS, Vocabulary, asset_values,
                                           changed, check_asset, check_organisation, organisation_values)

ASSET, ORGANISATION = "asset", "organisation"
NOTE_MAX = 500


class EntryError(ValueError):
    """Fields that break a rule: ``errors`` maps each to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NoSuchEntry(LookupError):
    pass


class Conflict(RuntimeError):
    """The entry was saved by someone else since ``version``: ``changes`` says what changed."""

    def __init__(self, version: int, current: int, changes: list[dict]):
        super().__init__(f"the entry was changed since version {version} (it is now version {current})")
        self.version, self.current, self.changes = version, current, changes


def clean_note(note) -> str | None:
    note = " ".join(str(note or "").split())
    if len(note) > NOTE_MAX:
        raise EntryError({"note": f"keep the note under {NOTE_MAX} characters"})
    return note or None


def read_asset(store_or_tx, asset_id: str) -> dict | None:
    rows = (store_or_tx.read if isinstance(store_or_tx, Store) else store_or_tx.run)("directory_asset", id=asset_id)
    return rows[0] if rows else None


def read_organisation(store_or_tx, org_id: str) -> dict | None:
    run = store_or_tx.read if isinstance(store_or_tx, Store) else store_or_tx.run
    rows = run("directory_organisation", id=org_id)
    return rows[0] if rows else None


def _lock(tx, entry_id: str, version: int | None, asset: bool) -> int:
    rows = tx.run("lock_directory_entry", id=entry_id)
    if not rows or rows[0]["asset"] != asset:
        raise NoSuchEntry(entry_id)
    current = rows[0]["version"]
    if version is not None and version != current:
        raise Conflict(version, current, history.since(tx, entry_id, version))
    return current


def _asset_params(clean: dict, entry_id: str, version: int, by: str, steward_fields: list[str]) -> dict:
    if clean["kind"] not in ASSET_KINDS:
        raise EntryError({"kind": "unknown kind"})
    props = {k: clean[k] for k in ("name", "description", "address", "postcode", "opening", "languages",
                                   "accessibility", "cost", "contact", "referral", "hide_address")}
    return {"id": entry_id, "props": props, "lat": clean["lat"], "lon": clean["lon"], "kind": clean["kind"],
            "themes": clean["themes"], "run_by": clean["run_by"],
            "area_codes": [clean["la_code"]] if clean.get("la_code") else [], "version": version, "by": by,
            "steward_fields": steward_fields}


def write_asset(tx, entry_id: str, clean: dict, before: dict | None, by: str, action: str,
                note: str | None, version: int, steward: bool = True) -> list[dict]:
    """Write checked fields onto an asset (in a transaction) and add the change to its history."""
    old = asset_values(before) if before else {}
    changes = changed(old, clean, ASSET_FIELDS)
    fields = set(before.get("steward_fields") or []) if before else set()
    if steward and before is not None and before.get("source"):
        fields |= {c["field"] for c in changes}  # an import leaves these as the steward set them
    tx.run("save_directory_asset", **_asset_params(clean, entry_id, version, by, sorted(fields)))
    history.record(tx, entry_id, ASSET, version, by, action, changes, asset_values(clean), note)
    return changes


def _create(store: Store, checked: tuple[dict, dict], note, prefix: str, query: str, write, by: str) -> dict:
    """A new entry from checked fields (``checked``: the clean values and the errors), its first
    version and its history's first line in one transaction; returns ``{id, version}``."""
    clean, errors = checked
    note = clean_note(note)
    if errors:
        raise EntryError(errors)
    entry_id = f"{prefix}-{uuid.uuid4()}"

    def work(tx):
        tx.run(query, id=entry_id, by=by)
        write(tx, entry_id, clean, None, by, "added", note, 1)

    store.transaction(work)
    return {"id": entry_id, "version": 1}


def create_asset(store: Store, values: Mapping, by: str, note=None, vocab: Vocabulary | None = None) -> dict:
    """A new asset from checked fields; returns ``{id, version}``. Raises EntryError."""
    return _create(store, check_asset(values, vocab or Vocabulary.load(store)), note, "asset",
                   "create_directory_asset", write_asset, by)


def update_asset(store: Store, asset_id: str, values: Mapping, version: int | None, by: str, note=None,
                 action: str = "edited", vocab: Vocabulary | None = None) -> dict:
    """Change some fields of an asset (those given in ``values``; the others stay) from ``version``.
    Returns ``{id, version, changes}``. Raises NoSuchEntry, EntryError or Conflict."""
    return _update(store, _ASSET, asset_id, values, version, by, note, action, vocab)


def _update(store: Store, kind: "_Kind", entry_id: str, values: Mapping, version: int | None, by: str, note,
            action: str, vocab: Vocabulary | None) -> dict:
    """Change the fields of an entry given in ``values`` from ``version``, in one transaction: the entry
    locked, its version compared, the merged fields checked, written and added to its history."""
    note = clean_note(note)
    vocab = vocab or Vocabulary.load(store)

    def work(tx):
        current = _lock(tx, entry_id, version, asset=kind.asset)
        before = kind.read(tx, entry_id)
        if before["retired"]:
            raise EntryError({"id": f"this {kind.word} is retired: restore one of its versions to bring it back"})
        merged = {**kind.values(before), **{k: v for k, v in values.items() if k in kind.fields}}
        merged.update((f, before[f]) for f in kind.as_stored if f not in values)
        clean, errors = kind.check(merged, vocab)
        if errors:
            raise EntryError(errors)
        changes = changed(kind.values(before), clean, kind.fields)
        if not changes:
            return {"id": entry_id, "version": current, "changes": []}
        kind.write(tx, entry_id, clean, before, by, action, note, current + 1)
        return {"id": entry_id, "version": current + 1, "changes": changes}

    return store.transaction(work)


def retire(store: Store, entry_id: str, by: str, version: int | None = None, note=None,
           merged_into: str | None = None, tx=None) -> dict:
    """Retire an asset or organisation: kept with its history, gone from search, the map, the feed
    and the network. Raises NoSuchEntry (also for one already retired) or Conflict."""
    note = clean_note(note)

    def work(tx):
        rows = tx.run("lock_directory_entry", id=entry_id)
        if not rows:
            raise NoSuchEntry(entry_id)
        asset = rows[0]["asset"]
        current = _lock(tx, entry_id, version, asset)
        before = read_asset(tx, entry_id) if asset else read_organisation(tx, entry_id)
        if before["retired"]:
            raise NoSuchEntry(entry_id)
        if asset:
            tx.run("retire_directory_asset", id=entry_id, by=by, version=current + 1, merged_into=merged_into)
        else:
            tx.run("retire_directory_organisation", id=entry_id, by=by, version=current + 1)
        values = asset_values(before) if asset else organisation_values(before)
        history.record(tx, entry_id, ASSET if asset else ORGANISATION, current + 1, by,
                       "merged" if merged_into else "retired",
                       [{"field": "retired", "old": False, "new": True}], values, note)
        return {"id": entry_id, "version": current + 1}

    return work(tx) if tx is not None else store.transaction(work)


def verify(store: Store, asset_id: str, by: str, today: dt.date | None = None, note=None) -> int:
    """Checked with the people who run it today: records who and when, closes its open flags."""
    note = clean_note(note)

    def work(tx):
        current = _lock(tx, asset_id, None, asset=True)
        before = read_asset(tx, asset_id)
        if before["retired"]:
            raise NoSuchEntry(asset_id)
        day = (today or dt.date.today()).isoformat()
        rows = tx.run("mark_entry_verified", id=asset_id, by=by, today=day, version=current + 1)
        history.record(tx, asset_id, ASSET, current + 1, by, "verified",
                       [{"field": "last verified", "old": before["last_checked"], "new": day}],
                       asset_values(before), note)
        return rows[0]["closed"]

    return store.transaction(work)


def restore(store: Store, entry_id: str, version: int, by: str, note=None) -> dict:
    """Bring an entry back to how it stood after ``version`` (a retired one is reinstated), as a
    new change in its history. Raises NoSuchEntry when there is no such version."""
    snapshot = history.snapshot(store, entry_id, version)
    if snapshot is None:
        raise NoSuchEntry(f"{entry_id} version {version}")
    note = clean_note(note) or f"restored version {version}"
    vocab = Vocabulary.load(store)

    def work(tx):
        rows = tx.run("lock_directory_entry", id=entry_id)
        if not rows:
            raise NoSuchEntry(entry_id)
        asset, current = rows[0]["asset"], rows[0]["version"]
        before = read_asset(tx, entry_id) if asset else read_organisation(tx, entry_id)
        check = check_asset if asset else check_organisation
        clean, errors = check(snapshot, vocab)
        if errors:
            raise EntryError(errors)
        if before["retired"]:
            tx.run("reinstate_directory_asset" if asset else "reinstate_directory_organisation", id=entry_id)
        if asset:
            write_asset(tx, entry_id, clean, before, by, "restored", note, current + 1)
        else:
            write_organisation(tx, entry_id, clean, before, by, "restored", note, current + 1)
        return {"id": entry_id, "version": current + 1}

    return store.transaction(work)


# ---- organisations -------------------------------------------------------------------------------
def write_organisation(tx, entry_id: str, clean: dict, before: dict | None, by: str, action: str,
                       note: str | None, version: int) -> list[dict]:
    changes = changed(organisation_values(before) if before else {}, clean, ORGANISATION_FIELDS)
    props = {k: clean[k] for k in ("name", "kind", "description", "contact", "website")}
    tx.run("save_directory_organisation", id=entry_id, props=props, area=clean["area"], version=version, by=by)
    history.record(tx, entry_id, ORGANISATION, version, by, action, changes, organisation_values(clean), note)
    return changes


def create_organisation(store: Store, values: Mapping, by: str, note=None) -> dict:
    """A new organisation from checked fields; returns ``{id, version}``. Raises EntryError."""
    return _create(store, check_organisation(values, Vocabulary.load(store)), note, "org",
                   "create_directory_organisation", write_organisation, by)


def update_organisation(store: Store, org_id: str, values: Mapping, version: int | None, by: str,
                        note=None) -> dict:
    return _update(store, _ORGANISATION, org_id, values, version, by, note, "edited", None)


@dataclass(frozen=True)
class _Kind:
    """What an edit needs to know of an entry's kind."""

    asset: bool
    word: str  # as the refusal to edit a retired one names it
    fields: tuple
    read: Callable
    values: Callable
    check: Callable
    write: Callable
    as_stored: tuple = ()  # kept as stored unless given (opening times, whose stored text is not re-read)


_ASSET = _Kind(True, "entry", ASSET_FIELDS, read_asset, asset_values, check_asset, write_asset, ("opening",))
_ORGANISATION = _Kind(False, "organisation", ORGANISATION_FIELDS, read_organisation, organisation_values,
                      check_organisation, write_organisation)
