"""`mapper bench` for finding support: 10,000 generated assets across South London.

Times a postcode search with filters three ways: the product's way (candidates from the point
index in a bounding box, filters in the query, exact distances in grid metres with numpy); all
in Neo4j (``point.distance`` ordered by the database); and a baseline that pulls every asset and
computes every distance in Python. Then the map page with every asset, in headless Chromium.
"""
from __future__ import annotations

import math
import random
import statistics
import threading
import time
from typing import Callable

import numpy as np

from mapper import geo
from mapper.directory import opening, search
from mapper.directory.assets import KIND_LABELS
from mapper.db.store import Store

PREFIX = "bench-asset-"
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

    app = create_app({"NEO4J_TARGET": store.target})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    times = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                began = time.perf_counter()
                page.goto(f"{base}/map")
                page.wait_for_selector("#map[data-ready=true]", timeout=60_000)
                times.append(time.perf_counter() - began)
                markers = page.locator(".marker-cluster, path.asset-marker").count()
                page.close()
            browser.close()
    except Exception as exc:  # no Chromium here: report, do not fail the bench
        return {"skipped": f"headless Chromium could not run: {exc}"}
    finally:
        server.close()
    say(f"  map page with every asset: best {min(times):.2f} s, worst {max(times):.2f} s ({markers} clusters/markers drawn)")
    return {"best_s": round(min(times), 3), "worst_s": round(max(times), 3), "target_s": 2.0}


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
        product, in_db, baseline = [], [], []
        found_total = disagree = 0
        for k, pc in enumerate(places):
            args = {"where": pc, "radius": "2", **combos[k % len(combos)]}
            t0 = time.perf_counter()
            query = search.parse_query(args, store)
            result = search.near(store, query)
            product.append(time.perf_counter() - t0)
            found_total += len(result["results"])
            origin = result["origin"]
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
               "search_index_numpy": _stats(product), "search_all_in_neo4j": _stats(in_db),
               "baseline_every_distance_in_python": _stats(baseline),
               "baseline_disagreements": disagree, "targets": {"median_ms": 50, "p95_ms": 150}}
        say(f"  postcode search with filters, 2 km: median {out['search_index_numpy']['median_ms']} ms, "
            f"p95 {out['search_index_numpy']['p95_ms']} ms (point index + numpy, as served)")
        say(f"  same in Neo4j with point.distance: median {out['search_all_in_neo4j']['median_ms']} ms, "
            f"p95 {out['search_all_in_neo4j']['p95_ms']} ms")
        say(f"  baseline, every distance in Python: median {out['baseline_every_distance_in_python']['median_ms']} ms, "
            f"p95 {out['baseline_every_distance_in_python']['p95_ms']} ms")
        if map_page:
            out["map_page"] = _map_load(store, say)
        return out
    finally:
        deleted = store.write("delete_assets_with_prefix", prefix=PREFIX)
        say(f"  removed the {deleted[0]['deleted'] if deleted else 0:,} generated assets")
