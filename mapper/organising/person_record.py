"""A person's record as the one looking may see it, and the changes to it, each checked, written
and audited here: the person's page, ``/api/people`` and the command line all come through these
functions, so each privacy rule is written once.

- Their email and phone are left out unless they consented to be contacted (``consent.shown_contact``).
- 1:1 notes and follow-ups only for a role that may see notes.
- Every look at a record is a "viewed" entry in the audit trail, every change its own entry.
- An erased record (an anonymous placeholder) takes no edits and no new links.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from mapper.accounts.roles import may
from mapper.organising import people
from mapper.organising.outcome import Outcome
from mapper.organising.person_fields import yes
from mapper.privacy import audit, consent


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the account (its email, or ``cli:<user>``), its role and the channel
    (``web``, ``api`` or ``cli``)."""
    account: str
    role: str
    via: str = "web"


def _flags(row: dict) -> dict:
    return {"recorded": bool(row["consent_recorded"]), "named": bool(row["consent_named"]),
            "contact": bool(row["consent_contact"])}


def person_brief(store, person_id: str) -> dict | None:
    """A person's name, area and roles, with contact details only as consent allows (for
    choosing them in a form: not audited as a look at their record)."""
    found = store.read_one("person_by_id", id=person_id) if person_id else None
    if found is None:
        return None
    return {**consent.shown_contact(found), "contact_held": bool(found["email"] or found["phone"])}


def _seen(store, person_id: str, viewer: Viewer, more=None) -> tuple[dict, dict, bool, dict | None] | None:
    """The person with contact details as consent allows, their consent status, and whether any
    contact details are held, and what ``more(tx)`` reads besides; the look is audited. One
    transaction: the look is recorded with what was seen, and a page asks Neo4j once, not six times."""

    def look(tx):
        rows = tx.run("person_by_id", id=person_id)
        if not rows:
            return None
        audit.record_in(tx, viewer.account, "viewed", person_id, viewer.via)
        return rows[0], consent.status(tx, person_id), more(tx) if more else None

    seen = store.transaction(look)
    if seen is None:
        return None
    found, state, extra = seen
    return consent.shown_contact(found), state, bool(found["email"] or found["phone"]), extra


def person_view(store, person_id: str, viewer: Viewer) -> dict | None:
    """A person as ``viewer`` may see them (audited as viewed): their details (email and phone
    only with consent to be contacted), where each consent scope stands, and whether the record
    is erased or waiting to be. None: no such person."""
    seen = _seen(store, person_id, viewer)
    if seen is None:
        return None
    shown, state, _, _ = seen
    return {**shown, "consent": state["scopes"], "erased": state["erased"],
            "erasure_pending": state["erasure_pending"]}


def person_page(store, person_id: str, viewer: Viewer) -> dict | None:
    """Everything the person's page shows (audited as viewed): the person as ``viewer`` may see
    them, consent with its history, their links, their 1:1s (notes only for a role that may see
    notes), the areas and places to choose from, and their details as the edit form starts."""

    def more(tx) -> dict:
        return {"links": tx.run("person_links", id=person_id),
                "meetings": tx.run("person_one_to_ones", id=person_id, with_notes=may(viewer.role, "see_notes"),
                                   limit=200),
                "areas": tx.run("list_areas"), "places": tx.run("list_places")}

    seen = _seen(store, person_id, viewer, more)
    if seen is None:
        return None
    shown, state, held, extra = seen
    return {
        "person": shown, "consent": state, "show_contact": consent.contact_shown(shown), "contact_held": held,
        **extra,
        "edit": {"name": shown["name"], "email": shown["email"] or "", "phone": shown["phone"] or "",
                 "area": shown["area_id"] or "", "consent_recorded": shown["consent_recorded"],
                 "consent_named": shown["consent_named"], "consent_contact": shown["consent_contact"]},
    }


def edit_person(store, person_id: str, form: Mapping, viewer: Viewer) -> Outcome:
    """Check and save a person's details and consent flags; audited, and each consent change kept
    dated. Email and phone that were not shown (no consent to be contacted) are kept when left empty."""
    before = store.read_one("person_by_id", id=person_id)
    if before is None:
        return Outcome(missing=True)
    if consent.erased(store, person_id):
        return Outcome(erased=True)
    form = {k: form.get(k) for k in ("name", "email", "phone", "area", "consent_recorded", "consent_named",
                                     "consent_contact")}
    kept = []  # not shown (no consent to be contacted), left empty: kept as held, and never shown back
    if not consent.contact_shown(before):
        kept = [key for key in ("email", "phone") if not (form.get(key) or "").strip()]
        form.update({key: before[key] or "" for key in kept})
    given = {scope: yes(form.get(f"consent_{scope}")) for scope in consent.SCOPES}
    if not given["recorded"]:
        if _flags(before)["recorded"]:  # withdrawn now: being named or contacted goes with it
            form.update(consent_named="", consent_contact="")
        elif consent.refusals(given):  # never given: naming or contact alone cannot stand
            return Outcome(values={**{k: v or "" for k, v in form.items()}, **{key: "" for key in kept}},
                           errors={f"consent_{scope}": message for scope, message in consent.refusals(given).items()})
    values, errors = people.update(store, person_id, {k: v or "" for k, v in form.items()})
    out = Outcome(values={**values, **{key: "" for key in kept}}, errors=errors)
    if errors:
        return out
    audit.record(store, viewer.account, "edited", person_id, viewer.via)
    consent.log_edit(store, person_id, _flags(before), {k: values[f"consent_{k}"] for k in consent.SCOPES},
                     viewer.account, viewer.via)
    return out


def set_active(store, person_id: str, active: bool, viewer: Viewer) -> bool:
    """Deactivate (or reactivate) a person: they leave lists, searches and the network; audited.
    False when there is no such person."""
    if not people.set_active(store, person_id, active):
        return False
    audit.record(store, viewer.account, "reactivated" if active else "deactivated", person_id, viewer.via)
    return True


def create_person(store, fields: Mapping, create_new: bool = False) -> Outcome:
    """Add a person (``name``, optional ``email``, ``phone`` and ``area`` id): every field checked,
    and unless ``create_new`` nobody is added while someone already recorded may be the same
    person (``suggestions``)."""
    area_ids = {a["id"] for a in store.read("list_areas")}
    values, errors, suggestions = people.check_new(store, fields, area_ids, create_new=create_new)
    out = Outcome(values=values, errors=errors, suggestions=suggestions)
    if out.ok:
        out.id = people.create(store, values["name"], values["area"], values["email"], values["phone"])
    return out
