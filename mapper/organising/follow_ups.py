"""Follow-ups as a loop: each 1:1's follow-up belongs to someone (who held the 1:1, unless it was
given to another person), is listed to them overdue first and then due soon, and is closed
("done"), snoozed to a later date or reassigned, here, on the organisers' pages and through
``/api/follow-ups``. A follow-up is known by its 1:1's id. A new 1:1 with someone offers to close
the follow-ups still open with them (``open_with``; ``one_to_one.record`` closes those chosen).

Every change is audited for both people of the 1:1 (fixed words and ids only).
``store`` is a ``mapper.db.store.Store``.

>>> parse_day("2030-02-03", dt.date(2030, 1, 1))
(datetime.date(2030, 2, 3), None)
>>> parse_day("2029-12-31", dt.date(2030, 1, 1))[1]
'Snooze to a day after today.'
"""
from __future__ import annotations

import datetime as dt

from mapper.organising.meeting_fields import parse_date
from mapper.privacy import audit, consent

SOON_DAYS = 14
SNOOZE_MAX_DAYS = 366
PAGE = 25


class FollowUpError(ValueError):
    """A change that cannot be made; ``field`` says which input is at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NoSuchFollowUp(LookupError):
    pass


def parse_day(value, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A day to snooze to: after today, within a year."""
    day, err = parse_date(str(value or ""), today, allow_future=True, label="The day")
    if err:
        return None, err
    if day <= today:
        return None, "Snooze to a day after today."
    if day > today + dt.timedelta(days=SNOOZE_MAX_DAYS):
        return None, "Snooze to a day within a year."
    return day, None


def mine(store, person_id: str, today: dt.date | None = None, limit: int = PAGE, skip: int = 0) -> dict:
    """A person's open follow-ups: those overdue (oldest first) and, listed apart so that a long
    overdue list never hides them, those due in the next two weeks."""
    today = today or dt.date.today()
    until = today + dt.timedelta(days=SOON_DAYS)
    overdue = store.read("follow_ups_mine", id=person_id, today=today, since=None,
                         until=today - dt.timedelta(days=1), skip=skip, limit=limit + 1)
    soon = store.read("follow_ups_mine", id=person_id, today=today, since=today, until=until, skip=0, limit=limit)
    return {"overdue": overdue[:limit], "more_overdue": len(overdue) > limit, "due_soon": soon}


def everyone(store, today: dt.date | None = None, limit: int = PAGE, skip: int = 0) -> dict:
    """Everyone's open follow-ups, overdue and due soon, each list paged."""
    today = today or dt.date.today()
    until = today + dt.timedelta(days=SOON_DAYS)
    overdue = store.read("follow_ups_all", today=today, since=None, until=today - dt.timedelta(days=1),
                         skip=skip, limit=limit + 1)
    soon = store.read("follow_ups_all", today=today, since=today, until=until, skip=0, limit=limit)
    return {"overdue": overdue[:limit], "more_overdue": len(overdue) > limit, "due_soon": soon}


def open_with(store, person_id: str, today: dt.date | None = None, limit: int = 20) -> list[dict]:
    """The follow-ups still open from 1:1s with this person (to offer closing them at a new 1:1)."""
    if not person_id:
        return []
    return store.read("follow_ups_open_with", id=person_id, today=today or dt.date.today(), limit=limit)


def get(store, follow_up_id: str, today: dt.date | None = None) -> dict | None:
    return store.read_one("follow_up_by_id", id=follow_up_id, today=today or dt.date.today())


def change(store, follow_up_id: str, actor: str, via: str = "web", done: bool | None = None,
           snooze_until=None, assign_to: str | None = None, today: dt.date | None = None) -> dict:
    """Close (``done=True``; ``False`` opens it again), snooze to a later day and/or give it to
    another person, in one transaction, audited for both people of the 1:1. Returns the follow-up
    as it now stands. Raises NoSuchFollowUp, or FollowUpError naming the field at fault."""
    today = today or dt.date.today()
    found = get(store, follow_up_id, today)
    if found is None:
        raise NoSuchFollowUp(follow_up_id)
    if done is None and snooze_until in (None, "") and not assign_to:
        raise FollowUpError("done", "Say what to do: done, snooze_until or assign_to.")
    day = None
    if snooze_until not in (None, ""):
        day, err = parse_day(snooze_until, today)
        if err:
            raise FollowUpError("snooze_until", err)
    if assign_to:
        owner = store.read("people_exist", ids=[assign_to])
        if not owner:
            raise FollowUpError("assign_to", "No such person to give it to.")
        if consent.erased(store, assign_to):
            raise FollowUpError("assign_to", "That record was erased: give it to someone else.")
    words = []

    def work(tx):
        if day is not None:
            tx.run("follow_up_snooze", id=follow_up_id, until=day)
            words.append(f"snoozed to {day.isoformat()}")
        if assign_to:
            tx.run("follow_up_assign", id=follow_up_id, owner=assign_to)
            words.append(f"given to {assign_to}")
        if done is True:
            tx.run("follow_up_done", ids=[follow_up_id], day=today, actor=actor)
            words.append("done")
        elif done is False:
            tx.run("follow_up_reopen", id=follow_up_id)
            words.append("opened again")
        audit.record_in(tx, actor, "follow_up", [found["a_id"], found["b_id"]], via,
                        "follow-up " + "; ".join(words))

    store.transaction(work)
    return get(store, follow_up_id, today)


def closable(store, chosen, person_id: str, today: dt.date | None = None) -> tuple[list[str], str | None]:
    """The follow-ups chosen for closing at a new 1:1 with ``person_id``: only those still open
    from 1:1s with that person are taken; an error names any other."""
    ids = [str(c).strip() for c in (chosen or []) if str(c).strip()]
    if not ids:
        return [], None
    open_ids = {f["id"] for f in open_with(store, person_id, today, limit=200)}
    unknown = [i for i in ids if i not in open_ids]
    if unknown:
        return [], "A follow-up chosen to close is not open with this person any more: look again."
    return list(dict.fromkeys(ids)), None


def close_in(tx, ids: list[str], actor: str, via: str, people: list[str], today: dt.date | None = None) -> None:
    """Close follow-ups inside the transaction that records a new 1:1 (see ``one_to_one.record``)."""
    if not ids:
        return
    tx.run("follow_up_done", ids=ids, day=today or dt.date.today(), actor=actor)
    audit.record_in(tx, actor, "follow_up", people, via, "follow-up done at a new 1:1")
