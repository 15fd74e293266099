"""`mapper bench --only load`: the web app as deployed under 50 concurrent clients for 60 s on
loopback, against the public search, the map data and a person page, at two deployments: one
process (``mapper serve``: waitress, 8 threads) and three behind nginx (``mapper.serving.balancer``);
or at a deployment already running on the bench's database (``--url http://host:port``).

The clients are coroutines on one event loop in this process (aiohttp), each with its own
keep-alive HTTP connection, cycling through the three requests; the servers are processes of their
own. Figures: requests per second, median, 95th and 99th-percentile
latency, and errors (any status other than 200, or a failed connection), per
endpoint. The first 15 s of each deployment are a warm-up, not counted: on a Neo4j just started
(the bench starts its own) Java is still compiling the reads' code in the first seconds of load.
"""
from __future__ import annotations

import asyncio
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from typing import Callable

from mapper.accounts import users as accounts
from seeds.south_london import load as demo
from mapper.config import PROJECT_ROOT
from mapper.db.store import Store

ENDPOINTS = {
    "search": "/api/search?where=SE15%205DQ&radius=3",
    "map data": "/map/assets.json",
    "person page": "/api/people/p-001",
}
BENCH_ORGANISER = "load.organiser@bench.example.org"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * (len(sorted_values) - 1)))))
    return sorted_values[index]


def _serve(store: Store, port: int, threads: int, log) -> subprocess.Popen:
    """``mapper serve`` in its own process; its output goes to ``log`` (a file: an unread pipe would
    fill up with waitress's queue-depth warnings and stall the server)."""
    env = {**os.environ, "NEO4J_URI": store.target.uri, "NEO4J_USER": store.target.user,
           "NEO4J_PASSWORD": store.target.password, "MAPPER_SECRET_KEY": secrets.token_hex(32)}
    return subprocess.Popen([sys.executable, "-m", "mapper", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--threads", str(threads)], cwd=PROJECT_ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def _wait_until_up(port: int, server: subprocess.Popen, log, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the app did not start: {log.read().decode(errors='replace')[-800:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the app did not answer /healthz within a minute")


def load(base_url: str, headers: dict, clients: int, seconds: float, warm_up: float) -> dict:
    """Run the clients against ``base_url`` (``http://host:port``); returns {endpoint: {"latencies":
    [...], "errors": n, "why": {reason: n}}} for the measured period.

    The clients are coroutines on one event loop (aiohttp), each with a keep-alive connection of its
    own: 50 threads would fight over Python's interpreter lock, and a thread whose answer has come
    waits its turn (5 ms a switch) before it can stop the clock, which the latencies would count."""
    return asyncio.run(_clients(base_url, headers, clients, seconds, warm_up))


async def _clients(base_url: str, headers: dict, clients: int, seconds: float, warm_up: float) -> dict:
    import aiohttp

    results = {name: {"latencies": [], "errors": 0, "why": {}} for name in ENDPOINTS}
    names = list(ENDPOINTS)
    began = time.monotonic()
    measure_from, stop_at = began + warm_up, began + warm_up + seconds
    timeout = aiohttp.ClientTimeout(total=30)

    async def client(number: int) -> None:
        # limit=1: this client's one keep-alive connection, as a browser tab or an API client holds
        async with aiohttp.ClientSession(base_url, headers=headers, timeout=timeout,
                                         connector=aiohttp.TCPConnector(limit=1)) as http:
            turn = number
            while time.monotonic() < stop_at:
                name = names[turn % len(names)]
                turn += 1
                now = time.monotonic()
                ok, reason = False, ""
                t0 = time.perf_counter()
                try:
                    async with http.get(ENDPOINTS[name]) as response:
                        await response.read()
                        ok, reason = response.status == 200, str(response.status)
                except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                    reason = type(exc).__name__
                elapsed = time.perf_counter() - t0
                if now >= measure_from:
                    got = results[name]
                    got["latencies"].append(elapsed)
                    if not ok:
                        got["errors"] += 1
                        got["why"][reason] = got["why"].get(reason, 0) + 1

    await asyncio.gather(*(client(n) for n in range(clients)))
    return results


def _app_env(store: Store) -> dict:
    return {"NEO4J_URI": store.target.uri, "NEO4J_USER": store.target.user,
            "NEO4J_PASSWORD": store.target.password, "MAPPER_SECRET_KEY": secrets.token_hex(32)}


def one_process(store: Store, threads: int, say) -> tuple[str, Callable[[], int]]:
    """``mapper serve`` alone; returns its base URL and a stop function (returning its queue warnings)."""
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = _serve(store, port, threads, log)

    def stop() -> int:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.seek(0)
        warnings = sum(1 for line in log.read().decode(errors="replace").splitlines() if "queue depth" in line)
        log.close()
        return warnings

    try:
        _wait_until_up(port, server, log)
    except BaseException:
        stop()
        raise
    return f"http://127.0.0.1:{port}", stop


def balanced(store: Store, processes: int, threads: int, say) -> tuple[str, Callable[[], int]]:
    """``processes`` app processes behind nginx (``mapper.serving.balancer``)."""
    from mapper.serving import balancer

    running = balancer.start(processes=processes, port=_free_port(), env=_app_env(store), threads=threads,
                             log=lambda _m: None)

    def stop() -> int:
        running.stop()
        return 0

    return running.url, stop


DEPLOYMENTS = {"one process": lambda store, threads, say: one_process(store, threads, say),
               "three processes behind nginx": lambda store, threads, say: balanced(store, 3, threads, say)}


def run(store: Store, say: Callable[[str], None], clients: int = 50, seconds: float = 60.0,
        warm_up: float = 15.0, threads: int = 8, base_url: str | None = None) -> dict:
    """The load at each deployment (or at ``base_url``, a deployment already running on this
    database: ``mapper bench --only load --url http://host:port``)."""
    say("load: loading the South London demo network (alone: the database is emptied first)...")
    store.autocommit("delete_everything")
    demo.load(store, say=lambda _m: None)
    password = secrets.token_urlsafe(18)
    accounts.add(store, BENCH_ORGANISER, "organiser", password)
    token = accounts.new_token(store, BENCH_ORGANISER)
    headers = {"Authorization": f"Bearer {token}", "Connection": "keep-alive"}
    deployments = {f"at {base_url}": lambda *_a: (base_url, lambda: 0)} if base_url else DEPLOYMENTS
    out = {}
    for name, start in deployments.items():
        try:
            url, stop = start(store, threads, say)
        except Exception as exc:  # nginx missing, say: report, do not fail the bench
            say(f"load: {name}: could not start ({exc})")
            out[name] = {"skipped": str(exc)}
            continue
        try:
            say(f"load: {name}: {clients} clients for {seconds:.0f} s (after {warm_up:.0f} s warm-up) against "
                f"waitress ({threads} threads a process) at {url}...")
            raw = load(url, headers, clients, seconds, warm_up)
        finally:
            queue_warnings = stop()
        out[name] = _figures(raw, clients, seconds, threads, queue_warnings, say)
    return out


def _figures(raw: dict, clients: int, seconds: float, threads: int, queue_warnings: int, say) -> dict:
    figures = {"clients": clients, "seconds": seconds, "server": f"waitress, {threads} threads",
               "queue_depth_warnings": queue_warnings, "endpoints": {}}
    total = errors = 0
    for name, got in raw.items():
        latencies = sorted(got["latencies"])
        total += len(latencies)
        errors += got["errors"]
        row = {"path": ENDPOINTS[name], "requests": len(latencies), "rps": round(len(latencies) / seconds, 1),
               "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
               "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
               "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1), "errors": got["errors"],
               "error_kinds": got["why"]}
        figures["endpoints"][name] = row
        say(f"  {name:<12} {row['rps']:>7.1f} req/s   p50 {row['p50_ms']:>6.1f} ms   p95 {row['p95_ms']:>6.1f} ms   "
            f"p99 {row['p99_ms']:>6.1f} ms   errors {row['errors']}" + (f" {got['why']}" if got["why"] else ""))
    every = sorted(x for got in raw.values() for x in got["latencies"])
    figures["total_rps"] = round(total / seconds, 1)
    figures["p95_ms"] = round(_percentile(every, 0.95) * 1000, 1)
    figures["errors"] = errors
    say(f"  all          {figures['total_rps']:>7.1f} req/s   p95 {figures['p95_ms']:>6.1f} ms, {errors} errors")
    return figures
