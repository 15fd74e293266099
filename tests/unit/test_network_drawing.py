"""The network drawn as a stand-alone HTML page (pyvis), on small hand-made networks (no database)."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import networkx as nx

from mapper.network.drawing import network_html

HOSTILE = "</script><script>alert('x')</script>"


def drawn_nodes(page: str) -> list[dict]:
    """The nodes as the page hands them to vis-network."""
    found = re.search(r"new vis\.DataSet\((\[.*?\])\);\s*var edges", page, re.S)
    assert found, "no node data in the page"
    return json.loads(found.group(1))


def small_network() -> nx.Graph:
    """A hub; Amina (consents to be named) the only link of two people; Ben (no consent) beside her."""
    G = nx.Graph(as_of=dt.date(2026, 11, 24))
    G.add_node("hub", kind="asset", name="Catford Listening Hub", area="Lewisham")
    G.add_node("id-7f3a1", kind="person", name="Amina Yusuf", area="Lewisham", named=True, roles=["Organiser"])
    G.add_node("id-7f3a2", kind="person", name="Ben Secret-Surname", area="Lewisham", named=False, roles=[])
    G.add_node("id-7f3a3", kind="person", name="Cleo Hidden", area="Bexley", named=False, roles=["PeerSupporter"])
    G.add_node("id-7f3a4", kind="person", name=HOSTILE, area="Bexley", named=True, roles=[])
    G.add_node("id-7f3a5", kind="person", name="Dora Alone", area="Sutton", named=True, roles=[])
    G.add_node("id-7f3a6", kind="person", name="Eve Alone", area="Sutton", named=False, roles=[])
    G.add_edges_from([("hub", "id-7f3a1"), ("id-7f3a1", "id-7f3a2"), ("id-7f3a1", "id-7f3a3"), ("id-7f3a3", "id-7f3a4"), ("id-7f3a5", "id-7f3a6")])
    return G


def test_people_are_named_only_with_consent():
    page = network_html(small_network())
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    labels = {n["label"] for n in drawn_nodes(page)}
    assert {"Catford Listening Hub", "Amina Yusuf", "Dora Alone", "a resident in Lewisham",
            "a peer supporter in Bexley", "a resident in Sutton"} <= labels
    for secret in ("Ben Secret-Surname", "Secret-Surname", "Cleo Hidden", "Eve Alone"):
        assert secret not in page
    assert "id-7f3a" not in page, "no person's id goes into the page"
    assert all(isinstance(n["id"], int) for n in drawn_nodes(page))


def test_findings_size_and_colour_the_nodes():
    nodes = {n["label"]: n for n in drawn_nodes(network_html(small_network()))}
    amina = nodes["Amina Yusuf"]
    assert "If Amina Yusuf steps back, 3 people lose every link" in amina["title"]
    assert amina["size"] > nodes["a resident in Lewisham"]["size"]
    assert amina["color"] != nodes["a resident in Lewisham"]["color"]
    assert "No path to" in nodes["Dora Alone"]["title"]


def test_hostile_names_stay_text():
    page = network_html(small_network())
    assert HOSTILE not in page and "<script>alert" not in page
    assert HOSTILE in {n["label"] for n in drawn_nodes(page)}


def test_stand_alone_no_network_needed():
    page = network_html(small_network())
    assert "vis.Network" in page and len(page) > 300_000  # vis-network is written into the page
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page), "nothing is fetched from elsewhere"


def test_a_big_network_draws_its_findings():
    G = nx.Graph(as_of=dt.date(2026, 11, 24))
    G.add_node("hub", kind="asset", name="Hub", area="A")
    for i in range(60):
        G.add_node(i, kind="person", name=f"Person {i}", area="A", named=True, roles=[])
        G.add_edge("hub", i)
    G.add_node("tail", kind="person", name="Tail End", area="A", named=True, roles=[])
    G.add_edge(59, "tail")
    page = network_html(G, max_nodes=10)
    labels = {n["label"] for n in drawn_nodes(page)}
    assert len(labels) == 10 and {"Hub", "Person 59"} <= labels  # the two single points of failure
    assert "Showing 10 of 62 nodes" in page


def test_importing_the_network_package_does_not_load_pyvis():
    code = ("import sys, mapper.network, mapper.network.report, mapper.network.drawing, mapper.cli; "
            "print('pyvis' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
