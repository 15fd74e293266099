"""What an organiser sees of their work: the organisers' overview (recent 1:1s, follow-ups due,
the people), "My network" (the 1:1s they held, their follow-ups, the people they met and the
themes that come up) and a person's neighbourhood two steps out. No contact details anywhere
here; ``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import datetime as dt

from mapper.db.schema import NETWORK_TYPES

FOLLOW_UP_DAYS = 14


def overview(store, today: dt.date | None = None) -> dict:
    """The organisers' front page: the latest 1:1s, follow-ups due in the next two weeks (and
    overdue), and the people in the network."""
    today = today or dt.date.today()
    until = today + dt.timedelta(days=FOLLOW_UP_DAYS)
    return {"recent": store.read("recent_one_to_ones", limit=15),
            "follow_ups": store.read("follow_ups_due", today=today, until=until, limit=20),
            "people": store.read("list_people", skip=0, limit=500)}


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


def my_network(store, person_id: str, today: dt.date | None = None) -> dict | None:
    """An organiser's own network: who they are, the 1:1s they held or took part in, their
    follow-ups (overdue and due in two weeks), the people they met and the themes that come up."""
    me = store.read_one("person_by_id", id=person_id)
    if me is None:
        return None
    today = today or dt.date.today()
    until = today + dt.timedelta(days=FOLLOW_UP_DAYS)
    return {"me": {"id": me["id"], "name": me["name"], "area": me["area"]},
            "meetings": store.read("my_one_to_ones", id=person_id, limit=50),
            "follow_ups": store.read("my_follow_ups", id=person_id, today=today, until=until, limit=100),
            "met": store.read("my_people", id=person_id, limit=500),
            "themes": store.read("my_themes", id=person_id)}


def neighbourhood(store, person_id: str, limit: int = 150) -> dict | None:
    """A person's neighbourhood two steps out over the network's relationships: the nodes (id,
    name, kind, step) and the links among them. None: no such person."""
    rows = store.read("neighbourhood", id=person_id, types=list(NETWORK_TYPES), limit=limit)
    return rows[0] if rows else None
