"""What an organiser sees of their work: the organisers' overview (recent 1:1s, follow-ups due,
the people), "My network" (the 1:1s they held, their follow-ups, the people they met and the
themes that come up) and a person's neighbourhood two steps out. No contact details anywhere
here; ``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import datetime as dt

from mapper.accounts import users
from mapper.db.schema import NETWORK_TYPES
from mapper.organising import follow_ups, people_list


def overview(store, me: str | None, today: dt.date | None = None) -> dict:
    """The organisers' front page: my follow-ups (overdue, then due in the next two weeks; the
    signed-in account's person is ``me``), the latest 1:1s and how many people there are. People
    are found with the search and listed a page at a time (``people_list``), never all here."""
    return {"recent": store.read("recent_one_to_ones", limit=15),
            "follow_ups": follow_ups.mine(store, me, today) if me else None,
            "people_count": store.read_one("count_active_people")["people"]}


def organisers(store) -> list[dict]:
    """Everyone with the Organiser role, by name (to choose who "me" is)."""
    return [{"id": row["id"], "name": row["name"]} for row in store.read("list_organisers")]


def person_exists(store, person_id: str) -> bool:
    return bool(person_id) and bool(store.read("people_exist", ids=[person_id]))


def person_with_email(store, email: str) -> str | None:
    """The id of the person recorded with this email (an organiser signing in), if any."""
    for row in store.read("person_match_candidates", email=(email or "").lower(), phones=[], lucene=""):
        return row["id"]
    return None


def person_of_account(store, email: str) -> str | None:
    """The person a signed-in account is: its link (set once), or else the one person recorded with
    the account's email, which then becomes its link. None: not known yet (chosen on "My network")."""
    linked = users.linked_person(store, email)
    if linked:
        return linked
    found = person_with_email(store, email)
    if found:
        try:
            users.link_person(store, email, found)
        except users.AccountError:
            return None
    return found


def my_network(store, person_id: str, today: dt.date | None = None, page: int = 1) -> dict | None:
    """An organiser's own network: who they are, the 1:1s they held or took part in, their
    follow-ups (overdue, then due in two weeks), the people they met (a page at a time) and the
    themes that come up."""
    me = store.read_one("person_by_id", id=person_id)
    if me is None:
        return None
    return {"me": {"id": me["id"], "name": me["name"], "area": me["area"]},
            "meetings": store.read("my_one_to_ones", id=person_id, limit=50),
            "follow_ups": follow_ups.mine(store, person_id, today),
            "met": people_list.met_by(store, person_id, page),
            "themes": store.read("my_themes", id=person_id)}


def neighbourhood(store, person_id: str, limit: int = 150) -> dict | None:
    """A person's neighbourhood two steps out over the network's relationships: the nodes (id,
    name, kind, step) and the links among them. None: no such person."""
    rows = store.read("neighbourhood", id=person_id, types=list(NETWORK_TYPES), limit=limit)
    return rows[0] if rows else None
