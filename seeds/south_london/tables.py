"""The demo's tables, read from the files in ``data/`` on first use and kept (do not change them).

>>> areas()[1]
('E09000028', 'Southwark')
>>> area_of_borough()["kingston"]
'area-E09000021'
>>> calendar().latest_one_to_one
datetime.date(2026, 11, 20)
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

# Theme ids (data/themes.csv) that the planted patterns name.
T_LONELY = "theme-loneliness"
T_WORK = "theme-work-wages"
T_CHILDREN = "theme-children-young-people"
T_ACCESS = "theme-access-to-services"
T_DIGITAL = "theme-digital-exclusion"
T_HOUSING = "theme-housing"
T_MIGRATION = "theme-migration-race"


def _text(name: str) -> str:
    return (resources.files(__package__) / "data" / name).read_text(encoding="utf-8")


def _json(name: str):
    return json.loads(_text(name))


def _csv(name: str) -> tuple[tuple, ...]:
    """Rows of a CSV file after its header, empty cells as None."""
    rows = list(csv.reader(io.StringIO(_text(name))))
    return tuple(tuple(cell if cell != "" else None for cell in row) for row in rows[1:])


@cache
def areas() -> tuple[tuple[str, str], ...]:
    """The boroughs, as (ONS code, name)."""
    return _csv("areas.csv")


@cache
def area_of_borough() -> dict[str, str]:
    """Area id by the borough's short name: "lambeth" -> "area-E09000022", "kingston", "richmond"..."""
    return {name.split()[0].lower(): f"area-{code}" for code, name in areas()}


@cache
def themes() -> tuple[tuple[str, str], ...]:
    """The seven priority themes, as (id, name)."""
    return _csv("themes.csv")


@cache
def theme_ids() -> tuple[str, ...]:
    return tuple(tid for tid, _ in themes())


@cache
def organisations() -> tuple[tuple[str, str, str, str | None], ...]:
    """(id, name, kind, area id or None for London-wide bodies)."""
    return _csv("organisations.csv")


@cache
def partnerships() -> tuple[tuple[str, str, str], ...]:
    """(organisation, organisation, since)."""
    return _csv("partnerships.csv")


@cache
def introductions() -> tuple[tuple[str, str], ...]:
    """(organisation or asset, asset): "we don't have referrals, we have introductions"."""
    return _csv("introductions.csv")


@cache
def assets() -> tuple[dict, ...]:
    """Assets at real postcodes, each with the organisations that run it (``run_by``)."""
    return tuple(_json("assets.json"))


@cache
def name_pools() -> dict[str, tuple[list[str], list[str]]]:
    """(first names, last names) by heritage."""
    return {h: (pool["first"], pool["last"]) for h, pool in _json("names.json")["pools"].items()}


@cache
def heritage_by_borough() -> dict[str, list[str]]:
    return _json("names.json")["heritage_by_borough"]


@cache
def people() -> dict:
    """Key people, background people per borough, and the organisations they may join."""
    return _json("people.json")


@cache
def notes() -> dict:
    """Notes by theme id (``by_theme``), among leaders, follow-ups and the usual places."""
    return _json("notes.json")


@cache
def patterns() -> dict:
    """The words of the planted patterns (see ``patterns.py``)."""
    return _json("patterns.json")


@dataclass(frozen=True)
class Calendar:
    seed: int
    first_one_to_one: date
    latest_one_to_one: date
    periods: tuple[tuple[date, date, int], ...]  # (from, to, weight)


@cache
def calendar() -> Calendar:
    raw = _json("calendar.json")
    periods = tuple((date.fromisoformat(p["from"]), date.fromisoformat(p["to"]), p["weight"])
                    for p in raw["periods"])
    return Calendar(raw["seed"], date.fromisoformat(raw["first_one_to_one"]),
                    date.fromisoformat(raw["latest_one_to_one"]), periods)
