"""The graph model: the allow-lists of labels and relationship types (the only values a query may
set dynamically), and its constraints and indexes (``mapper init``: safe to run any number of times).

Imported by most of the domain, so it needs nothing at import but the named-query loader: ``init``
is given the store (a ``mapper.db.store.Store``).
"""
from __future__ import annotations

from mapper.db import queries

NODE_LABELS = ("Person", "Organisation", "Asset", "Theme", "Area")
ASSET_KINDS = ("ListeningHub", "Hub", "PeerSupportGroup")
PERSON_ROLES = ("Organiser", "Champion", "PeerSupporter")
RELATIONSHIP_TYPES = (
    "ONE_TO_ONE", "MEMBER_OF", "RUNS", "VOLUNTEERS_AT", "ATTENDS", "CHAMPIONS",
    "PARTNERS_WITH", "INTRODUCES_TO", "ADDRESSES", "IN_AREA",
)
# Relationships that make up the network the Collaborative reads (themes and areas are not people's links).
NETWORK_TYPES = ("ONE_TO_ONE", "MEMBER_OF", "RUNS", "VOLUNTEERS_AT", "ATTENDS", "PARTNERS_WITH", "INTRODUCES_TO")


# Queries of schema.cypher that init does not run as steps of its own.
NOT_STEPS = ("schema_overview", "schema_indexes", "name_search_updated_in_commit", "drop_name_search",
             "index_name_search_in_commit")


def init(store) -> list[str]:
    """Create every constraint and index of ``cypher/schema.cypher`` (the audit trail's, consent
    history's and erasure requests' among them); returns their query names."""
    if any(row["in_commit"] for row in store.read("name_search_updated_in_commit")):
        store.autocommit("drop_name_search")  # made again below, eventually consistent
    names = []
    for query in queries.in_file("schema.cypher"):
        if query.name in NOT_STEPS:
            continue
        store.autocommit(query.name)
        names.append(query.name)
    return names
