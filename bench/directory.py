"""`mapper bench` for finding support: 10,000 generated assets across South London.

Times a postcode search with filters four ways: the product's way (the directory held in the
app's process, read once per write generation: ``mapper.directory.catalogue``; exact distances
in grid metres with numpy); the way it was served before (candidates from the point index in a
bounding box, filters in the query, then the entries' fields: ``tests/oracles/directory_queries``),
checking that both give the same answers; all in Neo4j (``point.distance`` ordered by the
database, ids only); and a baseline that pulls every asset and computes every distance in
Python. Then the map page with every asset, in headless Chromium: first visits and a visit
with the browser's cache (the marker data revalidated: 304), beside the page as it was before
(``bench/baselines/map-before.js`` in place of map.js: every marker clustered by
leaflet.markercluster, whose script and styles the bench adds to the page from web/node_modules).
"""
from __future__ import annotations

import itertools
import math
import random
import re
import statistics
import threading
import time
from pathlib import Path
from typing import Callable

import numpy as np

from mapper import geo
from mapper.directory import opening, search
from mapper.directory.assets import KIND_LABELS
from mapper.db.store import Store

from tests.oracles import directory_queries

PREFIX = "bench-asset-"
# The map page's baseline clusters with leaflet.markercluster, a devDependency kept for it alone.
MARKERCLUSTER = Path(__file__).resolve().parent.parent / "web" / "node_modules" / "leaflet.markercluster" / "dist"
BASELINE_FILES = ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")  # its script first
BEFORE_VISITS = 3  # the map page as it was, after the page as it is (the app warm for both)
WARM_PAUSE_S = 3.0  # a visit this long after a write finds the map's data made again in the background
SOUTH_LONDON = ("E09000028", "E09000022", "E09000023", "E09000008", "E09000011", "E09000006", "E09000004",
                "E09000032", "E09000024", "E09000029", "E09000021")
LANGUAGES = ("English", "Somali", "Portuguese", "Spanish", "Tamil", "Urdu", "Polish", "Arabic", "Twi", "Yoruba")
ACCESS = ("step-free", "hearing loop", "BSL interpreter on request", "accessible toilet", "creche")
THEMES = (("theme-loneliness", "Loneliness and isolation"), ("theme-work-wages", "Work and wages"),
          ("theme-children-young-people", "Children, young people and parental mental health"),
          ("theme-access-to-services", "Access to services"), ("theme-digital-exclusion", "Digital exclusion"),
          ("theme-housing", "Housing"), ("theme-migration-race", "Migration and race"))


def _points(n: int, rng: np.random.Generator):
    idx = geo.load_index()
    wanted = np.array([c in SOUTH_LONDON for c in idx.la_codes])
    rows = np.flatnonzero(wanted[np.asarray(idx.la)])
    pick = rng.choice(rows, size=n, replace=False)
    return [idx.location_at(int(i)) for i in pick]


def generate(n: int = 10_000, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """``(asset rows for upsert_assets, ADDRESSES link rows)``; the same for the same seed."""
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    rows, links = [], []
    kinds = list(KIND_LABELS)
    for i, loc in enumerate(_points(n, rng)):
        aid = f"{PREFIX}{i:05d}"
        day = pyrng.randrange(7)
        start = pyrng.choice((9, 10, 11, 13, 14, 17, 18)) * 60
        rows.append({"id": aid, "kind": kinds[i % 3], "lat": loc.lat, "lon": loc.lon, "props": {
            "name": f"Bench asset {i}", "description": "Generated for the benchmark.", "address": "London",
            "postcode": loc.postcode, "languages": ["English"] + pyrng.sample(LANGUAGES[1:], 2),
            "accessibility": pyrng.sample(ACCESS, 2), "cost": "free" if pyrng.random() < 0.8 else "low cost",
            "opening": [f"{opening.DAYS[day]} {start // 60:02d}:00-{start // 60 + 2:02d}:00"],
            "contact": f"{aid}@example.org", "hide_address": pyrng.random() < 0.03}})
        for tid, _ in pyrng.sample(THEMES, 2):
            links.append({"id": f"ADDRESSES:{aid}:{tid}", "type": "ADDRESSES", "source": aid, "target": tid, "props": {}})
    return rows, links


def _stats(samples: list[float]) -> dict:
    ms = sorted(s * 1000 for s in samples)
    return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[int(math.ceil(0.95 * len(ms))) - 1], 2),
            "runs": len(ms)}


def _baseline(store: Store, origin, radius_m: float, filters: search.Filters) -> list:
    """Every asset pulled, every distance computed in Python, then the filters."""
    out = []
    for a in store.read("search_all", ids=None, kind=None, theme=None, language=None, access=None, free=None):
        if filters.kind and a["kind"] != filters.kind:
            continue
        if filters.free and (a["cost"] or "").lower() != "free":
            continue
        if filters.theme and filters.theme not in a["theme_ids"]:
            continue
        if not filters.matches_opening(a["opening"]):
            continue
        if a["hide_address"]:
            district = search._district(a["postcode"])
            e, n = district.easting, district.northing
        else:
            e, n = geo.to_grid(a["lat"], a["lon"])
        d = math.hypot(e - origin.easting, n - origin.northing)
        if d <= radius_m:
            out.append((d, a["name"] or "", a["id"]))
    return sorted(out)


def _map_load(store: Store, say) -> dict:
    try:
        from playwright.sync_api import sync_playwright
        from waitress.server import create_server
    except ImportError:
        return {"skipped": "playwright is not installed (bin/setup --test)"}
    import shutil

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    from web import create_app
    from web.pages.map import warm_in_background

    app = create_app({"NEO4J_TARGET": store.target})
    warm_in_background(app)  # as `mapper serve` does
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    parts, markers = [], 0
    touched = itertools.count(1)

    def touch() -> None:  # a write to the directory: one more asset, then described anew (removed with the rest)
        store.write("upsert_assets", rows=[{"id": f"{PREFIX}touched", "kind": "Hub", "lat": 51.47, "lon": -0.07,
                                            "props": {"name": "Edited in the bench",
                                                      "description": f"edit {next(touched)}"}}])
    old_script = (Path(__file__).resolve().parent / "baselines" / "map-before.js").read_text()
    clusterer = MARKERCLUSTER if MARKERCLUSTER.is_dir() else None  # the baseline's own library

    def as_before(page) -> None:  # the map page as it was: its script then, with markercluster's files
        page.route("**/static/map.js", lambda route: route.fulfill(body=old_script,
                                                                   content_type="application/javascript"))
        page.route("**/bench-baseline/*", lambda route: route.fulfill(
            path=clusterer / BASELINE_FILES[BASELINE_FILES.index(route.request.url.rsplit("/", 1)[1])]))
        page.route(re.compile(r".*/map(\?.*)?$"), lambda route: route.fulfill(
            response=(r := route.fetch()), body=_with_markercluster(r.text())))

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])

            def visit(context=None, baseline: bool = False) -> float:
                """One visit until the map says it is ready; a fresh browser (no cache) unless given one."""
                nonlocal parts, markers
                page = (context or browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
                if baseline:
                    as_before(page)
                began = time.perf_counter()
                page.goto(f"{base}/map")
                page.wait_for_selector("#map[data-ready=true]", timeout=60_000)
                seconds = time.perf_counter() - began
                if not baseline:
                    parts = page.evaluate("""() => performance.getEntriesByType('resource')
                        .filter(e => e.name.includes('.json'))
                        .map(e => [e.name.split('/').pop().split('?')[0], Math.round(e.duration), e.transferSize])""")
                    markers = page.locator(".marker-cluster, path.asset-marker").count()
                page.close()
                return seconds

            times = [visit() for _ in range(3)]  # the first on a process just started, the others warm
            cached = visit(browser.contexts[-1])  # again with the last one's cache
            touch()
            at_once = visit()  # at once after a write: this visit makes the new data
            touch()
            time.sleep(WARM_PAUSE_S)
            after_pause = visit()  # a moment after a write: made in the background meanwhile
            before = [visit(baseline=True) for _ in range(BEFORE_VISITS if clusterer else 0)]
            browser.close()
    except Exception as exc:  # no Chromium here: report, do not fail the bench
        return {"skipped": f"headless Chromium could not run: {exc}"}
    finally:
        server.close()
    say(f"  map page with every asset: first visit to a process just started {times[0]:.2f} s, then {times[1]:.2f} "
        f"and {times[2]:.2f} s ({markers} clusters/markers drawn); again with the browser's cache {cached:.2f} s; "
        f"its data [file, ms, bytes]: {parts}")
    say(f"  after a write: a visit at once {at_once:.2f} s (it waits for the new data), a visit {WARM_PAUSE_S:g} s "
        f"later {after_pause:.2f} s (the data made again in the background meanwhile)")
    out = {"best_s": round(min(times[1:]), 3), "first_s": round(times[0], 3), "cached_s": round(cached, 3),
           "after_first_s": [round(t, 3) for t in times[1:]], "at_once_after_write_s": round(at_once, 3),
           "after_write_pause_s": WARM_PAUSE_S, "after_write_s": round(after_pause, 3),
           "worst_s": round(max(times[1:] + [after_pause]), 3), "data": parts, "target_s": 1.0}
    if not before:
        say("  baseline skipped: leaflet.markercluster is not in web/node_modules (npm ci in web/ installs it)")
        return out
    say(f"  baseline, the map page as it was (its script then, with leaflet.markercluster): best {min(before):.2f} s, "
        f"median {statistics.median(before):.2f} s of {len(before)}")
    return {**out, "baseline_before_best_s": round(min(before), 3),
            "baseline_before_median_s": round(statistics.median(before), 3)}


def _with_markercluster(html: str) -> str:
    """The map page with leaflet.markercluster's styles and script (from ``/bench-baseline/``, which the
    bench answers from web/node_modules), as the page loaded them before supercluster."""
    styles = "".join(f'<link rel="stylesheet" href="/bench-baseline/{name}">' for name in BASELINE_FILES[1:])
    script = f'<script src="/bench-baseline/{BASELINE_FILES[0]}"></script>'
    html = html.replace("</head>", styles + "</head>", 1)
    return re.sub(r'(<script src="[^"]*/static/map\.js)', script + r"\1", html, count=1)


def run(store: Store, say: Callable[[str], None] = print, n: int = 10_000, queries: int = 200,
        map_page: bool = True) -> dict:
    """Load ``n`` generated assets, time the searches (and the map page), remove the assets."""
    say(f"directory: generating {n:,} assets across South London...")
    rows, links = generate(n)
    store.write("upsert_themes", rows=[{"id": t, "name": name} for t, name in THEMES])
    began = time.perf_counter()
    for i in range(0, len(rows), 2000):
        store.write("upsert_assets", rows=rows[i:i + 2000])
    for i in range(0, len(links), 5000):
        store.write("link", rows=links[i:i + 5000])
    say(f"  loaded in {time.perf_counter() - began:.1f} s")
    try:
        places = [loc.postcode for loc in _points(queries, np.random.default_rng(3))]
        combos = [{"kind": "PeerSupportGroup", "cost": "free"}, {"theme": "theme-housing", "day": "Saturday"},
                  {"kind": "ListeningHub", "theme": "theme-loneliness", "cost": "free"}, {"cost": "free", "day": "Tue"}]
        store.write("upsert_themes", rows=[{"id": t, "name": name} for t, name in THEMES])  # a write: cold
        t0 = time.perf_counter()
        held = search.catalogue(store)
        cold = time.perf_counter() - t0
        say(f"  the directory read into the app's process (once per write): {cold * 1000:.0f} ms, {len(held):,} assets")
        product, before, in_db, baseline = [], [], [], []
        found_total = disagree = disagree_before = 0
        for k, pc in enumerate(places):
            args = {"where": pc, "radius": "2", **combos[k % len(combos)]}
            t0 = time.perf_counter()
            query = search.parse_query(args, store)
            result = search.near(store, query)
            product.append(time.perf_counter() - t0)
            found_total += len(result["results"])
            origin = result["origin"]
            t0 = time.perf_counter()
            query_before = search.parse_query(args, store)
            was = directory_queries.near(store, query_before)
            before.append(time.perf_counter() - t0)
            disagree_before += was != result["results"]
            box = search._bbox(origin.lat, origin.lon, query.radius_m * 1.02 + 100)
            t0 = time.perf_counter()
            rows_db = store.read("search_near_points", **box, lat=origin.lat, lon=origin.lon, radius=query.radius_m,
                                 kind=query.filters.kind, theme=query.filters.theme,
                                 free=True if query.filters.free else None)
            [r for r in rows_db if query.filters.matches_opening(r["opening"])]
            in_db.append(time.perf_counter() - t0)
            if k < 20:  # the baseline is slow: a sample is enough
                t0 = time.perf_counter()
                want = _baseline(store, origin, query.radius_m, query.filters)
                baseline.append(time.perf_counter() - t0)
                if [r["id"] for r in result["results"]] != [i for _, _, i in want]:
                    disagree += 1
        out = {"assets": n, "searches": len(places), "mean_results": round(found_total / len(places), 1),
               "catalogue_read_ms": round(cold * 1000, 1),
               "search_as_served": _stats(product), "baseline_point_index_queries": _stats(before),
               "search_all_in_neo4j": _stats(in_db),
               "baseline_every_distance_in_python": _stats(baseline),
               "disagreements_with_the_queries": disagree_before,
               "baseline_disagreements": disagree, "targets": {"p95_ms": 50}}
        say(f"  postcode search with filters, 2 km, as served (the directory held in the process): median "
            f"{out['search_as_served']['median_ms']} ms, p95 {out['search_as_served']['p95_ms']} ms")
        say(f"  baseline, as served before (point index query + numpy + entries query): median "
            f"{out['baseline_point_index_queries']['median_ms']} ms, p95 {out['baseline_point_index_queries']['p95_ms']} ms"
            f" ({disagree_before} of {len(places)} answers differ)")
        say(f"  same in Neo4j with point.distance (ids only): median {out['search_all_in_neo4j']['median_ms']} ms, "
            f"p95 {out['search_all_in_neo4j']['p95_ms']} ms")
        say(f"  baseline, every distance in Python: median {out['baseline_every_distance_in_python']['median_ms']} ms, "
            f"p95 {out['baseline_every_distance_in_python']['p95_ms']} ms ({disagree} of 20 differ)")
        if map_page:
            out["map_page"] = _map_load(store, say)
        return out
    finally:
        deleted = store.write("delete_assets_with_prefix", prefix=PREFIX)
        say(f"  removed the {deleted[0]['deleted'] if deleted else 0:,} generated assets")
