"""The Collaborative's questions answered for one date: findings, what-if, trend, picture, tables.

Reads the network once per write generation (``Projection.pull``, cached by ``mapper.db.derived``),
cuts it to the date asked about and hands it to the analytics. People are named as the viewer may see them (see ``findings.Namer``).
"""
from __future__ import annotations

import csv
import io

from mapper.network import trend
from mapper.network.findings import Findings, Namer, findings, what_if_words
from mapper.network.places_to_go import PlacesToGo
from mapper.network.projection import Projection
from mapper.db.derived import Derived
from mapper.network.keeper import Keeper, Served
# the view asked about (pages read these through this module)
from mapper.network.view import COVER_KM_CHOICES, LIVE_MONTH_CHOICES, ParamError, View, parse_view  # noqa: F401
from mapper.network.pseudonyms import Pseudonyms
from mapper.network.worker import analyses
from mapper.db.store import Store

# The network, pulled once per write generation: a page, its exports and the next requests on any
# app process read it once, and the first request after any write reads it afresh.
projections = Derived(Projection.pull)


# The network cut to a date, kept for the latest two dates asked about (what-if and the picker
# read it on request; the analyses never change it).
graphs = Derived(lambda store, as_of, months: projections.get(store).graph(as_of, months), keep=2)


def network(store: Store, view: View):
    return graphs.get(store, view.as_of, view.live_months)


def report(store: Store, view: View, names_everyone: bool, progress=None) -> Findings:
    """The Collaborative's report for one view, computed now (pages use :func:`kept_report`)."""
    say = progress or (lambda _step, _fraction: None)
    say("reading the network", 0.0)
    G = network(store, view)
    out = findings(G, names_everyone, progress=lambda step, f: say(step, 0.1 + 0.85 * f))
    say("areas without cover", 0.95)
    out.coverage = areas_without_cover(store, G, view.cover_km)
    out.counts["areas_without_cover"] = sum(1 for a in out.coverage if a["gap"])
    G.graph["counts"] = dict(out.counts)  # for the trend's month of this same network (trend.figures)
    return out


# The long analyses run in a process of their own (``mapper.network.worker.analyses``), which keeps
# the network it read between them; the keepers below hand it their work.


def _report_job(store: Store, key: tuple, progress) -> Findings:
    return report(store, *key, progress=progress)


# The reports, computed in the background once per write generation and served from there.
reports = Keeper(_report_job, worker=analyses, priority=0)


def kept_report(store: Store, view: View, names_everyone: bool, wait: float = 0.0) -> Served:
    """The report to show now: the kept one when current, else the previous one while a new one is
    computed (unless naming may have changed), else nothing yet and the progress (see
    ``mapper.network.keeper``). Waits up to ``wait`` seconds for a report that may be shown."""
    return reports.get(store, (view, names_everyone), wait)


def areas_without_cover(store: Store, G, cover_km: float) -> list[dict]:
    """The areas the network serves (the map's rule: ``mapper.directory.served_areas``), its people in
    each, and the share of the area beyond ``cover_km`` of any listening hub or peer-support group
    (a gap when it is half or more)."""
    from mapper.directory.coverage import coverage_gaps
    from mapper.geo.names import la_name

    residents: dict[str, int] = {}
    for _, attrs in G.nodes(data=True):
        if attrs["kind"] == "person" and attrs.get("area"):
            residents[attrs["area"]] = residents.get(attrs["area"], 0) + 1
    names = {a["code"]: a["name"] for a in store.read("list_areas")}
    gaps = coverage_gaps(store, cover_km * 1000)["boroughs"]
    rows = []
    for code, gap in gaps.items():
        area = names.get(code) or la_name(code) or code
        share, people = gap["uncovered"], residents.get(names.get(code), 0)
        lives = f"{people} people in the network live there" if people else "no one in the network lives there yet"
        rows.append({"area": area, "people": people, "uncovered": share, "gap": share >= 0.5,
                     "districts": gap["districts"],
                     "sentence": f"{round(share * 100)}% of {area} is more than {cover_km:g} km from a listening hub "
                                 f"or peer-support group ({lives})."})
    return sorted(rows, key=lambda r: (-r["uncovered"], r["area"]))


def _ids(G, names_everyone: bool, shown_to):
    """The viewer's pseudonyms (``shown_to``: the key and the viewer's account), or the ids as they are."""
    return Pseudonyms(G, Namer(G, names_everyone).shows_name, *shown_to) if shown_to else _AsIs(G)


class _AsIs:
    def __init__(self, G):
        self.G = G

    def out(self, node) -> str:
        return node

    def node(self, shown):
        return shown if shown in self.G else None


def find_nodes(store: Store, view: View, names_everyone: bool, text: str, limit: int = 20,
               shown_to: tuple[bytes, str] | None = None) -> list[dict]:
    """People, organisations and assets whose name *as the viewer sees it* holds ``text`` (so a person
    not named to the viewer is found by role and area, never by their name), best matches first; such
    a person's id is the viewer's pseudonym for them when ``shown_to`` is given."""
    G = network(store, view)
    name = Namer(G, names_everyone)
    ids = _ids(G, names_everyone, shown_to)
    wanted = " ".join(text.casefold().split())
    if not wanted:
        return []
    found = []
    for node in G:
        label = name(node)
        at = label.casefold().find(wanted)
        if at >= 0:
            found.append((at != 0, len(label), label.casefold(), node, label))
    found.sort()
    return [{"id": ids.out(node), "label": label, "kind": G.nodes[node]["kind"]} for *_, node, label in found[:limit]]


def named(store: Store, view: View, names_everyone: bool, nodes: list[str],
          shown_to: tuple[bytes, str] | None = None) -> list[dict]:
    """The given nodes (as shown to the viewer) as the viewer may see them, with their ties (at most 50
    each) to choose from."""
    if not nodes:
        return []  # the form's first view: no need to read the network
    G = network(store, view)
    name = Namer(G, names_everyone)
    ids = _ids(G, names_everyone, shown_to)
    out = []
    for node in filter(None, map(ids.node, nodes)):
        me, ties = ids.out(node), sorted(G[node], key=lambda other: name(other).casefold())[:50]
        out.append({"id": me, "label": name(node), "kind": G.nodes[node]["kind"],
                    "ties": [{"link": f"{me}|{ids.out(other)}", "label": f"{name(node)} – {name(other)}"}
                             for other in ties]})
    return out


def link_labels(store: Store, view: View, names_everyone: bool, links: list[tuple[str, str]],
                shown_to: tuple[bytes, str] | None = None) -> list[dict]:
    if not links:
        return []
    G = network(store, view)
    name = Namer(G, names_everyone)
    ids = _ids(G, names_everyone, shown_to)
    pairs = [(a, b, ids.node(a), ids.node(b)) for a, b in links]
    return [{"link": f"{a}|{b}", "label": f"{name(x)} – {name(y)}"} for a, b, x, y in pairs if x and y]


def what_if(store: Store, view: View, names_everyone: bool, nodes: list[str], links: list[tuple[str, str]],
            shown_to: tuple[bytes, str] | None = None):
    G = network(store, view)
    ids = _ids(G, names_everyone, shown_to)
    unknown = [n for n in nodes if ids.node(n) is None]
    unknown += [f"{a}|{b}" for a, b in links if not (ids.node(a) and ids.node(b) and G.has_edge(ids.node(a), ids.node(b)))]
    if unknown:
        raise ParamError("remove", f"not in the network on {view.as_of}: {', '.join(unknown[:5])}")
    nodes, links = [ids.node(n) for n in nodes], [(ids.node(a), ids.node(b)) for a, b in links]
    # Miles from each person's area; for those cut off, the listening hub or peer-support group left
    # nearest their area (at published points only), so that an organiser knows where to introduce them.
    places = PlacesToGo(G, {a["name"]: a["code"] for a in store.read("list_areas")}, gone=nodes)
    return what_if_words(G, names_everyone, remove_nodes=nodes, remove_edges=links, miles=places.miles,
                         place_to_go=places.nearest_support)


# The trend: stored month by month in Neo4j, updated in the background for the months a change touched.
def _trend_job(store: Store, key: tuple, progress) -> list[dict]:
    until, live_months = key
    return trend.kept_monthly(store, projections.get(store), until, live_months, progress,
                              graph=lambda day: graphs.get(store, day, live_months))


# After a write the report goes first: the trend waits a little longer, and yields its turn to it.
trends = Keeper(_trend_job, names_matter=False, worker=analyses, priority=2, debounce=4.0)


def kept_trend(store: Store, view: View, wait: float = 0.0, schedule: bool = True) -> Served:
    """The trend to show now (it names no one: an earlier one is shown while it is brought up to date).
    ``schedule=False`` (the report is being updated): the earlier trend is shown and the new one
    computed after the report, which then lends it its counts of the current month."""
    return trends.get(store, (view.as_of, view.live_months), wait, schedule)


def monthly(store: Store, view: View, wait: float = 60.0) -> list[dict]:
    """The trend's rows, waiting up to ``wait`` seconds for them (an empty list if none come)."""
    found = kept_trend(store, view, wait)
    return found.report if found.report is not None else []


def picture(store: Store, view: View, names_everyone: bool, report_: Findings | None = None) -> dict:
    """The network picture's data for one view (see :mod:`mapper.network.picture`)."""
    from mapper.network.picture import picture_of

    return picture_of(network(store, view), names_everyone)


TABLES = {
    "single_points": ("name", "kind", "count", "areas", "who"),
    "bridges": ("a", "b", "side_people", "side_nodes", "cut_off", "sentence", "within"),
    "run_by_one": ("asset", "runner"),
    "gateways": ("asset", "through"),
    "isolated_groups": ("size", "areas", "who"),
    "lonely_clusters": ("size", "people", "assets", "links", "areas"),
    "clusters": ("name", "size", "people", "assets", "organisations", "areas", "asset_names", "links", "sentence"),
    "brokers": ("name", "kind", "betweenness", "degree", "clusters_linked", "only_through", "clusters", "sentence"),
    "suggestions": ("a", "b", "people", "reason", "sentence"),
    "coverage": ("area", "people", "uncovered", "gap", "districts"),
    "trend": ("month", "people_at_risk", "single_points", "isolated_people", "live_links"),
}


def _cell(value) -> str:
    if isinstance(value, (list, tuple)):
        value = "; ".join(f"{v[0]}: {v[1]}" if isinstance(v, tuple) else str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    """CSV of one table; cells that a spreadsheet would run as a formula are quoted with '."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def areas(store: Store, view: View, names_everyone: bool) -> dict:
    """The findings by area, for the map: people at risk and isolated, and the single points of
    failure based there (keyed by the area's code, as the borough shapes are)."""
    from mapper.analytics.cut_off import people_at_risk
    from mapper.analytics.isolation import people_without_assets

    G = network(store, view)
    report = findings(G, names_everyone, suggestions=0)
    at_risk, isolated = people_at_risk(G), people_without_assets(G)
    codes = {a["name"]: a["code"] for a in store.read("list_areas")}
    out: dict[str, dict] = {}
    for node, attrs in G.nodes(data=True):
        if attrs["kind"] != "person" or attrs.get("area") not in codes:
            continue
        row = out.setdefault(codes[attrs["area"]], {"name": attrs["area"], "people": 0, "at_risk": 0,
                                                    "isolated": 0, "single_points": []})
        row["people"] += 1
        row["at_risk"] += node in at_risk
        row["isolated"] += node in isolated
    for f in report.single_points:
        for area, _ in f["areas"][:1]:
            if area in codes and codes[area] in out:
                out[codes[area]]["single_points"].append(f["sentence"])
    return {"as_of": view.as_of.isoformat(), "areas": out}


# The drawing and the findings by area: computed in the background too, once per write generation.
def _picture_job(store: Store, key: tuple, progress) -> dict:
    return picture(store, *key)


def _areas_job(store: Store, key: tuple, progress) -> dict:
    return areas(store, *key)


pictures = Keeper(_picture_job, worker=analyses)
area_findings = Keeper(_areas_job, worker=analyses)


def kept_picture(store: Store, view: View, names_everyone: bool, wait: float = 0.0) -> Served:
    return pictures.get(store, (view, names_everyone), wait)


def kept_areas(store: Store, view: View, names_everyone: bool, wait: float = 0.0) -> Served:
    return area_findings.get(store, (view, names_everyone), wait)
