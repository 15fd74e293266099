"""Organisations and assets as organisers add them, and people's links to them (runs, volunteers
at, attends, member of): each change checked, written and audited here, the same for the
person's page and the API.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from mapper.db.schema import ASSET_KINDS
from mapper.organising.outcome import Outcome
from mapper.organising.person_fields import NAME_MAX, check_area, check_name, new_id
from mapper.privacy import audit, consent

PLACE_LINKS = ("RUNS", "VOLUNTEERS_AT", "ATTENDS", "MEMBER_OF")
PLACE_KINDS = ("Organisation",) + ASSET_KINDS
LINK_WORDS = {"RUNS": "runs", "VOLUNTEERS_AT": "volunteers at", "ATTENDS": "attends", "MEMBER_OF": "member of"}
LINK_FIELDS = ("type", "place", "new_kind", "new_name", "new_area", "role")


class PlaceError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


def create_place(store, kind: str, name: str, area: str | None = None) -> dict:
    """A new organisation, hub, listening hub or peer-support group."""
    if kind not in PLACE_KINDS:
        raise PlaceError("kind", f"Choose one of: {', '.join(PLACE_KINDS)}.")
    name, err = check_name(name)
    if err:
        raise PlaceError("name", err)
    labels = ["Organisation"] if kind == "Organisation" else ["Asset", kind]
    prefix = "org" if kind == "Organisation" else "asset"
    return store.write("create_place", id=new_id(prefix), name=name, labels=labels, area=area or None)[0]


def link(store, person_id: str, link_type: str, place_id: str, role: str | None = None) -> str:
    """Link a person to an organisation or asset (unchecked but for the type and that both exist)."""
    if link_type not in PLACE_LINKS:
        raise PlaceError("type", "Choose how they are linked: " + ", ".join(LINK_WORDS[t] for t in PLACE_LINKS) + ".")
    rows = store.write("link_person_to_place", person=person_id, place=place_id, type=link_type,
                       since=dt.date.today(), role=(role or None))
    if not rows:
        raise PlaceError("place", "No such person, organisation or asset.")
    return rows[0]["id"]


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def new_place(store, fields: Mapping) -> dict:
    """Check and create an organisation or asset (``kind``, ``name``, optional ``area`` id).
    Raises PlaceError naming the field."""
    area, err = check_area(fields.get("area"), {a["id"] for a in store.read("list_areas")})
    if err:
        raise PlaceError("area", err)
    return create_place(store, _text(fields.get("kind")), _text(fields.get("name")), area)


def link_person(store, person_id: str, fields: Mapping, actor: str, via: str) -> Outcome:
    """Link a person to an existing organisation or asset (``place``) or to a new one (``new_name``,
    ``new_kind``, ``new_area``), with an optional ``role``: every field checked, the new place and
    the link written, and the link audited."""
    out = Outcome({key: _text(fields.get(key)) for key in LINK_FIELDS})
    v, errors = out.values, out.errors
    if consent.erased(store, person_id):
        out.erased = True
        return out
    if v["type"] not in PLACE_LINKS:
        errors["type"] = "Choose how they are linked."
    if not v["place"] and not v["new_name"]:
        errors["place"] = "Choose an organisation or group, or name a new one."
    _, err = check_area(v["new_area"], {a["id"] for a in store.read("list_areas")})
    if err:
        errors["new_area"] = err
    if len(v["role"]) > NAME_MAX:
        errors["role"] = f"At most {NAME_MAX} characters."
    if errors:
        return out
    if not v["place"]:
        try:
            v["place"] = create_place(store, v["new_kind"], v["new_name"], v["new_area"])["id"]
        except PlaceError as exc:
            errors["new_" + exc.field] = str(exc)
            return out
    try:
        out.id = link(store, person_id, v["type"], v["place"], v["role"])
    except PlaceError as exc:
        errors[exc.field] = str(exc)
        out.missing = exc.field == "place"
        return out
    audit.record(store, actor, "linked", person_id, via, v["type"].lower())
    return out


def unlink_person(store, person_id: str, link_type: str, place_id: str, actor: str, via: str) -> bool:
    """Remove a person's link to an organisation or asset; audited when there was one to remove.
    Raises PlaceError for a type that is not a person's link to a place."""
    if link_type not in PLACE_LINKS:
        raise PlaceError("type", "Unknown link.")
    removed = store.write("unlink_person_from_place", person=person_id, place=place_id or "", type=link_type)
    if removed and removed[0]["removed"]:
        audit.record(store, actor, "unlinked", person_id, via, link_type.lower())
        return True
    return False
