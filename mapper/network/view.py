"""The view of the network the Collaborative asks about: a date, how long a tie stays live without a
1:1, and how far a hub covers; read from a request's arguments, with errors by field."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mapper.network.projection import DEFAULT_LIVE_MONTHS
from mapper.numeric import parse_number

LIVE_MONTH_CHOICES = (0, 12, 24, 36, 60)
COVER_KM_CHOICES = (1, 2, 3, 5)


class ParamError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class View:
    as_of: dt.date
    live_months: int = DEFAULT_LIVE_MONTHS
    cover_km: float = 2.0


def parse_view(args, today: dt.date | None = None) -> tuple[View, dict]:
    """The date, live window and cover distance from query arguments; errors by field."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    as_of = today
    raw = (args.get("as_of") or "").strip()
    if raw:
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            errors["as_of"] = f"'{raw}' is not a date (use YYYY-MM-DD)"
        else:
            if as_of > today:
                errors["as_of"], as_of = "the date cannot be in the future", today
            elif as_of.year < 2000:
                errors["as_of"], as_of = "choose a date from 2000 onwards", today
    months = DEFAULT_LIVE_MONTHS
    raw = (args.get("months") or "").strip()
    if raw:
        parsed = parse_number(raw, 0, 240)
        if parsed is None:
            errors["months"] = "months must be a whole number from 0 (never lapse) to 240"
        else:
            months = parsed
    cover = 2.0
    raw = (args.get("cover_km") or "").strip()
    if raw:
        cover = parse_number(raw, 0.2, 20, whole=False)
        if cover is None:
            errors["cover_km"] = "the distance must be a number of kilometres from 0.2 to 20"
            cover = 2.0
    return View(as_of, months, cover), errors
