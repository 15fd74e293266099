"""The write generation: every write that changes the graph advances it, in Neo4j, so that caches of
derived data on any number of app processes are keyed by it and nobody invalidates by hand."""
from __future__ import annotations

import pytest

from mapper.db.derived import Derived
from mapper.db.store import Store
from mapper.organising import csv_writing as writing
from mapper.organising import people
from mapper.privacy import audit, consent
from tests.integration.test_import import csv_bytes, row
from tests.integration.test_people_data import load_small


def test_a_write_advances_the_generation_and_a_read_does_not(empty_store):
    first = empty_store.generation()
    load_small(empty_store)
    after_load = empty_store.generation()
    assert after_load != first
    empty_store.read("list_people", skip=0, limit=10)
    assert empty_store.generation() == after_load
    person = people.create(empty_store, "Ada Example", None, None, None)
    assert empty_store.generation() != after_load
    assert empty_store.read_one("person_by_id", id=person)["name"] == "Ada Example"


def test_writes_that_change_nothing_derived_keep_it(empty_store):
    load_small(empty_store)
    before = empty_store.generation()
    audit.record(empty_store, "organiser@test.example.org", "viewed", "p-001", "web")  # the audit trail
    assert empty_store.generation() == before
    # a write transaction that matched nothing changed nothing
    assert not people.set_active(empty_store, "p-no-such-person", False)
    assert empty_store.generation() == before


def test_a_failed_transaction_leaves_it_as_it_was(empty_store):
    load_small(empty_store)
    before = empty_store.generation()

    def work(tx):
        tx.run("create_people", rows=[people.person_row("p-rollback", "Rolled Back")])
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        empty_store.transaction(work)
    assert empty_store.generation() == before
    assert empty_store.read_one("person_by_id", id="p-rollback") is None


def test_an_emptied_database_never_repeats_a_generation(store):
    seen = set()
    for _ in range(3):
        store.autocommit("delete_everything")  # emptying is a write too: a new epoch begins
        emptied = store.generation()
        load_small(store)
        loaded = store.generation()
        assert emptied not in seen and loaded not in seen and emptied != loaded
        seen |= {emptied, loaded}


def test_the_csv_import_and_consent_changes_advance_it(empty_store):
    load_small(empty_store)
    before = empty_store.generation()
    plan, result = writing.import_file(empty_store, csv_bytes(row()))
    assert result is not None, plan.errors
    after_import = empty_store.generation()
    assert after_import != before
    named = consent.status(empty_store, "p-001")["scopes"]["named"]["given"]
    consent.change(empty_store, "p-001", "named", not named, None, "organiser@test.example.org", "web")
    assert empty_store.generation() != after_import


def test_two_stores_agree_and_a_cache_follows_writes_made_through_the_other(neo4j_target, empty_store):
    """Two app processes are two stores on one database: a write through one is seen by the other's
    next read of derived data, with no call to clear anything."""
    load_small(empty_store)
    names = Derived(lambda s: sorted(p["name"] for p in s.read("list_people", skip=0, limit=100)))
    with Store(neo4j_target) as one, Store(neo4j_target) as other:
        assert one.generation() == other.generation()
        before = names.get(other)
        assert "Zed Newcomer" not in before
        people.create(one, "Zed Newcomer", None, None, None)
        assert one.generation() == other.generation()
        assert "Zed Newcomer" in names.get(other)


def test_the_collaborative_sees_a_consent_change_made_on_another_app_at_once(demo_store, neo4j_target,
                                                                             accounts_ready):
    """Consent to be named, withdrawn through one app process, hides the name on another process's
    very next page: its cached network is keyed by the generation."""
    from mapper.accounts import users
    from web import create_app

    def app_process(role):
        token = users.new_token(demo_store, accounts_ready[role][0])
        client = create_app({"TESTING": True, "NEO4J_TARGET": neo4j_target}).test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client

    collaborative, organiser = app_process("collaborative"), app_process("organiser")
    graph = collaborative.get("/api/network/graph").get_json()
    person, unnamed = graph["kinds"].index("person"), set(graph["unnamed"])
    labels = {label for i, (label, kind) in enumerate(zip(graph["nodes"]["l"], graph["nodes"]["k"]))
              if kind == person and i not in unnamed}
    assert labels, "the demo names some people to the Collaborative"
    who = next(p for p in demo_store.read("list_people", skip=0, limit=1000) if p["name"] in labels)
    response = organiser.post(f"/api/people/{who['id']}/consent", json={"scope": "named", "given": False})
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    graph = collaborative.get("/api/network/graph").get_json()
    assert who["name"] not in set(graph["nodes"]["l"])
    assert who["name"] not in collaborative.get("/api/network/graph").get_data(as_text=True)
    # put it back for the tests that share the demo
    assert organiser.post(f"/api/people/{who['id']}/consent",
                          json={"scope": "named", "given": True}).status_code in (200, 201)
