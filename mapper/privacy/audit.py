"""The audit trail: who (the account's email) viewed or changed which person's record, and when.

One ``:AuditEntry`` node per person per event, with a uniqueness constraint on its id. The trail
is append-only: the application has a query that creates entries and queries that read them, and
no query that changes or deletes one. An entry holds the person's id, never their name, contact
details or notes; its ``detail`` is built by the code from fixed words and ids only, and
``record`` refuses anything else.

This module sits at the bottom of every change that is audited, so it imports nothing of the
project: ``store`` below is a ``mapper.db.store.Store`` and ``tx`` the ``Tx`` it hands to a
transaction.

>>> check_detail("scope named; date 2025-03-01")
'scope named; date 2025-03-01'
>>> check_detail("Amina Yusuf")
Traceback (most recent call last):
...
ValueError: audit detail may hold only fixed words and ids, not 'Amina Yusuf'
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from mapper.numeric import parse_number

ACTIONS = {
    "viewed": "viewed the record",
    "edited": "edited their details",
    "deactivated": "deactivated them",
    "reactivated": "reactivated them",
    "merged": "merged records",
    "linked": "linked them to an organisation or asset",
    "unlinked": "removed a link",
    "one_to_one": "recorded a 1:1 with them",
    "follow_up": "closed, snoozed or reassigned a follow-up",
    "consent_given": "recorded consent given",
    "consent_withdrawn": "recorded consent withdrawn",
    "erasure_requested": "asked for erasure",
    "erasure_cancelled": "cancelled an erasure request",
    "erased": "erased them",
    "subject_access": "exported everything held about them",
}
VIA = ("web", "api", "cli")
DETAIL = re.compile(r"^[a-z0-9 _:;,.\-]*$")  # fixed words, ids and dates: no capitals, no @, no quotes
PER_PAGE = 50


def cli_actor() -> str:
    """Who runs a command line: there is no account, so the local user name."""
    import getpass

    try:
        return "cli:" + getpass.getuser().lower()
    except (KeyError, OSError):
        return "cli"


def check_detail(detail: str | None) -> str | None:
    if detail is None:
        return None
    if len(detail) > 200 or not DETAIL.match(detail):
        raise ValueError(f"audit detail may hold only fixed words and ids, not {detail!r}")
    return detail


def rows(actor: str, action: str, people: list[str], via: str = "web", detail: str | None = None) -> list[dict]:
    """Audit rows for one event touching one or more people (the same event id for all)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if via not in VIA:
        raise ValueError(f"unknown audit channel {via!r}")
    detail = check_detail(detail)
    event = uuid.uuid4().hex
    return [{"id": uuid.uuid4().hex, "event": event, "actor": (actor or "unknown").strip().lower()[:254],
             "action": action, "person": person, "via": via, "detail": detail}
            for person in dict.fromkeys(p for p in people if p)]


def record(store, actor: str, action: str, people: list[str] | str, via: str = "web",
           detail: str | None = None) -> int:
    """Append one entry per person for an event, in its own transaction."""
    found = rows(actor, action, [people] if isinstance(people, str) else list(people), via, detail)
    if not found:
        return 0
    return store.write("audit_append", rows=found)[0]["written"]


def record_in(tx, actor: str, action: str, people: list[str] | str, via: str = "web",
              detail: str | None = None) -> None:
    """Append entries inside a transaction that makes the change itself (all or nothing)."""
    found = rows(actor, action, [people] if isinstance(people, str) else list(people), via, detail)
    if found:
        tx.run("audit_append", rows=found)


@dataclass
class Filters:
    person: str | None = None
    account: str | None = None
    action: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1

    def params(self) -> dict:
        since = dt.datetime.combine(self.date_from, dt.time(), dt.timezone.utc) if self.date_from else None
        until = (dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
                 if self.date_to else None)
        return {"people": [self.person] if self.person else None,
                "actor": self.account.strip().lower() if self.account else None,
                "action": self.action or None, "since": since, "until": until}

    def args(self) -> dict:
        """As query arguments (for the page's links)."""
        out = {"person": self.person, "account": self.account, "action": self.action,
               "from": self.date_from.isoformat() if self.date_from else None,
               "to": self.date_to.isoformat() if self.date_to else None}
        return {k: v for k, v in out.items() if v}


def parse_filters(args) -> tuple[Filters, dict]:
    """Filters from query arguments (person, account, action, from, to, page); errors by field."""
    errors: dict[str, str] = {}
    f = Filters()
    person = (args.get("person") or "").strip()
    if person:
        if len(person) > 100 or not re.match(r"^[A-Za-z0-9_.:\-]+$", person):
            errors["person"] = "a person's id, e.g. p-1a2b3c4d5e"
        else:
            f.person = person
    account = (args.get("account") or "").strip()
    if account:
        if len(account) > 254:
            errors["account"] = "at most 254 characters"
        else:
            f.account = account
    action = (args.get("action") or "").strip()
    if action:
        if action not in ACTIONS:
            errors["action"] = "one of: " + ", ".join(ACTIONS)
        else:
            f.action = action
    for key, attr in (("from", "date_from"), ("to", "date_to")):
        raw = (args.get(key) or "").strip()
        if raw:
            try:
                setattr(f, attr, dt.date.fromisoformat(raw))
            except ValueError:
                errors[key] = f"'{raw[:40]}' is not a date (use YYYY-MM-DD)"
            else:
                if not dt.date(2000, 1, 1) <= getattr(f, attr) <= dt.date(2999, 12, 31):
                    errors[key] = "choose a date from 2000 onwards"
                    setattr(f, attr, None)
    if f.date_from and f.date_to and f.date_to < f.date_from:
        errors["to"] = "the end comes before the start"
    raw = (args.get("page") or "1").strip()
    page = parse_number(raw, 1, 1_000_000)
    if page is None:
        errors["page"] = "a page number from 1"
    else:
        f.page = page
    return f, errors


def entries(store, filters: Filters | None = None, per_page: int = PER_PAGE) -> dict:
    """One page of entries (newest first) and how many match in all."""
    filters = filters or Filters()
    params = filters.params()
    total = store.read_one("audit_count", **params)["total"]
    found = store.read("audit_entries", skip=(filters.page - 1) * per_page, limit=per_page, **params)
    for row in found:
        row["action_words"] = ACTIONS.get(row["action"], row["action"])
    pages = max(1, -(-total // per_page))
    return {"entries": found, "total": total, "page": filters.page, "pages": pages, "per_page": per_page}


def about(store, person_ids: list[str], limit: int = 10_000) -> list[dict]:
    """Every entry about these people (newest first), for a subject access export."""
    return store.read("audit_entries", people=list(person_ids), actor=None, action=None, since=None, until=None,
                      skip=0, limit=limit)


def accounts(store) -> list[str]:
    return [row["actor"] for row in store.read("audit_accounts")]
