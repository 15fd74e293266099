"""Consent, per person and per scope, with the date it was given or withdrawn.

Three scopes: to be **kept on record** here (``recorded``), to be **named to the Collaborative**
(``named``) and to be **contacted** (``contact``). The person's node holds where each stands now
(``consent_recorded``, ``consent_named``, ``consent_contact`` and ``consent_date``, the date
consent was last given); every change is also kept, dated, as a ``:ConsentChange`` (person id,
scope, given or withdrawn, the date the person said so, when it was recorded and by which
account), so that the page can say "named to the Collaborative: withdrawn 3 March 2025".

What each scope changes:

- ``named``: the Collaborative's pages, API and CSV exports name a person only with it; without
  it they appear as a role and an area. The network projection is cached for a few seconds, so
  every change here clears that cache at once.
- ``contact``: without it their email and phone are not shown on their page or in the API (they
  are kept, for finding duplicates, until the record is erased).
- ``recorded``: withdrawing it withdraws the other two as well and opens an **erasure request**
  for an admin to carry out (see ``mapper.erasure``): erasing is an admin's act, recorded in the
  audit trail, and cannot be undone, so an organiser's withdrawal queues it rather than doing it.

Consent cannot be given to be named or contacted without consent to be kept on record.

>>> changes({"recorded": True, "named": True, "contact": False}, {"recorded": True, "named": False, "contact": True})
[('named', False), ('contact', True)]
>>> without_record({"recorded": False, "named": True, "contact": True})
['named', 'contact']
>>> settle({"recorded": False, "named": True, "contact": True})
{'recorded': False, 'named': False, 'contact': False}
>>> shown_contact({"email": "a@b.org", "phone": "0770", "consent_contact": False})
{'email': None, 'phone': None, 'consent_contact': False}

It imports only the audit trail (``store`` is a ``mapper.db.store.Store``, ``tx`` its ``Tx``), so
that every service may build on it without a long chain of imports.
"""
from __future__ import annotations

import datetime as dt
import uuid

from mapper.privacy import audit

SCOPES = ("recorded", "named", "contact")
WORDS = {"recorded": "kept on record", "named": "named to the Collaborative", "contact": "may be contacted"}
NONE_GIVEN = {scope: False for scope in SCOPES}
SOURCES = ("panel", "edit", "one_to_one", "api", "cli")


class ConsentError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NoSuchPerson(LookupError):
    pass


RECORD_FIRST = ("Consent to be kept on record comes first: without it, consent to be {scope} cannot be "
                "given (record consent to be kept on record too, or leave this out).")
NO_CONTACT_KEPT = ("Contact details are kept only for someone who consents to be kept on record: record "
                   "that consent too, or leave them out.")


def without_record(state: dict) -> list[str]:
    """The scopes given (named, contact) although consent to be kept on record is not: the one
    rule every way of recording consent refuses."""
    if state.get("recorded"):
        return []
    return [scope for scope in SCOPES if scope != "recorded" and state.get(scope)]


def refusals(state: dict) -> dict[str, str]:
    """The message for each scope given without consent to be kept on record, by scope."""
    return {scope: RECORD_FIRST.format(scope=WORDS[scope].replace("may be ", "")) for scope in without_record(state)}


def settle(state: dict) -> dict:
    """Without consent to be kept on record there is no consent to be named or contacted."""
    state = {scope: bool(state.get(scope)) for scope in SCOPES}
    if not state["recorded"]:
        state["named"] = state["contact"] = False
    return state


def changes(before: dict, after: dict) -> list[tuple[str, bool]]:
    """The scopes whose consent differs, with the new value."""
    return [(scope, bool(after[scope])) for scope in SCOPES if bool(before.get(scope)) != bool(after[scope])]


def parse_date(value, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """The date the person gave or withdrew consent: today when not given; never in the future."""
    today = today or dt.date.today()
    if isinstance(value, dt.date):
        day = value
    else:
        text = (value or "").strip() if isinstance(value, str) else ""
        if not text:
            return today, None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None, "The date is not a date (write it as YYYY-MM-DD)."
    if day > today:
        return None, "The date cannot be in the future."
    if day < dt.date(1990, 1, 1):
        return None, "The date is too long ago."
    return day, None


def contact_shown(person: dict) -> bool:
    """Email and phone are shown on a page, or sent by the API, only with consent to be contacted."""
    return bool(person.get("consent_contact"))


def shown_contact(person: dict) -> dict:
    """The person with their email and phone taken out unless they consented to be contacted
    (the details stay held, for spotting duplicates, until the record is erased)."""
    shown = dict(person)
    if not contact_shown(person):
        shown["email"] = shown["phone"] = None
    return shown


def _reader(store_or_tx):
    """How to run a named query on a store (its own read transaction) or, inside a transaction, its ``tx``."""
    return store_or_tx.read if hasattr(store_or_tx, "read") else store_or_tx.run


def current(store_or_tx, person_id: str) -> dict | None:
    """Where consent stands now (and whether the record was erased); None for no such person.
    Given a store or, inside a transaction, its ``tx``."""
    rows = _reader(store_or_tx)("consent_current", id=person_id)
    return rows[0] if rows else None


def erased(store_or_tx, person_id: str) -> bool:
    """Whether the record is an erased placeholder: nothing may be recorded about it again."""
    return bool((current(store_or_tx, person_id) or {}).get("erased"))


def history(store_or_tx, person_ids: list[str]) -> list[dict]:
    return _reader(store_or_tx)("consent_history", ids=list(person_ids))


def status(store_or_tx, person_id: str) -> dict | None:
    """Where each scope stands for a person, with the date it was given or withdrawn, and the
    history newest first; None when there is no such person. Given a store or, inside a
    transaction, its ``tx``."""
    now = current(store_or_tx, person_id)
    if now is None:
        return None
    ids = [person_id] + list(now["merged_from"])
    past = history(store_or_tx, ids)
    pending = [r for r in _reader(store_or_tx)("erasure_requests_for", ids=[person_id]) if r["state"] == "pending"]
    scopes = {}
    for scope in SCOPES:
        given = now[scope]
        latest = next((h for h in past if h["scope"] == scope and h["given"] == given), None)
        scopes[scope] = {"given": given, "words": WORDS[scope],
                         "given_on": (latest["date"] if latest else now["date"]) if given else None,
                         "withdrawn_on": latest["date"] if latest and not given else None}
    return {"person": person_id, "scopes": scopes, "history": past, "erased": now["erased"],
            "erasure_pending": bool(pending), "date": now["date"]}


def write_in(tx, person_id: str, before: dict, after: dict, day: dt.date, actor: str, via: str,
             source: str, write_flags: bool = True) -> list[tuple[str, bool]]:
    """Inside a transaction: set the person's consent to ``after``, keep each change dated, add
    audit entries, and open an erasure request when consent to be kept on record is withdrawn.
    Returns the changes."""
    after = settle(after)
    found = changes(before, after)
    if not found:
        return found
    gave = any(given for _, given in found)
    if write_flags:
        tx.run("consent_set", id=person_id, given_date=day if gave else None, **after)
    actor = (actor or "unknown").strip().lower()
    tx.run("consent_log", rows=[{"id": uuid.uuid4().hex, "person": person_id, "scope": scope, "given": given,
                                 "date": day, "by": actor, "via": via, "source": source} for scope, given in found])
    for scope, given in found:
        audit.record_in(tx, actor, "consent_given" if given else "consent_withdrawn", person_id, via,
                        f"scope {scope}; date {day.isoformat()}; from {source}")
    if bool(before.get("recorded")) and not after["recorded"]:
        opened = tx.run("erasure_request_open", person=person_id, id="er-" + uuid.uuid4().hex[:12], actor=actor,
                        reason="consent to be kept on record withdrawn")
        if opened and opened[0]["created"]:
            audit.record_in(tx, actor, "erasure_requested", person_id, via, "reason consent withdrawn")
    return found


def change(store, person_id: str, scope: str, given: bool, day=None, actor: str = "", via: str = "web",
           source: str = "panel") -> dict:
    """Record consent given or withdrawn for one scope (dated ``day``, today by default).
    Returns the status afterwards. Raises ConsentError for a bad scope or date, NoSuchPerson."""
    if scope not in SCOPES:
        raise ConsentError("scope", "Choose one of: " + ", ".join(SCOPES) + ".")
    day, err = parse_date(day)
    if err:
        raise ConsentError("date", err)

    def work(tx):
        before = current(tx, person_id)
        if before is None:
            raise NoSuchPerson(person_id)
        if before["erased"]:
            raise ConsentError("scope", "This record has been erased: it holds nothing to consent to.")
        after = {s: before[s] for s in SCOPES}
        after[scope] = bool(given)
        refused = refusals(after)
        if given and scope in refused:
            raise ConsentError("scope", refused[scope])
        return write_in(tx, person_id, before, after, day, actor, via, source)

    found = store.transaction(work)
    return {"changed": [{"scope": s, "given": g} for s, g in found], **status(store, person_id)}


def log_edit(store, person_id: str, before: dict, after: dict, actor: str, via: str = "web") -> list:
    """After the edit form saved new consent flags: keep the changes dated today, with audit
    entries (and an erasure request when consent to be kept on record was withdrawn)."""
    return store.transaction(lambda tx: write_in(tx, person_id, before, after, dt.date.today(), actor, via, "edit"))
