"""What /healthz and `mapper neo4j status` report about the database."""
from __future__ import annotations

from mapper.db.store import Store


def report(store: Store) -> dict:
    version = store.read_one("neo4j_version")
    counts = store.read_one("graph_counts")
    return {"status": "ok", "neo4j": {"version": version["version"], "edition": version["edition"],
                                      "uri": store.target.uri},
            "nodes": counts["nodes"], "relationships": counts["relationships"]}
