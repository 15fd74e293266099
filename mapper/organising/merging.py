"""Merging two records of the same person: every relationship, 1:1 and dated consent change of the
duplicate moves onto the record kept, in one transaction, with the fields chosen one by one from
either record; follow-ups owned by the duplicate and an account linked to it move too, and the
merge is audited for both ids. Who may merge whom is ``duplicates.may_merge``."""
from __future__ import annotations

from mapper.db.schema import PERSON_ROLES, RELATIONSHIP_TYPES
from mapper.privacy import audit, consent

FIELDS = ("name", "email", "phone", "area")
WORDS = {"name": "Name", "email": "E-mail", "phone": "Phone", "area": "Area"}


class MergeError(ValueError):
    pass


def side_by_side(store, keep: str, drop: str) -> dict | None:
    """Both records' fields, for choosing field by field, contact details only as consent allows
    (a held value not shown can still be chosen). None: either is missing."""
    rows = {r["id"]: r for r in store.read("merge_side_by_side", ids=[keep, drop])}
    if keep not in rows or drop not in rows:
        return None
    shown = {}
    for key, row in (("keep", rows[keep]), ("drop", rows[drop])):
        view = consent.shown_contact(row)
        view["email_held"], view["phone_held"] = bool(row["email"]), bool(row["phone"])
        shown[key] = view
    return shown


def merge(store, keep: str, drop: str, actor: str | None = None, via: str = "cli",
          choose: dict | None = None) -> dict:
    """Move every relationship and 1:1 of ``drop`` onto ``keep`` and delete ``drop``, in one
    transaction. A 1:1 between the two records themselves is dropped (it would be a self-meeting).
    The consent history of ``drop`` moves to ``keep``, and the merge is audited for both ids.
    ``choose`` maps each of FIELDS to "keep" or "drop": whose value the merged record takes (by
    default the kept record's, with the duplicate's where the kept one has none).
    An erased record on either side is refused (MergeError): merging into one would put personal
    data where no erasure reaches it again, and merging one away would lose the placeholder.
    ``store`` is a ``mapper.db.store.Store``."""
    if keep == drop:
        raise MergeError("Choose two different people.")
    choose = {k: v for k, v in (choose or {}).items() if k in FIELDS}
    if any(v not in ("keep", "drop") for v in choose.values()):
        raise MergeError("Choose each field from one record or the other.")

    def work(tx):
        for person_id, side in ((keep, "kept"), (drop, "merged into the other")):
            if consent.erased(tx, person_id):
                raise MergeError(f"{person_id} is an erased record: it cannot be {side}. Nothing was merged "
                                 "(an erased record holds nothing personal and takes nothing new).")
        before = {r["id"]: r for r in tx.run("merge_side_by_side", ids=[keep, drop])}
        rows = tx.run("merge_people", keep=keep, drop=drop, types=list(RELATIONSHIP_TYPES), roles=list(PERSON_ROLES))
        if rows:
            if choose and keep in before and drop in before:
                picked = {f: before[drop if choose.get(f) == "drop" else keep] for f in FIELDS}
                tx.run("merge_chosen_fields", keep=keep, name=picked["name"]["name"],
                       email=picked["email"]["email"] if "email" in choose else
                       (before[keep]["email"] or before[drop]["email"]),
                       phone=picked["phone"]["phone"] if "phone" in choose else
                       (before[keep]["phone"] or before[drop]["phone"]),
                       area_set="area" in choose, area=picked["area"]["area_id"])
            tx.run("consent_rekey", keep=keep, drop=drop)
            tx.run("follow_ups_rekey", keep=keep, drop=drop)
            who = actor or audit.cli_actor()
            audit.record_in(tx, who, "merged", keep, via, "the record kept")
            audit.record_in(tx, who, "merged", drop, via, "the record merged into the one kept")
        return rows

    rows = store.transaction(work)
    if not rows:
        raise MergeError("One of the two people no longer exists.")
    return rows[0]
