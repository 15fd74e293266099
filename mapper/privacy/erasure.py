"""Erasure: an admin carries out a request to erase a person; afterwards their name, contact
details and notes are nowhere.

**What stays: an anonymous placeholder.** The person's node is kept with its random id and its
relationships, but with no personal field: its name becomes the same two words for everyone
("Erased person"), and its email, phone, consent flags, area, roles and themes championed go.
Every relationship keeps only its id and its date (a 1:1) or ``since`` (a membership, running or
attending an asset): 1:1 notes, follow-ups, places, themes and who held or recorded the meeting
are removed. Why not delete the node? The Collaborative's figures are about the network's shape:
if the person who links fourteen people to a listening hub asks to be forgotten, they have not
stopped being that link. Deleting them would make the page say those fourteen are cut off, and
would rewrite every past month of the trend. The placeholder keeps the shape true and says
nothing about who it was: the Collaborative sees "a resident", organisers "Erased person".

**Everywhere else.** In the same transaction, every text property of every node and relationship
in the graph (other people's 1:1 notes, an asset's contact line, a flag's note...) is searched
for the person's full name, email and phone (however written: any spacing, case or Unicode
compatibility form; the phone with any punctuation, in its +44 or 0 form) and each one found is replaced by
``[erased]``; the full-text index follows the nodes it indexes. Their dated consent history is
deleted. Uploaded CSV files waiting in ``var/imports`` that mention them are deleted (the
organiser uploads again). Exports (directory CSV, GeoJSON, Open Referral UK; the Collaborative's
CSVs) are made from the graph when asked for, so they hold the placeholder only; the
Collaborative's cached network is cleared at once. The app logs no names, contact details or
notes (ids only), so there is nothing to take out of them.

**What is kept about the erasure.** The erasure request (person id, dates, which accounts asked
and carried it out) and audit entries (person id only: the audit trail is append-only and never
held personal data). The person's id is also appended to ``var/erasures.txt`` (ids and dates
only): a backup taken before the erasure still holds the person, so after restoring one run
``mapper erase --reapply`` to carry out every recorded erasure again.

Accounts are not people in the network: an account whose email is the erased person's is left
for an admin to remove (``erase`` reports it).

>>> redact("Met Grace  Adeyemi (grace@example.org, 07700 900-002) at the hub", "Grace Adeyemi",
...        "grace@example.org", "+44 7700 900002")
'Met [erased] ([erased], [erased]) at the hub'
>>> redact("Amina's note", "Ami", None, None)
"Amina's note"
"""
from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from mapper.directory import suggesters as directory_suggesters
from mapper.privacy import audit, text_match
from mapper.config import IMPORTS_DIR, VAR_DIR
from mapper.db.store import Store

PLACEHOLDER = "Erased person"
REDACTED = text_match.REDACTED
REGISTER = Path(VAR_DIR) / "erasures.txt"


class ErasureError(ValueError):
    pass


class NoSuchPerson(LookupError):
    pass


def redact(text: str, name: str | None, email: str | None, phone: str | None) -> str:
    """The text with the person's name, email and phone, however written, replaced by ``[erased]``
    (see ``mapper.privacy.text_match``: one normalisation for the search and the redaction)."""
    return text_match.redact(text, name, email, phone)


@dataclass
class Erasure:
    person: str
    one_to_ones: int
    relationships: int
    consent_changes: int
    texts_redacted: int
    import_files_removed: int
    account_with_same_email: bool

    def as_dict(self) -> dict:
        return asdict(self)


def request(store: Store, person_id: str, actor: str, via: str = "web", reason: str = "asked for by the person") -> dict:
    """Open an erasure request (one pending per person); returns it."""
    request_id = "er-" + uuid.uuid4().hex[:12]

    def work(tx):
        rows = tx.run("erasure_request_open", person=person_id, id=request_id, actor=actor.lower(), reason=reason)
        if not rows:
            raise NoSuchPerson(person_id)
        if rows[0]["created"]:
            audit.record_in(tx, actor, "erasure_requested", person_id, via, "reason request")
        return rows[0]

    return store.transaction(work)


def requests(store: Store, state: str | None = None, limit: int = 500) -> list[dict]:
    return store.read("erasure_requests", state=state, limit=limit)


def cancel(store: Store, request_id: str, actor: str, via: str = "web") -> dict | None:
    def work(tx):
        rows = tx.run("erasure_cancel_request", id=request_id, actor=actor.lower())
        if rows:
            audit.record_in(tx, actor, "erasure_cancelled", rows[0]["person"], via, None)
        return rows[0] if rows else None

    return store.transaction(work)


def _redactions(found: list[dict], name, email, phone) -> tuple[list[dict], list[dict]]:
    nodes, rels = [], []
    for row in found:
        value = row["value"]
        new = [redact(v, name, email, phone) for v in value] if isinstance(value, list) \
            else redact(value, name, email, phone)
        if new != value:
            (nodes if row["kind"] == "node" else rels).append({"eid": row["eid"], "key": row["key"], "value": new})
    return nodes, rels


def _remove_import_files(name, email, phone) -> int:
    """Uploaded CSVs waiting for confirmation that mention the person are deleted."""
    removed = 0
    if not Path(IMPORTS_DIR).is_dir():
        return 0
    for path in Path(IMPORTS_DIR).iterdir():
        if not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        if redact(text, name, email, phone) != text:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _register(person_id: str) -> None:
    REGISTER.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(REGISTER, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(f"{person_id}\t{dt.date.today().isoformat()}\n")


def registered() -> list[str]:
    """The ids of every person erased here (from var/erasures.txt), oldest first."""
    if not REGISTER.exists():
        return []
    ids = [line.split("\t", 1)[0].strip() for line in REGISTER.read_text(encoding="utf-8").splitlines()]
    return list(dict.fromkeys(i for i in ids if i))


def erase(store: Store, person_id: str, actor: str, via: str = "web") -> Erasure:
    """Carry out the erasure of one person, all in one transaction (see the module's docstring).
    Raises NoSuchPerson, or ErasureError when the record is already an erased placeholder."""

    def work(tx):
        rows = tx.run("erasure_personal_values", id=person_id)
        if not rows:
            raise NoSuchPerson(person_id)
        person = rows[0]
        if person["erased"]:
            raise ErasureError("This record was already erased.")
        name, email, phone = person["name"], person["email"], person["phone"]
        # Suggestions they left for the directory's stewards go whole, with their contact (before
        # the redaction below, which would otherwise leave them with "[erased]" for a contact).
        directory_suggesters.erase_in(tx, [email, phone])
        terms = text_match.search_terms(name, email, phone)
        wanted = terms["words"] or terms["email"] or terms["phones"]
        found = tx.run("erasure_find_text", **terms) if wanted else []
        found = [row for row in found if row["eid"] != person["eid"]]  # their own node is replaced whole
        nodes, rels = _redactions(found, name, email, phone)
        if nodes:
            tx.run("erasure_redact_nodes", rows=nodes)
        if rels:
            tx.run("erasure_redact_relationships", rows=rels)
        done = tx.run("erase_person", id=person_id, placeholder=PLACEHOLDER)[0]
        tx.run("erasure_request_done", person=person_id, id="er-" + uuid.uuid4().hex[:12], actor=actor.lower(),
               reason="carried out at once")
        same_email = bool(email) and bool(tx.run("account_by_email_exists", email=email.lower()))
        audit.record_in(tx, actor, "erased", person_id, via,
                        f"one_to_ones {done['one_to_ones']}; links {done['relationships']}; "
                        f"texts redacted {len(nodes) + len(rels)}")
        return person, done, len(nodes) + len(rels), same_email

    person, done, redacted, same_email = store.transaction(work)
    files = _remove_import_files(person["name"], person["email"], person["phone"])
    _register(person_id)
    return Erasure(person_id, done["one_to_ones"], done["relationships"], done["consent_changes"], redacted, files,
                   same_email)


def reapply(store: Store, actor: str, via: str = "cli") -> list[str]:
    """Erase again everyone in the register who is back with personal data (after a restore
    from a backup taken before their erasure). Returns their ids."""
    again = []
    for person_id in registered():
        rows = store.read("erasure_personal_values", id=person_id)
        if rows and not rows[0]["erased"]:
            erase(store, person_id, actor, via)
            again.append(person_id)
    return again
