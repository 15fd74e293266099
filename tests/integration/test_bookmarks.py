"""A person's own writes are visible to their next request on any app process, and a cluster's
routing driver is used for neo4j:// addresses (mapper.db.store, web.bookmarks). There is no cluster
here: the routing driver runs against the single test server (which serves a routing table), and
the bookmark is followed from one app to another, each with a store of its own, as two processes."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import neo4j

from mapper.config import Neo4jTarget
from mapper.db.store import Store

from tests.conftest import csrf_token_from


def test_a_neo4j_uri_gets_the_routing_driver_and_reads_and_writes_through_it(neo4j_target, store):
    routed = Neo4jTarget(neo4j_target.uri.replace("bolt://", "neo4j://"), neo4j_target.user, neo4j_target.password,
                         external=True)
    with Store(routed, retry_seconds=2) as through_routing:
        assert isinstance(through_routing.driver, neo4j.Neo4jDriver)
        before = through_routing.generation()
        token = Store.follow()
        try:
            through_routing.write("upsert_themes", rows=[{"id": "theme-routed", "name": "Routed"}])
            chained = Store.chained()
        finally:
            Store.unfollow(token)
        assert chained and all(isinstance(b, str) for b in chained)  # the write's bookmark, to carry on
        assert through_routing.generation() != before
    assert isinstance(store.driver, neo4j.BoltDriver)  # bolt:// stays a direct driver
    assert Store.chained() is None  # no chain outside a request


def test_an_unknown_bookmark_is_dropped_not_a_failure(store):
    token = Store.follow(["FB:not-a-bookmark-this-database-knows"])
    try:
        assert store.generation()
        assert Store.chained() == []
    finally:
        Store.unfollow(token)


def _session_of(app, client) -> dict:
    return app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)


def test_the_bookmark_of_a_write_travels_to_the_next_request_on_another_process(neo4j_target, accounts_ready):
    from web import create_app
    from web.db import get_store

    config = {"TESTING": True, "NEO4J_TARGET": neo4j_target, "SECRET_KEY": "shared by both processes"}
    first, second = create_app(dict(config)), create_app(dict(config))
    email, password = accounts_ready["organiser"]
    one = first.test_client()
    page = one.get("/login").get_data(as_text=True)
    assert one.post("/login", data={"email": email, "password": password,
                                    "csrf_token": csrf_token_from(page)}).status_code == 302
    carried = _session_of(first, one)["bookmarks"]  # signing in wrote the session: its bookmark is carried
    assert carried and all(isinstance(b, str) for b in carried)

    with second.app_context():
        other_store = get_store()
    seen = []
    opened = other_store.driver.session

    def session(**kwargs):
        seen.append(kwargs.get("bookmarks"))
        return opened(**kwargs)

    other_store.driver.session = session
    two = second.test_client()
    two.set_cookie("session", one.get_cookie("session").value)
    page = two.get("/organisers/")
    assert page.status_code == 200 and "Sign out" in page.get_data(as_text=True)  # the session is found there
    assert seen and all(b is not None and set(b.raw_values) == set(carried) for b in seen)
    # A visitor who is not signed in is given no cookie for it.
    visitor = first.test_client()
    assert visitor.get("/assets").status_code == 200 and visitor.get_cookie("session") is None


def _key_in(path: str, queue) -> None:
    from web import kept_secret

    queue.put(kept_secret(Path(path)))


def test_processes_started_at_once_agree_on_one_secret_key(tmp_path):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    path = tmp_path / "secret_key"
    workers = [context.Process(target=_key_in, args=(str(path), queue)) for _ in range(6)]
    for worker in workers:
        worker.start()
    keys = {queue.get(timeout=120) for _ in workers}
    for worker in workers:
        worker.join(timeout=30)
    assert len(keys) == 1 and keys == {path.read_text().strip()} and len(keys.pop()) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no candidate left behind
    assert path.stat().st_mode & 0o777 == 0o600
