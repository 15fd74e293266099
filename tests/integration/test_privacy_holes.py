"""Privacy holes a tester found (issue 12, items 2 to 4), each tried the way an attacker would:
through the page and the API (and the CSV import and the command line where they exist), against
the real Neo4j.

- Erasure finds the person's name, phone and e-mail however they were written: any spacing
  (newlines, non-breaking spaces), any case, compatibility forms (full-width letters), the phone
  with any punctuation and in its +44 or 0 form; in every text anywhere in the graph, and a fresh
  backup afterwards holds none of it.
- Consent to be named or contacted cannot stand without consent to be kept on record: refused,
  naming the field, on every way in; no contact details are stored for someone not recorded.
- An erased record cannot be merged, on either side.
"""
from __future__ import annotations

import copy
import gzip
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from mapper.db import backup
from mapper.organising import csv_import, merging
from mapper.privacy import erasure
from seeds.south_london import load as demo

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import LEWISHAM, counts, load_small, small_network

ROOT = Path(__file__).resolve().parent.parent.parent
YANNICK = {"id": "p-009", "name": "Yannick Pellegrino", "area": LEWISHAM, "roles": [],
           "email": "yannick.p@example.org", "phone": "07700 900456",
           "consent": {"recorded": True, "named": True, "contact": True}}
VARIANTS = [
    "Spoke to Yannick  Pellegrino about the rent",
    "Yannick\nPellegrino came too",
    "Yannick\u00a0Pellegrino runs the stall",
    "Call him on (07700) 900456",
    "or 07700.900.456 after six",
    "+44 7700 900456 is his mobile",
    "+44 (0)7700-900-456, evenings",
    "YANNICK   PELLEGRINO said no",
    "\uff39\uff41\uff4e\uff4e\uff49\uff43\uff4b \uff30\uff45\uff4c\uff4c\uff45\uff47\uff52\uff49\uff4e\uff4f (full width)",
    "yannick\t\r\n pellegrino",
    "Mail YANNICK.P@Example.ORG",
    "0 7 7 0 0  9 0 0 4 5 6",
]
KEPT = ("about the rent", "came too", "runs the stall", "Call him on", "after six", "is his mobile", "evenings",
        "said no", "(full width)", "Mail", "Sam Okoye", "07700 900457")


def yannick_network() -> dict:
    """The small network, with Yannick (p-009) met once, and written about in every text field of
    1:1s he was not at (notes, place, follow-up), an organisation's notes and aliases (a list),
    a membership's role and an asset's description."""
    network = copy.deepcopy(small_network())
    network["people"].append(YANNICK)
    network["organisations"][0].update({"notes": "Treasurer: Yannick\u00a0\u00a0Pellegrino, (07700)900456",
                                        "aliases": ["Lewisham Carers", "yannick\npellegrino's group"]})
    network["assets"][0]["description"] = "Ask for YANNICK PELLEGRINO at the door (+447700900456)"
    rels = network["relationships"]
    rels.append({"type": "ONE_TO_ONE", "source": "p-001", "target": "p-009", "id": "oto-9",
                 "props": {"date": "2025-01-12", "by": "p-001", "notes": "His own meeting"}})
    for i, text in enumerate(VARIANTS):
        rels.append({"type": "ONE_TO_ONE", "source": "p-001" if i % 2 else "p-004", "target": "p-003",
                     "id": f"oto-v{i}", "props": {"date": "2025-03-01", "by": "p-001", "notes": text + "; Sam Okoye",
                                                  "place": text, "follow_up": text + ", not 07700 900457",
                                                  "follow_up_due": "2025-04-01"}})
    rels.append({"type": "MEMBER_OF", "source": "p-003", "target": "org-1",
                 "props": {"role": "deputy to Yannick\nPellegrino"}})
    return network


def folded(text: str) -> str:
    """The test's own oracle: NFKC, case-folded, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def leaks_in(text: str) -> list[str]:
    found = []
    if "yannick pellegrino" in folded(text) or "yannick.p@example.org" in folded(text):
        found.append(text)
    elif "7700900456" in re.sub(r"\D", "", unicodedata.normalize("NFKC", text)):
        found.append(text)
    return found


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def backup_leaks(store, path) -> list[str]:
    backup.backup(store, path)
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            for text in strings(json.loads(line)):
                found += leaks_in(text)
    return found


@pytest.fixture()
def small(empty_store):
    return load_small(empty_store)


@pytest.fixture()
def yannick(empty_store, tmp_path, monkeypatch):
    monkeypatch.setattr(erasure, "REGISTER", tmp_path / "erasures.txt")
    demo.load(empty_store, yannick_network(), say=lambda _m: None)
    return empty_store


# ---- item 2: erasure finds every way of writing the name, phone and e-mail ---------------------------
@pytest.mark.parametrize("way", ["page", "api"])
def test_erasure_finds_the_name_and_phone_however_written(yannick, sign_in, tmp_path, way):
    store = yannick
    before = backup_leaks(store, tmp_path / "before.gz")
    assert len(before) > 3 * len(VARIANTS)  # the oracle sees every variant before
    admin = sign_in("admin")
    if way == "page":
        page = admin.get("/admin/erasures?person=p-009").get_data(as_text=True)
        done = admin.post("/admin/erasures", data={"csrf_token": csrf_token_from(page), "person": "p-009",
                                                   "confirm": "1"})
        assert done.status_code == 302, done.get_data(as_text=True)
    else:
        done = admin.post("/api/people/p-009/erasure", json={"confirm": "p-009"})
        assert done.status_code == 200, done.get_data(as_text=True)
    assert backup_leaks(store, tmp_path / "after.gz") == []
    for i, text in enumerate(VARIANTS):
        meeting = store.read_one("one_to_one_by_id", id=f"oto-v{i}")
        for key in ("notes", "place", "follow_up"):
            assert leaks_in(meeting[key]) == [], (key, meeting[key])
            assert "[erased]" in meeting[key], (key, meeting[key])
        # only the person's details go: the rest of each text stays
        assert "Sam Okoye" in meeting["notes"] and "07700 900457" in meeting["follow_up"]
        assert any(word in meeting["notes"] for word in KEPT)


def test_redaction_is_exact_and_keeps_the_rest():
    name, email, phone = YANNICK["name"], YANNICK["email"], YANNICK["phone"]
    for text in VARIANTS:
        out = erasure.redact(text, name, email, phone)
        assert leaks_in(out) == [] and "[erased]" in out, (text, out)
    assert erasure.redact("Yannick Pellegrinos and 07700 900457 and 7700", name, email, phone) == \
        "Yannick Pellegrinos and 07700 900457 and 7700"
    assert erasure.redact("Call (07700) 900456, or Yannick\u00a0Pellegrino!", name, email, phone) == \
        "Call [erased], or [erased]!"


# ---- item 3: consent to be named or contacted needs consent to be kept on record --------------------
NOT_RECORDED = {"recorded": False, "named": True, "contact": True}


def test_the_api_refuses_naming_or_contact_without_consent_to_be_recorded(small, sign_in):
    store = small
    client = sign_in("organiser")
    new = {"name": "Nadia Rahman", "area": LEWISHAM, "email": "nadia@example.org", "phone": "07700 900777"}
    for given, field in ((NOT_RECORDED, "consent_named"), ({"recorded": False, "named": False, "contact": True},
                                                           "consent_contact")):
        refused = client.post("/api/one-to-ones", json={"a": "p-001", "b": new, "date": "2025-04-01",
                                                        "consent": given})
        assert refused.status_code == 422, refused.get_data(as_text=True)
        body = refused.get_json()
        assert refused.mimetype == "application/problem+json" and field in body["errors"]
        assert "kept on record" in body["errors"][field]
    # not recorded, nothing else given: no contact details may be kept
    refused = client.post("/api/one-to-ones", json={"a": "p-001", "b": new, "date": "2025-04-01",
                                                    "consent": {"recorded": False}})
    assert refused.status_code == 422 and {"b_email", "b_phone"} <= set(refused.get_json()["errors"])
    # an existing person, consent sent explicitly: the same rule
    refused = client.post("/api/one-to-ones", json={"a": "p-001", "b": "p-002", "date": "2025-04-01",
                                                    "consent": NOT_RECORDED})
    assert refused.status_code == 422 and "consent_named" in refused.get_json()["errors"]
    assert counts(store) == (4, 2)
    assert store.read_one("person_by_id", id="p-002")["consent_recorded"] is True
    # consent to be recorded given: recorded as before
    ok = client.post("/api/one-to-ones", json={"a": "p-001", "b": new, "date": "2025-04-01",
                                               "consent": {"recorded": True, "named": True, "contact": True}})
    assert ok.status_code == 201, ok.get_data(as_text=True)


def test_the_form_refuses_naming_or_contact_without_consent_to_be_recorded(small, sign_in):
    store = small
    client = sign_in("organiser")
    path = "/organisers/one-to-ones/new"
    token = csrf_token_from(client.get(path).get_data(as_text=True))
    refused = client.post(path, data={"csrf_token": token, "a_id": "p-001", "b_name": "Nadia Rahman",
                                      "b_area": LEWISHAM, "b_email": "nadia@example.org", "date": "2025-03-01",
                                      "consent_named": "1", "consent_contact": "1"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="consent_named-error"' in html and 'id="consent_contact-error"' in html
    assert "kept on record" in html
    refused = client.post(path, data={"csrf_token": token, "a_id": "p-001", "b_name": "Nadia Rahman",
                                      "b_area": LEWISHAM, "b_email": "nadia@example.org", "date": "2025-03-01"})
    assert refused.status_code == 422 and 'id="b_email-error"' in refused.get_data(as_text=True)
    assert counts(store) == (4, 2)


def test_the_csv_import_refuses_naming_or_contact_without_consent_to_be_recorded(small):
    store = small
    data = ("date,organiser_id,person_name,person_email,consent_recorded,consent_named,consent_contact\n"
            "2025-03-01,p-001,Nadia Rahman,,no,yes,no\n"
            "2025-03-02,p-001,Omar Rahman,,no,no,yes\n"
            "2025-03-03,p-001,Ola Rahman,ola@example.org,no,no,no\n"
            "2025-03-04,p-002,Sam Okoye,,no,yes,yes\n"
            "2025-03-05,p-001,Fine Person,fine@example.org,yes,yes,yes\n").encode()
    plan = csv_import.preview(store, data)
    found = {(e.row, e.column) for e in plan.errors}
    assert {(2, "consent_named"), (3, "consent_contact"), (4, "person_email"), (5, "consent_named"),
            (5, "consent_contact")} <= found, plan.errors
    assert all(e.row != 6 for e in plan.errors)
    assert "kept on record" in next(e.reason for e in plan.errors if (e.row, e.column) == (2, "consent_named"))
    assert not plan.ok


def test_the_command_line_refuses_naming_without_consent_to_be_recorded(small, tmp_path):
    store = small
    env = {**os.environ, "NEO4J_URI": store.target.uri, "NEO4J_USER": store.target.user,
           "NEO4J_PASSWORD": store.target.password, "MAPPER_VAR_DIR": str(tmp_path / "var")}
    cli = subprocess.run([sys.executable, "-m", "mapper", "one-to-one", "add", "--by", "p-001", "--with-name",
                          "Nadia Rahman", "--phone", "07700 900777", "--date", "2025-03-01", "--create-new",
                          "--no-consent-recorded", "--consent-named"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert cli.returncode != 0 and "consent_named" in cli.stderr and "kept on record" in cli.stderr, cli.stderr
    assert counts(store) == (4, 2)


# ---- item 4: an erased record is never merged --------------------------------------------------------
def test_an_erased_record_cannot_be_merged_on_either_side(small, sign_in, tmp_path, monkeypatch):
    monkeypatch.setattr(erasure, "REGISTER", tmp_path / "erasures.txt")
    store = small
    erasure.erase(store, "p-003", "admin@test.example.org")
    admin = sign_in("admin")
    for keep, drop in (("p-003", "p-002"), ("p-002", "p-003")):
        with pytest.raises(merging.MergeError, match="erased"):
            merging.merge(store, keep, drop)
        page = admin.get(f"/organisers/people/merge?keep={keep}&drop={drop}").get_data(as_text=True)
        refused = admin.post("/organisers/people/merge", data={"csrf_token": csrf_token_from(page), "keep": keep,
                                                               "drop": drop})
        assert refused.status_code == 422 and "erased" in refused.get_data(as_text=True)
    grace = store.read_one("person_by_id", id="p-002")
    assert grace["email"] == "grace@example.org"
    placeholder = store.read_one("person_by_id", id="p-003")
    assert placeholder["name"] == erasure.PLACEHOLDER and placeholder["email"] is None
    env = {**os.environ, "NEO4J_URI": store.target.uri, "NEO4J_USER": store.target.user,
           "NEO4J_PASSWORD": store.target.password, "MAPPER_VAR_DIR": str(tmp_path / "var")}
    cli = subprocess.run([sys.executable, "-m", "mapper", "people", "merge", "p-003", "p-002"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert cli.returncode != 0 and "erased" in cli.stderr, cli.stderr
    assert store.read_one("person_by_id", id="p-002")["email"] == "grace@example.org"


def test_the_edit_form_never_keeps_naming_or_contact_without_consent_to_be_recorded(small, sign_in):
    """Issue 12, item 3, by the person's edit form: naming or contact given without consent to be
    kept on record is refused; consent to be kept on record withdrawn takes the other two with it."""
    from mapper.organising import people

    store = small
    client = sign_in("organiser")
    newcomer = people.create(store, "Nadia Rahman", None, None, None)  # nothing consented yet

    def edit(person_id, **flags):
        token = csrf_token_from(client.get(f"/organisers/people/{person_id}").get_data(as_text=True))
        found = store.read_one("person_by_id", id=person_id)
        return client.post(f"/organisers/people/{person_id}/edit",
                           data={"csrf_token": token, "name": found["name"], **flags})

    refused = edit(newcomer, consent_named="1", consent_contact="1")
    assert refused.status_code == 422
    assert 'id="consent_named-error"' in refused.get_data(as_text=True) or "kept on record" in refused.get_data(as_text=True)
    stored = store.read_one("person_by_id", id=newcomer)
    assert not stored["consent_named"] and not stored["consent_contact"]

    assert store.read_one("person_by_id", id="p-001")["consent_recorded"]
    assert edit("p-001", consent_named="1", consent_contact="1").status_code == 302  # recorded unticked
    stored = store.read_one("person_by_id", id="p-001")
    assert (stored["consent_recorded"], stored["consent_named"], stored["consent_contact"]) == (False, False, False)


def test_no_contact_details_are_kept_for_a_new_person_who_held_the_one_to_one(small, sign_in):
    """Issue 12, item 3: the form records no consent for who held the 1:1, so a new person on that
    side gets no contact details kept."""
    client = sign_in("organiser")
    refused = client.post("/api/one-to-ones", json={
        "a": {"name": "Hana Newholder", "email": "hana@example.org", "phone": "07700 900123"},
        "b": "p-002", "date": "2025-03-01"})
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert {"a.email", "a.phone"} <= set(refused.get_json()["errors"]) or \
        {"a_email", "a_phone"} <= set(refused.get_json()["errors"])
    assert not [p for p in small.read("list_people", skip=0, limit=100) if p["name"] == "Hana Newholder"]
    made = client.post("/api/one-to-ones", json={"a": {"name": "Hana Newholder"}, "b": "p-002", "date": "2025-03-01"})
    assert made.status_code == 201, made.get_data(as_text=True)
