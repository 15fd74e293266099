"""Postcodes as values: the text a person types, parsed and normalised, and the Location it resolves to.

>>> normalise(" se155dq "), normalise("se15"), parse("SE15 5")
('SE15 5DQ', 'SE15', ('sector', 'SE15', '5'))
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

POSTCODE_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right; "
    "Contains Royal Mail data © Royal Mail copyright and database right; "
    "Source: Office for National Statistics, licensed under the OGL v3"
)

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL_RE = re.compile(rf"^({_OUTWARD})([0-9][A-Z]{{2}})$")
_OUTWARD_RE = re.compile(rf"^({_OUTWARD})$")
_SECTOR_RE = re.compile(rf"^({_OUTWARD})([0-9])$")
_SPACES_RE = re.compile(r"\s+")


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Location:
    """A point resolved from a postcode, a postcode district or sector, or a place name.

    ``postcode`` is the normalised text that was resolved (``"SE15 5DQ"``, ``"SE15"``,
    ``"SE15 5"``; for a place, its representative postcode). Eastings and northings are
    British National Grid metres; district and sector points are centroids of their postcodes,
    with the local authority most of those postcodes fall in.
    """

    postcode: str
    lat: float
    lon: float
    easting: float
    northing: float
    la_code: str | None
    la_name: str | None
    kind: str = "postcode"  # "postcode" | "sector" | "outward" | "place"
    name: str | None = None  # the place name, for kind == "place"

    @property
    def grid(self) -> tuple[float, float]:
        return (self.easting, self.northing)

    @property
    def label(self) -> str:
        return self.name or self.postcode

    def to_dict(self) -> dict:
        return asdict(self)


class PostcodeError(ValueError):
    """A postcode that cannot be resolved; ``reason`` is "malformed" or "not_found"."""

    reason = "invalid"

    def __init__(self, message: str, text: str = ""):
        super().__init__(message)
        self.text = text


class MalformedPostcode(PostcodeError):
    reason = "malformed"


class PostcodeNotFound(PostcodeError):
    reason = "not_found"


# --------------------------------------------------------------------------- parsing


def _clean(text: str) -> str:
    if not isinstance(text, str):
        raise MalformedPostcode(f"Malformed postcode {text!r}: expected text", str(text))
    return _SPACES_RE.sub(" ", text.strip().upper())


def parse(text: str) -> tuple[str, str, str]:
    """Split postcode-like text into ``(kind, outward, inward)``.

    ``kind`` is "postcode" (``inward`` like "5DQ"), "sector" (``inward`` one digit) or
    "outward" (``inward`` empty). Raises ``MalformedPostcode`` when the text does not fit the
    UK postcode pattern.
    """
    cleaned = _clean(text)
    parts = cleaned.split(" ")
    m = None
    if len(parts) == 1:
        compact = parts[0]
        if m := _FULL_RE.match(compact):
            return ("postcode", m.group(1), m.group(2))
        if m := _OUTWARD_RE.match(compact):
            return ("outward", m.group(1), "")
        if m := _SECTOR_RE.match(compact):
            return ("sector", m.group(1), m.group(2))
    elif len(parts) == 2 and _OUTWARD_RE.match(parts[0]):
        outward, inward = parts
        if _FULL_RE.match(outward + inward) and len(inward) == 3:
            return ("postcode", outward, inward)
        if len(inward) == 1 and inward.isdigit():
            return ("sector", outward, inward)
    raise MalformedPostcode(
        f"Malformed postcode {text.strip()!r}: a UK postcode looks like 'SE15 5DQ' "
        "(or a district like 'SE15')",
        text,
    )


def normalise(text: str) -> str:
    """Canonical form: ``" se155dq "`` -> ``"SE15 5DQ"``; ``"se15"`` -> ``"SE15"``.

    Raises ``MalformedPostcode`` when the text is not postcode-shaped.
    """
    kind, outward, inward = parse(text)
    return f"{outward} {inward}" if inward else outward
