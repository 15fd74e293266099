"""The people who suggested changes to the directory, by the contact they left (personal data):
their waiting suggestions found by an e-mail or phone however it was written (the normalisation of
``mapper.privacy.text_match``: "07700 900456", "+44 7700-900456" and "(07700) 900 456" are one
number), listed in a subject access export, and deleted with an erasure. No person record is
needed: a suggester may be no one the network knows.

>>> contact_terms(" A@B.org "), contact_terms("+44 (0)7700 900-456"), contact_terms("hi")
(('a@b.org', None), (None, '+44 (0)7700 900-456'), (None, None))
>>> holds("Call me: 07700 900456 after 5", None, "+447700900456"), holds("0770090045612", None, "07700900456")
(True, False)
>>> holds("Sam <sam@x.org>", "SAM@x.org", None), holds("bsam@x.org", "sam@x.org", None)
(True, False)
"""
from __future__ import annotations

import json
import re
from typing import Callable, Iterable

from mapper.db.store import Store
from mapper.privacy import text_match

_EMAIL_CHARS = r"[\w.+'-]"


def _decoded(row: dict) -> dict:
    row["fields"] = json.loads(row["fields"] or "{}")
    return row


def contact_terms(contact: str | None) -> tuple[str | None, str | None]:
    """``(email, phone)`` for a contact an admin searches by: an e-mail (folded) or a phone number."""
    text = (contact or "").strip()
    if "@" in text:
        email = text_match.fold(text)
        return (email, None) if len(email) >= 3 else (None, None)
    return (None, text) if text_match.national_digits(text) else (None, None)


def holds(contact: str | None, email: str | None, phone: str | None) -> bool:
    """Whether a suggester's contact holds this e-mail (as a whole address) or phone (the same number)."""
    folded = text_match.fold(contact)
    needle = text_match.fold(email)
    if len(needle) >= 3 and re.search(rf"(?<!{_EMAIL_CHARS}){re.escape(needle)}(?!{_EMAIL_CHARS})", folded):
        return True
    national = text_match.national_digits(phone)
    return bool(national) and any(text_match.national_digits(contact[s:e]) == national
                                  for s, e in text_match.spans(contact or "", None, None, phone))


def matching(run: Callable[..., list[dict]], email: str | None = None, phone: str | None = None) -> list[dict]:
    """Suggestions whose contact holds this e-mail or phone; ``run`` runs a named query (a store's
    ``read`` or a transaction's ``run``)."""
    terms = text_match.search_terms(None, email, phone)
    if not terms["email"] and not terms["phones"]:
        return []
    rows = run("suggestions_matching_contact", email=terms["email"], phones=terms["phones"],
               unusual=terms["unusual"])
    return [_decoded(r) for r in rows if holds(r["contact"], email, phone)]


def _each(run, contacts: Iterable[str | None]) -> list[dict]:
    found: dict[str, dict] = {}
    for contact in contacts:
        email, phone = contact_terms(contact)
        for row in matching(run, email, phone):
            found.setdefault(row["id"], row)
    return sorted(found.values(), key=lambda r: r["created"] or "")


def for_contacts(store: Store, contacts: Iterable[str | None]) -> list[dict]:
    """Suggestions left with any of these contacts (e-mails or phones): a subject access export lists them."""
    return _each(store.read, contacts)


def erase_in(tx, contacts: Iterable[str | None]) -> int:
    """Inside a transaction: delete the suggestions left with any of these contacts; how many."""
    ids = [r["id"] for r in _each(tx.run, contacts)]
    return tx.run("delete_suggestions_by_id", ids=ids)[0]["deleted"] if ids else 0


def erase_for_contacts(store: Store, contacts: Iterable[str | None]) -> int:
    """Delete the suggestions left with any of these contacts, in one transaction; how many."""
    return store.transaction(lambda tx: erase_in(tx, list(contacts)))
