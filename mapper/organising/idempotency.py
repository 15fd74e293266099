"""Idempotency keys for saving a 1:1: a client that did not hear the answer (a phone that lost its
signal) sends the same save again with the same ``Idempotency-Key``, and gets the first save's
answer instead of a second 1:1. Keys are kept in Neo4j (one ``:IdempotencyKey`` node each, unique),
so every app process honours them; each is scoped to the account that sent it and kept hashed.
A key sent again with a different 1:1 is refused. Keys are forgotten after ``KEEP_DAYS``.

>>> problem("abc"), problem(""), problem("x" * 201)[:20], problem("caf\\u00e9")[:20]
(None, 'The Idempotency-Key is empty.', 'The Idempotency-Key ', 'The Idempotency-Key ')
>>> scoped("a@example.org", "k1") == scoped("a@example.org", "k1") != scoped("b@example.org", "k1")
True
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from neo4j.exceptions import ConstraintError

KEEP_DAYS = 30
KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class KeyReused(ValueError):
    """The key was used before for a different 1:1."""


def problem(key: str | None) -> str | None:
    if not key:
        return "The Idempotency-Key is empty."
    if not KEY.match(key):
        return "The Idempotency-Key must be 1 to 200 printable ASCII characters (a UUID is ideal)."
    return None


def scoped(account: str, key: str) -> str:
    return hashlib.sha256(f"{(account or '').lower()}\n{key}".encode()).hexdigest()


def fingerprint(fields: dict, themes, close=()) -> str:
    """What was asked for, to tell a retry from a different 1:1 sent under the same key."""
    kept = {k: (v if isinstance(v, (bool, int)) else str(v or "").strip()) for k, v in fields.items()
            if k not in ("csrf_token", "idempotency_key") and not k.startswith("close_follow_up")}
    return hashlib.sha256(json.dumps([sorted(kept.items()), sorted(map(str, themes or [])),
                                      sorted(map(str, close or []))]).encode()).hexdigest()


def answer(store_or_tx, key: str, fingerprint_now: str | None = None) -> dict | None:
    """The first save's answer for this scoped key, or None. KeyReused if it was another 1:1."""
    run = store_or_tx.read if hasattr(store_or_tx, "read") else store_or_tx.run
    rows = run("idempotency_key_find", key=key)
    if not rows:
        return None
    row = rows[0]
    if fingerprint_now and row["fingerprint"] and row["fingerprint"] != fingerprint_now:
        raise KeyReused("This Idempotency-Key was already used for a different 1:1: send a new key.")
    return {"id": row["id"], "a": row["a"], "b": row["b"], "new_people": list(row["new_people"] or []),
            "closed_follow_ups": [], "replayed": True}


def keep_in(tx, key: str, fingerprint_now: str | None, result: dict) -> None:
    tx.run("idempotency_key_keep", key=key, id=result["id"], a=result["a"], b=result["b"],
           new_people=result["new_people"], fingerprint=fingerprint_now)


def purge(store, now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(dt.timezone.utc)
    return store.write("idempotency_keys_purge", before=now - dt.timedelta(days=KEEP_DAYS))[0]["purged"]


def collided(exc: BaseException) -> bool:
    """Whether a failed save lost the race to another with the same key (the key's constraint)."""
    return isinstance(exc, ConstraintError)
