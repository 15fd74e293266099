"""Looking postcodes up: the memory-mapped index, loaded once per process, and ``lookup``/``geocode``.

Keys use the directory's fixed-width form: the outward code padded to four characters and the
inward code after it (``"SE155DQ"``, ``"S1  1AA"``), which sorts every district's postcodes
together and every sector's postcodes together, so a look-up is a binary search.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from mapper.config import geo_dir
from mapper.geo.names import la_names
from mapper.geo.postcodes.build import MICRO, ensure_index, index_dir, on_rebuilt, to_stderr
from mapper.geo.postcodes.values import Location, PostcodeError, PostcodeNotFound, parse


class PostcodeIndex:
    """The memory-mapped index: look-ups by postcode, sector and district."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.meta = json.loads((self.path / "meta.json").read_text())

        def load(name, mmap=True):
            # Plain ndarray views of the mapping: np.memmap's subclass hooks cost microseconds
            # on every scalar access.
            return np.asarray(np.load(self.path / f"{name}.npy", mmap_mode="r" if mmap else None))

        self.keys = load("keys")
        self.easting = load("easting")
        self.northing = load("northing")
        self.lat_u = load("lat_u")
        self.lon_u = load("lon_u")
        self.la = load("la")
        self.la_codes = [c.decode() for c in load("la_codes", False)]
        self.la_rep = load("la_rep", False)
        self.la_count = load("la_count", False)
        names = la_names()
        self.la_names = [names.get(c) for c in self.la_codes]
        self._la_pos = {c: i for i, c in enumerate(self.la_codes)}
        self.out_keys = load("out_keys", False)
        self.out_start = load("out_start", False)
        self.out_count = load("out_count", False)
        self.out_easting = load("out_easting", False)
        self.out_northing = load("out_northing", False)
        self.out_lat = load("out_lat", False)
        self.out_lon = load("out_lon", False)
        self.out_la = load("out_la", False)
        self._out_pos = {k.decode(): i for i, k in enumerate(self.out_keys)}

    def __len__(self) -> int:
        return len(self.keys)

    # -- rows

    def _row(self, key: bytes) -> int:
        i = int(self.keys.searchsorted(key))
        if i < len(self.keys) and self.keys[i] == key:
            return i
        return -1

    def location_at(self, i: int) -> Location:
        """The Location of row ``i`` of the sorted index."""
        k = self.keys[i].decode()
        la = int(self.la[i])
        return Location(
            postcode=f"{k[:4].rstrip()} {k[4:]}",
            lat=int(self.lat_u[i]) / MICRO,
            lon=int(self.lon_u[i]) / MICRO,
            easting=float(self.easting[i]),
            northing=float(self.northing[i]),
            la_code=self.la_codes[la],
            la_name=self.la_names[la],
        )

    def _district(self, outward: str) -> Location | None:
        j = self._out_pos.get(outward.ljust(4))
        if j is None:
            return None
        la = int(self.out_la[j])
        return Location(
            postcode=outward,
            lat=round(float(self.out_lat[j]), 6),
            lon=round(float(self.out_lon[j]), 6),
            easting=round(float(self.out_easting[j]), 1),
            northing=round(float(self.out_northing[j]), 1),
            la_code=self.la_codes[la],
            la_name=self.la_names[la],
            kind="outward",
        )

    def _sector(self, outward: str, digit: str) -> Location | None:
        prefix = (outward.ljust(4) + digit).encode()
        lo = int(self.keys.searchsorted(prefix, side="left"))
        hi = int(self.keys.searchsorted(prefix + b"ZZ", side="right"))
        if hi <= lo:
            return None
        e = float(np.mean(self.easting[lo:hi]))
        n = float(np.mean(self.northing[lo:hi]))
        la = int(np.bincount(self.la[lo:hi]).argmax())
        from mapper.geo.distance import to_wgs84

        lat, lon = to_wgs84(e, n)
        return Location(
            postcode=f"{outward} {digit}",
            lat=round(float(lat), 6),
            lon=round(float(lon), 6),
            easting=round(e, 1),
            northing=round(n, 1),
            la_code=self.la_codes[la],
            la_name=self.la_names[la],
            kind="sector",
        )

    # -- public

    def geocode(self, text: str) -> Location:
        """Resolve a postcode, sector (``"SE15 5"``) or district (``"SE15"``); raises
        ``MalformedPostcode`` or ``PostcodeNotFound``."""
        kind, outward, inward = parse(text)
        if kind == "postcode":
            i = self._row((outward.ljust(4) + inward).encode())
            found = self.location_at(i) if i >= 0 else None
            what = f"{outward} {inward}"
        elif kind == "outward":
            found = self._district(outward)
            what = outward
        else:
            found = self._sector(outward, inward)
            what = f"{outward} {inward}"
        if found is None:
            noun = {"postcode": "Postcode", "outward": "Postcode district", "sector": "Postcode sector"}[kind]
            raise PostcodeNotFound(f"{noun} {what} was not found", text)
        return found

    def lookup(self, text: str, strict: bool = False) -> Location | None:
        """Like ``geocode`` but returns None for malformed or unknown text unless ``strict``."""
        try:
            return self.geocode(text)
        except PostcodeError:
            if strict:
                raise
            return None

    def exists(self, text: str) -> bool:
        return self.lookup(text) is not None

    def la_location(self, code: str) -> Location | None:
        """The postcode nearest the centroid of a local authority's postcodes."""
        j = self._la_pos.get(code)
        if j is None or self.la_rep[j] < 0:
            return None
        return self.location_at(int(self.la_rep[j]))

    def district_codes(self) -> list[str]:
        return [k.decode().rstrip() for k in self.out_keys]

    def points(self, la_prefix: str | None = None):
        """``(easting, northing, la_index)`` arrays, optionally for codes starting with a prefix."""
        if not la_prefix:
            return np.asarray(self.easting), np.asarray(self.northing), np.asarray(self.la)
        wanted = np.array([c.startswith(la_prefix) for c in self.la_codes])
        mask = wanted[np.asarray(self.la)]
        return (
            np.asarray(self.easting)[mask],
            np.asarray(self.northing)[mask],
            np.asarray(self.la)[mask],
        )


_loaded: dict[Path, PostcodeIndex] = {}
_lock = threading.Lock()


_default: list = [None, None]  # [index, the environment it was loaded under]


def _env_key() -> Path:
    return geo_dir()


def _forget(path: Path) -> None:
    with _lock:
        _loaded.pop(Path(path).resolve(), None)
        _default[:] = [None, None]


on_rebuilt(_forget)


def load_index(dest_dir: Path | str | None = None, build: bool = True) -> PostcodeIndex:
    """The index for ``dest_dir`` (default ``var/geo``), loaded once per process.

    Builds it first (progress on stderr) when absent and ``build`` is true.
    """
    if dest_dir is None and _default[0] is not None and _default[1] == _env_key():
        return _default[0]
    target = index_dir(dest_dir).resolve()
    idx = _loaded.get(target)
    if idx is not None:
        if dest_dir is None:
            _default[:] = [idx, _env_key()]
        return idx
    with _lock:
        idx = _loaded.get(target)
        if idx is not None:
            return idx
        if not (target / "meta.json").exists():
            if not build:
                raise FileNotFoundError(f"No postcode index in {target}; run `mapper geo build`")
    if not (target / "meta.json").exists():
        ensure_index(dest_dir, log=to_stderr)
    with _lock:
        idx = _loaded.get(target)
        if idx is None:
            idx = _loaded[target] = PostcodeIndex(target)
        if dest_dir is None:
            _default[:] = [idx, _env_key()]
    return idx


def lookup(text: str, strict: bool = False) -> Location | None:
    """Resolve a full postcode (any case or spacing), a sector or a district.

    Returns None for malformed or unknown text; with ``strict=True`` raises
    ``MalformedPostcode`` / ``PostcodeNotFound`` (both ``PostcodeError``, a ``ValueError``).
    """
    return load_index().lookup(text, strict=strict)


def geocode(text: str) -> Location:
    """``lookup(text, strict=True)``: a Location, or a ``PostcodeError`` saying why not."""
    return load_index().geocode(text)
