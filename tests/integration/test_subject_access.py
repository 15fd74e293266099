"""Subject access: an admin exports everything held about one person as JSON, from the admin page,
the API and the command line; against the real Neo4j."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mapper.privacy import consent

from tests.integration.test_people_data import load_small

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture()
def small(empty_store):
    store = load_small(empty_store)
    consent.change(store, "p-002", "named", False, "2025-02-01", "organiser@test.example.org")
    return store


def check_document(doc: dict) -> None:
    assert doc["format"] == "community-mapper-subject-access" and doc["person"]["id"] == "p-002"
    props = doc["person"]["properties"]
    assert (props["name"], props["email"], props["phone"]) == ("Grace Adeyemi", "grace@example.org", "07700 900002")
    assert props["consent_named"] is False
    [meeting] = doc["one_to_ones"]
    assert (meeting["id"], meeting["date"], meeting["notes"], meeting["follow_up"], meeting["place"]) == \
        ("oto-1", "2025-01-10", "Secret note one", "Call back", "Library")
    assert meeting["role"] == "was met" and meeting["with"]["name"] == "Amina Yusuf"
    assert meeting["theme_names"] == ["Housing"]
    links = {(r["type"], r["other"]["name"]): r["properties"] for r in doc["relationships"]}
    assert links[("MEMBER_OF", "Lewisham Carers")]["role"] == "carer"
    assert ("ATTENDS", "Deptford Listening Hub") in links and ("IN_AREA", "Lewisham") in links
    assert doc["consent"]["current"]["named"]["withdrawn_on"] == "2025-02-01"
    assert [(h["scope"], h["given"]) for h in doc["consent"]["history"]] == [("named", False)]
    actions = {e["action"] for e in doc["audit"]}
    assert {"consent_withdrawn", "subject_access"} <= actions


def test_admin_page_download_and_api(small, sign_in):
    client = sign_in("organiser")
    client.get("/organisers/people/p-002")  # a view, which the export must list
    for path in ("/admin/subject-access?person=p-002", "/admin/subject-access/p-002.json",
                 "/api/people/p-002/subject-access"):
        assert client.get(path).status_code == 403, path
    admin = sign_in("admin")
    page = admin.get("/admin/subject-access?person=p-002")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Secret note one" in html and 'id="sar-download"' in html
    download = admin.get("/admin/subject-access/p-002.json")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    doc = json.loads(download.get_data(as_text=True))
    check_document(doc)
    assert any(e["action"] == "viewed" and e["actor"] == "organiser@test.example.org" for e in doc["audit"])
    api = admin.get("/api/people/p-002/subject-access")
    assert api.status_code == 200 and api.headers["Cache-Control"] == "no-store"
    check_document(api.get_json())
    assert admin.get("/api/people/nobody/subject-access").status_code == 404
    assert admin.get("/admin/subject-access?person=nobody").status_code == 404
    # Each export is itself in the audit trail.
    exports = admin.get("/api/audit?person=p-002&action=subject_access").get_json()
    assert exports["total"] == 3 and {e["via"] for e in exports["entries"]} == {"web", "api"}


def test_command_line_writes_a_private_file(small, tmp_path):
    env = {**os.environ, "NEO4J_URI": small.target.uri, "NEO4J_USER": small.target.user,
           "NEO4J_PASSWORD": small.target.password}
    out = tmp_path / "grace.json"
    result = subprocess.run([sys.executable, "-m", "mapper", "subject-access", "p-002", "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    check_document(json.loads(out.read_text()))
    missing = subprocess.run([sys.executable, "-m", "mapper", "subject-access", "nobody"], capture_output=True,
                             text=True, cwd=ROOT, env=env, timeout=120)
    assert missing.returncode != 0 and "no person with id nobody" in missing.stderr
