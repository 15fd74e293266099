"""How the network's health changes month by month."""
from __future__ import annotations

import datetime as dt

from mapper.analytics.cut_off import cut_off_counts, people_at_risk
from mapper.analytics.isolation import people_without_assets
from mapper.network.projection import Projection

SERIES = {
    "people_at_risk": "People one departure away from losing every asset",
    "single_points": "Single points of failure (people and organisations)",
    "isolated_people": "People with no path to any asset",
    "live_links": "Live links",
}


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The last day of each month from ``first``'s month to ``last``'s (``last`` itself at the end).

    >>> month_ends(dt.date(2026, 1, 15), dt.date(2026, 3, 2))
    [datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 2)]
    """
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), last))
        year, month = nxt.year, nxt.month
    return out


def monthly(projection: Projection, until: dt.date, live_months: int) -> list[dict]:
    first = projection.first_date()
    if first is None:
        return []
    rows = []
    for day in month_ends(first, until):
        G = projection.graph(day, live_months)
        counts = cut_off_counts(G)
        rows.append({
            "month": day.strftime("%Y-%m"),
            "people_at_risk": len(people_at_risk(G)),
            "single_points": sum(1 for n in counts if G.nodes[n]["kind"] != "asset"),
            "isolated_people": len(people_without_assets(G)),
            "live_links": G.number_of_edges(),
        })
    return rows


def chart(rows: list[dict], key: str, width: int = 360, height: int = 120) -> dict:
    """Points of a small line chart (SVG coordinates) for one series."""
    values = [r[key] for r in rows]
    top = max(values, default=0) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - v / top * (height - 10) - 5:.1f}" for i, v in enumerate(values))
    return {"key": key, "title": SERIES[key], "points": points, "max": max(values, default=0),
            "last": values[-1] if values else 0, "first_month": rows[0]["month"] if rows else "",
            "last_month": rows[-1]["month"] if rows else "", "width": width, "height": height}
