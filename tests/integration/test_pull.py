"""The lean pull of the network reads exactly what the plain pull read (the bench's baseline, kept
in bench/pull_before.py), and the store hands over a read's values as they came."""

import datetime as dt

from bench import pull_before
from mapper.network.projection import Projection


def _same(a: list, b: list) -> bool:
    """The same rows, whatever order the database returned them in (no query here sorts them)."""
    return sorted(map(repr, a)) == sorted(map(repr, b))


def _unplaced(projection):
    return [(n, {k: v for k, v in a.items() if k not in ("lat", "lon")}) for n, a in projection.nodes.items()]


def test_the_lean_pull_reads_the_same_projection_as_before(demo_store):
    lean, plain = Projection.pull(demo_store), pull_before.pull(demo_store)
    assert _unplaced(lean) == _unplaced(plain)  # (an asset hiding its address is now placed at its district)
    assert {n for n, a in lean.nodes.items() if a["lat"] is not None} == {
        n for n, a in plain.nodes.items() if a["lat"] is not None}
    assert _same(lean.ties, plain.ties) and _same(lean.meetings, plain.meetings)
    assert lean.theme_names == plain.theme_names
    assert any(attrs["themes"] for attrs in lean.nodes.values()) and any(attrs["roles"] for attrs in lean.nodes.values())
    day = dt.date.today()
    lean_edges = {frozenset((a, b)): d for a, b, d in lean.graph(day).edges(data=True)}
    assert lean_edges == {frozenset((a, b)): d for a, b, d in plain.graph(day).edges(data=True)}


def test_the_pull_leaves_out_people_no_longer_active_and_their_ties(changed_demo):
    before = Projection.pull(changed_demo)
    person = next(n for n, a in before.nodes.items() if a["kind"] == "person"
                  and any(n in (s, t) for s, t, _ in before.meetings))
    changed_demo.write("set_person_active", id=person, active=False)
    lean, plain = Projection.pull(changed_demo), pull_before.pull(changed_demo)
    assert person not in lean.nodes and all(person not in (s, t) for s, t, _ in lean.meetings)
    assert all(person not in (s, t) for s, t, _, _ in lean.ties)
    assert _unplaced(lean) == _unplaced(plain)
    assert _same(lean.ties, plain.ties) and _same(lean.meetings, plain.meetings)


def test_read_values_hands_over_each_records_values_in_column_order(demo_store):
    rows = demo_store.read("list_themes")
    assert rows and demo_store.read_values("list_themes") == [[r["id"], r["name"]] for r in rows]
    assert demo_store.transaction(lambda tx: tx.values("list_themes"), read_only=True) == [
        [r["id"], r["name"]] for r in rows]
