"""People in the network: find them as you type, suggest likely duplicates, create and edit them,
and deactivate them. (Their fields are checked in ``person_fields``; merging duplicates is in
``merging``, links to organisations and assets in ``places``; the checked, audited changes a
page or the API asks for are in ``person_record``.)

It imports only ``person_fields``: ``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from mapper.organising.person_fields import (  # noqa: F401  (the fields' rules are people's too)
    CONTROL, EMAIL_MAX, NAME_MAX, PHONE_MAX, check_area, check_email, check_name, check_person, check_phone,
    lucene_query, name_key, new_id, person_row, phone_keys, yes)


# ---- finding ---------------------------------------------------------------------------------
def search(store, text: str, limit: int = 10, kind: str = "person") -> list[dict]:
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


def suggest_matches(store, name: str, area_id: str | None = None, email: str | None = None,
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
def create(store, name: str, area: str | None = None, email: str | None = None,
           phone: str | None = None) -> str:
    person_id = new_id()
    store.write("create_people", rows=[person_row(person_id, name, area, email, phone)])
    return person_id


def update(store, person_id: str, form: dict) -> tuple[dict, dict]:
    """Check and save a person's details. Returns (values as kept, to show again; errors by field)."""
    values = {"name": form.get("name", ""), "email": form.get("email", ""), "phone": form.get("phone", ""),
              "area": form.get("area", "") or "", "consent_recorded": yes(form.get("consent_recorded")),
              "consent_named": yes(form.get("consent_named")), "consent_contact": yes(form.get("consent_contact"))}
    clean, errors = check_person(values, {a["id"] for a in store.read("list_areas")})
    values["name"] = clean["name"]
    if errors:
        return values, errors
    found = store.write("update_person", id=person_id, name=clean["name"], email=clean["email"], phone=clean["phone"],
                        area=values["area"], consent_recorded=values["consent_recorded"],
                        consent_named=values["consent_named"], consent_contact=values["consent_contact"])
    if not found:
        errors["name"] = "This person no longer exists."
    return values, errors


def set_active(store, person_id: str, active: bool) -> bool:
    return bool(store.write("set_person_active", id=person_id, active=active))




def listing(store, skip: int = 0, limit: int = 100) -> list[dict]:
    """Active people by name, with their area, roles and how many 1:1s (never contact details)."""
    return store.read("list_people", skip=skip, limit=limit)


def check_new(store, fields, area_ids, label: str = "Name", create_new: bool = False) -> tuple[dict, dict, list]:
    """A new person as typed (name, email, phone, area): every field checked, and unless
    ``create_new`` the people already recorded who may be the same one. Returns the values as
    they will be kept, the errors by field and the likely duplicates. The 1:1 form, the API and
    the command line all add people through this."""
    values, errors = check_person(fields, area_ids, label)
    if errors or create_new:
        return values, errors, []
    return values, errors, suggest_matches(store, values["name"], values["area"], values["email"], values["phone"])
