"""Opening times: parse entries like ``"Sat 10:00-13:00"`` and match "open on Saturday mornings".

An asset's ``opening`` is a list of lines, each one or more days and a time range. Days may be
a single day (``Sat``, ``Saturday``), a range (``Mon-Fri``), a list (``Mon, Wed``) or ``Daily``.

>>> [(s.day, s.start, s.end) for s in parse("Sat 10:00-12:30")]
[(5, 600, 750)]
>>> is_open(["Tue 10:00-13:00", "Sat 10:00-12:30"], day="saturday", part="morning")
True
>>> is_open(["Sat 13:00-15:00"], day="Sat", part="morning")
False
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Parts of the day, in minutes after midnight: [start, end).
PARTS = {"morning": (0, 12 * 60), "afternoon": (12 * 60, 17 * 60), "evening": (17 * 60, 24 * 60)}
PART_LABELS = {"morning": "Morning (before 12:00)", "afternoon": "Afternoon (12:00-17:00)",
               "evening": "Evening (after 17:00)"}

_DAY_WORD = {d.lower(): i for i, d in enumerate(DAYS)}
_DAY_WORD.update({n.lower(): i for i, n in enumerate(DAY_NAMES)})
_DAY_WORD.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_LINE = re.compile(r"^\s*(?P<days>[A-Za-z ,\-–]+?)\s+(?P<start>\d{1,2}[:.]\d{2})\s*[-–]\s*(?P<end>\d{1,2}[:.]\d{2})\s*$")


class OpeningError(ValueError):
    """An unknown day or part of the day in a filter."""


@dataclass(frozen=True)
class Session:
    day: int  # 0 = Monday
    start: int  # minutes after midnight
    end: int

    @property
    def label(self) -> str:
        return f"{DAYS[self.day]} {self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"


def day_index(text: str) -> int:
    """``"sat"``, ``"Saturday"``, ``"SATURDAYS"`` -> 5; raises OpeningError for anything else."""
    key = (text or "").strip().lower()
    if key.endswith("s") and key[:-1] in _DAY_WORD and key not in _DAY_WORD:
        key = key[:-1]
    if key not in _DAY_WORD:
        raise OpeningError(f"unknown day '{text}': use a day of the week, e.g. Saturday")
    return _DAY_WORD[key]


def part_of_day(text: str) -> str:
    key = (text or "").strip().lower().rstrip("s")
    if key not in PARTS:
        raise OpeningError(f"unknown time of day '{text}': choose morning, afternoon or evening")
    return key


def _minutes(text: str) -> int:
    hours, minutes = re.split(r"[:.]", text)
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60 or int(minutes) >= 60:
        raise ValueError(text)
    return value


def _days(text: str) -> list[int]:
    text = text.strip().lower()
    if text in ("daily", "every day", "mon-sun"):
        return list(range(7))
    if text == "weekdays":
        return list(range(5))
    if text == "weekends":
        return [5, 6]
    found: list[int] = []
    for part in re.split(r"\s*,\s*|\s+and\s+", text):
        if not part:
            continue
        ends = re.split(r"\s*[-–]\s*", part)
        if len(ends) == 2:
            a, b = day_index(ends[0]), day_index(ends[1])
            found.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif len(ends) == 1:
            found.append(day_index(ends[0]))
        else:
            raise OpeningError(part)
    return found


def parse(line: str) -> list[Session]:
    """The sessions of one opening line; [] when the line is not in a form we understand."""
    match = _LINE.match(line or "")
    if not match:
        return []
    try:
        days = _days(match.group("days"))
        start, end = _minutes(match.group("start")), _minutes(match.group("end"))
    except ValueError:
        return []
    if end <= start:
        return []
    return [Session(d, start, end) for d in days]


def sessions(opening: Iterable[str] | str | None) -> list[Session]:
    if not opening:
        return []
    if isinstance(opening, str):
        opening = re.split(r"\s*;\s*", opening)
    return [s for line in opening for s in parse(line)]


def is_open(opening, day: str | int | None = None, part: str | None = None) -> bool:
    """Whether any session falls on ``day`` (if given) and overlaps ``part`` of the day (if given)."""
    if day is None and part is None:
        return True
    want_day = day if isinstance(day, int) or day is None else day_index(day)
    window = PARTS[part_of_day(part)] if part else None
    for s in sessions(opening):
        if want_day is not None and s.day != want_day:
            continue
        if window is not None and not (s.start < window[1] and s.end > window[0]):
            continue
        return True
    return False
