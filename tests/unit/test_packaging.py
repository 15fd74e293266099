"""A plain (non-editable) install carries what the code reads at run time: the named Cypher queries,
the common-passwords list and the demo's data files; the benchmarks and tests stay in the checkout."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=240)
    return next(out.glob("*.whl"))


def test_the_wheel_ships_the_queries_and_data_and_not_the_bench_or_tests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("mapper/db/cypher/")}
    assert shipped == {p.name for p in (ROOT / "mapper" / "db" / "cypher").glob("*.cypher")}
    assert "mapper/accounts/common_passwords.txt" in names
    assert any(n.startswith("seeds/") and not n.endswith(".py") for n in names), "the demo's data files"
    assert not [n for n in names if n.startswith(("bench/", "tests/"))]


def test_the_installed_package_loads_every_query_away_from_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True, timeout=240)
    code = ("import json, mapper.db.queries as q, mapper.accounts.passwords as p; "
            "print(json.dumps([q.__file__, len(q.load()), len(p.common())]))")
    # -P: the working folder is not put on the path; PYTHONPATH puts the installed copy first
    found = subprocess.run([sys.executable, "-P", "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                           check=True, capture_output=True, text=True)
    where, queries, passwords = json.loads(found.stdout)
    assert where.startswith(str(target))
    assert queries == len(__import__("mapper.db.queries", fromlist=["load"]).load())
    assert passwords > 100
