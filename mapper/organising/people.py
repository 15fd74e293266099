"""People in the network: find them as you type, suggest likely duplicates, create, edit,
deactivate and merge them, and link them to organisations and assets.

>>> lucene_query("Amina Yu")
'amina* AND yu*'
>>> lucene_query('a+b "(x)"')
'a\\\\+b* AND \\\\"\\\\(x\\\\)\\\\"*'
>>> phone_keys("+44 7700 900-123")
['+447700900123', '07700900123']
"""
from __future__ import annotations

import difflib
import re
import unicodedata
import uuid
from dataclasses import dataclass, field

from mapper.db.schema import ASSET_KINDS, PERSON_ROLES, RELATIONSHIP_TYPES
from mapper.db.store import Store

NAME_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 40
PLACE_LINKS = ("RUNS", "VOLUNTEERS_AT", "ATTENDS", "MEMBER_OF")
PLACE_KINDS = ("Organisation",) + ASSET_KINDS
LINK_WORDS = {"RUNS": "runs", "VOLUNTEERS_AT": "volunteers at", "ATTENDS": "attends", "MEMBER_OF": "member of"}
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


def phone_keys(phone: str | None) -> list[str]:
    """The phone number without spaces or punctuation, in its +44 and 0 forms."""
    digits = re.sub(r"[\s()\-]", "", phone or "")
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
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


# ---- checking what people type ----------------------------------------------------------------
def check_name(value: str | None, label: str = "Name") -> tuple[str, str | None]:
    value = " ".join((value or "").split())
    if not value:
        return value, f"{label} is needed."
    if len(value) > NAME_MAX:
        return value, f"{label} is too long ({len(value)} characters; at most {NAME_MAX})."
    if CONTROL.search(value):
        return value, f"{label} contains control characters."
    return value, None


def check_email(value: str | None) -> tuple[str | None, str | None]:
    value = (value or "").strip()
    if not value:
        return None, None
    if len(value) > EMAIL_MAX or not EMAIL.match(value):
        return value, "This is not an email address."
    return value.lower(), None


def check_phone(value: str | None) -> tuple[str | None, str | None]:
    value = " ".join((value or "").split())
    if not value:
        return None, None
    if len(value) > PHONE_MAX or not PHONE.match(value):
        return value, "This is not a phone number (digits, spaces and an optional leading +)."
    return value, None


def yes(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "y", "yes", "true", "on"}


# ---- finding ---------------------------------------------------------------------------------
def search(store: Store, text: str, limit: int = 10, kind: str = "person") -> list[dict]:
    """People (or organisations and assets: kind 'place') whose names start with the typed words."""
    query = lucene_query(text)
    if not query:
        return []
    rows = store.read("search_names", lucene=query, limit=limit, kind=kind)
    for row in rows:
        row.pop("score", None)
    return rows


@dataclass
class Match:
    id: str
    name: str
    area: str | None
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "area": self.area, "reasons": self.reasons}


def suggest_matches(store: Store, name: str, area_id: str | None = None, email: str | None = None,
                    phone: str | None = None, limit: int = 5) -> list[dict]:
    """People who may already be the one about to be created: the same email or phone, or the
    same or a similar name (in the same area, or anywhere when the name is the same)."""
    wanted = name_key(name)
    rows = store.read("person_match_candidates", email=(email or "").strip().lower() or None,
                      phones=phone_keys(phone), lucene=lucene_query(name, fuzzy=True) if wanted else "")
    found: list[tuple[float, Match]] = []
    for row in rows:
        reasons, score = [], 0.0
        if "email" in row["why"]:
            reasons.append("same email")
            score += 3
        if "phone" in row["why"]:
            reasons.append("same phone")
            score += 3
        similarity = difflib.SequenceMatcher(None, wanted, name_key(row["name"])).ratio() if wanted else 0.0
        same_area = bool(area_id) and row["area_id"] == area_id
        if similarity == 1.0:
            reasons.append("same name" + (" in the same area" if same_area else ""))
            score += 2 + same_area
        elif similarity >= 0.8 and (same_area or not area_id):
            reasons.append("similar name" + (" in the same area" if same_area else ""))
            score += 1 + similarity + same_area
        if reasons:
            found.append((score, Match(row["id"], row["name"], row["area"], reasons)))
    found.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [m.as_dict() for _, m in found[:limit]]


# ---- writing ----------------------------------------------------------------------------------
def person_row(person_id: str, name: str, area: str | None = None, email: str | None = None,
               phone: str | None = None, consent: dict | None = None) -> dict:
    props = {"name": name, "email": email, "phone": phone}
    if consent:
        props.update({"consent_recorded": bool(consent.get("recorded")), "consent_named": bool(consent.get("named")),
                      "consent_contact": bool(consent.get("contact")), "consent_date": consent.get("date")})
    return {"id": person_id, "area": area or None, "props": props}


def create(store: Store, name: str, area: str | None = None, email: str | None = None,
           phone: str | None = None) -> str:
    person_id = new_id()
    store.write("create_people", rows=[person_row(person_id, name, area, email, phone)])
    return person_id


def update(store: Store, person_id: str, form: dict) -> tuple[dict, dict]:
    """Check and save a person's details. Returns (values as kept, errors by field)."""
    errors: dict[str, str] = {}
    values = {"name": form.get("name", ""), "email": form.get("email", ""), "phone": form.get("phone", ""),
              "area": form.get("area", "") or "", "consent_recorded": yes(form.get("consent_recorded")),
              "consent_named": yes(form.get("consent_named")), "consent_contact": yes(form.get("consent_contact"))}
    values["name"], err = check_name(values["name"])
    if err:
        errors["name"] = err
    email, err = check_email(values["email"])
    if err:
        errors["email"] = err
    phone, err = check_phone(values["phone"])
    if err:
        errors["phone"] = err
    areas = {a["id"] for a in store.read("list_areas")}
    if values["area"] and values["area"] not in areas:
        errors["area"] = "Choose an area from the list."
    if errors:
        return values, errors
    found = store.write("update_person", id=person_id, name=values["name"], email=email, phone=phone,
                        area=values["area"], consent_recorded=values["consent_recorded"],
                        consent_named=values["consent_named"], consent_contact=values["consent_contact"])
    if not found:
        errors["name"] = "This person no longer exists."
    return values, errors


def set_active(store: Store, person_id: str, active: bool) -> bool:
    return bool(store.write("set_person_active", id=person_id, active=active))


class MergeError(ValueError):
    pass


def merge(store: Store, keep: str, drop: str, actor: str | None = None, via: str = "cli") -> dict:
    """Move every relationship and 1:1 of ``drop`` onto ``keep`` and delete ``drop``, in one
    transaction. A 1:1 between the two records themselves is dropped (it would be a self-meeting).
    The consent history of ``drop`` moves to ``keep``, and the merge is audited for both ids."""
    from mapper.privacy import audit

    if keep == drop:
        raise MergeError("Choose two different people.")
    audit.init(store)

    def work(tx):
        rows = tx.run("merge_people", keep=keep, drop=drop, types=list(RELATIONSHIP_TYPES), roles=list(PERSON_ROLES))
        if rows:
            tx.run("consent_rekey", keep=keep, drop=drop)
            who = actor or audit.cli_actor()
            audit.record_in(tx, who, "merged", keep, via, "the record kept")
            audit.record_in(tx, who, "merged", drop, via, "the record merged into the one kept")
        return rows

    rows = store.transaction(work)
    if not rows:
        raise MergeError("One of the two people no longer exists.")
    from mapper.privacy.consent import forget_cached_network

    forget_cached_network()
    return rows[0]


class PlaceError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


def create_place(store: Store, kind: str, name: str, area: str | None = None) -> dict:
    """A new organisation, hub, listening hub or peer-support group."""
    if kind not in PLACE_KINDS:
        raise PlaceError("kind", f"Choose one of: {', '.join(PLACE_KINDS)}.")
    name, err = check_name(name)
    if err:
        raise PlaceError("name", err)
    labels = ["Organisation"] if kind == "Organisation" else ["Asset", kind]
    prefix = "org" if kind == "Organisation" else "asset"
    return store.write("create_place", id=new_id(prefix), name=name, labels=labels, area=area or None)[0]


def link(store: Store, person_id: str, link_type: str, place_id: str, role: str | None = None) -> str:
    """Link a person to an organisation or asset (runs, volunteers at, attends, member of)."""
    if link_type not in PLACE_LINKS:
        raise PlaceError("link", f"Choose one of: {', '.join(LINK_WORDS[t] for t in PLACE_LINKS)}.")
    import datetime as dt

    rows = store.write("link_person_to_place", person=person_id, place=place_id, type=link_type,
                       since=dt.date.today(), role=(role or None))
    if not rows:
        raise PlaceError("place", "No such person, organisation or asset.")
    return rows[0]["id"]
