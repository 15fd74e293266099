"""Faults: Neo4j stopped under the app as deployed (waitress), and writes cut off midway.

tests/test_neo4j_lifecycle.py shows /healthz and /api/assets answering 503 through the test
client and the data surviving a restart; here the same happens under waitress, for the API, the
pages and writes, and for transactions cut off by an error or by the server dying under them.
These tests stop and start the test server, and leave it running.
"""
from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request

import pytest

from mapper.accounts import users as accounts
from mapper.db import server as neo4j_server
from mapper.db.store import DatabaseUnavailable, Store

from tests.conftest import TEST_SERVER


@pytest.fixture()
def local_only(neo4j_target):
    if neo4j_target.external:
        pytest.skip("the suite runs against an external Neo4j: it cannot be stopped from here")


def fetch(url: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


GETS = ["/healthz", "/api/assets", "/api/search?where=SE15%205DQ&radius=3", "/api/people?limit=5",
        "/api/people/p-001", "/assets", "/map", "/organisers/", "/collaborative/"]


def test_neo4j_stopped_under_waitress_gives_503_then_the_app_recovers_by_itself(local_only, demo_store,
                                                                                 accounts_ready, live_server):
    token = accounts.new_token(demo_store, accounts_ready["admin"][0])
    for path in GETS:
        assert fetch(live_server + path, token)[0] == 200, path
    assert neo4j_server.stop(TEST_SERVER)
    try:
        for path in GETS:
            status, headers, text = fetch(live_server + path, token)
            assert status == 503, (path, status)
            assert int(headers["Retry-After"]) > 0, path
            assert "Traceback" not in text, path
            if path != "/healthz":  # the operators' health check may name the database; users' pages do not
                assert "bolt://" not in text and "neo4j" not in text.lower(), path
            if path.startswith("/api/"):
                assert headers["Content-Type"] == "application/problem+json", path
                assert json.loads(text)["title"] == "Service unavailable"
            elif path != "/healthz":
                assert "<html" in text.lower() and "try again" in text.lower(), path
        status, headers, text = fetch(live_server + "/api/people", token,
                                      {"name": "Outage Person", "create_new": True})
        assert status == 503 and "Nothing was saved" in text
    finally:
        neo4j_server.start(TEST_SERVER)
    # The app was not restarted: its connection pool finds the database again by itself.
    began = time.monotonic()
    while fetch(live_server + "/healthz")[0] != 200:
        assert time.monotonic() - began < 30, "the app did not recover within 30 s"
        time.sleep(0.5)
    for path in GETS:
        assert fetch(live_server + path, token)[0] == 200, path
    status, _, text = fetch(live_server + "/api/people/search?q=Outage", token)
    assert status == 200 and "Outage Person" not in text


def _themes(store) -> set[str]:
    return {row["id"] for row in store.read("list_themes")}


def test_a_transaction_whose_work_fails_midway_writes_nothing(empty_store):
    store = empty_store

    def work(tx):
        tx.run("upsert_themes", rows=[{"id": "theme-a", "name": "A"}, {"id": "theme-b", "name": "B"}])
        tx.run("upsert_areas", rows=[{"id": "area-x", "name": "X", "code": "E09000028"}])
        raise RuntimeError("the importer found a bad row after writing two themes and an area")

    with pytest.raises(RuntimeError):
        store.transaction(work)
    assert _themes(store) == set()
    assert store.read_one("graph_counts") == {"nodes": 0, "relationships": 0}


def test_a_transaction_the_database_refuses_midway_writes_nothing(empty_store):
    store = empty_store
    store.write("create_organisation", id="org-1", name="First")

    def work(tx):
        tx.run("upsert_themes", rows=[{"id": "theme-a", "name": "A"}])
        tx.run("create_organisation", id="org-2", name="Second")
        tx.run("create_organisation", id="org-1", name="Taken")  # the id constraint says no

    with pytest.raises(Exception) as caught:
        store.transaction(work)
    assert "already exists" in str(caught.value) or "Constraint" in type(caught.value).__name__
    assert _themes(store) == set()
    assert store.read_one("graph_counts") == {"nodes": 1, "relationships": 0}


def test_the_server_killed_mid_transaction_leaves_nothing_half_written(local_only, empty_store, neo4j_target):
    """The connection dies under an open transaction (the server is killed, as in a crash or an
    out-of-memory kill): after the restart none of that transaction's writes are there."""
    killed = []

    def work(tx):
        tx.run("upsert_themes", rows=[{"id": f"theme-{i}", "name": f"Theme {i}"} for i in range(500)])
        if not killed:
            pid = neo4j_server.running_pid(TEST_SERVER)
            os.kill(pid, signal.SIGKILL)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:  # not our child: wait for it to go
                while neo4j_server.port_open(TEST_SERVER.bolt_port):
                    time.sleep(0.1)
            killed.append(pid)
        tx.run("upsert_areas", rows=[{"id": "area-x", "name": "X", "code": "E09000028"}])

    with Store(neo4j_target, retry_seconds=1.0) as quick:
        try:
            with pytest.raises(DatabaseUnavailable):
                quick.transaction(work)
        finally:
            neo4j_server.start(TEST_SERVER)
    assert killed
    assert _themes(empty_store) == set()
    assert empty_store.read_one("graph_counts") == {"nodes": 0, "relationships": 0}
