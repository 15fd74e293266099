"""The graph model's constraints and indexes (``mapper init``): safe to run any number of times."""
from __future__ import annotations

from mapper.db import queries
from mapper.db.store import Store

NODE_LABELS = ("Person", "Organisation", "Asset", "Theme", "Area")
ASSET_KINDS = ("ListeningHub", "Hub", "PeerSupportGroup")
PERSON_ROLES = ("Organiser", "Champion", "PeerSupporter")
RELATIONSHIP_TYPES = (
    "ONE_TO_ONE", "MEMBER_OF", "RUNS", "VOLUNTEERS_AT", "ATTENDS", "CHAMPIONS",
    "PARTNERS_WITH", "INTRODUCES_TO", "ADDRESSES", "IN_AREA",
)
# Relationships that make up the network the Collaborative reads (themes and areas are not people's links).
NETWORK_TYPES = ("ONE_TO_ONE", "MEMBER_OF", "RUNS", "VOLUNTEERS_AT", "ATTENDS", "PARTNERS_WITH", "INTRODUCES_TO")


def init(store: Store) -> list[str]:
    """Create every constraint and index of ``cypher/schema.cypher``; returns their query names."""
    names = []
    for query in queries.in_file("schema.cypher"):
        if query.name == "schema_overview":
            continue
        store.autocommit(query.name)
        names.append(query.name)
    return names
