"""The Collaborative's network as one stand-alone HTML file, drawn with pyvis (vis-network inside).

The file opens in any browser with no server and no network: vis-network's script and style are
written into it. People are named only with their consent to be named; anyone else appears as
their role and area ("a resident in Greenwich"), and no person's id, contact details or 1:1
notes go into the file. Nodes are sized by how many people their departure would cut off from
every asset (single points of failure, in red); people with no path to any asset are grey;
bridges (links on no cycle, other than someone's only tie) are thick and red.

pyvis is imported only when a file is drawn: ``import mapper.network`` does not load it.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import networkx as nx

from mapper.analytics.bridges import bridge_ties
from mapper.analytics.cut_off import cut_off_counts
from mapper.analytics.isolation import people_without_assets
from mapper.network.findings import ANY_ASSET, departure_verb, people_phrase
from mapper.network.naming import Namer

MAX_NODES = 3_000  # beyond this a browser cannot lay the network out: the findings are drawn instead
SHAPES = {"person": "dot", "organisation": "square", "asset": "triangle"}
COLOURS = {"person": "#4a90c2", "organisation": "#8e6bb8", "asset": "#3a9d5d",
           "single_point": "#c0392b", "isolated": "#9aa0a6", "link": "#c8ccd0", "bridge": "#c0392b"}
_VIS = "templates/lib/vis-9.1.2"  # inside the pyvis package

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ heading }}</title>
<style>{{ vis_css }}</style>
<script>{{ vis_js }}</script>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #222; }
  header { padding: 0.6rem 1rem; border-bottom: 1px solid #ddd; }
  h1 { font-size: 1.25rem; margin: 0 0 0.3rem; }
  p { margin: 0.2rem 0; font-size: 0.9rem; }
  .key span { display: inline-block; width: 0.8rem; height: 0.8rem; margin: 0 0.25rem 0 0.8rem; vertical-align: middle; }
  #network { width: 100%; height: calc(100vh - 7.5rem); }
</style>
</head>
<body>
<header>
  <h1>{{ heading }}</h1>
  {% for line in lines %}<p>{{ line }}</p>{% endfor %}
  <p class="key">{% for colour, words in key %}<span style="background: {{ colour }}"></span>{{ words }}{% endfor %}</p>
</header>
<div id="network"></div>
<script>
  var nodes = new vis.DataSet({{ nodes|tojson }});
  var edges = new vis.DataSet({{ edges|tojson }});
  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, {{ options }});
  network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });
</script>
</body>
</html>
"""


def _focus(G: nx.Graph, cut: dict, isolated: set, bridges: set, max_nodes: int) -> set:
    """The nodes to draw when the network is too big: the findings first, then their neighbours."""
    ends = sorted({n for b in bridges for n in b}, key=str)
    first = sorted(cut, key=lambda v: (-cut[v], str(v))) + ends + sorted(isolated, key=str)
    keep: dict = dict.fromkeys(first[:max_nodes])
    for n in first:
        for m in sorted(G[n], key=str):
            if len(keep) >= max_nodes:
                return set(keep)
            keep.setdefault(m)
    return set(keep)


def network_html(G: nx.Graph, heading: str | None = None, max_nodes: int = MAX_NODES) -> str:
    """The network ``G`` (a projection's graph) as a stand-alone HTML page, people named only with consent."""
    import pyvis
    from jinja2 import Environment
    from markupsafe import Markup
    from pyvis.edge import Edge
    from pyvis.network import Network

    name = Namer(G, names_everyone=False)  # the file leaves the application: consent decides, whoever draws it
    cut, isolated = cut_off_counts(G), people_without_assets(G)
    # Bridges as the findings list them: a pendant tie (someone's only tie) is not drawn as one.
    bridges = {b for b in bridge_ties(G) if min(G.degree(n) for n in b) > 1}
    shown = G if G.number_of_nodes() <= max_nodes else G.subgraph(_focus(G, cut, isolated, bridges, max_nodes))
    as_of = G.graph.get("as_of") or dt.date.today()
    heading = heading or f"The Collaborative's network on {as_of.day} {as_of:%B %Y}"

    net = Network(heading=heading)
    net.force_atlas_2based(gravity=-40, spring_length=80)
    net.toggle_hide_edges_on_drag(True)
    ids = {n: i for i, n in enumerate(shown)}  # numbers, not the people's ids
    for n, attrs in shown.nodes(data=True):
        kind, label, count = attrs["kind"], name(n), cut.get(n, 0)
        words = [label]
        colour = COLOURS[kind]
        if count:
            colour = COLOURS["single_point"]
            words.append(f"If {label} {departure_verb(G, n)}, {people_phrase(count)} every link to {ANY_ASSET}.")
        elif n in isolated:
            colour = COLOURS["isolated"]
            words.append(f"No path to {ANY_ASSET}.")
        net.add_node(ids[n], label=label, title="\n".join(words), shape=SHAPES.get(kind, "dot"), color=colour,
                     size=12 + 4 * math.sqrt(count))
    for a, b in shown.edges():
        # A networkx graph has each link once, between nodes already added: pyvis's add_edge would
        # check both again against every node and edge drawn so far, quadratic in the network.
        if frozenset((a, b)) in bridges:
            edge = Edge(ids[a], ids[b], width=4, color=COLOURS["bridge"],
                        title="A bridge: the only link between two parts of the network.")
        else:
            edge = Edge(ids[a], ids[b], width=1, color=COLOURS["link"])
        net.edges.append(edge.options)

    people = sum(1 for _, k in G.nodes(data="kind") if k == "person")
    singles = sum(1 for n in cut if G.nodes[n]["kind"] != "asset")
    lines = [f"{people:,} people, {G.number_of_nodes() - people:,} organisations and assets, "
             f"{G.number_of_edges():,} live links; {singles:,} single points of failure, {len(bridges):,} bridges, "
             f"{len(isolated):,} people with no path to {ANY_ASSET}.",
             "People are named only with their consent to be named; anyone else appears as their role and area. "
             "Point at a node for what its departure would mean."]
    if shown is not G:
        lines.append(f"Showing {shown.number_of_nodes():,} of {G.number_of_nodes():,} nodes: the single points of "
                     "failure, the ends of bridges and the people with no path to an asset, with their neighbours.")
    key = [(COLOURS["single_point"], "single point of failure (bigger: more people cut off)"),
           (COLOURS["isolated"], "no path to an asset"), (COLOURS["person"], "person (circle)"),
           (COLOURS["organisation"], "organisation (square)"), (COLOURS["asset"], "hub or group (triangle)")]
    nodes, edges, heading, _height, _width, options = net.get_network_data()
    vis = Path(pyvis.__file__).parent / _VIS  # vis-network as pyvis ships it, written into the page
    options = json.dumps(json.loads(options)).replace("<", "\\u003c")  # our settings only; safe in a script
    return Environment(autoescape=True).from_string(TEMPLATE).render(
        heading=heading, lines=lines, key=key, nodes=nodes, edges=edges, options=Markup(options),
        vis_css=Markup((vis / "vis-network.css").read_text(encoding="utf-8")),
        vis_js=Markup((vis / "vis-network.min.js").read_text(encoding="utf-8")))
