"""Exports: CSV that a spreadsheet cannot run, GeoJSON, Open Referral UK JSON; hidden addresses by area."""
from __future__ import annotations

import csv
import doctest
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from mapper.directory import exports

from tests.integration.test_oruk import FORMATS, _env, schema


def test_doctests():
    assert doctest.testmod(exports).failed == 0


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "=HYPERLINK(\"http://evil\")"])
def test_csv_cells_cannot_start_a_formula(cell):
    text = exports.to_csv([{"id": "x", "name": cell, "description": cell, "opening": [cell], "precise": True}])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["name"] == "'" + cell and rows[0]["opening"] == "'" + cell


def _hidden(store):
    return [a for a in store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None,
                                  free=None) if a["hide_address"]]


def test_csv_export_has_every_asset_and_hides_hidden_addresses(demo_store):
    text = exports.export(demo_store, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    total = len(demo_store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None, free=None))
    assert len(rows) == total
    by_id = {r["id"]: r for r in rows}
    for a in _hidden(demo_store):
        row = by_id[a["id"]]
        assert row["location_precision"] == "area" and row["address"] == "" and row["postcode"] == a["postcode"].split()[0]
        assert a["postcode"] not in text and f"{a['lat']:.5f}" not in text


def test_geojson_and_oruk_exports(demo_store):
    geo = json.loads(exports.export(demo_store, "geojson"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) >= 30
    feature = next(f for f in geo["features"] if f["id"] == "asset-peckham-listening-hub")
    assert feature["geometry"]["coordinates"] == pytest.approx([-0.069375, 51.474384])
    feed = json.loads(exports.export(demo_store, "oruk"))
    validator = jsonschema.Draft202012Validator(schema("compiled/service.json"), format_checker=FORMATS)
    for service in feed["contents"]:
        validator.validate(service)
    text = json.dumps(geo) + json.dumps(feed)
    for a in _hidden(demo_store):
        assert a["postcode"] not in text and f"{a['lat']:.5f}" not in text


def test_export_command_writes_each_format(demo_store, tmp_path):
    from mapper.cli.base import main

    for fmt in exports.FORMATS:
        out = tmp_path / f"assets.{fmt}"
        result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out)], env=_env(demo_store))
        assert result.exit_code == 0, result.output
        assert Path(out).stat().st_size > 1000
    bad = CliRunner().invoke(main, ["export", "--format", "xls"], env=_env(demo_store))
    assert bad.exit_code != 0
