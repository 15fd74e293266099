"""The South London demo as data files and the code that plants its patterns (no database)."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from seeds import south_london
from seeds.south_london import tables

# The whole demo, pinned: ids, names, dates and relationships. A change to data/ or to the order
# in which the modules draw from the random stream shows here; when the change is meant, update it.
DEMO_SHA256 = "e00365d7ddf22662e2cddeaae7610022fc4a8e803fefaae6484f66931f1c35d8"


def test_the_demo_is_pinned():
    text = json.dumps(south_london.build(), sort_keys=True, default=str)
    assert hashlib.sha256(text.encode()).hexdigest() == DEMO_SHA256


def test_each_build_is_a_fresh_copy():
    first = south_london.build()
    first["people"][0]["name"] = "Changed"
    first["relationships"].clear()
    again = south_london.build()
    assert again["people"][0]["name"] == "Amina Yusuf" and again["relationships"]
    assert south_london.planted() == south_london.PLANTED


def test_nothing_is_built_on_import():
    code = ("import seeds.south_london, seeds.south_london.generate as g, seeds.south_london.tables as t; "
            "print(g.generate.cache_info().currsize, t.assets.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


def test_tables_come_from_the_data_files():
    assert len(tables.areas()) == 12 and len(tables.themes()) == 7
    assert {a["id"] for a in tables.assets()} == {a["id"] for a in south_london.build()["assets"]}
    names = tables.name_pools()
    for heritages in tables.heritage_by_borough().values():
        assert set(heritages) <= set(names)
    known = {o[0] for o in tables.organisations()} | {a["id"] for a in tables.assets()}
    for source, target, _since in tables.partnerships():
        assert source in known and target in known
    for source, target in tables.introductions():
        assert source in known and target in known
