"""`mapper bench --only picture`: the Collaborative's network picture in headless Chromium.

For the South London demo and for a generated network of 10,000 nodes and 50,000 ties (the
generator of ``seeds.synthetic``, written as ``bench.network`` writes it), the app is served as
deployed (``mapper serve``), a Collaborative member signs in through the login form in Chromium,
and the page is timed from navigation to drawn (the page marks the moment it has drawn the picture,
``performance.now()`` since navigation began), warm (the picture kept), beside the baseline of
fetching the picture's data alone in the same page, and beside the drawing as it was before
(``bench/baselines/network-picture-before.js`` and ``network-before.js``, served in place of the
page's own scripts: the graph built edge by edge with a check per edge, a reducer on every node and
edge for the first frame, and the whole picture drawn twice). Also the payload's size, plain and
gzipped, and how long the picture (positions and all) took to compute in the background.
"""
from __future__ import annotations

import gzip
import json
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench.load import _free_port, _serve, _wait_until_up
from mapper.accounts import users as accounts
from mapper.config import VAR_DIR
from mapper.db.store import Store

MEMBER = "bench.picture@bench.example.org"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RUNS = 5
AIMS_MS = {"demo": 1000, "10k": 2000}
BEFORE = Path(__file__).resolve().parent / "baselines"
SHOTS = Path(VAR_DIR) / "bench"


def run(store: Store, say: Callable[[str], None], people: int = 9_780, ties: int = 50_000, **_) -> dict:
    """The demo, then a generated network of 10,000 nodes or just under (people, with an asset for every
    50 and the generator's organisations), drawn whole: above 10,000 the page opens on communities."""
    from seeds.south_london import load as demo

    out = {}
    say("  the demo network")
    store.autocommit("delete_everything")
    demo.load(store, say=lambda _msg: None)
    out["demo"] = timed_page(store, say, "demo")
    say(f"  a generated network of {people:,} people and {ties:,} ties")
    from bench.synthetic import load
    from seeds.synthetic import generate

    nodes, edges = generate(people=people, ties=ties, assets=max(people // 50, 10), seed=1)
    load(store, nodes, edges, say)
    out["10k"] = timed_page(store, say, "10k")
    return out


def _serving(script: str, old: dict):
    """A route handler that answers with ``script`` (the baseline's JavaScript) while ``old["on"]``."""
    def handle(route) -> None:
        if old["on"]:
            route.fulfill(body=script, content_type="application/javascript")
        else:
            route.continue_()
    return handle


def timed_page(store: Store, say, label: str) -> dict:
    from playwright.sync_api import sync_playwright

    password = secrets.token_urlsafe(18)
    accounts.add(store, MEMBER, "collaborative", password)
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = _serve(store, port, 4, log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(port, server, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
            page.goto(base + "/login")
            page.fill("#email", MEMBER)
            page.fill("#password", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            began = time.perf_counter()
            page.goto(base + "/collaborative/network")  # the first visit: computed in the background
            page.wait_for_selector("#network[data-ready='1']", timeout=1_800_000)
            first_s = time.perf_counter() - began
            src = page.get_attribute("#network", "data-src")
            drawn, fetched, before, data_at = [], [], [], []
            # The page as it is and as it was (its scripts then) in turn, the same routes for both (routing
            # turns the browser's cache off, so neither has it).
            old = {"on": False}
            for script in ("network-picture", "network"):
                page.route(f"**/static/{script}.js", _serving((BEFORE / f"{script}-before.js").read_text(), old))
            for run in range(2 * RUNS):
                old["on"] = run % 2 == 1
                page.goto(base + "/collaborative/network")
                page.wait_for_selector("#network[data-ready='1']", timeout=120_000)
                (before if old["on"] else drawn).append(int(page.get_attribute("#network", "data-drawn-ms")))
                if not old["on"]:
                    data_at.append(int(page.get_attribute("#network", "data-data-ms")))
                    fetched.append(page.evaluate("""async (src) => {
                        const t = performance.now(); const r = await fetch(src); await r.json();
                        return performance.now() - t; }""", src))
            nodes = int(page.get_attribute("#network", "data-nodes"))
            page.unroute_all()
            for width in (1440, 360):  # to look at: the picture as drawn, on a desktop and on a phone
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(base + "/collaborative/network")
                page.wait_for_selector("#network[data-ready='1']", timeout=120_000)
                page.screenshot(path=str(SHOTS / f"picture-{label}-{width}.png"), full_page=True)
            body = page.request.get(base + src).body()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    kept = json.loads(body)
    result = {"nodes_drawn": nodes, "total_nodes": kept["total"], "aggregated": kept["aggregated"],
              "first_visit_s": round(first_s, 2), "drawn_ms": round(statistics.median(drawn)),
              "drawn_best_ms": min(drawn), "fetch_alone_ms": round(statistics.median(fetched)),
              "data_in_hand_ms": round(statistics.median(data_at)),
              "baseline_drawn_before_ms": round(statistics.median(before)), "baseline_drawn_before_best_ms": min(before),
              "payload_kb": round(len(body) / 1024, 1), "payload_gzip_kb": round(len(gzip.compress(body)) / 1024, 1),
              "aim_ms": AIMS_MS.get(label)}
    say(f"    {label}: {kept['total']:,} nodes ({nodes:,} drawn); navigation to drawn {result['drawn_ms']} ms "
        f"(median of {RUNS}, best {result['drawn_best_ms']}; aim < {result['aim_ms']} ms); baseline, drawn as it was "
        f"before: {result['baseline_drawn_before_ms']} ms (best {result['baseline_drawn_before_best_ms']}); the data in hand "
        f"{result['data_in_hand_ms']} ms after navigation (the drawing about {result['drawn_ms'] - result['data_in_hand_ms']} ms); "
        f"the data fetched "
        f"alone {result['fetch_alone_ms']} ms; payload {result['payload_kb']} kB ({result['payload_gzip_kb']} kB "
        f"gzipped); first visit, computed in the background, {result['first_visit_s']} s")
    return result
