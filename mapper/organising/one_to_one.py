"""Recording a 1:1 relational meeting: checking what the organiser typed, and writing the
meeting and any new people in one transaction.

The two people are "a" (who held the 1:1, usually the organiser) and "b" (the person met).
Each is either an existing person (``a_id``) or a new one (``a_name`` with optional
``a_area``, ``a_email``, ``a_phone``). Before a new person is created, likely matches are
suggested; the organiser picks one (``a_pick`` = an id) or confirms a new record
(``a_pick`` = ``new``). The form, the API and the command line all come through ``check``
and ``record``; the meeting's own fields are checked in ``meeting_fields`` (shared with the CSV
import), a new person's in ``people.check_new`` (shared with ``POST /api/people``).

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from mapper.organising import follow_ups, idempotency, people
from mapper.organising.meeting_fields import (  # noqa: F401  (the 1:1's field rules, also for the CSV import)
    FOLLOW_UP_MAX, NOTES_MAX, OLDEST, PLACE_MAX, check_meeting, check_text, parse_date, theme_ids)
from mapper.organising.person_fields import new_id, person_row, yes
from mapper.privacy import audit, consent as consent_module

SIDES = {"a": "Who held the 1:1", "b": "Person met"}


@dataclass
class Checked:
    """What was typed (``values``, to show again), errors by field, suggestions by side, and
    when there are no errors, what to write."""
    values: dict
    errors: dict = field(default_factory=dict)
    suggestions: dict = field(default_factory=dict)
    people: list = field(default_factory=list)  # new people to create
    meeting: dict | None = None
    consent_update: dict | None = None  # how the consent given at the meeting applies to the person met
    close: list = field(default_factory=list)  # open follow-ups with the person met, closed by this 1:1

    @property
    def ok(self) -> bool:
        return not self.errors and not self.suggestions


def _side(store, side: str, form: Mapping, areas: set[str], checked: Checked, consent: dict | None) -> str | None:
    v = checked.values
    for key in ("id", "name", "area", "email", "phone", "pick"):
        v[f"{side}_{key}"] = (form.get(f"{side}_{key}") or "").strip()
    label = SIDES[side]
    pick = v[f"{side}_pick"]
    if pick and pick != "new":
        v[f"{side}_id"] = pick
    person_id = v[f"{side}_id"]
    if person_id:
        found = store.read("people_exist", ids=[person_id])
        if not found:
            checked.errors[f"{side}_name"] = f"{label}: no such person; search again or add them as new."
            return None
        if consent_module.erased(store, person_id):
            checked.errors[f"{side}_name"] = (f"{label}: this record was erased; if they agree to be recorded "
                                              "again, add them as a new person.")
            return None
        return person_id
    typed = {key: v[f"{side}_{key}"] for key in ("name", "email", "phone", "area")}
    person, errors, matches = people.check_new(store, typed, areas, label, create_new=pick == "new")
    v[f"{side}_name"] = person["name"]
    if errors.get("name") and not person["name"]:
        errors["name"] = f"{label}: find someone, or type a name to add them."
    checked.errors.update({f"{side}_{key}": err for key, err in errors.items()})
    if errors:
        return None
    if matches:
        checked.suggestions[side] = matches
        return None
    if side == "a":  # no consent is recorded here for who held the 1:1: no contact details kept for them
        for key in ("email", "phone"):
            if person[key]:
                checked.errors[f"a_{key}"] = HOLDER_CONTACT
        if any(checked.errors.get(f"a_{key}") for key in ("email", "phone")):
            return None
    person_id = new_id()
    checked.people.append(person_row(person_id, person["name"], person["area"], person["email"], person["phone"],
                                     consent if side == "b" else None))
    return person_id


HOLDER_CONTACT = ("Contact details are kept only for someone who consents to be kept on record, and none is "
                  "recorded here for who held the 1:1: leave them out, and add them on the person's page once "
                  "they consent.")


def form_choices(store) -> dict:
    """What the 1:1 form offers to choose from: the themes and the areas."""
    return {"themes": store.read("list_themes"), "areas": store.read("list_areas")}


def check(store, form: Mapping, chosen_themes, by: str | None = None, today: dt.date | None = None,
          close_follow_ups=None) -> Checked:
    """Check a 1:1 as typed into the form, the API or the command line. ``close_follow_ups``: ids of
    follow-ups still open from earlier 1:1s with the person met, to close with this one."""
    today = today or dt.date.today()
    checked = Checked(values={})
    v = checked.values
    areas = {a["id"] for a in store.read("list_areas")}
    themes = store.read("list_themes")

    fields, checked.errors = check_meeting(form, today)
    date, due = fields["date"], fields["follow_up_due"]
    v["date"] = (form.get("date") or "").strip()
    v["place"], v["notes"], v["follow_up"] = fields["place"], fields["notes"], fields["follow_up"]
    v["follow_up_due"] = (form.get("follow_up_due") or "").strip()
    v["themes"] = [str(t) for t in chosen_themes]
    ids, unknown = theme_ids(chosen_themes, themes)
    if unknown:
        checked.errors["themes"] = "Unknown theme: " + ", ".join(unknown[:5]) + "."
    consent = {"recorded": yes(form.get("consent_recorded")), "named": yes(form.get("consent_named")),
               "contact": yes(form.get("consent_contact")), "date": today}
    for key in ("recorded", "named", "contact"):
        v[f"consent_{key}"] = consent[key]

    a = _side(store, "a", form, areas, checked, None)
    b = _side(store, "b", form, areas, checked, consent)
    if a and b and a == b:
        checked.errors["b_name"] = "A person cannot have a 1:1 with themselves."
    v["close_follow_ups"] = [str(c) for c in (close_follow_ups or [])]
    if close_follow_ups and b:
        checked.close, err = follow_ups.closable(store, close_follow_ups, b, today)
        if err:
            checked.errors["close_follow_ups"] = err
    if checked.errors or checked.suggestions:
        checked.people = []
        return checked
    meeting_id = "oto-" + new_id("m")[2:]
    b_is_new = any(p["id"] == b for p in checked.people)
    # Consent at a 1:1 with someone already recorded: the API's explicit 'consent' object sets it
    # (given and withdrawn); the form and the command line only add what was given (an unticked
    # box means "not asked", never a silent withdrawal: withdrawals are dated on their page).
    explicit = yes(form.get("consent_explicit"))
    checked.consent_update = {"mode": "new" if b_is_new else ("explicit" if explicit else "give"),
                              "values": {k: consent[k] for k in ("recorded", "named", "contact")}}
    _refuse_without_record(store, checked, b, b_is_new)
    if checked.errors:
        checked.people = []
        return checked
    checked.meeting = {"a": a, "b": b, "consent": consent if b_is_new else None,
                       "props": {"id": meeting_id, "date": date, "by": a, "themes": ids, "notes": v["notes"],
                                 "place": v["place"], "follow_up": v["follow_up"], "follow_up_due": due,
                                 "recorded_by": by, "recorded": dt.datetime.now(dt.timezone.utc).isoformat()}}
    return checked


def _consent_after(update: dict, before: dict | None) -> dict:
    """Where the person met's consent will stand after the 1:1 (see ``check``)."""
    given = update["values"]
    if update["mode"] in ("new", "explicit"):
        return dict(given)
    after = {s: bool(before and before[s]) or bool(given.get(s)) for s in consent_module.SCOPES}
    # A ticked box never brings back consent to be kept on record once it was withdrawn.
    after["recorded"] = bool(before and before["recorded"])
    return after


def _refuse_without_record(store, checked: Checked, b: str, b_is_new: bool) -> None:
    """Consent to be named or contacted cannot stand without consent to be kept on record (the one
    rule of ``consent.refusals``); nor are contact details kept for a new person not recorded."""
    update = checked.consent_update
    before = None if b_is_new else consent_module.current(store, b)
    after = _consent_after(update, before)
    for scope, message in consent_module.refusals(after).items():
        if update["values"].get(scope):
            checked.errors[f"consent_{scope}"] = message
    if b_is_new and not after["recorded"]:
        for key in ("email", "phone"):
            if checked.values.get(f"b_{key}"):
                checked.errors[f"b_{key}"] = consent_module.NO_CONTACT_KEPT


class NotWritten(RuntimeError):
    """The meeting could not be written (a person vanished in the meantime); nothing was."""


def record(store, checked: Checked, via: str | None = None, key: str | None = None,
           fingerprint: str | None = None) -> dict:
    """Write the new people and the meeting in one transaction, with the consent the person met
    gave (kept dated), the follow-ups it closes and audit entries for both people; returns the ids.

    ``key``: an account-scoped idempotency key (``idempotency.scoped``): a save already made under
    it is answered as it was (``"replayed": True``) and nothing is written again, even when two
    arrive at once (the key's uniqueness constraint lets one of them land)."""
    assert checked.ok and checked.meeting
    m = checked.meeting
    recorded_by = m["props"].get("recorded_by")
    via = via or ("cli" if recorded_by == "cli" else "web")
    actor = audit.cli_actor() if recorded_by == "cli" or not recorded_by else recorded_by

    def work(tx):
        if key:
            earlier = idempotency.answer(tx, key, fingerprint)
            if earlier:
                return earlier
        if checked.people:
            tx.run("create_people", rows=checked.people)
        before = consent_module.current(tx, m["b"])
        created = tx.run("create_one_to_ones", rows=[checked.meeting])[0]["created"]
        if checked.meeting.get("consent") is not None:
            tx.run("one_to_ones_consent", rows=[checked.meeting])
        if created != 1:
            raise NotWritten("One of the two people no longer exists; nothing was saved.")
        update = checked.consent_update or {"mode": "give", "values": {}}
        if update["mode"] == "new":
            before = consent_module.NONE_GIVEN
        after = _consent_after(update, before)
        if before is not None:
            consent_module.write_in(tx, m["b"], before, after, m["consent"]["date"] if m["consent"] else dt.date.today(),
                                    actor, via, "one_to_one")
        audit.record_in(tx, actor, "one_to_one", [m["a"], m["b"]], via, None)
        follow_ups.close_in(tx, checked.close, actor, via, [m["a"], m["b"]])
        result = {"id": m["props"]["id"], "a": m["a"], "b": m["b"], "new_people": [p["id"] for p in checked.people],
                  "closed_follow_ups": list(checked.close)}
        if key:
            idempotency.keep_in(tx, key, fingerprint, result)
        return result

    try:
        return store.transaction(work)
    except Exception as exc:
        if key and idempotency.collided(exc):
            earlier = idempotency.answer(store, key, fingerprint)
            if earlier:
                return earlier
        raise
