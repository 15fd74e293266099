"""The audit trail: who viewed or changed which person's record, and when; append-only, with no
personal data in it; admins read and filter it; against the real Neo4j."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from neo4j.exceptions import ConstraintError

from mapper.privacy import audit, erasure
from mapper.db import queries

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import load_small

PERSONAL = ("Amina Yusuf", "Grace Adeyemi", "Sam Okoye", "Kofi Asante", "grace@example.org", "amina@example.org",
            "07700 900002", "Secret note", "Call back", "Library", "Precious Mensah", "precious@example.org",
            "Met at the market")


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


def entries(client, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    response = client.get(f"/api/audit?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_every_view_and_change_of_a_person_is_recorded_without_personal_data(small, sign_in, tmp_path, monkeypatch):
    monkeypatch.setattr(erasure, "REGISTER", tmp_path / "erasures.txt")
    organiser = sign_in("organiser")
    page = organiser.get("/organisers/people/p-002").get_data(as_text=True)
    token = csrf_token_from(page)
    organiser.get("/api/people/p-002")
    organiser.post("/organisers/people/p-002/edit", data={"csrf_token": token, "name": "Grace Adeyemi",
                                                          "email": "grace@example.org", "area": "area-E09000023",
                                                          "consent_recorded": "1", "consent_named": "1",
                                                          "consent_contact": "1"})
    organiser.post("/organisers/people/p-002/consent", data={"csrf_token": token, "scope": "named",
                                                             "action": "withdraw", "date": "2025-02-02"})
    organiser.post("/organisers/people/p-003/active", data={"csrf_token": token, "active": "0"})
    made = organiser.post("/api/one-to-ones", json={
        "a": "p-001", "b": {"name": "Precious Mensah", "email": "precious@example.org"}, "date": "2025-03-01",
        "notes": "Met at the market", "consent": {"recorded": True, "named": True, "contact": True},
        "create_new": True}).get_json()
    precious = made["b"]
    admin = sign_in("admin")
    page = admin.get("/organisers/people/merge").get_data(as_text=True)
    admin.post("/organisers/people/merge", data={"csrf_token": csrf_token_from(page), "keep": "p-004",
                                                 "drop": "p-003"})
    admin.get(f"/api/people/{precious}/subject-access")
    admin.post(f"/api/people/{precious}/erasure", json={"confirm": precious})

    def actions(person):
        return [(e["actor"].split("@")[0], e["action"], e["via"]) for e in
                reversed(entries(admin, person=person, per_page=100)["entries"])]

    assert actions("p-002") == [("organiser", "viewed", "web"), ("organiser", "viewed", "api"),
                                ("organiser", "edited", "web"), ("organiser", "consent_withdrawn", "web")]
    assert actions("p-003") == [("organiser", "deactivated", "web"), ("admin", "merged", "web")]
    assert actions("p-004") == [("admin", "merged", "web")]
    assert [a for a in actions("p-001")] == [("organiser", "one_to_one", "api")]
    assert actions(precious) == [("organiser", "consent_given", "api")] * 3 + [
        ("organiser", "one_to_one", "api"), ("admin", "subject_access", "api"), ("admin", "erased", "api")]
    everything = admin.get("/api/audit?per_page=500").get_data(as_text=True) + \
        admin.get("/admin/audit").get_data(as_text=True)
    assert [p for p in PERSONAL if p in everything] == []
    assert re.search(r"scope named; date 2025-02-02", everything)
    with pytest.raises(ValueError):
        audit.record(small, "admin@test.example.org", "viewed", "p-001", detail="Grace Adeyemi's notes")


def test_the_trail_is_append_only(small):
    names = {row["name"] for row in small.read("schema_overview")}
    assert "audit_entry_id" in names
    # Every query that matches or creates audit entries (others only ever exclude them: NOT n:AuditEntry).
    touching = [q for q in queries.load().values() if re.search(r"\(\s*\w*\s*:\s*AuditEntry", q.text)]
    assert {q.name for q in touching} >= {"audit_append", "audit_entries", "audit_count", "audit_accounts"}
    for q in touching:
        assert not re.search(r"\b(SET|DELETE|REMOVE|MERGE|DETACH)\b", q.text, re.I), q.name
    # The constraint refuses a second entry with the same id.
    row = {"id": "fixed-id", "event": "e", "actor": "a@b.org", "action": "viewed", "person": "p-001", "via": "web",
           "detail": None}
    small.write("audit_append", rows=[row])
    with pytest.raises(ConstraintError):
        small.write("audit_append", rows=[row])


def test_admins_filter_and_page_the_trail_and_no_one_else_reads_it(small, sign_in):
    organiser = sign_in("organiser")
    for person in ("p-001", "p-002", "p-002", "p-003"):
        organiser.get(f"/organisers/people/{person}")
    for role in ("organiser", "collaborative", "prescriber"):
        client = sign_in(role)
        assert client.get("/admin/audit").status_code == 403 and client.get("/api/audit").status_code == 403
    admin = sign_in("admin")
    admin.get("/api/people/p-001")
    today = dt.date.today()
    assert entries(admin, person="p-002")["total"] == 2
    assert entries(admin, account="organiser@test.example.org")["total"] == 4
    assert entries(admin, account="ADMIN@test.example.org", person="p-001")["total"] == 1
    assert entries(admin, action="viewed")["total"] == 5
    assert entries(admin, **{"from": today.isoformat(), "to": today.isoformat()})["total"] == 5
    assert entries(admin, **{"from": (today + dt.timedelta(days=1)).isoformat()})["total"] == 0
    assert entries(admin, to=(today - dt.timedelta(days=1)).isoformat())["total"] == 0
    first, second = entries(admin, per_page=3), entries(admin, per_page=3, page=2)
    assert first["pages"] == 2 and len(first["entries"]) == 3 and len(second["entries"]) == 2
    assert not {e["id"] for e in first["entries"]} & {e["id"] for e in second["entries"]}
    assert first["entries"][0]["actor"] == "admin@test.example.org"  # newest first
    for bad, status in (("from=yesterday", 400), ("page=x", 400), ("action=deleted", 422), ("page=0", 422),
                        ("person=a%20b", 422), ("from=2024-02-01&to=2024-01-01", 422)):
        response = admin.get(f"/api/audit?{bad}")
        assert response.status_code == status and response.mimetype == "application/problem+json", bad
        assert set(response.get_json()["errors"]) & {"from", "to", "page", "action", "person"}, bad
    html = admin.get("/admin/audit?person=p-002&action=viewed").get_data(as_text=True)
    assert html.count("<td>viewed the record</td>") == 2 and 'id="audit-total">2 entries' in html
    assert admin.get("/admin/audit?from=not-a-date").status_code == 400
    assert 'rel="next"' in admin.get("/admin/audit").get_data(as_text=True) or entries(admin)["total"] <= 50
