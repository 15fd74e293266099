"""The 1:1 CSV importer fuzzed with Hypothesis: no crash on any input, the import finds the problems
the preview found, and nothing is written unless the whole file is clean (then exactly what the
preview promised)."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from mapper.organising import csv_import as importer
from mapper.organising import csv_writing as writing

CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2024-03-01", "2099-01-01", "01/02/2023", "", "yes", "no", "maybe", "theme-housing",
                     "theme-nonsense", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "<script>alert(1)</script>",
                     "p-001", "Amina Yusuf", "area-E09000023", "x" * 300]),
)
ROW = st.lists(CELL, min_size=0, max_size=len(importer.COLUMNS) + 2)


def as_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


HEADERS = st.one_of(st.just(list(importer.COLUMNS)), st.lists(st.text(max_size=12), max_size=6),
                    st.permutations(list(importer.COLUMNS)))
FILES = st.one_of(st.binary(max_size=400), st.builds(as_csv, HEADERS, st.lists(ROW, max_size=6)))


@pytest.fixture(scope="module")
def fuzz_store(store):
    from seeds.south_london import load as demo

    store.autocommit("delete_everything")
    demo.load(store, say=lambda _msg: None)
    from tests import conftest

    yield store
    conftest._state["demo"] = False  # the fuzzing may have added people: later tests reload the demo


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=FILES)
@example(data=importer.template().encode("utf-8"))  # a clean file: the write path runs too
def test_any_file_is_checked_without_crashing_and_nothing_partial_is_written(fuzz_store, data):
    before = fuzz_store.read_one("graph_counts")
    plan = importer.preview(fuzz_store, data)
    assert all(p.row >= 1 and p.reason for p in plan.errors)
    imported, result = writing.import_file(fuzz_store, data)
    assert [(p.row, p.column, p.reason) for p in imported.errors] == [(p.row, p.column, p.reason) for p in plan.errors]
    if not plan.ok:
        assert result is None
        assert fuzz_store.read_one("graph_counts") == before
        return
    assert result["one_to_ones"] == len(plan.meetings) > 0
    assert result["people_created"] == len(plan.new_people) and imported.matched == plan.matched
    after = fuzz_store.read_one("graph_counts")
    assert after["nodes"] == before["nodes"] + result["people_created"]
    assert after["relationships"] >= before["relationships"] + result["one_to_ones"]
