"""Keeping entries true: flags, six-month staleness and the admins' review page."""
from __future__ import annotations

import datetime as dt
import doctest

import pytest

from mapper.directory import verification

from tests.conftest import csrf_token_from


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


def test_admin_review_page_lists_flags_and_stale_entries(demo_store, sign_in):
    verification.flag(demo_store, "asset-streatham-peer", "Phone number no longer works", by="prescriber@x.org")
    client = sign_in("admin")
    html = client.get("/admin/directory/").get_data(as_text=True)
    assert "Phone number no longer works" in html and "Not verified for six months" in html
    assert "Work and Wellbeing Drop-in" in html  # last verified 2025-11-05
    flag_id = next(f["id"] for f in verification.open_flags(demo_store) if f["asset_id"] == "asset-streatham-peer")
    response = client.post("/admin/directory/dismiss", data={"flag_id": flag_id, "csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    assert not any(f["id"] == flag_id for f in verification.open_flags(demo_store))


@pytest.mark.parametrize("role", ["prescriber", "organiser", "collaborative"])
def test_only_admins_see_the_review(demo_store, sign_in, role):
    assert sign_in(role).get("/admin/directory/").status_code == 403
