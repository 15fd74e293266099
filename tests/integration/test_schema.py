"""The schema: uniqueness on every id, a point index, a full-text index; idempotent."""
from __future__ import annotations

import pytest
from neo4j.exceptions import ConstraintError

from mapper.db import schema


def test_init_is_idempotent(store):
    first = schema.init(store)
    second = schema.init(store)
    assert first == second
    names = {row["name"] for row in store.read("schema_overview")}
    assert {"person_id", "organisation_id", "asset_id", "theme_id", "area_id", "account_email"} <= names


@pytest.mark.parametrize("upsert,create,row", [
    ("upsert_people", "create_person", {"id": "p-1", "roles": [], "props": {"name": "Grace"}}),
    ("upsert_organisations", "create_organisation", {"id": "org-1", "props": {"name": "Certitude"}}),
    ("upsert_assets", "create_asset",
     {"id": "asset-1", "kind": "ListeningHub", "lat": 51.47, "lon": -0.07, "props": {"name": "Hub"}}),
])
def test_constraints_reject_a_duplicate_id(empty_store, upsert, create, row):
    empty_store.write(upsert, rows=[row])
    # MERGE finds the existing node: writing it again creates no second one.
    empty_store.write(upsert, rows=[row])
    # A CREATE with the same id is refused by the uniqueness constraint.
    with pytest.raises(ConstraintError):
        empty_store.write(create, id=row["id"], name="A second one")
    assert empty_store.read_one("graph_counts")["nodes"] == 1


def test_point_and_full_text_indexes_exist(store):
    indexes = {r["name"]: r["type"] for r in store.read("schema_indexes")}
    assert indexes.get("asset_location") == "POINT"
    assert indexes.get("name_search") == "FULLTEXT"


def test_an_older_name_index_is_made_again_and_a_name_written_is_found_at_once(empty_store):
    """name_search is eventually consistent (Lucene updated just after a commit); a database whose
    index was made before is brought to it by init, and every search waits for the last commits:
    a person written is found by the very next search, every time."""
    from mapper.organising import people

    empty_store.autocommit("drop_name_search")
    empty_store.autocommit("index_name_search_in_commit")
    empty_store.autocommit("restore_await_indexes", seconds=60)
    assert [row["in_commit"] for row in empty_store.read("name_search_updated_in_commit")] == [True]
    schema.init(empty_store)
    assert [row["in_commit"] for row in empty_store.read("name_search_updated_in_commit")] == [False]
    for n in range(25):
        empty_store.write("create_person", id=f"p-fresh-{n}", name=f"Zebedee Quartermaine{n}")
        found = [row["id"] for row in people.search(empty_store, f"zebedee quartermaine{n}")]
        assert found == [f"p-fresh-{n}"], n
