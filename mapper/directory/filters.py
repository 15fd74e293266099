"""The one vocabulary for choosing community assets, the same for every page and API that lists
them (``/assets``, ``/prescribers/``, ``/map``, ``/api/search`` and ``/api/assets``): theme (an id
or a name), kind (``ListeningHub`` or ``Listening hub``, any case), language, access need, cost
(``free``), day and part of the day. ``/api/assets`` has always taken ``kind`` and ``theme``:
the exact values it took (a kind's label name, a theme id) are words of this vocabulary too.

>>> Filters(kind="Hub", free=True).params()
{'theme': None, 'kind': 'Hub', 'language': None, 'access': None, 'free': True}
>>> kind_of("Peer-support group"), kind_of("listeninghub"), kind_of("castle")
('PeerSupportGroup', 'ListeningHub', None)
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Mapping

from mapper.db import warming
from mapper.db.derived import Derived
from mapper.directory import opening

KIND_LABELS = {"ListeningHub": "Listening hub", "Hub": "Hub", "PeerSupportGroup": "Peer-support group"}
FIELDS = ("where", "radius", "unit", "theme", "kind", "language", "access", "cost", "day", "time")
FILTERS = ("theme", "kind", "language", "access", "cost", "day", "time")

_KIND_WORDS = {re.sub(r"[^a-z]", "", label.lower()): kind for kind, label in KIND_LABELS.items()}
_KIND_WORDS.update({k.lower(): k for k in KIND_LABELS})


class SearchError(ValueError):
    """Bad search input: ``errors`` maps each field to a message; ``suggestions`` may hold
    postcodes or places the person may have meant."""

    def __init__(self, errors: dict[str, str], suggestions: list[str] | None = None):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        self.suggestions = suggestions or []


@dataclass(frozen=True)
class Filters:
    theme: str | None = None  # a theme id
    kind: str | None = None
    language: str | None = None  # as written in the directory
    access: str | None = None  # lower case, matched as part of an access need
    free: bool = False
    day: int | None = None
    part: str | None = None

    def params(self) -> dict:
        """Parameters of the named queries."""
        return {"theme": self.theme, "kind": self.kind,
                "language": self.language.lower() if self.language else None,
                "access": self.access, "free": True if self.free else None}

    def args(self) -> dict:
        """As URL query arguments (to repeat a search, or widen it)."""
        out = {"theme": self.theme, "kind": self.kind, "language": self.language, "access": self.access,
               "cost": "free" if self.free else None,
               "day": opening.DAY_NAMES[self.day] if self.day is not None else None, "time": self.part}
        return {k: v for k, v in out.items() if v}

    def matches_opening(self, lines) -> bool:
        return opening.is_open(lines, self.day, self.part)


def kind_of(text: str) -> str | None:
    """The asset kind a word names (its label or its name, any case and spacing), or None."""
    return _KIND_WORDS.get(re.sub(r"[^a-z]", "", (text or "").lower()))


def _read_facets(store) -> dict:
    row = store.read_one("directory_facets") or {}
    return {"themes": store.read("list_themes"), "kinds": KIND_LABELS,
            "languages": row.get("languages", []), "accessibility": row.get("accessibility", []),
            "costs": row.get("costs", []), "days": opening.DAY_NAMES, "times": opening.PART_LABELS}


# Kept until the next write (each read walks every asset's languages, access needs and cost: 0.1 to
# 0.2 s at 10,000 assets, before a search or the map's page can answer).
_FACETS = Derived(_read_facets, keep=4)


def facets(store) -> dict:
    """The values each filter may take, from the directory itself (``store``: a ``Store``), read once
    per write generation (``mapper.db.derived``); shared by every caller, so never to be changed."""
    return _FACETS.get(store)


def keep_warm(store) -> None:
    """Read the filters' choices again in the background after each write (``mapper.db.warming``)."""
    warming.keep_warm(_FACETS, store)


def arg(args: Mapping, name: str) -> str | None:
    """One query argument, stripped; None when absent or empty."""
    value = args.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def parse_filters(args: Mapping, store, errors: dict[str, str]) -> Filters:
    """The filters in ``args``; unknown values are added to ``errors`` by field."""
    values: dict = {}
    theme = arg(args, "theme")
    if theme:
        themes = store.read("list_themes")
        hit = next((t["id"] for t in themes if theme.lower() in (t["id"].lower(), t["name"].lower())), None)
        if hit is None:
            errors["theme"] = f"unknown theme '{theme}': choose one of {', '.join(t['name'] for t in themes)}"
        values["theme"] = hit
    kind = arg(args, "kind")
    if kind:
        hit = kind_of(kind)
        if hit is None:
            errors["kind"] = f"unknown kind '{kind}': choose one of {', '.join(KIND_LABELS.values())}"
        values["kind"] = hit
    language, access = arg(args, "language"), arg(args, "access")
    if language or access:
        known = facets(store)
        if language:
            hit = next((x for x in known["languages"] if x.lower() == language.lower()), None)
            if hit is None:
                close = difflib.get_close_matches(language.title(), known["languages"], n=1)
                errors["language"] = (f"no entry lists the language '{language}'"
                                      + (f" (did you mean {close[0]}?)" if close else ""))
            values["language"] = hit
        if access:
            if not any(access.lower() in x.lower() for x in known["accessibility"]):
                errors["access"] = (f"unknown access need '{access}': e.g. "
                                    f"{', '.join(known['accessibility'][:6])}")
            values["access"] = access.lower()
    cost = arg(args, "cost")
    if cost:
        if cost.lower() != "free":
            errors["cost"] = f"unknown cost '{cost}': leave it empty for any cost, or choose free"
        values["free"] = cost.lower() == "free"
    day = arg(args, "day")
    if day:
        try:
            values["day"] = opening.day_index(day)
        except opening.OpeningError as exc:
            errors["day"] = str(exc)
    part = arg(args, "time")
    if part:
        try:
            values["part"] = opening.part_of_day(part)
        except opening.OpeningError as exc:
            errors["time"] = str(exc)
    return Filters(**values)


def checked_filters(args: Mapping, store) -> Filters:
    """The filters in ``args``, or ``SearchError`` naming every bad one."""
    errors: dict[str, str] = {}
    found = parse_filters(args, store, errors)
    if errors:
        raise SearchError(errors)
    return found
