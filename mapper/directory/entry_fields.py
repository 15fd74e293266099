"""The fields of a directory entry as stewards edit them, and the checks on each: one message per
field, in words, and nothing written while any field is wrong.

An asset's fields (the API's and the form's, once read): ``name``, ``kind``, ``description``,
``run_by`` (organisation ids), ``address``, ``postcode`` (resolved offline to a point and its local
authority), ``opening`` (sessions ``{"day", "opens", "closes"}``: the same model the search filters
on, stored as lines like ``"Tue 10:00-13:00"``), ``themes`` (ids or names), ``languages``,
``accessibility``, ``cost``, ``contact``, ``referral`` (needed or not) and ``hide_address``.

>>> vocab = Vocabulary(themes={"theme-housing": "Housing"}, areas={}, organisations={},
...                    languages={"English", "BSL"}, access=set())
>>> clean, errors = check_asset({"name": " Hub ", "kind": "hub", "postcode": "SE15 5DQ",
...     "opening": [{"day": "Sat", "opens": "13:00", "closes": "10:00"}], "languages": ["Klingon"],
...     "themes": ["Housing"]}, vocab)
>>> sorted(errors), clean["themes"]
(['languages', 'opening'], ['theme-housing'])
>>> opening_lines([{"day": "saturday", "opens": "9:30", "closes": "12:00"}])
(['Sat 09:30-12:00'], None)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from mapper.directory import opening
from mapper.directory.filters import KIND_LABELS, kind_of
from mapper.geo.postcodes.index import lookup
from mapper.geo.postcodes.values import PostcodeError, parse

# The languages a directory may list (besides those already recorded in it): BSL among them.
LANGUAGES = ("Arabic", "Bengali", "BSL", "Cantonese", "Dari", "English", "Farsi", "French", "Gujarati", "Hindi",
             "Korean", "Krio", "Kurdish", "Lithuanian", "Makaton", "Mandarin", "Nepali", "Pashto", "Polish",
             "Portuguese", "Punjabi", "Romanian", "Russian", "Somali", "Spanish", "Tamil", "Tigrinya", "Turkish",
             "Twi", "Ukrainian", "Urdu", "Vietnamese", "Yoruba")
ACCESS = ("step-free", "hearing loop", "accessible toilet", "BSL interpreter on request", "easy read",
          "interpreters", "creche", "visual alarms", "women only")
ORG_KINDS = {"nhs_trust": "NHS trust", "council": "Council", "voluntary": "Voluntary sector",
             "community": "Community group", "faith": "Faith group", "school": "School", "employer": "Employer"}
ASSET_FIELDS = ("name", "kind", "description", "run_by", "address", "postcode", "opening", "themes", "languages",
                "accessibility", "cost", "contact", "referral", "hide_address")
ORGANISATION_FIELDS = ("name", "kind", "area", "description", "contact", "website")
LIMITS = {"name": 120, "description": 2000, "address": 300, "cost": 100, "contact": 200, "website": 300}
MAX_ITEMS = 40
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
_WEB = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.I)


@dataclass(frozen=True)
class Vocabulary:
    """What the fields may hold: theme ids -> names, area ids -> (name, code), live organisation
    ids -> names, and the languages and access needs known."""

    themes: dict
    areas: dict
    organisations: dict
    languages: set
    access: set

    @classmethod
    def load(cls, store) -> "Vocabulary":
        row = store.read_one("directory_vocabulary")
        return cls(themes={t["id"]: t["name"] for t in row["themes"]},
                   areas={a["id"]: (a["name"], a["code"]) for a in row["areas"]},
                   organisations={o["id"]: o["name"] for o in row["organisations"]},
                   languages=set(LANGUAGES) | set(row["languages"]), access=set(ACCESS) | set(row["access"]))

    def language_choices(self) -> list[str]:
        return sorted(self.languages, key=str.lower)

    def access_choices(self) -> list[str]:
        return sorted(self.access, key=str.lower)


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """Text without control characters (a NUL, an escape...): tabs and line breaks kept.

    >>> without_controls("before\\x00after\\x1b[31m\\n")
    'beforeafter[31m\\n'
    """
    return _CONTROLS.sub("", text)


def _text(value: Any, field: str, errors: dict, required: bool = False) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = "give text"
        return None
    value = without_controls(value)
    value = " ".join(value.split()) if field != "description" else value.strip()
    if required and not value:
        errors[field] = f"give the {field}"
        return None
    if field in LIMITS and len(value) > LIMITS[field]:
        errors[field] = f"keep it under {LIMITS[field]} characters (it has {len(value)})"
        return None
    return value or None


def _items(value: Any, field: str, errors: dict) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"\s*[,;\n]\s*", value) if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[field] = "give a list of words"
        return []
    out = list(dict.fromkeys(" ".join(without_controls(v).split()) for v in value if without_controls(v).strip()))
    if len(out) > MAX_ITEMS or any(len(v) > 100 for v in out):
        errors[field] = f"give at most {MAX_ITEMS}, each under 100 characters"
    return out


def _minutes(text: Any) -> int | None:
    match = _TIME.match(text) if isinstance(text, str) else None
    if not match or int(match.group(2)) >= 60 or int(match.group(1)) * 60 + int(match.group(2)) > 24 * 60:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def opening_lines(sessions: Any) -> tuple[list[str], str | None]:
    """Sessions (``{"day", "opens", "closes"}``, or lines like ``"Tue 10:00-13:00"``) as stored
    lines, or a message saying which session is wrong."""
    if sessions is None:
        return [], None
    if not isinstance(sessions, list):
        return [], "give a list of sessions (day, opens, closes)"
    lines: list[str] = []
    for n, item in enumerate(sessions, start=1):
        if isinstance(item, str):
            parsed = opening.parse(item)
            if not parsed:
                return [], f"session {n} ('{item[:40]}'): write it as a day and two times, e.g. Tue 10:00-13:00"
            lines += [s.label for s in parsed]
            continue
        if not isinstance(item, Mapping):
            return [], f"session {n}: give a day, an opening and a closing time"
        try:
            day = opening.day_index(str(item.get("day") or ""))
        except opening.OpeningError:
            return [], f"session {n}: choose a day of the week"
        start, end = _minutes(item.get("opens")), _minutes(item.get("closes"))
        if start is None or end is None:
            return [], f"session {n}: give opening and closing times as HH:MM, e.g. 10:00"
        if end <= start:
            return [], f"session {n}: it closes ({item.get('closes')}) before it opens ({item.get('opens')})"
        lines.append(opening.Session(day, start, end).label)
    if len(lines) > MAX_ITEMS:
        return [], f"give at most {MAX_ITEMS} sessions"
    return list(dict.fromkeys(lines)), None


def sessions_of(lines: list[str]) -> list[dict]:
    """Stored opening lines as sessions (the form's rows)."""
    return [{"day": opening.DAYS[s.day], "opens": f"{s.start // 60:02d}:{s.start % 60:02d}",
             "closes": f"{s.end // 60:02d}:{s.end % 60:02d}"} for s in opening.sessions(lines)]


def place(postcode: Any, errors: dict):
    """A full postcode resolved offline (``Location``), or None with a message under ``postcode``."""
    if not isinstance(postcode, str) or not postcode.strip():
        errors["postcode"] = "give the postcode (e.g. SE15 5DQ): it places the entry on the map"
        return None
    try:
        kind, _, _ = parse(postcode)
    except PostcodeError as exc:
        errors["postcode"] = str(exc)
        return None
    found = lookup(postcode) if kind == "postcode" else None
    if found is None:
        errors["postcode"] = (f"'{postcode.strip()}' is not a postcode we know" if kind == "postcode"
                              else "give the full postcode, e.g. SE15 5DQ, not only its district")
    return found


def _bool(value: Any, field: str, errors: dict) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        errors[field] = "give true or false"
        return False
    return value


def check_asset(values: Mapping, vocab: Vocabulary) -> tuple[dict, dict]:
    """``(clean, errors)``: every field of an asset checked; ``clean`` also holds ``lat``, ``lon``
    and ``la_code`` from the postcode."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {"name": _text(values.get("name"), "name", errors, required=True)}
    kind = kind_of(values.get("kind") or "") if isinstance(values.get("kind"), str) else None
    if kind is None:
        errors["kind"] = f"choose one of {', '.join(KIND_LABELS.values())}"
    clean["kind"] = kind
    for field in ("description", "address", "cost", "contact"):
        clean[field] = _text(values.get(field), field, errors)
    run_by = _items(values.get("run_by"), "run_by", errors)
    unknown = [o for o in run_by if o not in vocab.organisations]
    if unknown and "run_by" not in errors:
        errors["run_by"] = f"no organisation has the id {unknown[0]}"
    clean["run_by"] = sorted(run_by)
    found = place(values.get("postcode"), errors)
    clean["postcode"] = found.postcode if found else values.get("postcode")
    clean["lat"], clean["lon"] = (found.lat, found.lon) if found else (None, None)
    clean["la_code"] = found.la_code if found else None
    clean["opening"], problem = opening_lines(values.get("opening"))
    if problem:
        errors["opening"] = problem
    by_name = {name.lower(): tid for tid, name in vocab.themes.items()}
    themes = []
    for theme in _items(values.get("themes"), "themes", errors):
        tid = theme if theme in vocab.themes else by_name.get(theme.lower())
        if tid is None and "themes" not in errors:
            errors["themes"] = f"unknown theme '{theme}': choose from {', '.join(sorted(vocab.themes.values()))}"
        themes.append(tid)
    clean["themes"] = sorted(t for t in set(themes) if t)
    languages = {x.lower(): x for x in vocab.languages}
    chosen = []
    for language in _items(values.get("languages"), "languages", errors):
        if language.lower() not in languages and "languages" not in errors:
            errors["languages"] = f"unknown language '{language}' (e.g. English, BSL, Somali)"
        chosen.append(languages.get(language.lower(), language))
    clean["languages"] = list(dict.fromkeys(chosen))
    clean["accessibility"] = _items(values.get("accessibility"), "accessibility", errors)
    clean["referral"] = _bool(values.get("referral"), "referral", errors)
    clean["hide_address"] = _bool(values.get("hide_address"), "hide_address", errors)
    return clean, errors


def check_organisation(values: Mapping, vocab: Vocabulary) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {"name": _text(values.get("name"), "name", errors, required=True)}
    kind = values.get("kind")
    if kind not in ORG_KINDS:
        errors["kind"] = f"choose one of {', '.join(ORG_KINDS.values())}"
    clean["kind"] = kind if kind in ORG_KINDS else None
    area = values.get("area") or None
    if area is not None and area not in vocab.areas:
        errors["area"] = "choose an area from the list"
    clean["area"] = area if area in vocab.areas else None
    for field in ("description", "contact", "website"):
        clean[field] = _text(values.get(field), field, errors)
    if clean.get("website") and not _WEB.match(clean["website"]):
        errors["website"] = "give the address of a web page, starting https://"
    return clean, errors


def asset_values(entry: Mapping) -> dict:
    """An asset as stored, in the fields stewards edit (to compare, show in a form, or patch); its
    opening lines one session a line, as a save writes them."""
    out = {field: entry.get(field) for field in ASSET_FIELDS}
    lines, problem = opening_lines(list(out.get("opening") or []))
    if not problem:
        out["opening"] = lines
    return out


def organisation_values(entry: Mapping) -> dict:
    return {field: entry.get(field) for field in ORGANISATION_FIELDS}


def changed(before: Mapping, after: Mapping, fields) -> list[dict]:
    """The fields that differ, from what to what.

    >>> changed({"name": "A", "cost": None}, {"name": "B", "cost": None}, ("name", "cost"))
    [{'field': 'name', 'old': 'A', 'new': 'B'}]
    """
    out = []
    for field in fields:
        old, new = before.get(field), after.get(field)
        if isinstance(old, list) and isinstance(new, list) and field not in ("opening",):
            same = sorted(old) == sorted(new)
        else:
            same = (old or None) == (new or None) if not isinstance(old, bool) else old == bool(new)
        if not same:
            out.append({"field": field, "old": old, "new": new})
    return out
