"""Keeping entries true: when each was last verified, flags that an entry is out of date, and
the entries not verified for six months.

>>> import datetime as dt
>>> stale_before(dt.date(2026, 11, 24)).isoformat()
'2026-05-24'
>>> stale_before(dt.date(2026, 8, 31)).isoformat()
'2026-02-28'
"""
from __future__ import annotations

import calendar
import datetime as dt
import uuid

from mapper.db.store import Store

STALE_MONTHS = 6
MAX_REASON = 1000


class FlagError(ValueError):
    pass


class NoSuchAsset(LookupError):
    pass


def stale_before(today: dt.date | None = None, months: int = STALE_MONTHS) -> dt.date:
    """The date ``months`` calendar months before ``today`` (entries checked before it are stale)."""
    today = today or dt.date.today()
    month = today.month - months
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def is_stale(last_checked: str | None, today: dt.date | None = None) -> bool:
    if not last_checked:
        return True
    return dt.date.fromisoformat(last_checked[:10]) < stale_before(today)


def flag(store: Store, asset_id: str, reason: str, by: str) -> str:
    """Flag an entry as out of date; returns the flag's id."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise FlagError("say what looks out of date (e.g. 'the group moved to Thursdays')")
    if len(reason) > MAX_REASON:
        raise FlagError(f"keep the reason under {MAX_REASON} characters")
    rows = store.write("flag_asset", asset_id=asset_id, id=f"flag-{uuid.uuid4()}", reason=reason, by=by)
    if not rows:
        raise NoSuchAsset(asset_id)
    return rows[0]["id"]


def open_flags(store: Store) -> list[dict]:
    return store.read("open_flags")


def stale(store: Store, today: dt.date | None = None) -> list[dict]:
    """Entries not verified for six months (or never), oldest first."""
    return store.read("stale_assets", before=stale_before(today))


def mark_verified(store: Store, asset_id: str, by: str, today: dt.date | None = None) -> int:
    """The entry was checked with the people who run it today; closes its open flags (returns how many)."""
    rows = store.write("mark_verified", asset_id=asset_id, by=by, today=(today or dt.date.today()).isoformat())
    if not rows:
        raise NoSuchAsset(asset_id)
    return rows[0]["closed"]


def dismiss(store: Store, flag_id: str, by: str) -> bool:
    return bool(store.write("dismiss_flag", id=flag_id, by=by))
