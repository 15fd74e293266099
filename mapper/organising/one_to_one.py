"""Recording a 1:1 relational meeting: checking what the organiser typed, and writing the
meeting and any new people in one transaction.

The two people are "a" (who held the 1:1, usually the organiser) and "b" (the person met).
Each is either an existing person (``a_id``) or a new one (``a_name`` with optional
``a_area``, ``a_email``, ``a_phone``). Before a new person is created, likely matches are
suggested; the organiser picks one (``a_pick`` = an id) or confirms a new record
(``a_pick`` = ``new``).

>>> parse_date("2024-03-12", today=dt.date(2025, 1, 1))
(datetime.date(2024, 3, 12), None)
>>> parse_date("12/03/2024", today=dt.date(2025, 1, 1))[0]
datetime.date(2024, 3, 12)
>>> parse_date("2030-01-01", today=dt.date(2025, 1, 1))[1]
'The date cannot be in the future.'
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from mapper.organising import people
from mapper.db.store import Store

SIDES = {"a": "Who held the 1:1", "b": "Person met"}
PLACE_MAX = 200
NOTES_MAX = 4000
FOLLOW_UP_MAX = 500
OLDEST = dt.date(1990, 1, 1)


def parse_date(value: str | None, today: dt.date | None = None, allow_future: bool = False,
               label: str = "The date") -> tuple[dt.date | None, str | None]:
    text = (value or "").strip()
    if not text:
        return None, f"{label} is needed."
    parsed = None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    if parsed is None:
        return None, f"{label} is not a date (write it as YYYY-MM-DD or DD/MM/YYYY)."
    today = today or dt.date.today()
    if not allow_future and parsed > today:
        return None, f"{label} cannot be in the future."
    if parsed < OLDEST:
        return None, f"{label} is too long ago (before {OLDEST.year})."
    return parsed, None


def check_text(value: str | None, limit: int, label: str) -> tuple[str | None, str | None]:
    text = (value or "").strip()
    if len(text) > limit:
        return text, f"{label} is too long ({len(text)} characters; at most {limit})."
    if people.CONTROL.search(text.replace("\t", " ")):
        return text, f"{label} contains control characters."
    return text or None, None


def theme_ids(chosen, themes: list[dict]) -> tuple[list[str], list[str]]:
    """Theme ids for what was chosen (ids or names, any case); and what was not recognised."""
    by_key = {}
    for t in themes:
        by_key[t["id"].lower()] = t["id"]
        by_key[t["name"].lower()] = t["id"]
    ids, unknown = [], []
    for item in chosen:
        item = str(item).strip()
        if not item:
            continue
        found = by_key.get(item.lower())
        if found is None:
            unknown.append(item)
        elif found not in ids:
            ids.append(found)
    return ids, unknown


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

    @property
    def ok(self) -> bool:
        return not self.errors and not self.suggestions


def _side(store: Store, side: str, form: Mapping, areas: set[str], checked: Checked, today: dt.date,
          consent: dict | None) -> str | None:
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
        if (store.read_one("consent_current", id=person_id) or {}).get("erased"):
            checked.errors[f"{side}_name"] = (f"{label}: this record was erased; if they agree to be recorded "
                                              "again, add them as a new person.")
            return None
        return person_id
    name, err = people.check_name(v[f"{side}_name"], label)
    v[f"{side}_name"] = name
    if err:
        checked.errors[f"{side}_name"] = err if name else f"{label}: find someone, or type a name to add them."
    email, err = people.check_email(v[f"{side}_email"])
    if err:
        checked.errors[f"{side}_email"] = err
    phone, err = people.check_phone(v[f"{side}_phone"])
    if err:
        checked.errors[f"{side}_phone"] = err
    area = v[f"{side}_area"] or None
    if area and area not in areas:
        checked.errors[f"{side}_area"] = "Choose an area from the list."
    if any(k.startswith(side + "_") for k in checked.errors):
        return None
    if pick != "new":
        matches = people.suggest_matches(store, name, area, email, phone)
        if matches:
            checked.suggestions[side] = matches
            return None
    new_id = people.new_id()
    checked.people.append(people.person_row(new_id, name, area, email, phone,
                                            consent if side == "b" else None))
    return new_id


def check(store: Store, form: Mapping, chosen_themes, by: str | None = None,
          today: dt.date | None = None) -> Checked:
    """Check a 1:1 as typed into the form, the API or the command line."""
    today = today or dt.date.today()
    checked = Checked(values={})
    v = checked.values
    areas = {a["id"] for a in store.read("list_areas")}
    themes = store.read("list_themes")

    v["date"] = (form.get("date") or "").strip()
    date, err = parse_date(v["date"], today)
    if err:
        checked.errors["date"] = err
    v["place"], err = check_text(form.get("place"), PLACE_MAX, "The place")
    if err:
        checked.errors["place"] = err
    v["notes"], err = check_text(form.get("notes"), NOTES_MAX, "The notes")
    if err:
        checked.errors["notes"] = err
    v["follow_up"], err = check_text(form.get("follow_up"), FOLLOW_UP_MAX, "The follow-up")
    if err:
        checked.errors["follow_up"] = err
    v["follow_up_due"] = (form.get("follow_up_due") or "").strip()
    due = None
    if v["follow_up_due"]:
        due, err = parse_date(v["follow_up_due"], today, allow_future=True, label="The due date")
        if err:
            checked.errors["follow_up_due"] = err
        elif date and due < date:
            checked.errors["follow_up_due"] = "The follow-up cannot fall due before the 1:1."
    elif v["follow_up"]:
        checked.errors["follow_up_due"] = "Give the follow-up a due date."
    v["themes"] = [str(t) for t in chosen_themes]
    ids, unknown = theme_ids(chosen_themes, themes)
    if unknown:
        checked.errors["themes"] = "Unknown theme: " + ", ".join(unknown[:5]) + "."
    consent = {"recorded": people.yes(form.get("consent_recorded")), "named": people.yes(form.get("consent_named")),
               "contact": people.yes(form.get("consent_contact")), "date": today}
    for key in ("recorded", "named", "contact"):
        v[f"consent_{key}"] = consent[key]

    a = _side(store, "a", form, areas, checked, today, None)
    b = _side(store, "b", form, areas, checked, today, consent)
    if a and b and a == b:
        checked.errors["b_name"] = "A person cannot have a 1:1 with themselves."
    if checked.errors or checked.suggestions:
        checked.people = []
        return checked
    meeting_id = "oto-" + people.new_id("m")[2:]
    b_is_new = any(p["id"] == b for p in checked.people)
    # Consent at a 1:1 with someone already recorded: the API's explicit 'consent' object sets it
    # (given and withdrawn); the form and the command line only add what was given (an unticked
    # box means "not asked", never a silent withdrawal: withdrawals are dated on their page).
    explicit = people.yes(form.get("consent_explicit"))
    checked.consent_update = {"mode": "new" if b_is_new else ("explicit" if explicit else "give"),
                              "values": {k: consent[k] for k in ("recorded", "named", "contact")}}
    checked.meeting = {"a": a, "b": b, "consent": consent if b_is_new else None,
                       "props": {"id": meeting_id, "date": date, "by": a, "themes": ids, "notes": v["notes"],
                                 "place": v["place"], "follow_up": v["follow_up"], "follow_up_due": due,
                                 "recorded_by": by, "recorded": dt.datetime.now(dt.timezone.utc).isoformat()}}
    return checked


class NotWritten(RuntimeError):
    """The meeting could not be written (a person vanished in the meantime); nothing was."""


def record(store: Store, checked: Checked, via: str | None = None) -> dict:
    """Write the new people and the meeting in one transaction, with the consent the person met
    gave (kept dated) and audit entries for both people; returns the ids."""
    from mapper.privacy import audit, consent as consent_module

    assert checked.ok and checked.meeting
    m = checked.meeting
    recorded_by = m["props"].get("recorded_by")
    via = via or ("cli" if recorded_by == "cli" else "web")
    actor = audit.cli_actor() if recorded_by == "cli" or not recorded_by else recorded_by
    audit.init(store)

    def work(tx):
        if checked.people:
            tx.run("create_people", rows=checked.people)
        before = consent_module.current(tx, m["b"])
        created = tx.run("create_one_to_ones", rows=[checked.meeting])[0]["created"]
        if created != 1:
            raise NotWritten("One of the two people no longer exists; nothing was saved.")
        update = checked.consent_update or {"mode": "give", "values": {}}
        given = update["values"]
        if update["mode"] == "new":
            before = consent_module.NONE_GIVEN
            after = given
        elif update["mode"] == "explicit":
            after = given
        else:
            after = {s: bool(before and before[s]) or bool(given.get(s)) for s in consent_module.SCOPES}
            # A ticked box never brings back consent to be kept on record once it was withdrawn.
            after["recorded"] = bool(before and before["recorded"])
        if before is not None:
            consent_module.write_in(tx, m["b"], before, after, m["consent"]["date"] if m["consent"] else dt.date.today(),
                                    actor, via, "one_to_one")
        audit.record_in(tx, actor, "one_to_one", [m["a"], m["b"]], via, None)

    store.transaction(work)
    consent_module.forget_cached_network()
    return {"id": m["props"]["id"], "a": m["a"], "b": m["b"], "new_people": [p["id"] for p in checked.people]}
