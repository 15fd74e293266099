"""A person's fields as typed into a form, the API, the command line or a CSV: the checks every
way in shares, and the keys people are matched by. Pure functions: no store, no imports of the
project (every module that records people builds on this one).

>>> lucene_query("Amina Yu")
'amina* AND yu*'
>>> lucene_query('a+b "(x)"')
'a\\\\+b* AND \\\\"\\\\(x\\\\)\\\\"*'
>>> phone_keys("+44 7700 900-123")
['+447700900123', '07700900123']
>>> check_person({"name": " Grace  Adeyemi ", "email": "G@Example.org", "area": "area-x"}, {"area-x"})
({'name': 'Grace Adeyemi', 'email': 'g@example.org', 'phone': None, 'area': 'area-x'}, {})
>>> sorted(check_person({"name": "", "phone": "call me", "area": "moon"}, {"area-x"})[1])
['area', 'name', 'phone']
"""
from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Mapping

NAME_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 40
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{6,}$")
LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def new_id(prefix: str = "p") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def lucene_query(text: str, fuzzy: bool = False) -> str:
    """Every word of ``text`` as an escaped prefix term (or a fuzzy one), all required."""
    terms = [LUCENE_SPECIAL.sub(r"\\\1", word.lower()) for word in (text or "").split()][:8]
    if fuzzy:
        return " OR ".join(f"{t}~1" if len(t) > 3 else t for t in terms)
    return " AND ".join(f"{t}*" for t in terms)


_PHONE_PUNCTUATION = re.compile(r"[\s()\-]")


def phone_keys(phone: str | None) -> list[str]:
    """The phone number without spaces or punctuation, in its +44 and 0 forms."""
    if not phone:
        return []
    digits = _PHONE_PUNCTUATION.sub("", phone)
    if not digits:
        return []
    keys = [digits]
    if digits.startswith("+44"):
        keys.append("0" + digits[3:])
    elif digits.startswith("0"):
        keys.append("+44" + digits[1:])
    return keys


def name_key(name: str | None) -> str:
    """A name folded for comparison: case, accents and spacing ignored.

    >>> name_key("  Amína   YUSUF ")
    'amina yusuf'
    """
    text = name or ""
    if not text.isascii():  # (ASCII has no accents to drop: most names, at C speed)
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def _text(value) -> str:
    """What was sent, as text: anything that is not text (a number, a list from JSON) counts as empty."""
    return value if isinstance(value, str) else ""


def check_name(value: str | None, label: str = "Name") -> tuple[str, str | None]:
    value = " ".join(_text(value).split())
    if not value:
        return value, f"{label} is needed."
    if len(value) > NAME_MAX:
        return value, f"{label} is too long ({len(value)} characters; at most {NAME_MAX})."
    if CONTROL.search(value):
        return value, f"{label} contains control characters."
    return value, None


def check_email(value: str | None) -> tuple[str | None, str | None]:
    value = _text(value).strip()
    if not value:
        return None, None
    if len(value) > EMAIL_MAX or not EMAIL.match(value):
        return value, "This is not an email address."
    return value.lower(), None


def check_phone(value: str | None) -> tuple[str | None, str | None]:
    value = " ".join(_text(value).split())
    if not value:
        return None, None
    if len(value) > PHONE_MAX or not PHONE.match(value):
        return value, "This is not a phone number (digits, spaces and an optional leading +)."
    return value, None


def check_area(value, area_ids) -> tuple[str | None, str | None]:
    """An area id from the list (``area_ids``), or none."""
    value = _text(value).strip()
    if not value:
        return None, None
    if value not in area_ids:
        return value, "Choose an area from the list."
    return value, None


def check_person(fields: Mapping, area_ids, label: str = "Name") -> tuple[dict, dict]:
    """Check a new or edited person's name, email, phone and area, whichever way they came in.

    Returns the values as they will be kept (``name``, ``email``, ``phone``, ``area``) and the
    errors by field; ``fields`` may be a form, a JSON object or a CSV row's cells."""
    values, errors = {}, {}
    for key, check in (("name", lambda v: check_name(v, label)), ("email", check_email), ("phone", check_phone),
                       ("area", lambda v: check_area(v, area_ids))):
        values[key], err = check(fields.get(key))
        if err:
            errors[key] = err
    return values, errors


def yes(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "y", "yes", "true", "on"}


def person_row(person_id: str, name: str, area: str | None = None, email: str | None = None,
               phone: str | None = None, consent: dict | None = None) -> dict:
    """A person as the ``create_people`` query takes them."""
    props = {"name": name, "email": email, "phone": phone}
    if consent:
        props.update({"consent_recorded": bool(consent.get("recorded")), "consent_named": bool(consent.get("named")),
                      "consent_contact": bool(consent.get("contact")), "consent_date": consent.get("date")})
    return {"id": person_id, "area": area or None, "props": props}
