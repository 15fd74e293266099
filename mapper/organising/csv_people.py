"""Matching the people in a CSV of 1:1s: against everyone already in the graph (by id, email,
phone, or name and area) and against the new people earlier in the same file, so that nobody is
created twice.

A side's cells (id, name, email, phone, area) are matched once per distinct value: an organiser on
200 rows is looked up once, and the same cells always resolve to the same person (a new person
found again by the same cells is the one made the first time)."""
from __future__ import annotations

from operator import itemgetter
from typing import Callable

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

    def __init__(self, everyone: list[list], areas: list[dict], id_prefix: str = "p"):
        """``everyone``: the graph's people as the ``people_keys`` query gives them."""
        self.id_prefix = id_prefix
        self.by_id, self.by_email, self.by_phone, self.by_name = {}, {}, {}, {}
        for pid, name, area_id, email, phone, _active in everyone:
            self.by_id[pid] = name
            if email:
                self.by_email.setdefault(email.lower(), pid)
            for key in phone_keys(phone):
                self.by_phone.setdefault(key, pid)
            self.by_name.setdefault(name_key(name), []).append((pid, area_id, (email or "").lower()))
        self.new: dict[tuple, dict] = {}
        self.made: list[dict] = []  # the new people, in the order they were first found
        self._made_ids: set[str] = set()
        self.new_by_email: dict[str, tuple] = {}
        self.new_by_phone: dict[str, tuple] = {}
        self.areas = {}
        for a in areas:
            for key in (a["id"], a["name"], a.get("code")):
                if key:
                    self.areas[key.lower()] = a["id"]
        self._resolved: dict[str, dict] = {"organiser": {}, "person": {}}
        self._cells: dict[str, Callable[[dict], object]] = {}

    def resolve(self, cells: dict, side: str, row_no: int, plan: Plan) -> tuple[str, str] | None:
        """('existing', id) or ('new', id) for one side of a row; None (and problems) when it cannot."""
        side_cells = self._cells.get(side)
        if side_cells is None:  # every row has the same columns: the side's cells, read at C speed
            present = [f"{side}_{f}" for f in ("id", "name", "email", "phone", "area") if f"{side}_{f}" in cells]
            side_cells = self._cells[side] = itemgetter(*present) if present else (lambda _cells: ())
        key = side_cells(cells)
        resolved = self._resolved[side]
        found = resolved.get(key)
        if found is None:
            found = self._resolve(cells, side, row_no, plan)
            if found is not None:  # a side that cannot be resolved is checked (and reported) every time
                resolved[key] = found
        return found

    def _resolve(self, cells: dict, side: str, row_no: int, plan: Plan) -> tuple[str, str] | None:
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
            person = person_row(self._unused_id(), name, area, email, phone)
            person["row"] = row_no
            self.new[key] = person
            self.made.append(person)
        if email:
            self.new_by_email.setdefault(email, key)
        for pk in phone_keys(phone):
            self.new_by_phone.setdefault(pk, key)
        return "new", person["id"]

    def _unused_id(self) -> str:
        """A new person's id that no one in the graph or the file has (random ids of 40 bits meet
        once in about a thousand files of 50,000 new people, which the graph would then refuse)."""
        pid = new_id(self.id_prefix)
        while pid in self.by_id or pid in self._made_ids:
            pid = new_id(self.id_prefix)
        self._made_ids.add(pid)
        return pid
