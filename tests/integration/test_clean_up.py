"""Issue 14, safe clean-up against the real Neo4j: likely duplicates with the reason, a side-by-side
merge chosen field by field, open to organisers only for people they met (attacker tests), never
for erased records; admins deactivate and reactivate accounts (a session ends at once) and change a
role without a password."""
from __future__ import annotations

import pytest

from mapper.accounts import users as accounts
from mapper.organising import duplicates

from tests.conftest import csrf_token_from
from tests.integration.test_people_data import LEWISHAM, load_small


@pytest.fixture()
def small(empty_store):
    store = load_small(empty_store)
    # Grace again, typed by Amina at a second 1:1 (same phone, a slip in the name), and an unrelated namesake.
    store.write("create_people", rows=[
        {"id": "p-005", "props": {"name": "Grace Adeyemy", "phone": "+44 7700 900002", "consent_recorded": True},
         "area": LEWISHAM},
        {"id": "p-006", "props": {"name": "Sam Okoye", "email": "sam.other@example.org"}, "area": LEWISHAM}])
    store.write("create_one_to_ones", rows=[{"a": "p-001", "b": "p-005", "props": {
        "id": "oto-5", "date": __import__("datetime").date(2025, 3, 1), "by": "p-001", "themes": [],
        "follow_up": "Ring", "follow_up_due": __import__("datetime").date(2025, 3, 8)}}])
    return store


def test_likely_duplicates_with_their_reasons(small):
    pairs = duplicates.for_viewer(small, "admin", "admin@x.org", None)
    found = {(p["a"]["id"], p["b"]["id"]): p["reasons"] for p in pairs}
    assert "same phone" in found[("p-002", "p-005")] and "similar name in the same area" in found[("p-002", "p-005")]
    assert ("p-003", "p-006") not in found  # the same name, but in another area and nothing else alike


def test_an_organiser_sees_and_merges_only_people_they_met(small, sign_in, accounts_ready):
    email = accounts_ready["organiser"][0]
    accounts.link_person(small, email, "p-001", replace=True)
    organiser = sign_in("organiser")
    page = organiser.get("/organisers/people/duplicates").get_data(as_text=True)
    assert "Grace Adeyemy" in page and "same phone" in page
    side = organiser.get("/organisers/people/merge?keep=p-002&drop=p-005")
    assert side.status_code == 200 and 'id="side-by-side"' in side.get_data(as_text=True)
    token = csrf_token_from(side.get_data(as_text=True))
    done = organiser.post("/organisers/people/merge", data={"csrf_token": token, "keep": "p-002", "drop": "p-005",
                                                           "use_name": "keep", "use_phone": "drop", "use_area": "keep"})
    assert done.status_code == 302, done.get_data(as_text=True)
    grace = small.read_one("person_by_id", id="p-002")
    assert grace["name"] == "Grace Adeyemi" and grace["phone"] == "+44 7700 900002" and grace["email"] == "grace@example.org"
    assert small.read_one("person_by_id", id="p-005") is None
    small.write("unlink_account_person", email=email)


def test_attacker_an_organiser_cannot_merge_people_they_never_met(small, sign_in, accounts_ready):
    email = accounts_ready["organiser"][0]
    accounts.link_person(small, email, "p-004", replace=True)  # Kofi met Sam (p-003) only
    organiser = sign_in("organiser")
    token = csrf_token_from(organiser.get("/organisers/").get_data(as_text=True))
    for keep, drop in (("p-002", "p-005"), ("p-003", "p-002"), ("p-002", "p-003")):
        assert organiser.get(f"/organisers/people/merge?keep={keep}&drop={drop}").status_code == 403
        refused = organiser.post("/organisers/people/merge", data={"csrf_token": token, "keep": keep, "drop": drop})
        assert refused.status_code == 403
    assert small.read_one("person_by_id", id="p-005") and small.read_one("person_by_id", id="p-002")
    assert "Grace" not in organiser.get("/organisers/people/duplicates").get_data(as_text=True)
    assert organiser.post("/organisers/people/merge", data={"keep": "p-002", "drop": "p-005"}).status_code in (400, 403)
    small.write("unlink_account_person", email=email)


def test_merge_choices_are_only_the_two_records_values(small, sign_in):
    admin = sign_in("admin")
    token = csrf_token_from(admin.get("/organisers/people/merge?keep=p-002&drop=p-005").get_data(as_text=True))
    bad = admin.post("/organisers/people/merge", data={"csrf_token": token, "keep": "p-002", "drop": "p-005",
                                                      "use_name": "<script>x</script>"})
    assert bad.status_code == 422 and small.read_one("person_by_id", id="p-005")


def test_admins_deactivate_reactivate_and_change_roles(small, sign_in, accounts_ready, app):
    organiser = app.test_client()
    email, password = accounts_ready["organiser"]
    page = organiser.get("/login").get_data(as_text=True)
    organiser.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token_from(page)})
    assert organiser.get("/organisers/").status_code == 200
    admin = sign_in("admin")
    token = csrf_token_from(admin.get("/admin/").get_data(as_text=True))
    done = admin.post("/admin/accounts/change", data={"csrf_token": token, "email": email, "action": "deactivate"})
    assert done.status_code == 302
    # The organiser's existing session stops working at once.
    assert organiser.get("/organisers/").status_code == 302
    assert organiser.get("/api/follow-ups").status_code == 401
    relogin = organiser.post("/login", data={"email": email, "password": password,
                                             "csrf_token": csrf_token_from(organiser.get("/login").get_data(as_text=True))})
    assert relogin.status_code == 401
    admin.post("/admin/accounts/change", data={"csrf_token": token, "email": email, "action": "reactivate"})
    page = organiser.get("/login").get_data(as_text=True)
    assert organiser.post("/login", data={"email": email, "password": password,
                                          "csrf_token": csrf_token_from(page)}).status_code == 302
    # A new role, without a new password: the session ends, the same password opens the new role.
    admin.post("/admin/accounts/change", data={"csrf_token": token, "email": email, "action": "role",
                                               "role": "prescriber"})
    assert organiser.get("/organisers/").status_code == 302
    page = organiser.get("/login").get_data(as_text=True)
    assert organiser.post("/login", data={"email": email, "password": password,
                                          "csrf_token": csrf_token_from(page)}).status_code == 302
    assert organiser.get("/organisers/").status_code == 403 and organiser.get("/prescribers/").status_code == 200
    # An admin cannot lock themselves out.
    admin_email = accounts_ready["admin"][0]
    admin.post("/admin/accounts/change", data={"csrf_token": token, "email": admin_email, "action": "deactivate"})
    assert admin.get("/admin/").status_code == 200
    # Only admins.
    assert organiser.post("/admin/accounts/change", data={"csrf_token": token, "email": admin_email,
                                                          "action": "deactivate"}).status_code in (400, 403)
    accounts.add(small, email, "organiser", password)
