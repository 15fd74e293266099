"""Likely duplicate people, each pair with its reason: the same e-mail, the same phone, or a
similar name in the same area. Organisers see the pairs among people they met; admins see all.
Merging a pair is ``merging``; who may merge which people is ``may_merge`` here.

>>> similar("Daniel Okafor", "Dan Okafor"), similar("Amina Yusuf", "Linh Nguyen")
(True, False)
>>> block("Jón  Smith")
('j', 'smi')
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from itertools import combinations

from mapper.accounts.roles import may
from mapper.organising.person_fields import name_key, phone_keys

SIMILAR = 0.8
MAX_BLOCK = 400  # a block of near-identical names larger than this is compared by exact name only


def similar(a: str, b: str) -> bool:
    ka, kb = name_key(a), name_key(b)
    return bool(ka and kb) and (ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= SIMILAR)


def block(name: str) -> tuple[str, str]:
    """Names compared with each other share their first initial and the first letters of their last word."""
    words = name_key(name).split()
    return (words[0][:1], words[-1][:3]) if words else ("", "")


def likely(rows: list[dict], limit: int = 200) -> list[dict]:
    """Pairs that are likely the same person, with the reasons, strongest first."""
    reasons: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_id = {r["id"]: r for r in rows}

    def note(ids: list[str], why: str) -> None:
        for x, y in combinations(sorted(set(ids))[:50], 2):
            if why not in reasons[(x, y)]:
                reasons[(x, y)].append(why)

    by_email, by_phone, by_block = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in rows:
        if r["email"]:
            by_email[r["email"].strip().lower()].append(r["id"])
        for key in phone_keys(r["phone"])[:1]:
            by_phone[key if not key.startswith("+44") else "0" + key[3:]].append(r["id"])
        if r["area_id"] and r["name"]:
            by_block[(r["area_id"], *block(r["name"]))].append(r["id"])
    for ids in by_email.values():
        note(ids, "same e-mail")
    for ids in by_phone.values():
        note(ids, "same phone")
    for ids in by_block.values():
        if len(ids) > MAX_BLOCK:
            ids = ids[:MAX_BLOCK]
        for x, y in combinations(ids, 2):
            if similar(by_id[x]["name"], by_id[y]["name"]):
                same = name_key(by_id[x]["name"]) == name_key(by_id[y]["name"])
                note([x, y], ("same name" if same else "similar name") + " in the same area")
    pairs = []
    for (x, y), why in reasons.items():
        a, b = by_id[x], by_id[y]
        pairs.append({"a": {"id": a["id"], "name": a["name"], "area": a["area"]},
                      "b": {"id": b["id"], "name": b["name"], "area": b["area"]}, "reasons": why})
    pairs.sort(key=lambda p: (-len(p["reasons"]), not any("e-mail" in w or "phone" in w for w in p["reasons"]),
                              name_key(p["a"]["name"])))
    return pairs[:limit]


def for_viewer(store, role: str, account: str, me: str | None, limit: int = 200) -> list[dict]:
    """The likely duplicates this viewer may merge: all for admins, among people they met for organisers."""
    restrict = not may(role, "merge_people")
    rows = store.read("duplicate_candidates", restrict=restrict, me=me, account=account)
    return likely(rows, limit)


def may_merge(store, role: str, account: str, me: str | None, ids: list[str]) -> bool:
    """Admins merge anyone; an organiser only people they met (a 1:1 with them, or one they recorded)."""
    if may(role, "merge_people"):
        return True
    if not may(role, "edit_people"):
        return False
    met = {r["id"] for r in store.read("people_met_by", ids=list(ids), me=me, account=account)}
    return all(i in met for i in ids)
