"""Matching the people in a CSV of 1:1s: against everyone already in the graph (by id, email,
phone, or name and area) and against the new people earlier in the same file, so that nobody is
created twice."""
from __future__ import annotations

from mapper.organising.csv_format import Plan
from mapper.organising.person_fields import (
    check_email,
    check_name,
    check_phone,
    name_key,
    new_id,
    person_row,
    phone_keys,
)


class People:
    """The people already in the graph, indexed for matching, and the new ones in the file."""

    def __init__(self, store, areas: list[dict], id_prefix: str = "p"):
        self.id_prefix = id_prefix
        self.by_id, self.by_email, self.by_phone, self.by_name = {}, {}, {}, {}
        for row in store.read("people_keys"):
            self.by_id[row["id"]] = row["name"]
            if row["email"]:
                self.by_email.setdefault(row["email"].lower(), row["id"])
            for key in phone_keys(row["phone"]):
                self.by_phone.setdefault(key, row["id"])
            self.by_name.setdefault(name_key(row["name"]), []).append(
                (row["id"], row["area_id"], (row["email"] or "").lower()))
        self.new: dict[tuple, dict] = {}
        self.new_by_email: dict[str, tuple] = {}
        self.new_by_phone: dict[str, tuple] = {}
        self.areas = {}
        for a in areas:
            for key in (a["id"], a["name"], a.get("code")):
                if key:
                    self.areas[key.lower()] = a["id"]

    def resolve(self, cells: dict, side: str, row_no: int, plan: Plan) -> tuple[str, str] | None:
        """('existing', id) or ('new', id) for one side of a row; None (and problems) when it cannot."""
        get = lambda f: cells.get(f"{side}_{f}", "")  # noqa: E731
        pid = get("id").strip()
        if pid:
            if pid not in self.by_id:
                plan.problem(row_no, f"{side}_id", f"No person has the id '{pid}'.")
                return None
            return "existing", pid
        name, err = check_name(get("name"), "The name")
        if err:
            plan.problem(row_no, f"{side}_name", err if name else f"Give the {side}'s name or id.")
            return None
        email, err = check_email(get("email"))
        if err:
            plan.problem(row_no, f"{side}_email", err)
            return None
        phone, err = check_phone(get("phone"))
        if err:
            plan.problem(row_no, f"{side}_phone", err)
            return None
        area = None
        if get("area").strip():
            area = self.areas.get(get("area").strip().lower())
            if area is None:
                plan.problem(row_no, f"{side}_area", f"Unknown area '{get('area').strip()}'.")
                return None
        if email and email in self.by_email:
            return "existing", self.by_email[email]
        for key in phone_keys(phone):
            if key in self.by_phone:
                return "existing", self.by_phone[key]
        nkey = name_key(name)
        # the same name is the same person unless both have an email and the emails differ
        same_name = [(pid, a) for pid, a, known_email in self.by_name.get(nkey, [])
                     if not (email and known_email and known_email != email)]
        in_area = [pid for pid, a in same_name if area and a == area]
        if len(in_area) == 1 or (not area and len(same_name) == 1):
            return "existing", (in_area or [same_name[0][0]])[0]
        if not area and len(same_name) > 1:
            plan.problem(row_no, f"{side}_name", f"{len(same_name)} people are called '{name}': add their area, "
                                                 "email or id to say which.")
            return None
        if len(in_area) > 1:
            plan.problem(row_no, f"{side}_name", f"{len(in_area)} people called '{name}' live in that area: add "
                                                 "their email or id to say which.")
            return None
        # a new person: the same email, phone, or name and area elsewhere in the file is the same person
        key = None
        if email and email in self.new_by_email:
            key = self.new_by_email[email]
        for pk in phone_keys(phone):
            if key is None and pk in self.new_by_phone:
                key = self.new_by_phone[pk]
        if key is None:
            key = ("email", email) if email else (("phone", phone_keys(phone)[0]) if phone
                                                  else ("name", nkey, area))
        person = self.new.get(key)
        if person is None:
            person = person_row(new_id(self.id_prefix), name, area, email, phone)
            person["row"] = row_no
            self.new[key] = person
        if email:
            self.new_by_email.setdefault(email, key)
        for pk in phone_keys(phone):
            self.new_by_phone.setdefault(pk, key)
        return "new", person["id"]
