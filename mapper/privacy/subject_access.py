"""Subject access: everything held about one person, as one JSON document.

The export holds every property of their node as stored, their labels, their consent (where it
stands and every dated change), every relationship with all its properties (1:1s with notes and
follow-ups, memberships, the assets they run, volunteer at or attend, themes they champion,
their area) and the other end's id and name, any erasure requests, and every audit entry about
them (who viewed or changed their record, and when). Records merged into theirs are included
by id. The other people named are third parties: an admin reads the file before sending it.

>>> plain({"a": [1, None]})
{'a': [1, None]}
"""
from __future__ import annotations

import datetime as dt
import json
import math

from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from mapper.directory import suggesters as directory_suggestions
from mapper.privacy import audit, consent
from mapper.db.schema import ASSET_KINDS, NODE_LABELS, PERSON_ROLES
from mapper.db.store import Store

FORMAT = "community-mapper-subject-access"
VERSION = 1
OTHER_LABELS = list(NODE_LABELS) + list(ASSET_KINDS) + list(PERSON_ROLES)


class NoSuchPerson(LookupError):
    pass


def plain(value):
    """A stored value as JSON: dates and times as ISO 8601 text, points as latitude/longitude."""
    if isinstance(value, (DateTime, Date, Time)):
        return value.iso_format()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Point):
        return {"latitude": value.y, "longitude": value.x} if getattr(value, "srid", None) == 4326 else list(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def export(store: Store, person_id: str, actor: str, via: str = "web") -> dict:
    """Everything held about ``person_id``; the export itself is recorded in the audit trail
    first (and so appears in it). Raises NoSuchPerson."""
    found = store.read_one("subject_access_person", id=person_id)
    if found is None:
        raise NoSuchPerson(person_id)
    audit.record(store, actor, "subject_access", person_id, via)
    props = found["properties"]
    ids = [person_id] + list(props.get("merged_from") or [])
    themes = {t["id"]: t["name"] for t in store.read("list_themes")}
    one_to_ones, relationships = [], []
    for rel in store.read("subject_access_relationships", id=person_id, labels=OTHER_LABELS):
        other = {"id": rel["other_id"], "name": rel["other_name"], "labels": rel["other_labels"]}
        body = plain(rel["properties"])
        if rel["type"] == "ONE_TO_ONE":
            body["theme_names"] = [themes.get(t, t) for t in body.get("themes") or []]
            one_to_ones.append({"role": "held the 1:1" if rel["outgoing"] else "was met", "with": other, **body})
        else:
            relationships.append({"type": rel["type"], "direction": "outgoing" if rel["outgoing"] else "incoming",
                                  "other": other, "properties": body})
    state = consent.status(store, person_id)
    return {
        "format": FORMAT, "version": VERSION,
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "generated_by": actor,
        "person": {"id": person_id, "labels": found["labels"], "properties": plain(props)},
        "consent": {"current": state["scopes"], "history": state["history"]} if state else None,
        "one_to_ones": one_to_ones,
        "relationships": relationships,
        "erasure_requests": store.read("erasure_requests_for", ids=ids),
        "audit": audit.about(store, ids),
        # Suggestions to the directory left with their email or phone, not yet handled by a steward.
        "directory_suggestions": directory_suggestions.for_contacts(store, [props.get("email"), props.get("phone")]),
    }


def to_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False)


def summary(document: dict) -> dict:
    """Counts for the admin page."""
    return {"properties": len(document["person"]["properties"]), "one_to_ones": len(document["one_to_ones"]),
            "relationships": len(document["relationships"]),
            "consent_changes": len((document["consent"] or {}).get("history") or []),
            "audit_entries": len(document["audit"]), "erasure_requests": len(document["erasure_requests"]),
            "directory_suggestions": len(document.get("directory_suggestions") or [])}


def export_for_contact(store: Store, contact: str, actor: str) -> dict:
    """What is held about someone known only by a contact they left (an e-mail or a phone, however
    it is written): the suggestions to the directory left with it and not yet handled. No person
    record is needed (a suggester may be no one the network knows); a person's own export lists
    these too."""
    return {
        "format": FORMAT, "version": VERSION,
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "generated_by": actor,
        "contact": contact,
        "directory_suggestions": directory_suggestions.for_contacts(store, [contact]),
    }
