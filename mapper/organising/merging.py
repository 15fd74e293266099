"""Merging two records of the same person (an admin's act): every relationship, 1:1 and dated
consent change of the duplicate moves onto the record kept, in one transaction, and the merge is
audited for both ids."""
from __future__ import annotations

from mapper.db.schema import PERSON_ROLES, RELATIONSHIP_TYPES
from mapper.privacy import audit, consent


class MergeError(ValueError):
    pass


def merge(store, keep: str, drop: str, actor: str | None = None, via: str = "cli") -> dict:
    """Move every relationship and 1:1 of ``drop`` onto ``keep`` and delete ``drop``, in one
    transaction. A 1:1 between the two records themselves is dropped (it would be a self-meeting).
    The consent history of ``drop`` moves to ``keep``, and the merge is audited for both ids.
    An erased record on either side is refused (MergeError): merging into one would put personal
    data where no erasure reaches it again, and merging one away would lose the placeholder.
    ``store`` is a ``mapper.db.store.Store``."""
    if keep == drop:
        raise MergeError("Choose two different people.")

    def work(tx):
        for person_id, side in ((keep, "kept"), (drop, "merged into the other")):
            if consent.erased(tx, person_id):
                raise MergeError(f"{person_id} is an erased record: it cannot be {side}. Nothing was merged "
                                 "(an erased record holds nothing personal and takes nothing new).")
        rows = tx.run("merge_people", keep=keep, drop=drop, types=list(RELATIONSHIP_TYPES), roles=list(PERSON_ROLES))
        if rows:
            tx.run("consent_rekey", keep=keep, drop=drop)
            who = actor or audit.cli_actor()
            audit.record_in(tx, who, "merged", keep, via, "the record kept")
            audit.record_in(tx, who, "merged", drop, via, "the record merged into the one kept")
        return rows

    rows = store.transaction(work)
    if not rows:
        raise MergeError("One of the two people no longer exists.")
    return rows[0]
