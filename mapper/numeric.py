"""Numbers typed by people (query arguments, form fields): ASCII digits only, within bounds.

Python's ``str.isdigit`` is true for "²" and ``int`` reads "٣" and "１２"; a number from a request goes
through :func:`parse_number` instead, which reads plain ASCII digits (and, when ``whole`` is false, one
decimal point) and nothing else, so that every odd value is a refusal rather than a fault.

>>> parse_number("12", 0, 240), parse_number(" 7 ", 1, 9), parse_number("1.5", 0.2, 20, whole=False)
(12, 7, 1.5)
>>> [parse_number(raw, 0, 240) for raw in ("²", "٣", "１２", "-1", "1e3", "1.0", "", "241", "9" * 400)]
[None, None, None, None, None, None, None, None, None]
>>> parse_number("١.٥", 0, 20, whole=False), parse_number("nan", 0, 20, whole=False)
(None, None)
"""
from __future__ import annotations

import re

_WHOLE = re.compile(r"[0-9]{1,15}")
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?|\.[0-9]{1,15}")


def parse_number(raw, low: float, high: float, *, whole: bool = True):
    """``raw`` (surrounding spaces ignored) as an int (or a float when ``whole`` is false) from ``low``
    to ``high``; None when it is not such a number."""
    if not isinstance(raw, str):
        return None
    text = raw.strip(" \t")
    if not (_WHOLE if whole else _DECIMAL).fullmatch(text):
        return None
    value = int(text) if whole else float(text)
    return value if low <= value <= high else None
