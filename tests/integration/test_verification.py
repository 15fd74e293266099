"""Keeping entries true: flags, six-month staleness and the admins' review page."""
from __future__ import annotations

import datetime as dt
import doctest

import pytest

from mapper.directory import verification



def test_doctests():
    assert doctest.testmod(verification).failed == 0


def test_stale_entries_are_those_not_verified_for_six_months(demo_store):
    today = dt.date(2026, 11, 24)
    stale = verification.stale(demo_store, today)
    everything = demo_store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None, free=None)
    want = {a["id"] for a in everything if not a["last_checked"] or a["last_checked"] < "2026-05-24"}
    assert {a["id"] for a in stale} == want and want
    assert all(verification.is_stale(a["last_checked"], today) for a in stale)


def test_flag_then_verify_closes_the_flag(demo_store):
    with pytest.raises(verification.FlagError):
        verification.flag(demo_store, "asset-clapham-digital", "   ", by="p@x.org")
    with pytest.raises(verification.NoSuchAsset):
        verification.flag(demo_store, "no-such-asset", "gone", by="p@x.org")
    verification.flag(demo_store, "asset-clapham-digital", "Closed for refurbishment", by="p@x.org")
    assert any(f["asset_id"] == "asset-clapham-digital" for f in verification.open_flags(demo_store))
    closed = verification.mark_verified(demo_store, "asset-clapham-digital", by="admin@x.org", today=dt.date(2026, 11, 24))
    assert closed >= 1
    assert not any(f["asset_id"] == "asset-clapham-digital" for f in verification.open_flags(demo_store))
    assert "asset-clapham-digital" not in {a["id"] for a in verification.stale(demo_store, dt.date(2026, 11, 24))}
    verification.mark_verified(demo_store, "asset-clapham-digital", by="admin@x.org", today=dt.date(2024, 12, 2))


def test_the_old_review_page_sends_admins_and_stewards_to_the_work_queue(demo_store, sign_in):
    verification.flag(demo_store, "asset-streatham-peer", "Phone number no longer works", by="prescriber@x.org")
    for role in ("admin", "steward"):
        client = sign_in(role)
        for path in ("/admin/directory/", "/admin/directory/dismiss"):
            moved = client.get(path)
            assert moved.status_code == 301 and moved.headers["Location"].endswith("/directory/"), path
        html = client.get("/admin/directory/", follow_redirects=True).get_data(as_text=True)
        assert "Phone number no longer works" in html and "Work and Wellbeing Drop-in" in html  # stale since 2025-11
    assert sign_in("admin").post("/admin/directory/dismiss", data={}).status_code in (400, 405)


def test_nothing_links_to_the_old_review_page(demo_store, sign_in):
    for role in ("admin", "steward"):
        client = sign_in(role)
        for path in ("/", "/directory/", "/admin/", "/prescribers/"):
            if client.get(path).status_code == 200:
                assert "/admin/directory" not in client.get(path).get_data(as_text=True), (role, path)


@pytest.mark.parametrize("role", ["prescriber", "organiser", "collaborative"])
def test_only_admins_see_the_review(demo_store, sign_in, role):
    assert sign_in(role).get("/admin/directory/").status_code == 403
