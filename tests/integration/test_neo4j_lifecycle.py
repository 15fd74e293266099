"""The project's own Neo4j: a second start finds the running one, status, and data that survives a restart.

These tests stop and start the test server, so they run last in their module and leave it running.
"""
from __future__ import annotations

import stat

import pytest

from mapper.db import server as neo4j_server

from tests.conftest import TEST_SERVER


@pytest.fixture()
def local_only(neo4j_target):
    if neo4j_target.external:
        pytest.skip("the suite runs against an external Neo4j")


def test_password_file_is_private_and_bolt_is_loopback_only(local_only, store):
    mode = stat.S_IMODE(TEST_SERVER.password_file.stat().st_mode)
    assert mode == 0o600
    conf = (TEST_SERVER.home / "conf" / "neo4j.conf").read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{TEST_SERVER.bolt_port}" in conf
    assert "dbms.security.auth_enabled=true" in conf


def test_second_start_finds_the_running_server(local_only, store):
    before = neo4j_server.status(TEST_SERVER)
    again = neo4j_server.start(TEST_SERVER)
    assert again.pid == before.pid and again.running
    assert again.version.startswith("5.26")
    assert again.data_dir == TEST_SERVER.home / "data"


def test_stopped_neo4j_gives_503_then_the_data_is_still_there_after_restart(local_only, empty_store, app):
    empty_store.write("upsert_themes", rows=[{"id": "theme-housing", "name": "Housing"}])
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert neo4j_server.stop(TEST_SERVER)
    try:
        assert not neo4j_server.status(TEST_SERVER).running
        down = client.get("/healthz")
        assert down.status_code == 503 and down.headers["Retry-After"]
        assert client.get("/api/assets").status_code == 503
    finally:
        neo4j_server.start(TEST_SERVER)
    # The app recovers by itself, and the data survived the restart.
    assert client.get("/healthz").status_code == 200
    assert empty_store.read("list_themes") == [{"id": "theme-housing", "name": "Housing"}]


def test_a_password_that_reads_as_an_option_is_made_again_before_it_is_set(local_only, tmp_path):
    """A first start that met a generated password beginning with "-" (neo4j-admin took it for an
    option and refused it) leaves that password in the file; the next start makes a usable one."""
    from dataclasses import replace

    server = replace(TEST_SERVER, home=tmp_path / "neo4j")
    neo4j_server.write_conf(server)
    server.password_file.write_text("-P4notAnOption\n")
    password = neo4j_server.ensure_password(server)
    assert not password.startswith("-") and len(password) >= 32
    assert server.password_file.read_text().strip() == password
    assert (server.home / "data" / "dbms" / "auth.ini").exists()
    assert neo4j_server.ensure_password(server) == password  # set once: kept from then on
