"""The Collaborative's findings in plain words, naming people only as the viewer may see them.

A person is named to the Collaborative only with that consent; otherwise they appear as a role
and an area ("a peer supporter in Lewisham"). Organisations and assets are always named.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import networkx as nx

from mapper.analytics.brokerage import reach_only_through
from mapper.analytics.departures import Departures
from mapper.analytics.summary import summary as analyse
from mapper.analytics.suggestions import suggest_ties
from mapper.analytics.what_if import what_if
from mapper.network import communities
from mapper.network.naming import Namer
from mapper.network.wording import area_words, by_area

KIND_WORDS = {"ListeningHub": "listening hub", "Hub": "hub", "PeerSupportGroup": "peer-support group"}
ANY_ASSET = "a listening hub, hub or peer-support group"
# A side of a bridge is labelled by its organisations and assets: all of them sorted by name when
# there are a few, else the first found.
SORTED_LABELS_UP_TO = 200


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
    clusters: list = field(default_factory=list)
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
                "single_points": len(s.cut_off),  # people, organisations and assets: the list's length
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
    single_links = []  # (the small side's ranges in the layout, the finding), largest side first
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
        single_links.append((part, {
            "a": name(b.u), "b": name(b.v), "a_id": name.public_id(b.u), "b_id": name.public_id(b.v),
            "side_people": small_side.people, "side_nodes": small_side.nodes, "cut_off": b.people_cut_off,
            "link": f"the {rel} between {name(b.u)} and {name(b.v)}",
            "sentence": f"The only link between {label} ({area_words(layout.by_area(part)) or 'no people'}) "
                        f"and the rest of the network is the {rel} between {name(b.u)} and {name(b.v)}{lost}.",
        }))
    out.bridges = merge_nested_bridges(single_links, len(layout.order))
    for asset, runner in sorted(s.assets_run_by_one.items(), key=lambda kv: G.nodes[kv[0]]["name"]):
        out.run_by_one.append({"asset": G.nodes[asset]["name"], "runner": name(runner),
                               "sentence": f"{G.nodes[asset]['name']} is run by {name(runner)} alone."})
    for asset, through in sorted(s.asset_gateways.items(), key=lambda kv: G.nodes[kv[0]]["name"]):
        through = sorted(name(t) for t in through)
        out.gateways.append({"asset": G.nodes[asset]["name"], "through": through,
                             "sentence": f"{G.nodes[asset]['name']} is reached only through {' and '.join(through)}."})
    out.isolated_groups = isolated_words(G, name, s.groups_without_assets)
    cluster_names = communities.cluster_names(G, s.clusters)
    for link in s.cluster_links:
        if link.size >= communities.SMALLEST_CLUSTER:
            out.clusters.append(communities.cluster_words(G, s.clusters[link.index], cluster_names[link.index],
                                                          link.links_out))
        if not link.weakly_linked or link.size < 2:
            continue
        members = [n for n in s.clusters[link.index] if G.nodes[n]["kind"] == "person"]
        areas = by_area(G, members)
        named = cluster_names[link.index]
        out.lonely_clusters.append({
            "name": named, "size": link.size, "people": link.people, "assets": link.assets, "links": link.links_out,
            "areas": areas,
            "sentence": f"{named[0].upper()}{named[1:]} ({link.people} people and {link.assets} assets; "
                        f"{area_words(areas) or 'no people'}) is joined to the rest by "
                        f"{'one link' if link.links_out == 1 else 'no link at all'}.",
        })
    only_through = reach_only_through(s.tree) if s.brokers else {}
    where = {v: i for i, g in enumerate(s.clusters) for v in g} if s.brokers else {}
    for broker in s.brokers:
        words = communities.broker_words(G, name, broker.node, s.clusters, cluster_names,
                                         only_through.get(broker.node, 0), where)
        out.brokers.append({**words, "betweenness": round(broker.betweenness, 4), "degree": broker.degree,
                            "clusters_linked": broker.clusters_linked})
    out.counts.update(single_links=len(out.bridges), isolated_groups=len(out.isolated_groups),
                      clusters=len(out.clusters))
    if suggestions:
        say("suggested 1:1s", 0.75)
        for sug in suggest_ties(G, k=suggestions, tree=s.tree):
            out.suggestions.append(suggestion_words(G, name, sug))
    return out


def merge_nested_bridges(single_links: list, size: int) -> list[dict]:
    """One finding per place that hangs on single links, however many are nested in it.

    A chain of single links into the same place (the link from the network to a group, then the
    link from one of its people to a smaller group within it) says the same thing several times
    with different counts ("5 in Sutton", then "4 in Sutton"), which reads as two problems where
    there is one. What a reader needs is the place, the outermost link that holds all of it, and
    that it hangs on further single links inside: so each finding is the outermost link's sentence,
    and the links nested in it are named after it ("Within it, 1 more single link holds 4 of its
    people: …"), kept in ``inner`` (and in the CSV), largest first.

    The small sides of a network's bridges are nested or apart, never overlapping (removing one
    bridge leaves every other bridge wholly on one side), so, taking them largest first, a side
    belongs to the first side already seen that holds any of its members. ``single_links`` are
    ``(ranges, finding)`` pairs, largest side first, the ranges being positions in a layout of
    ``size`` nodes (``Departures``); painting each position once keeps this linear in the network.
    """
    paint = [-1] * size
    next_free = list(range(size + 1))  # the first position at or after i not yet painted

    def free(i):
        root = i
        while next_free[root] != root:
            root = next_free[root]
        while next_free[i] != root:
            next_free[i], i = root, next_free[i]
        return root

    merged: list[dict] = []
    for ranges, finding in single_links:
        first = next((lo for lo, hi in ranges if lo < hi), None)
        owner = paint[first] if first is not None else -1
        if owner >= 0:
            merged[owner]["inner"].append({"link": finding["link"], "people": finding["side_people"],
                                           "a_id": finding["a_id"], "b_id": finding["b_id"]})
            continue
        merged.append({**finding, "inner": [], "within": ""})
        for lo, hi in ranges:
            i = free(lo)
            while i < hi:
                paint[i] = len(merged) - 1
                next_free[i] = i + 1
                i = free(i + 1)
    for finding in merged:
        inner = finding["inner"]
        if not inner:
            continue
        finding["within"] = "; ".join(f"{f['link']} ({f['people']} people)" for f in inner)
        links = [f["link"] for f in inner]
        named = ", ".join(links[:3]) + (f" and {len(links) - 3} more" if len(links) > 3 else "")
        if len(inner) == 1:
            held = f"1 more single link holds {inner[0]['people']} of its people: {named}"
        else:
            sizes = [str(f["people"]) for f in inner[:3]]
            held = (f"{len(inner)} more single links hold smaller parts of it ({', '.join(sizes)}"
                    f"{' …' if len(inner) > 3 else ''} people): {named}")
        finding["sentence"] += f" Within it, {held}."
    return merged


def isolated_words(G: nx.Graph, name: Namer, groups: list) -> list[dict]:
    """Groups with no path to any asset, largest first, in words. People each on their own (a group
    of one person) are one finding, "5 people, each on their own, …" with their areas, rather than a
    line each saying the same: the reader needs how many and where; ``who`` names them."""
    out, alone = [], []
    for group in sorted(groups, key=len, reverse=True):
        members = [n for n in group if G.nodes[n]["kind"] == "person"]
        if len(members) == 1:
            alone += members
        elif members:
            areas = by_area(G, members)
            out.append({"size": len(members), "areas": areas, "who": sorted(name(p) for p in members),
                        "sentence": f"{len(members)} people have no path to {ANY_ASSET} ({area_words(areas)})."})
    if alone:
        areas = by_area(G, alone)
        what = "1 person has" if len(alone) == 1 else f"{len(alone)} people, each on their own, have"
        out.append({"size": len(alone), "areas": areas, "who": sorted(name(p) for p in alone),
                    "sentence": f"{what} no path to {ANY_ASSET} ({area_words(areas)})."})
        out.sort(key=lambda g: -g["size"])
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


def miles_words(miles: float) -> str:
    """
    >>> miles_words(1.0), miles_words(2.5), miles_words(0.0)
    ('1 mile', '2.5 miles', 'under 0.1 miles')
    """
    return "under 0.1 miles" if miles < 0.1 else "1 mile" if miles == 1 else f"{miles:g} miles"


def what_if_words(G: nx.Graph, names_everyone: bool, remove_nodes=(), remove_edges=(), miles=None,
                  place_to_go=None) -> dict:
    """The effect of taking people or links out, worded for the page (the data is not changed).

    ``miles(person, asset)`` gives the distance from the person's area to an asset they still reach;
    ``place_to_go(person)`` the nearest place left for someone cut off (``{"name", "kind", "miles"}``),
    where an organiser might introduce them."""
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
        if place_to_go is not None and change.after is None:
            go = place_to_go(person)
            if go:
                row["go_to"] = go
            row["sentence"] = (f"{name(person)} could be introduced to {go['name']}, the nearest {go['kind']} "
                               f"({miles_words(go['miles'])} from {G.nodes[person]['area']})" if go else
                               f"No listening hub or peer-support group is known near {name(person)}.")
        nearest.append(row)
    return {"removed": [name(n) for n in remove_nodes],
            "removed_links": [f"{name(a)} – {name(b)}" for a, b in remove_edges],
            "cut_off": [name(p) for p in lost], "cut_off_areas": by_area(G, lost),
            "components_before": r.components_before, "components_after": r.components_after,
            "split": r.split, "nearest": nearest}
