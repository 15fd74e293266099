"""A 1:1's own fields (date, place, notes, follow-up and when it falls due, themes), checked the
same way whether they come from the form, the API, the command line or a row of a CSV import.

>>> parse_date("2024-03-12", today=dt.date(2025, 1, 1))
(datetime.date(2024, 3, 12), None)
>>> parse_date("12/03/2024", today=dt.date(2025, 1, 1))[0]
datetime.date(2024, 3, 12)
>>> parse_date("2030-01-01", today=dt.date(2025, 1, 1))[1]
'The date cannot be in the future.'
>>> values, errors = check_meeting({"date": "2025-03-01", "follow_up": "Ring her"}, dt.date(2025, 6, 1))
>>> values["date"], errors
(datetime.date(2025, 3, 1), {'follow_up_due': 'Give the follow-up a due date.'})
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from mapper.organising.person_fields import CONTROL

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
    if CONTROL.search(text.replace("\t", " ")):
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


def check_meeting(fields: Mapping, today: dt.date | None = None, due_needed: bool = True) -> tuple[dict, dict]:
    """The date, place, notes, follow-up and its due date of a 1:1 (themes are checked by
    ``theme_ids``). Returns the values as they will be kept and the errors by field.

    A follow-up typed into the form needs a due date (``due_needed``); a CSV's rows may leave it out."""
    today = today or dt.date.today()
    values: dict = {}
    errors: dict[str, str] = {}
    values["date"], err = parse_date(fields.get("date"), today)
    if err:
        errors["date"] = err
    for key, limit, label in (("place", PLACE_MAX, "The place"), ("notes", NOTES_MAX, "The notes"),
                              ("follow_up", FOLLOW_UP_MAX, "The follow-up")):
        values[key], err = check_text(fields.get(key), limit, label)
        if err:
            errors[key] = err
    values["follow_up_due"] = None
    if (fields.get("follow_up_due") or "").strip():
        due, err = parse_date(fields["follow_up_due"], today, allow_future=True, label="The due date")
        if err:
            errors["follow_up_due"] = err
        elif values["date"] and due < values["date"]:
            errors["follow_up_due"] = "The follow-up cannot fall due before the 1:1."
        else:
            values["follow_up_due"] = due
    elif values["follow_up"] and due_needed:
        errors["follow_up_due"] = "Give the follow-up a due date."
    return values, errors
