"""Property values in the backup file: JSON, with the values Neo4j has and JSON lacks tagged.

``{"$date": [y, m, d]}``, ``{"$datetime": [y, m, d, H, M, S, ns], "offset": seconds, "zone": name}``,
``{"$localdatetime": [...]}``, ``{"$time": [H, M, S, ns], "offset": s}``, ``{"$localtime": [...]}``,
``{"$duration": [months, days, seconds, ns]}``, ``{"$point": [x, y(, z)], "srid": 4326}``,
``{"$bytes": base64}`` and ``{"$float": "nan" | "inf" | "-inf"}``.

>>> encode(float("nan")), decode({"$float": "inf"})
({'$float': 'nan'}, inf)
>>> decode(encode(Date(2024, 3, 12)))
neo4j.time.Date(2024, 3, 12)
"""
from __future__ import annotations

import base64
import math
from datetime import date as _native_date
from typing import Any

import pytz
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from mapper.db.backup.fileformat import BackupError

SRIDS = {4326: WGS84Point, 4979: WGS84Point, 7203: CartesianPoint, 9157: CartesianPoint}


def _offset_seconds(value) -> int:
    return int(value.utcoffset().total_seconds())


def encode(value: Any) -> Any:
    """A property value as JSON, with Neo4j's own types tagged."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        return value
    # Duration and Point are tuples: they are tested before plain lists.
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, DateTime):
        parts = [value.year, value.month, value.day, value.hour, value.minute, value.second, value.nanosecond]
        if value.tzinfo is None:
            return {"$localdatetime": parts}
        out = {"$datetime": parts, "offset": _offset_seconds(value)}
        zone = getattr(value.tzinfo, "zone", None)
        if zone and not isinstance(value.tzinfo, pytz._FixedOffset) and value.tzinfo is not pytz.UTC:
            out["zone"] = zone
        return out
    if isinstance(value, Date):
        return {"$date": [value.year, value.month, value.day]}
    if isinstance(value, Time):
        parts = [value.hour, value.minute, value.second, value.nanosecond]
        if value.tzinfo is None:
            return {"$localtime": parts}
        return {"$time": parts, "offset": _offset_seconds(value)}
    if isinstance(value, Duration):
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    if isinstance(value, Point):
        return {"$point": [float(c) for c in value], "srid": value.srid}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    raise BackupError(f"cannot write a value of type {type(value).__name__}")


_PLAIN = frozenset({str, int, bool})


def encode_props(props: dict) -> dict:
    """A node's or relationship's properties as the file holds them: sorted by name, values encoded.

    >>> encode_props({"b": 1, "a": Date(2024, 3, 12)})
    {'a': {'$date': [2024, 3, 12]}, 'b': 1}
    """
    return {key: (value if type(value) in _PLAIN else
                  {"$date": [value.year, value.month, value.day]} if type(value) is Date else encode(value))
            for key, value in sorted(props.items())}


def _ints(raw, n: int, what: str) -> list[int]:
    if not (isinstance(raw, list) and len(raw) == n and all(isinstance(x, int) and not isinstance(x, bool)
                                                            for x in raw)):
        raise BackupError(f"a {what} value must be {n} whole numbers")
    return raw


def _fixed(offset) -> Any:
    if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) > 18 * 3600:
        raise BackupError("a time-zone offset must be whole seconds within ±18 hours")
    if offset % 60 == 0:
        return pytz.FixedOffset(offset // 60) if offset else pytz.UTC
    from datetime import timedelta, timezone

    return timezone(timedelta(seconds=offset))


def decode(value: Any) -> Any:
    """The inverse of ``encode``; raises BackupError for anything a property cannot hold."""
    if value is None:
        raise BackupError("a property cannot be null")
    if isinstance(value, (bool, int, str, float)):
        return value
    if isinstance(value, list):
        items = [decode(v) for v in value]
        if any(isinstance(v, list) for v in items):
            raise BackupError("a property cannot hold a list of lists")
        if len({type(v) for v in items}) > 1:
            raise BackupError("a list property must hold values of one type")
        return items
    if not isinstance(value, dict) or len(value) == 0:
        raise BackupError(f"unexpected value {value!r}")
    tag = next(iter(value))
    raw = value[tag]
    try:
        if tag == "$float" and set(value) == {"$float"} and raw in ("nan", "inf", "-inf"):
            return float(raw)
        if tag == "$bytes" and set(value) == {"$bytes"} and isinstance(raw, str):
            return base64.b64decode(raw.encode("ascii"), validate=True)
        if tag == "$date" and set(value) == {"$date"}:
            return Date(*_ints(raw, 3, "date"))
        if tag == "$localdatetime" and set(value) == {"$localdatetime"}:
            return DateTime(*_ints(raw, 7, "local date-time"))
        if tag == "$datetime" and set(value) <= {"$datetime", "offset", "zone"} and "offset" in value:
            parts = _ints(raw, 7, "date-time")
            fixed = DateTime(*parts, tzinfo=_fixed(value["offset"]))
            if "zone" not in value:
                return fixed
            if not isinstance(value["zone"], str):
                raise BackupError("a time zone must be a name")
            return fixed.astimezone(pytz.timezone(value["zone"]))
        if tag == "$localtime" and set(value) == {"$localtime"}:
            return Time(*_ints(raw, 4, "local time"))
        if tag == "$time" and set(value) == {"$time", "offset"}:
            return Time(*_ints(raw, 4, "time"), tzinfo=_fixed(value["offset"]))
        if tag == "$duration" and set(value) == {"$duration"}:
            months, days, seconds, nanoseconds = _ints(raw, 4, "duration")
            return Duration(months=months, days=days, seconds=seconds, nanoseconds=nanoseconds)
        if tag == "$point" and set(value) == {"$point", "srid"}:
            srid = value["srid"]
            if srid not in SRIDS or not (isinstance(raw, list) and len(raw) == (3 if srid in (4979, 9157) else 2)
                                         and all(isinstance(c, (int, float)) and not isinstance(c, bool)
                                                 for c in raw)):
                raise BackupError(f"a point must have a known srid and 2 or 3 coordinates, not {value!r}")
            return SRIDS[srid]([float(c) for c in raw])
    except BackupError:
        raise
    except (ValueError, TypeError, OverflowError, pytz.UnknownTimeZoneError) as exc:
        raise BackupError(f"bad {tag} value {value!r}: {exc}") from None
    raise BackupError(f"unexpected value {value!r}")


_SCALARS = frozenset({str, int, bool, float})


def _property(value: Any) -> Any:
    """``decode`` with a fast way for the commonest tagged value, a date (a 1:1's): Python's own
    ``datetime.date``, which the driver sends as the same Neo4j date, made many times faster."""
    if type(value) is dict and len(value) == 1:
        raw = value.get("$date")
        if type(raw) is list and len(raw) == 3 and type(raw[0]) is int and type(raw[1]) is int and type(raw[2]) is int:
            try:
                return _native_date(*raw)
            except ValueError:
                pass  # out of Python's range (or not a date): decode says which
    return decode(value)


def props(raw: Any) -> dict:
    """A line's ``props`` object, decoded (strings, numbers and booleans are taken as they are).

    >>> props({"name": "Amina", "since": {"$date": [2024, 3, 12]}})
    {'name': 'Amina', 'since': datetime.date(2024, 3, 12)}
    """
    if type(raw) is not dict:
        raise BackupError("'props' must be an object")
    for val in raw.values():
        if type(val) not in _SCALARS:
            return {key: (val if type(val) in _SCALARS else _property(val)) for key, val in raw.items()}
    return raw
