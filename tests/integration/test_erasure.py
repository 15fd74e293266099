"""Erasure: after an admin carries out a request, the person's name, contact details and notes are
nowhere (Neo4j, the full-text index, a fresh backup, exports, logs, uploaded files), while an
anonymous placeholder keeps the network's shape; against the real Neo4j."""
from __future__ import annotations

import datetime as dt
import gzip
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mapper.db import backup
from mapper.privacy import consent, erasure
from mapper.directory import exports
from mapper.network import report as network_health
from mapper.config import IMPORTS_DIR
from mapper.organising import import_jobs, people
from mapper.analytics.cut_off import cut_off_counts
from mapper.network.projection import Projection

from tests.conftest import TEST_SERVER, csrf_token_from
from tests.integration.test_people_data import load_small

ROOT = Path(__file__).resolve().parent.parent.parent
NAME, EMAIL, PHONE = "Grace Adeyemi", "grace@example.org", "07700 900002"
NOTES = ("Secret note one", "Call back")
NEEDLES = (NAME, NAME.lower(), EMAIL, PHONE, PHONE.replace(" ", "")) + NOTES


@pytest.fixture()
def register(tmp_path, monkeypatch):
    path = tmp_path / "erasures.txt"
    monkeypatch.setattr(erasure, "REGISTER", path)
    return path


@pytest.fixture()
def grace(empty_store):
    """The small network, with Grace (p-002) also named in another 1:1's notes and follow-up, a
    dated consent change, and an uploaded CSV waiting for confirmation that mentions her."""
    store = load_small(empty_store)
    store.write("create_one_to_ones", rows=[{"a": "p-004", "b": "p-003", "consent": None, "props": {
        "id": "oto-3", "date": dt.date(2025, 3, 1), "by": "p-004",
        "notes": "Sam knows grace  adeyemi; call her on 07700900002 or +44 7700 900-002",
        "follow_up": f"Ask {NAME} ({EMAIL}) about the carers' group", "follow_up_due": dt.date(2025, 4, 1)}}])
    consent.change(store, "p-002", "named", False, "2025-02-01", "organiser@test.example.org")
    return store


def snapshot_text(store, path) -> str:
    backup.backup(store, path)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return fh.read()


def leaks(text: str) -> list[str]:
    return [n for n in NEEDLES if n.lower() in text.lower()]


def shape(store):
    G = Projection.pull(store).graph(live_months=0)
    return set(G.nodes), {frozenset(e) for e in G.edges}, cut_off_counts(G)


def test_an_erased_person_is_nowhere_and_the_network_keeps_its_shape(grace, sign_in, register, tmp_path, caplog):
    store = grace
    caplog.set_level(logging.DEBUG)
    stashed = import_jobs.stash(store, f"date,person_name,person_email\n2025-01-01,{NAME},{EMAIL}\n".encode(), "x@y.org")
    other = import_jobs.stash(store, b"date,person_name\n2025-01-01,Someone Else\n", "x@y.org")
    before_text = snapshot_text(store, tmp_path / "before.gz")
    assert leaks(before_text)  # the test data does hold her
    nodes_before, edges_before, cut_before = shape(store)

    client = sign_in("admin")
    assert NAME in client.get("/organisers/people/p-002").get_data(as_text=True)
    assert client.get("/api/people/p-002").get_json()["name"] == NAME
    assert client.get("/api/people/search?q=Grace").get_json()["people"]
    page = client.get("/admin/erasures?person=p-002")
    assert NAME in page.get_data(as_text=True)  # the admin sees whom they are about to erase
    refused = client.post("/admin/erasures", data={"csrf_token": csrf_token_from(page.get_data(as_text=True)),
                                                   "person": "p-002"})
    assert refused.status_code == 422 and store.read_one("person_by_id", id="p-002")["name"] == NAME
    done = client.post("/admin/erasures", data={"csrf_token": csrf_token_from(page.get_data(as_text=True)),
                                                "person": "p-002", "confirm": "1"})
    assert done.status_code == 302, done.get_data(as_text=True)

    # Neo4j, every node and relationship: a fresh `mapper backup` dump holds none of it.
    assert leaks(snapshot_text(store, tmp_path / "after.gz")) == []
    # The full-text index finds no one.
    assert people.search(store, NAME) == [] and people.search(store, "adeyemi") == []
    assert store.read("search_names", lucene="adeyemi*", limit=10, kind="person") == []
    # The placeholder: no personal field, same id, same relationships (dates only).
    placeholder = store.read_one("person_by_id", id="p-002")
    assert placeholder["name"] == erasure.PLACEHOLDER and placeholder["email"] is None and placeholder["phone"] is None
    assert placeholder["area"] is None and placeholder["roles"] == [] and not placeholder["consent_named"]
    kept = store.read("person_one_to_ones", id="p-002", with_notes=True, limit=10)
    assert [(m["id"], m["date"], m["notes"], m["follow_up"], m["place"], m["themes"]) for m in kept] == \
        [("oto-1", "2025-01-10", None, None, None, [])]
    assert {l["type"] for l in store.read("person_links", id="p-002")} == {"MEMBER_OF", "ATTENDS"}
    other_meeting = store.read_one("one_to_one_by_id", id="oto-3")
    assert other_meeting["notes"].count("[erased]") == 3 and "Sam knows" in other_meeting["notes"]
    assert consent.history(store, ["p-002"]) == []
    # The figures: the same people, links and single points of failure as before.
    assert shape(store) == (nodes_before, edges_before, cut_before)

    # Exports and the pages and API that read the network.
    for fmt in exports.FORMATS:
        assert leaks(exports.export(store, fmt)) == [], fmt
    for role in ("admin", "collaborative"):
        c = sign_in(role)
        texts = [c.get(f"/collaborative/export/{t}.csv").get_data(as_text=True) for t in network_health.TABLES]
        texts += [c.get(p).get_data(as_text=True) for p in ("/collaborative/", "/api/network/findings",
                                                            "/api/network/graph", "/api/network/areas")]
        assert leaks("\n".join(texts)) == [], role
    client = sign_in("admin")
    for path in ("/organisers/", "/organisers/people/p-002", "/organisers/people/p-001", "/api/people/p-002",
                 "/api/people?limit=1000", "/api/people/search?q=grace", "/api/audit?per_page=500",
                 "/api/people/p-002/subject-access", "/api/erasure-requests", "/admin/audit"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert leaks(response.get_data(as_text=True)) == [], path
    person_page = client.get("/organisers/people/p-002").get_data(as_text=True)
    assert 'id="erased-note"' in person_page and 'action="/organisers/people/p-002/edit"' not in person_page

    # Uploaded files waiting in var/imports that mention her are gone; others stay.
    assert not (IMPORTS_DIR / f"{stashed}.csv").exists()
    assert (IMPORTS_DIR / f"{other}.csv").exists()
    (IMPORTS_DIR / f"{other}.csv").unlink()
    # Logs: the app's and the test Neo4j server's.
    assert leaks(caplog.text) == []
    for log in Path(TEST_SERVER.home / "logs").glob("*.log"):
        assert leaks(log.read_text(errors="replace")) == [], log

    # Recorded, without the personal data: the audit trail, the request, the register of ids.
    erased = client.get("/api/audit?person=p-002&action=erased").get_json()["entries"]
    assert len(erased) == 1 and erased[0]["actor"] == "admin@test.example.org"
    assert [r["state"] for r in erasure.requests(store)] == ["done"]
    assert erasure.registered() == ["p-002"]
    again = client.post("/api/people/p-002/erasure", json={"confirm": "p-002"})
    assert again.status_code == 409


def test_erasure_through_the_api_and_the_command_line_and_again_after_a_restore(grace, sign_in, register, tmp_path):
    store = grace
    organiser = sign_in("organiser")
    assert organiser.post("/api/people/p-002/erasure", json={"confirm": "p-002"}).status_code == 403
    admin = sign_in("admin")
    assert admin.post("/api/people/p-002/erasure", json={"confirm": "p-003"}).status_code == 422
    assert admin.post("/api/people/nobody/erasure", json={"confirm": "nobody"}).status_code == 404
    old_backup = tmp_path / "old.gz"
    backup.backup(store, old_backup)
    body = admin.post("/api/people/p-002/erasure", json={"confirm": "p-002"}).get_json()
    assert body["person"] == "p-002" and body["one_to_ones"] == 1 and body["texts_redacted"] == 2

    env = {**os.environ, "NEO4J_URI": store.target.uri, "NEO4J_USER": store.target.user,
           "NEO4J_PASSWORD": store.target.password, "MAPPER_VAR_DIR": str(tmp_path / "var")}
    cli = subprocess.run([sys.executable, "-m", "mapper", "erase", "p-001", "--yes"], capture_output=True,
                         text=True, cwd=ROOT, env=env, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert "Erased p-001" in cli.stdout and "Amina" not in cli.stdout
    assert store.read_one("person_by_id", id="p-001")["name"] == erasure.PLACEHOLDER
    assert (tmp_path / "var" / "erasures.txt").read_text().startswith("p-001\t")

    # A backup from before the erasure brings her back: `erase --reapply` erases her again.
    backup.restore(store, old_backup, force=True)
    assert store.read_one("person_by_id", id="p-002")["name"] == NAME
    assert erasure.reapply(store, "admin@test.example.org") == ["p-002"]
    assert store.read_one("person_by_id", id="p-002")["name"] == erasure.PLACEHOLDER


def test_withdrawing_consent_to_be_kept_on_record_queues_an_erasure_for_an_admin(grace, sign_in, register):
    store = grace
    organiser = sign_in("organiser")
    page = organiser.get("/organisers/people/p-003").get_data(as_text=True)
    response = organiser.post("/organisers/people/p-003/consent", data={
        "csrf_token": csrf_token_from(page), "scope": "recorded", "action": "withdraw", "date": "2025-05-01"})
    assert response.status_code == 302
    state = consent.status(store, "p-003")
    assert state["erasure_pending"] and not any(s["given"] for s in state["scopes"].values())
    assert state["scopes"]["recorded"]["withdrawn_on"] == "2025-05-01"
    assert 'id="erasure-pending"' in organiser.get("/organisers/people/p-003").get_data(as_text=True)
    # The organiser cannot erase; the admin sees the request and carries it out.
    assert organiser.get("/admin/erasures").status_code == 403
    admin = sign_in("admin")
    listing = admin.get("/admin/erasures").get_data(as_text=True)
    assert "p-003" in listing and "consent to be kept on record withdrawn" in listing
    [pending] = erasure.requests(store, "pending")
    assert pending["person"] == "p-003" and pending["requested_by"] == "organiser@test.example.org"
    done = admin.post("/admin/erasures", data={"csrf_token": csrf_token_from(listing), "person": "p-003",
                                               "confirm": "1"})
    assert done.status_code == 302
    assert [r["state"] for r in erasure.requests(store) if r["person"] == "p-003"] == ["done"]
    assert store.read_one("person_by_id", id="p-003")["name"] == erasure.PLACEHOLDER
    # A placeholder cannot be met again: a new 1:1 must add them as a new person.
    refused = admin.post("/api/one-to-ones", json={"a": "p-004", "b": "p-003", "date": "2025-06-01"})
    assert refused.status_code == 422 and "erased" in refused.get_json()["errors"]["b_name"]
