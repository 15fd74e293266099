"""Cut-offs and bridges straight from NODES.csv and EDGES.csv."""

import io

import pytest

from mapper.network.files import read_graph, run
from tests.oracles import reference


def _files(tmp_path, nodes, edges):
    n, e = tmp_path / "NODES.csv", tmp_path / "EDGES.csv"
    n.write_text(nodes, encoding="utf-8")
    e.write_text(edges, encoding="utf-8")
    return n, e


def _run(n, e, bridges=False):
    out, err = io.StringIO(), io.StringIO()
    code = run(n, e, bridges, out, err=err)
    return code, out.getvalue(), err.getvalue()


NODES = "id,kind\nhub,asset\nA,person\nB,person\nC,person\nD,person\nE,organisation\n"
EDGES = "source,target\nhub,A\nA,B\nB,C\nhub,D\nD,E\nE,hub\n"


def test_cut_off_table_sorted_by_count_then_id(tmp_path):
    code, out, err = _run(*_files(tmp_path, NODES, EDGES))
    assert code == 0 and err == ""
    assert out == "id,cut_off\nhub,4\nA,2\nB,1\n"


def test_numeric_ids_sort_as_numbers(tmp_path):
    nodes = "id,kind\n10,asset\n9,person\n2,person\n100,person\n3,asset\n"
    edges = "source,target\n10,9\n10,2\n3,100\n"
    code, out, _ = _run(*_files(tmp_path, nodes, edges))
    assert code == 0
    assert out == "id,cut_off\n10,2\n3,1\n"
    nodes = nodes.replace("10,asset", "x10,asset")
    code, out, _ = _run(*_files(tmp_path, nodes, edges.replace("10,", "x10,")))
    assert out == "id,cut_off\nx10,2\n3,1\n"


def test_bridges_table(tmp_path):
    code, out, err = _run(*_files(tmp_path, NODES, EDGES), bridges=True)
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "source,target,source_side,target_side,people_cut_off",
        "hub,A,3,3,3",
        "A,B,4,2,2",
        "B,C,5,1,1",
    ]


def test_matches_the_reference_on_a_bigger_file(tmp_path):
    from seeds.synthetic import generate, graph

    nodes, edges = generate(people=200, ties=600, assets=5, seed=4)
    n, e = _files(
        tmp_path,
        "id,kind,area\n" + "".join(f"{i},{k},{a}\n" for i, k, a in nodes),
        "source,target\n" + "".join(f"{u},{v}\n" for u, v in edges),
    )
    code, out, _ = _run(n, e)
    assert code == 0
    rows = [line.split(",") for line in out.splitlines()[1:]]
    expected = reference.cut_off_counts(graph(nodes, edges))
    assert {int(i): int(c) for i, c in rows} == expected
    assert [(-int(c), int(i)) for i, c in rows] == sorted((-int(c), int(i)) for i, c in rows)
    assert read_graph(n, e).nodes["0"]["area"] == nodes[0][2]


@pytest.mark.parametrize(
    "nodes, edges, message",
    [
        (None, EDGES, "NODES.csv: file not found"),
        (NODES, None, "EDGES.csv: file not found"),
        ("name,type\nhub,asset\n", EDGES, "NODES.csv line 1: header must have columns id,kind"),
        (NODES, "from,to\nhub,A\n", "EDGES.csv line 1: header must have columns source,target"),
        ("", EDGES, "NODES.csv: empty file"),
        ("id,kind\nhub,asset\nA,hub\n", EDGES, "NODES.csv line 3: unknown kind 'hub' for id 'A'"),
        ("id,kind\nhub,asset\nhub,person\n", EDGES, "NODES.csv line 3: id 'hub' appears twice"),
        ("id,kind\nhub,asset\n,person\n", EDGES, "NODES.csv line 3: empty id"),
        (NODES, "source,target\nhub,A\nA,Z\n", "EDGES.csv line 3: unknown id 'Z' in target"),
        (NODES, "source,target\nhub,A\n\nQ,A\n", "EDGES.csv line 4: unknown id 'Q' in source"),
        (NODES, "source,target\nhub\n", "EDGES.csv line 2: expected 2 columns, found 1"),
    ],
)
def test_bad_files_give_one_clear_line_and_a_non_zero_code(tmp_path, nodes, edges, message):
    n, e = tmp_path / "NODES.csv", tmp_path / "EDGES.csv"
    if nodes is not None:
        n.write_text(nodes, encoding="utf-8")
    if edges is not None:
        e.write_text(edges, encoding="utf-8")
    code, out, err = _run(n, e)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_kind_and_header_case_and_repeated_ties_are_tolerated(tmp_path):
    nodes = "ID,Kind\nhub,Asset\nA,PERSON\n"
    edges = "Source,Target\nhub,A\nA,hub\nA,A\n"
    code, out, _ = _run(*_files(tmp_path, nodes, edges))
    assert code == 0 and out == "id,cut_off\nhub,1\n"
