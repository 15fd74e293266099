"""The areas the network serves: the London boroughs its coverage gaps are measured and shaded for.

A configured list (``MAPPER_SERVED_AREAS``: borough codes or names, read in ``mapper.config``) when
there is one; otherwise every area with an active person or a live asset in it. The map and the
Collaborative's "areas without cover" use this one rule.

``store`` is a ``mapper.db.store.Store``.
"""
from __future__ import annotations

import re

from mapper import config
from mapper.geo.names import la_name, la_names, london_borough_codes

_CODE = re.compile(r"^E09\d{6}$")
_PREFIXES = ("london borough of ", "royal borough of ", "borough of ", "city of ")
_SUFFIXES = (" upon thames", " london borough", " borough")


def _keys(name: str) -> set[str]:
    """A name and its short forms, lower case: "Royal Borough of Kingston upon Thames" -> "kingston"."""
    key = " ".join(re.sub(r"[^a-z]+", " ", name.casefold().replace("&", " and ")).split())
    keys = {key}
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key != "city of london":
            key = key[len(prefix):]
    for suffix in _SUFFIXES:
        key = key.removesuffix(suffix)
    return keys | {key}


def _by_name() -> dict[str, str]:
    names = la_names()
    return {key: code for code in london_borough_codes() for key in _keys(names[code])} | {"city": "E09000001"}


class ServedAreasError(ValueError):
    """The configured list names something that is not a London borough."""


def borough_code(entry: str) -> str:
    """A London borough's code from its code or its name.

    >>> borough_code("e09000028"), borough_code("London Borough of Lambeth"), borough_code("Kingston")
    ('E09000028', 'E09000022', 'E09000021')
    """
    text = entry.strip()
    if _CODE.match(text.upper()) and text.upper() in london_borough_codes():
        return text.upper()
    by_name = _by_name()
    found = next((by_name[k] for k in _keys(text) if k in by_name), None)
    if found is None:
        raise ServedAreasError(f"MAPPER_SERVED_AREAS: {entry!r} is not a London borough code or name "
                               f"(e.g. E09000028 or Southwark)")
    return found


def configured_codes(entries: list[str] | None = None) -> list[str]:
    """The codes of the configured list (``entries``, else the setting), in order, without repeats."""
    entries = config.served_areas() if entries is None else entries
    return list(dict.fromkeys(borough_code(e) for e in entries))


def served_area_codes(store) -> list[str]:
    """The London borough codes the network serves (see the module's note), sorted."""
    configured = configured_codes()
    codes = configured or [r["code"] for r in store.read("served_area_codes")]
    return sorted(c for c in set(codes) if la_name(c) and c.startswith("E09"))
