"""The Collaborative's findings in plain words, naming people only as the viewer may see them.

A person is named to the Collaborative only with that consent; otherwise they appear as a role
and an area ("a peer supporter in Lewisham"). Organisations and assets are always named.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import networkx as nx

from mapper.analytics.departures import Departures
from mapper.analytics.summary import summary as analyse
from mapper.analytics.suggestions import suggest_ties
from mapper.analytics.what_if import what_if

ROLE_WORDS = {"Organiser": "an organiser", "Champion": "a mental health champion",
              "PeerSupporter": "a peer supporter"}
KIND_WORDS = {"ListeningHub": "listening hub", "Hub": "hub", "PeerSupportGroup": "peer-support group"}
ANY_ASSET = "a listening hub, hub or peer-support group"
# A side of a bridge is labelled by its organisations and assets: all of them sorted by name when
# there are a few, else the first found.
SORTED_LABELS_UP_TO = 200


@dataclass
class Namer:
    """How the viewer sees each node: by name, or (people without consent) by role and area."""

    G: nx.Graph
    names_everyone: bool  # organisers and admins see every name

    def shows_name(self, node) -> bool:
        attrs = self.G.nodes[node]
        return attrs["kind"] != "person" or self.names_everyone or bool(attrs.get("named"))

    def __call__(self, node) -> str:
        attrs = self.G.nodes[node]
        if self.shows_name(node):
            return attrs.get("name") or str(node)
        role = next((ROLE_WORDS[r] for r in attrs.get("roles") or () if r in ROLE_WORDS), "a resident")
        return f"{role} in {attrs['area']}" if attrs.get("area") else role

    def public_id(self, node) -> str | None:
        """The id to show (and link) only when the name may be shown."""
        return node if self.shows_name(node) else None


def by_area(G: nx.Graph, people) -> list[tuple[str, int]]:
    counts = Counter(G.nodes[p].get("area") or "area not known" for p in people)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def area_words(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{n} in {area}" for area, n in pairs)


def departure_verb(G: nx.Graph, node) -> str:
    kind = G.nodes[node]["kind"]
    return {"person": "steps back", "organisation": "withdraws", "asset": "closes"}[kind]


def people_phrase(n: int) -> str:
    return "1 person loses" if n == 1 else f"{n} people lose"


@dataclass
class Findings:
    as_of: dt.date
    live_months: int
    counts: dict
    single_points: list = field(default_factory=list)
    bridges: list = field(default_factory=list)
    run_by_one: list = field(default_factory=list)
    gateways: list = field(default_factory=list)
    isolated_groups: list = field(default_factory=list)
    lonely_clusters: list = field(default_factory=list)
    brokers: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    coverage: list = field(default_factory=list)


def findings(G: nx.Graph, names_everyone: bool, suggestions: int = 5, top: int = 20,
             progress: Callable[[str, float], None] | None = None) -> Findings:
    """Everything the Collaborative page shows, computed in one pass over the network.
    ``progress(step, fraction)`` hears of each step (the analyses, then the suggestions)."""
    name = Namer(G, names_everyone)
    say = progress or (lambda _step, _fraction: None)
    s = analyse(G, runners=G.graph.get("runners"), top=top, progress=lambda step, f: say(step, 0.7 * f))
    people = [n for n, k in G.nodes(data="kind") if k == "person"]
    out = Findings(
        as_of=G.graph.get("as_of") or dt.date.today(), live_months=G.graph.get("live_months", 0),
        counts={"people": len(people), "assets": sum(1 for _, k in G.nodes(data="kind") if k == "asset"),
                "organisations": sum(1 for _, k in G.nodes(data="kind") if k == "organisation"),
                "live_links": G.number_of_edges(),
                "single_points": sum(1 for n in s.cut_off if G.nodes[n]["kind"] != "asset"),
                "people_at_risk": len(s.people_at_risk),
                "isolated_people": len(s.people_without_assets)},
    )
    # Who each departure cuts off and each bridge's sides, read off one layout of the block-cut tree
    # (no copy of the network and no search per finding).
    layout = Departures(G, s.tree)
    nodes = layout.tree.ix.nodes
    ranked = sorted(s.cut_off.items(), key=lambda kv: (-kv[1], name(kv[0])))
    for node, count in ranked:
        ranges = layout.cut_off_ranges(node)
        areas = layout.by_area(ranges)
        out.single_points.append({
            "id": name.public_id(node), "name": name(node), "kind": G.nodes[node]["kind"], "count": count,
            "areas": areas, "who": sorted(name(nodes[i]) for i in layout.people_in(ranges).tolist()),
            "sentence": f"If {name(node)} {departure_verb(G, node)}, {people_phrase(count)} every link to "
                        f"{ANY_ASSET} ({area_words(areas)}).",
        })
    for b in sorted(s.bridges, key=lambda b: -min(b.u_side.nodes, b.v_side.nodes)):
        small, big = (b.u, b.v) if b.u_side.nodes <= b.v_side.nodes else (b.v, b.u)
        small_side = b.u_side if small == b.u else b.v_side
        if small_side.nodes < 2:
            continue  # a single pendant tie is a person's only tie, listed under people at risk
        u_ranges, v_ranges = layout.bridge_ranges(b.u, b.v)
        part = u_ranges if small == b.u else v_ranges
        others, total = layout.others_in(part, None if small_side.nodes - small_side.people <= SORTED_LABELS_UP_TO else 3)
        named_parts = [G.nodes[nodes[i]]["name"] for i in others.tolist()]
        if total <= SORTED_LABELS_UP_TO:
            named_parts.sort()
        label = ", ".join(named_parts[:3]) + (" and others" if total > 3 else "") if total \
            else f"{small_side.people} people"
        rel = "1:1" if G.edges[b.u, b.v].get("rel") == "ONE_TO_ONE" else "link"
        lost = f"; without it {people_phrase(b.people_cut_off)} every link to {ANY_ASSET}" if b.people_cut_off else ""
        out.bridges.append({
            "a": name(b.u), "b": name(b.v), "a_id": name.public_id(b.u), "b_id": name.public_id(b.v),
            "side_people": small_side.people, "side_nodes": small_side.nodes, "cut_off": b.people_cut_off,
            "sentence": f"The only link between {label} ({area_words(layout.by_area(part)) or 'no people'}) "
                        f"and the rest of the network is the {rel} between {name(b.u)} and {name(b.v)}{lost}.",
        })
    for asset, runner in sorted(s.assets_run_by_one.items(), key=lambda kv: G.nodes[kv[0]]["name"]):
        out.run_by_one.append({"asset": G.nodes[asset]["name"], "runner": name(runner),
                               "sentence": f"{G.nodes[asset]['name']} is run by {name(runner)} alone."})
    for asset, through in sorted(s.asset_gateways.items(), key=lambda kv: G.nodes[kv[0]]["name"]):
        through = sorted(name(t) for t in through)
        out.gateways.append({"asset": G.nodes[asset]["name"], "through": through,
                             "sentence": f"{G.nodes[asset]['name']} is reached only through {' and '.join(through)}."})
    for group in sorted(s.groups_without_assets, key=len, reverse=True):
        members = [n for n in group if G.nodes[n]["kind"] == "person"]
        if not members:
            continue
        areas = by_area(G, members)
        what = "person has" if len(members) == 1 else "people have"
        out.isolated_groups.append({
            "size": len(members), "areas": areas, "who": sorted(name(p) for p in members),
            "sentence": f"{len(members)} {what} no path to {ANY_ASSET} ({area_words(areas)}).",
        })
    for link in s.cluster_links:
        if not link.weakly_linked or link.size < 2:
            continue
        members = [n for n in s.clusters[link.index] if G.nodes[n]["kind"] == "person"]
        areas = by_area(G, members)
        out.lonely_clusters.append({
            "size": link.size, "people": link.people, "assets": link.assets, "links": link.links_out,
            "areas": areas,
            "sentence": f"A cluster of {link.size} ({link.people} people, {link.assets} assets; "
                        f"{area_words(areas) or 'no people'}) is joined to the rest by "
                        f"{'one link' if link.links_out == 1 else 'no link at all'}.",
        })
    for broker in s.brokers:
        out.brokers.append({"name": name(broker.node), "id": name.public_id(broker.node),
                            "kind": G.nodes[broker.node]["kind"], "betweenness": round(broker.betweenness, 4),
                            "degree": broker.degree, "clusters_linked": broker.clusters_linked})
    if suggestions:
        say("suggested 1:1s", 0.75)
        for sug in suggest_ties(G, k=suggestions, tree=s.tree):
            out.suggestions.append(suggestion_words(G, name, sug))
    return out


def suggestion_words(G: nx.Graph, name: Namer, sug) -> dict:
    """A suggested 1:1 in words; the reason is rebuilt here so that it names no one by accident."""
    def who(n):
        area = G.nodes[n].get("area")
        return f"{name(n)} ({area})" if area and name.shows_name(n) else name(n)

    a, b = G.nodes[sug.a], G.nodes[sug.b]
    reasons = []
    if a.get("area") and a.get("area") == b.get("area"):
        reasons.append(f"both in {a['area']}")
    themes = G.graph.get("theme_names", {})
    shared = sorted(set(a.get("themes") or ()) & set(b.get("themes") or ()))
    if shared:
        reasons.append("shared themes: " + ", ".join(themes.get(t, t) for t in shared))
    n = sug.people_given_second_route
    return {"a": name(sug.a), "b": name(sug.b), "a_id": name.public_id(sug.a), "b_id": name.public_id(sug.b),
            "people": n, "reason": "; ".join(reasons),
            "sentence": f"A 1:1 between {who(sug.a)} and {who(sug.b)} would give "
                        f"{'1 person' if n == 1 else f'{n} people'} a second route."}


def what_if_words(G: nx.Graph, names_everyone: bool, remove_nodes=(), remove_edges=(), miles=None) -> dict:
    """The effect of taking people or links out, worded for the page (the data is not changed)."""
    name = Namer(G, names_everyone)
    r = what_if(G, remove_nodes=remove_nodes, remove_edges=remove_edges)
    lost = sorted(r.newly_cut_off, key=name)
    nearest = []
    for person, change in sorted(r.nearest.items(), key=lambda kv: name(kv[0])):
        row = {"who": name(person),
               "before": G.nodes[change.before]["name"], "before_steps": change.before_steps,
               "after": G.nodes[change.after]["name"] if change.after is not None else None,
               "after_steps": change.after_steps}
        if miles is not None and change.after is not None:
            row["after_miles"] = miles(person, change.after)
        nearest.append(row)
    return {"removed": [name(n) for n in remove_nodes],
            "removed_links": [f"{name(a)} – {name(b)}" for a, b in remove_edges],
            "cut_off": [name(p) for p in lost], "cut_off_areas": by_area(G, lost),
            "components_before": r.components_before, "components_after": r.components_after,
            "split": r.split, "nearest": nearest}
