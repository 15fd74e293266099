"""The Collaborative's questions answered for one date: findings, what-if, trend, picture, tables.

Reads the network once per call (``Projection.pull``), cuts it to the date asked about and hands
it to the analytics. People are named as the viewer may see them (see ``findings.Namer``).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import threading
import time
from dataclasses import dataclass

from mapper import geo
from mapper.network import trend
from mapper.network.findings import Findings, Namer, findings, what_if_words
from mapper.network.projection import DEFAULT_LIVE_MONTHS, Projection
from mapper.db.store import Store

LIVE_MONTH_CHOICES = (0, 12, 24, 36, 60)
COVER_KM_CHOICES = (1, 2, 3, 5)


class ParamError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class View:
    as_of: dt.date
    live_months: int = DEFAULT_LIVE_MONTHS
    cover_km: float = 2.0


def parse_view(args, today: dt.date | None = None) -> tuple[View, dict]:
    """The date, live window and cover distance from query arguments; errors by field."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    as_of = today
    raw = (args.get("as_of") or "").strip()
    if raw:
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            errors["as_of"] = f"'{raw}' is not a date (use YYYY-MM-DD)"
        else:
            if as_of > today:
                errors["as_of"], as_of = "the date cannot be in the future", today
            elif as_of.year < 2000:
                errors["as_of"], as_of = "choose a date from 2000 onwards", today
    months = DEFAULT_LIVE_MONTHS
    raw = (args.get("months") or "").strip()
    if raw:
        if not raw.isdigit() or not 0 <= int(raw) <= 240:
            errors["months"] = "months must be a whole number from 0 (never lapse) to 240"
        else:
            months = int(raw)
    cover = 2.0
    raw = (args.get("cover_km") or "").strip()
    if raw:
        try:
            cover = float(raw)
            if not 0.2 <= cover <= 20:
                raise ValueError
        except ValueError:
            errors["cover_km"] = "the distance must be a number of kilometres from 0.2 to 20"
            cover = 2.0
    return View(as_of, months, cover), errors


class _Cache:
    """Recent projections, for a few seconds: a page and its exports read the network once."""

    def __init__(self, ttl: float = 20.0):
        self.ttl = ttl
        self.lock = threading.Lock()
        self.entry: tuple[float, int, Projection] | None = None

    def get(self, store: Store) -> Projection:
        with self.lock:
            if self.entry and self.entry[1] == id(store) and time.monotonic() - self.entry[0] < self.ttl:
                return self.entry[2]
        projection = Projection.pull(store)
        with self.lock:
            self.entry = (time.monotonic(), id(store), projection)
        return projection

    def clear(self) -> None:
        with self.lock:
            self.entry = None


projections = _Cache()


def network(store: Store, view: View):
    return projections.get(store).graph(view.as_of, view.live_months)


def report(store: Store, view: View, names_everyone: bool) -> Findings:
    G = network(store, view)
    out = findings(G, names_everyone)
    out.coverage = areas_without_cover(store, G, view.cover_km)
    out.counts["areas_without_cover"] = sum(1 for a in out.coverage if a["gap"])
    return out


def areas_without_cover(store: Store, G, cover_km: float) -> list[dict]:
    """Areas with residents in the network, and the share of the area beyond ``cover_km`` of any
    listening hub or peer-support group (a gap when it is half or more)."""
    from mapper.directory.search import coverage_gaps

    residents: dict[str, int] = {}
    for _, attrs in G.nodes(data=True):
        if attrs["kind"] == "person" and attrs.get("area"):
            residents[attrs["area"]] = residents.get(attrs["area"], 0) + 1
    codes = {a["name"]: a["code"] for a in store.read("list_areas")}
    gaps = coverage_gaps(store, cover_km * 1000)["boroughs"]
    rows = []
    for area, people in sorted(residents.items()):
        share = gaps.get(codes.get(area), {}).get("uncovered")
        if share is None:
            continue
        rows.append({"area": area, "people": people, "uncovered": share, "gap": share >= 0.5,
                     "districts": gaps[codes[area]]["districts"],
                     "sentence": f"{round(share * 100)}% of {area} is more than {cover_km:g} km from a listening hub "
                                 f"or peer-support group ({people} people in the network live there)."})
    return sorted(rows, key=lambda r: -r["uncovered"])


def choices(store: Store, view: View, names_everyone: bool) -> dict:
    """What the what-if form offers: every person, organisation and asset, and every tie, named as
    the viewer may see them."""
    G = network(store, view)
    name = Namer(G, names_everyone)
    nodes = sorted(((n, name(n), G.nodes[n]["kind"]) for n in G), key=lambda t: (t[2], t[1].lower()))
    return {"nodes": nodes, "graph": G, "namer": name}


def what_if(store: Store, view: View, names_everyone: bool, nodes: list[str], links: list[tuple[str, str]]):
    G = network(store, view)
    unknown = [n for n in nodes if n not in G] + [f"{a}|{b}" for a, b in links if not G.has_edge(a, b)]
    if unknown:
        raise ParamError("remove", f"not in the network on {view.as_of}: {', '.join(unknown[:5])}")
    codes = {a["name"]: a["code"] for a in store.read("list_areas")}

    def miles(person, asset):
        area = G.nodes[person].get("area")
        where = geo.load_index().la_location(codes.get(area, "")) if area else None
        lat, lon = G.nodes[asset].get("lat"), G.nodes[asset].get("lon")
        if where is None or lat is None:
            return None
        return round(geo.miles(geo.distance_m(where, geo.to_grid(lat, lon))), 1)

    return what_if_words(G, names_everyone, remove_nodes=nodes, remove_edges=links, miles=miles)


def monthly(store: Store, view: View) -> list[dict]:
    return trend.monthly(projections.get(store), view.as_of, view.live_months)


def picture(store: Store, view: View, names_everyone: bool, report_: Findings | None = None) -> dict:
    """Nodes and edges for the network drawing, with the findings highlighted."""
    from mapper.analytics.bridges import bridge_ties
    from mapper.analytics.cut_off import cut_off_counts
    from mapper.analytics.isolation import people_without_assets

    G = network(store, view)
    name = Namer(G, names_everyone)
    cut = cut_off_counts(G)
    isolated = people_without_assets(G)
    bridges = bridge_ties(G)
    nodes = []
    ids = {n: i for i, n in enumerate(G)}
    for n, attrs in G.nodes(data=True):
        nodes.append({"id": ids[n], "label": name(n) if name.shows_name(n) else "",
                      "title": name(n), "kind": attrs["kind"], "area": attrs.get("area"),
                      "cut_off": cut.get(n, 0), "isolated": n in isolated})
    edges = [{"from": ids[a], "to": ids[b], "bridge": frozenset((a, b)) in bridges} for a, b in G.edges()]
    return {"nodes": nodes, "edges": edges, "as_of": view.as_of.isoformat()}


TABLES = {
    "single_points": ("name", "kind", "count", "areas", "who"),
    "bridges": ("a", "b", "side_people", "side_nodes", "cut_off", "sentence"),
    "run_by_one": ("asset", "runner"),
    "gateways": ("asset", "through"),
    "isolated_groups": ("size", "areas", "who"),
    "lonely_clusters": ("size", "people", "assets", "links", "areas"),
    "brokers": ("name", "kind", "betweenness", "degree", "clusters_linked"),
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
