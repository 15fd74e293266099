"""Anyone may suggest a correction to an entry, or a new entry; nothing is published until a
steward accepts it, field by field.

Anti-abuse (with ``suggestion_limits`` for the rate per address): a size limit on every field and
on the whole, a honeypot field that people never see (a suggestion that fills it is dropped
without a word), and at most ``MAX_LINKS`` web addresses (pages show every value as plain text:
no link is ever live). The suggester's contact, when given, is personal data: shown to stewards
only, deleted with the suggestion once it is handled, and listed in a subject access export.

>>> check({"fields": {"opening": "Wed 10:00-12:00"}, "message": "moved to Weds", "contact": ""})[1]
{}
>>> sorted(check({"fields": {"name": "x" * 5000}, "message": "http://a http://b http://c"})[1])
['fields', 'message']
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any, Mapping

from mapper.db.store import Store
from mapper.directory import editing
from mapper.directory.entry_fields import without_controls
from mapper.directory.suggesters import _decoded, erase_for_contacts, for_contacts  # noqa: F401

FIELDS = ("name", "kind", "description", "address", "postcode", "opening", "contact", "cost", "languages",
          "accessibility")
LABELS = {"name": "Name", "kind": "Kind", "description": "Description", "address": "Address",
          "postcode": "Postcode", "opening": "Opening times", "contact": "Contact", "cost": "Cost",
          "languages": "Languages", "accessibility": "Access"}
FIELD_MAX = 1000
MESSAGE_MAX = 1000
CONTACT_MAX = 200
TOTAL_MAX = 4000
MAX_LINKS = 2
_LINK = re.compile(r"(https?://|www\.)", re.I)


class SuggestionError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NoSuchSuggestion(LookupError):
    pass


def _text(value: Any) -> str:
    return without_controls(value).strip() if isinstance(value, str) else ""


def check(body: Mapping) -> tuple[dict, dict]:
    """``(clean, errors)`` for a suggestion: ``fields`` (field -> text), ``message``, ``contact``."""
    errors: dict[str, str] = {}
    raw = body.get("fields") or {}
    if not isinstance(raw, Mapping):
        raw, errors["fields"] = {}, "give the fields as field -> text"
    fields = {k: _text(v) for k, v in raw.items() if k in FIELDS and _text(v)}
    unknown = [k for k in raw if k not in FIELDS]
    if unknown:
        errors["fields"] = f"unknown field '{unknown[0]}': suggest {', '.join(FIELDS)}"
    long = [k for k, v in fields.items() if len(v) > FIELD_MAX]
    if long:
        errors["fields"] = f"{long[0]}: keep each value under {FIELD_MAX} characters"
    message, contact = _text(body.get("message")), _text(body.get("contact"))
    if len(message) > MESSAGE_MAX:
        errors["message"] = f"keep the message under {MESSAGE_MAX} characters"
    if len(contact) > CONTACT_MAX:
        errors["contact"] = f"keep the contact under {CONTACT_MAX} characters"
    everything = " ".join([message, *fields.values()])
    if len(everything) > TOTAL_MAX and "fields" not in errors:
        errors["fields"] = f"the whole suggestion must be under {TOTAL_MAX} characters"
    if len(_LINK.findall(everything)) > MAX_LINKS:
        errors["message"] = f"give at most {MAX_LINKS} web addresses"
    if not fields and not message and not errors:
        errors["message"] = "say what should change (or fill in a field)"
    return {"fields": fields, "message": message or None, "contact": contact or None}, errors


def suggest(store: Store, body: Mapping, entry: str | None) -> str | None:
    """Keep a suggestion for stewards; returns its id, or None for one dropped by the honeypot.
    Raises SuggestionError, or NoSuchEntry for a correction to an entry that is not live."""
    if _text(body.get("website")):  # the honeypot: no person sees it, so no person fills it
        return None
    clean, errors = check(body)
    if errors:
        raise SuggestionError(errors)
    if entry is not None:
        found = editing.read_asset(store, entry)
        if found is None or found["retired"]:
            raise editing.NoSuchEntry(entry)
    sid = f"suggestion-{uuid.uuid4()}"
    store.write("create_suggestion", id=sid, entry=entry, fields=json.dumps(clean["fields"], ensure_ascii=False),
                message=clean["message"], contact=clean["contact"])
    return sid




def waiting(store: Store) -> list[dict]:
    """Suggestions waiting for a steward, oldest first (with the suggester's contact: stewards only)."""
    return [_decoded(r) for r in store.read("open_suggestions")]


def one(store: Store, suggestion_id: str) -> dict:
    row = store.read_one("suggestion_by_id", id=suggestion_id)
    if row is None:
        raise NoSuchSuggestion(suggestion_id)
    return _decoded(row)


def typed(field: str, text: str):
    """A suggested text as the field's value (lists split on commas, opening times on lines)."""
    if field in ("languages", "accessibility"):
        return [x.strip() for x in re.split(r"[,;\n]", text) if x.strip()]
    if field == "opening":
        return [x.strip() for x in re.split(r"[;\n]", text) if x.strip()]
    return text


def accept(store: Store, suggestion_id: str, chosen: Mapping[str, str], by: str, version: int | None = None,
           note=None) -> dict:
    """Accept the chosen fields (field -> the value to write, as text: the suggestion's, or the
    steward's correction of it) onto the entry, or as a new entry; then delete the suggestion
    with its contact. Raises EntryError (the suggestion is kept) or Conflict."""
    found = one(store, suggestion_id)
    values = {f: typed(f, v) for f, v in chosen.items() if f in FIELDS}
    note = note or "accepted from a public suggestion"
    if found["entry"]:
        if not values:
            raise editing.EntryError({"fields": "choose at least one field to accept"})
        done = editing.update_asset(store, found["entry"], values, version, by, note=note,
                                    action="suggestion accepted")
    else:
        done = editing.create_asset(store, values, by, note=note)
    store.write("delete_suggestion", id=suggestion_id)
    return done


def reject(store: Store, suggestion_id: str) -> None:
    """Nothing to publish: the suggestion is deleted, with its contact."""
    if not store.write("delete_suggestion", id=suggestion_id):
        raise NoSuchSuggestion(suggestion_id)
