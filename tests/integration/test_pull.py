"""The lean pull of the network reads exactly what the plain pull read (the bench's baseline, kept
in bench/pull_before.py), and the store hands over a read's values as they came."""

import datetime as dt

from bench import pull_before
from mapper.network.projection import Projection


def test_the_lean_pull_reads_the_same_projection_as_before(demo_store):
    lean, plain = Projection.pull(demo_store), pull_before.pull(demo_store)
    assert list(lean.nodes.items()) == list(plain.nodes.items())
    assert lean.ties == plain.ties and lean.meetings == plain.meetings
    assert lean.theme_names == plain.theme_names
    assert any(attrs["themes"] for attrs in lean.nodes.values()) and any(attrs["roles"] for attrs in lean.nodes.values())
    day = dt.date.today()
    assert list(lean.graph(day).edges(data=True)) == list(plain.graph(day).edges(data=True))


def test_the_pull_leaves_out_people_no_longer_active_and_their_ties(changed_demo):
    before = Projection.pull(changed_demo)
    person = next(n for n, a in before.nodes.items() if a["kind"] == "person"
                  and any(n in (s, t) for s, t, _ in before.meetings))
    changed_demo.write("set_person_active", id=person, active=False)
    lean, plain = Projection.pull(changed_demo), pull_before.pull(changed_demo)
    assert person not in lean.nodes and all(person not in (s, t) for s, t, _ in lean.meetings)
    assert all(person not in (s, t) for s, t, _, _ in lean.ties)
    assert list(lean.nodes.items()) == list(plain.nodes.items())
    assert lean.ties == plain.ties and lean.meetings == plain.meetings


def test_read_values_hands_over_each_records_values_in_column_order(demo_store):
    rows = demo_store.read("list_themes")
    assert rows and demo_store.read_values("list_themes") == [[r["id"], r["name"]] for r in rows]
    assert demo_store.transaction(lambda tx: tx.values("list_themes"), read_only=True) == [
        [r["id"], r["name"]] for r in rows]
