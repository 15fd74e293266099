"""`mapper backup` and `mapper restore`: the same graph comes back, whole, or nothing is written."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import pytz
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from mapper.accounts import users as accounts
from mapper.db import backup

ROOT = Path(__file__).resolve().parent.parent.parent

# Every kind of value Neo4j can hold, to be sure each comes back exactly.
ODD_VALUES = {
    "a_date": Date(2024, 2, 29),
    "zoned": pytz.timezone("Europe/London").localize(DateTime(2024, 10, 27, 1, 30, 0, 123456789), is_dst=False),
    "utc": DateTime(2024, 1, 1, 0, 0, 0, 1, tzinfo=pytz.UTC),
    "offset": DateTime(2023, 6, 1, 12, 0, 0, 5, tzinfo=pytz.FixedOffset(330)),
    "local_dt": DateTime(1999, 12, 31, 23, 59, 59, 999999999),
    "a_time": Time(9, 15, 0, 42, tzinfo=pytz.FixedOffset(-300)),
    "local_time": Time(18, 0, 0, 0),
    "length": Duration(months=14, days=3, seconds=14706, nanoseconds=700000000),
    "where": WGS84Point((-0.0691, 51.4735)),
    "where_3d": WGS84Point((-0.0691, 51.4735, 12.5)),
    "flat": CartesianPoint((1.5, -2.25)),
    "raw": b"\x00\x01\xfe\xff",
    "ratio": 0.1 + 0.2,
    "big": 2**62,
    "not_a_number": float("nan"),
    "yes": True,
    "names": ["Amina", "Kwame", "Zoë"],
    "dates": [Date(2020, 1, 1), Date(2021, 1, 1)],
    "empty": [],
    "text": "<script>alert(1)</script> \u2028 \"quoted\" \\ ",
}


def canonical(path: Path) -> dict:
    """Everything in a backup file, independent of the internal ids the keys came from."""
    nodes, rels, who = [], [], {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = json.loads(fh.readline())
        for line in fh:
            obj = json.loads(line)
            if "node" in obj:
                who[obj["node"]] = json.dumps([obj["labels"], obj["props"]], sort_keys=True)
                nodes.append(who[obj["node"]])
            else:
                rels.append(json.dumps([obj["type"], who[obj["start"]], who[obj["end"]], obj["props"]],
                                       sort_keys=True))
    return {"nodes": sorted(nodes), "relationships": sorted(rels),
            "counts": (header["nodes"], header["relationships"])}


def _counts(store) -> tuple[int, int]:
    row = store.read_one("graph_counts")
    return row["nodes"], row["relationships"]


@pytest.fixture()
def full_graph(demo_store, accounts_ready):
    """The demo network, the test accounts, and nodes and a relationship holding every kind of value."""
    store = demo_store
    store.write("upsert_organisations", rows=[{"id": "org-odd-values", "props": {"name": "Odd values", **ODD_VALUES}},
                                              {"id": "org-odd-partner", "props": {"name": "Partner"}}])
    store.write("link", rows=[{"type": "PARTNERS_WITH", "source": "org-odd-values", "target": "org-odd-partner",
                               "id": "rel-odd", "props": {k: v for k, v in ODD_VALUES.items() if k != "not_a_number"}}])
    yield store
    # The database was changed: the next test that wants the demo loads it again.
    from tests import conftest

    conftest._state["demo"] = False


def test_round_trip_gives_the_same_counts_and_the_same_content(full_graph, accounts_ready, tmp_path):
    store = full_graph
    first, second = tmp_path / "first.jsonl.gz", tmp_path / "second.jsonl.gz"
    before = _counts(store)
    made = backup.backup(store, first)
    assert (made.nodes, made.relationships) == before and before[0] > 250 and before[1] > 900
    assert stat.S_IMODE(first.stat().st_mode) == 0o600  # it holds personal data
    assert not list(tmp_path.glob("*.partial"))

    store.autocommit("delete_everything")
    assert _counts(store) == (0, 0)
    restored = backup.restore(store, first)
    assert (restored.nodes, restored.relationships) == before == _counts(store)

    backup.backup(store, second)
    a, b = canonical(first), canonical(second)
    assert a["counts"] == b["counts"] == before
    assert a["nodes"] == b["nodes"]
    assert a["relationships"] == b["relationships"]
    # The odd values came back as the same Neo4j types, to the nanosecond and the time zone.
    odd = [n for n in a["nodes"] if "org-odd-values" in n][0]
    assert '"zone": "Europe/London"' in odd and '"$duration"' in odd and '"srid": 4979' in odd
    # Accounts are in the backup (as hashes) and still sign in.
    email, password = accounts_ready["organiser"]
    assert accounts.authenticate(store, email, password).role == "organiser"
    assert password not in gzip.open(first, "rt").read()


def test_the_command_line_backs_up_and_restores_and_refuses_a_non_empty_database(demo_store, tmp_path,
                                                                               neo4j_target):
    env = {**os.environ, "NEO4J_URI": neo4j_target.uri, "NEO4J_USER": neo4j_target.user,
           "NEO4J_PASSWORD": neo4j_target.password}

    def mapper(*args):
        return subprocess.run([sys.executable, "-m", "mapper", *args], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=180)

    file = tmp_path / "nightly.jsonl.gz"
    before = _counts(demo_store)
    made = mapper("backup", str(file))
    assert made.returncode == 0, made.stderr
    assert f"{before[0]:,} nodes and {before[1]:,} relationships" in made.stdout

    refused = mapper("restore", str(file))
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert _counts(demo_store) == before

    forced = mapper("restore", str(file), "--force")
    assert forced.returncode == 0, forced.stderr
    assert f"Restored {before[0]:,} nodes and {before[1]:,} relationships" in forced.stdout
    assert _counts(demo_store) == before


def _rewrite(source: Path, target: Path, edit) -> None:
    """A copy of a backup with its body lines edited and its header made consistent again."""
    with gzip.open(source, "rb") as fh:
        header = json.loads(fh.readline())
        body = [json.loads(line) for line in fh]
    body = edit(body)
    lines = [(json.dumps(o, separators=(",", ":")) + "\n").encode() for o in body]
    header["sha256"] = hashlib.sha256(b"".join(lines)).hexdigest()
    header["nodes"] = sum(1 for o in body if "node" in o)
    header["relationships"] = sum(1 for o in body if "rel" in o)
    with gzip.open(target, "wb") as fh:
        fh.write((json.dumps(header) + "\n").encode())
        fh.writelines(lines)


def test_corrupt_truncated_or_foreign_files_are_refused_and_nothing_is_written(demo_store, tmp_path):
    store = demo_store
    good = tmp_path / "good.jsonl.gz"
    backup.backup(store, good)
    data = good.read_bytes()
    cases = {}
    (tmp_path / "truncated.gz").write_bytes(data[: len(data) * 2 // 3])
    cases["truncated.gz"] = "truncated"
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    (tmp_path / "flipped.gz").write_bytes(bytes(flipped))
    # a flipped byte may break the gzip stream, or inflate to a line the checks refuse before the hash
    cases["flipped.gz"] = r"not a readable backup|corrupt|truncated|not valid JSON|checksum|^line \d+: "
    (tmp_path / "not-gzip.gz").write_text("name,email\nAmina,a@example.org\n")
    cases["not-gzip.gz"] = "not a readable backup"
    with gzip.open(good, "rb") as fh:
        lines = fh.readlines()
    with gzip.open(tmp_path / "edited.gz", "wb") as fh:  # one value changed, header left alone
        fh.writelines(lines[:-1] + [lines[-1].replace(b'"props":{', b'"props":{"x":1,', 1)])
    cases["edited.gz"] = "checksum"
    with gzip.open(tmp_path / "short.gz", "wb") as fh:  # whole gzip, lines missing at the end
        fh.writelines(lines[:-10])
    cases["short.gz"] = "incomplete"
    _rewrite(good, tmp_path / "label.gz", lambda body: body[:5] + [{**body[5], "labels": ["Person", "Admin`) DETACH"]}]
             + body[6:])
    cases["label.gz"] = "not part of this application"
    _rewrite(good, tmp_path / "type.gz", lambda body: body[:-1] + [{**body[-1], "type": "OWNS"}])
    cases["type.gz"] = "not part of this application"
    _rewrite(good, tmp_path / "dangling.gz", lambda body: body[:-1] + [{**body[-1], "end": 10**9}])
    cases["dangling.gz"] = "end node is not in the file"
    _rewrite(good, tmp_path / "value.gz", lambda body: [{**body[0], "props": {**body[0]["props"], "x": {"$eval": 1}}}]
             + body[1:])
    cases["value.gz"] = "unexpected value"
    _rewrite(good, tmp_path / "twice.gz", lambda body: [body[0]] + [{**body[0], "node": 10**9}] + body[1:])
    cases["twice.gz"] = "two :"

    store.autocommit("delete_everything")
    from tests import conftest

    conftest._state["demo"] = False
    import re

    for name, expected in cases.items():
        with pytest.raises(backup.BackupError) as caught:
            backup.restore(store, tmp_path / name)
        assert re.search(expected, str(caught.value)), (name, str(caught.value))
        assert _counts(store) == (0, 0), name
    assert backup.restore(store, good).nodes > 250


def test_a_batch_the_database_refuses_midway_leaves_the_database_empty(empty_store, tmp_path):
    store = empty_store
    store.write("upsert_themes", rows=[{"id": f"theme-{i}", "name": f"Theme {i}"} for i in range(30)])
    good = tmp_path / "good.jsonl.gz"
    backup.backup(store, good)
    # A point Neo4j itself refuses (latitude 100), in the last node: the file is well-formed, so the
    # first batches are written before the database says no.
    bad = tmp_path / "bad.jsonl.gz"
    _rewrite(good, bad, lambda body: body[:-1] + [{**body[-1], "props": {
        **body[-1]["props"], "where": {"$point": [0.0, 100.0], "srid": 4326}}}])
    store.autocommit("delete_everything")
    with pytest.raises(backup.BackupError) as caught:
        backup.restore(store, bad, batch=4)
    assert "failed midway" in str(caught.value) and "empty again" in str(caught.value)
    assert _counts(store) == (0, 0)
    # The indexes it set aside while it wrote were made again (name_search, eventually consistent, stays).
    assert "one_to_one_date" in store.read_one("restore_index_names")["names"]
    assert "name_search" in {row["name"] for row in store.read("schema_indexes")}


def _content(store) -> dict:
    from bench.backup import content

    return content(store)


def test_a_generated_network_backed_up_in_many_pages_comes_back_the_same(empty_store, tmp_path):
    """Backup, wipe, restore of a generated network: the same counts per label and type and the same
    content hash; pages of a few ids give the same file contents as one page, and small write
    batches the same graph as large ones."""
    from bench.network import load
    from seeds.synthetic import generate

    store = empty_store
    nodes, edges = generate(people=300, ties=1_500, assets=20)
    load(store, nodes, edges, lambda _m: None)
    original = _content(store)
    assert original["relationships"] > 1_500 and original["types"]["ONE_TO_ONE"] > 1_000
    paged, whole = tmp_path / "paged.jsonl.gz", tmp_path / "whole.jsonl.gz"
    assert backup.backup(store, paged, batch=37).relationships == original["relationships"]
    backup.backup(store, whole)
    assert canonical(paged) == canonical(whole)

    store.autocommit("delete_everything")
    restored = backup.restore(store, paged, batch=101)
    assert (restored.nodes, restored.relationships) == (original["nodes"], original["relationships"])
    assert _content(store) == original
    # The indexes the restore set aside while it wrote are back, and the name index, kept while it
    # wrote and brought up to date after each commit, finds every person by name at once.
    assert {"one_to_one_date", "one_to_one_id"} <= set(store.read_one("restore_index_names")["names"])
    from mapper.organising import people

    for pid, name, *_ in store.read_values("people_keys")[0][0][:40]:
        assert pid in {row["id"] for row in people.search(store, name, limit=50)}, name
    backup.restore(store, whole, force=True)
    assert _content(store) == original


def test_a_file_written_the_way_backups_were_written_before_restores_the_same(empty_store, tmp_path):
    """The file format did not change: a backup written by the previous writer (kept in the bench as
    its baseline) restores to the same graph, and so does one written now."""
    from bench import backup_before
    from bench.network import load
    from seeds.synthetic import generate

    store = empty_store
    nodes, edges = generate(people=200, ties=800, assets=10)
    load(store, nodes, edges, lambda _m: None)
    store.write("upsert_organisations", rows=[{"id": "org-odd-values", "props": {"name": "Odd values", **ODD_VALUES}}])
    original = _content(store)
    old, new = tmp_path / "old.jsonl.gz", tmp_path / "new.jsonl.gz"
    backup_before.backup(store, old)
    backup.backup(store, new)
    assert canonical(old) == canonical(new)
    with gzip.open(old, "rb") as a, gzip.open(new, "rb") as b:
        assert json.loads(a.readline())["version"] == json.loads(b.readline())["version"] == backup.VERSION
    for path in (old, new):
        backup.restore(store, path, force=True)
        assert _content(store) == original
    # and the baseline reads what is written now
    store.autocommit("delete_everything")
    backup_before.restore(store, new)
    assert _content(store) == original
