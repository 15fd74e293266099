"""The Collaborative's page over HTTP, as a member gets it: ``web.create_app`` served by waitress in
a process of its own (``mapper serve``, as deployed), signed in through the login form.

Timed: the first visit (no report kept yet), the page warm, the page at once after a write (it must
answer with the previous report, marked as being updated), the page while the new report is
computed in the background, how long until the new report is served, the what-if form (its size),
the peak memory of the app's process and of its analysis process (VmHWM), then a what-if picked
through the type-ahead and the app's peak memory after it.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import tempfile
import time
from typing import Callable
from urllib.parse import urlencode

from bench.load import _free_port, _serve, _wait_until_up
from mapper.accounts import users as accounts
from mapper.db.store import Store

MEMBER = "bench.collaborative@bench.example.org"
UPDATING = "Being updated after recent changes"
COMPUTED_IN = re.compile(r"Computed at [^(]*\(in ([0-9.]+) s\)")
POLL = 0.5  # seconds between looks at the page while a report is computed (a member reloading it)


class Browser:
    """One keep-alive HTTP connection with a cookie jar: enough of a browser for the bench."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        seconds = time.perf_counter() - began
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, text, seconds

    def get(self, path: str) -> tuple[int, str, float]:
        return self.request("GET", path)

    def sign_in(self, email: str, password: str) -> None:
        _, page, _ = self.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, text, _ = self.request("POST", "/login", {"email": email, "password": password, "csrf_token": token})
        if status != 302:
            raise RuntimeError(f"could not sign in as {email}: {status} {text[:200]}")


def peak_memory_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of a running process, in MB."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (the app's analysis process among them)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _spread(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"requests": len(ordered), "best_ms": _ms(ordered[0]), "median_ms": _ms(statistics.median(ordered)),
            "p95_ms": _ms(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]),
            "worst_ms": _ms(ordered[-1])}


def run(store: Store, say: Callable[[str], None], write: Callable[[], None], warm_requests: int = 20,
        timeout: float = 1800.0) -> dict:
    """Serve the app, sign in as a Collaborative member and time the page; ``write`` makes one
    change to the network (a 1:1 recorded today) while the app runs."""
    password = secrets.token_urlsafe(18)
    accounts.add(store, MEMBER, "collaborative", password)
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = _serve(store, port, 8, log)
    out: dict = {"server": "mapper serve: web.create_app under waitress, 8 threads, its own process"}
    try:
        _wait_until_up(port, server, log)
        browser = Browser(port)
        browser.sign_in(MEMBER, password)

        # The first visit: no report kept yet; the page waits a little, then shows the progress.
        status, text, first = browser.get("/collaborative/")
        out["first_visit"] = {"status": status, "ms": _ms(first)}
        began = time.perf_counter()
        while status != 200 and time.perf_counter() - began < timeout:
            time.sleep(POLL)
            status, text, _ = browser.get("/collaborative/")
        out["first_report_s"] = round(first + time.perf_counter() - began, 2)
        if status != 200:
            raise RuntimeError(f"/collaborative/ did not come within {timeout:.0f} s: {status}")
        say(f"    first visit: {status} in {out['first_visit']['ms']:.0f} ms; the report was served "
            f"{out['first_report_s']:.1f} s after it")

        # Warm: the kept report of the current write generation.
        warm, size = [], 0
        for _ in range(warm_requests):
            status, text, seconds = browser.get("/collaborative/")
            assert status == 200 and UPDATING not in text, status
            warm.append(seconds)
            size = len(text.encode())
        out["warm"] = {**_spread(warm), "kb": round(size / 1024, 1)}
        say(f"    warm: median {out['warm']['median_ms']:.0f} ms, p95 {out['warm']['p95_ms']:.0f} ms "
            f"({out['warm']['kb']:.0f} KB)")

        # Cold after a write: at once, with the previous report marked as being updated.
        write()
        status, text, seconds = browser.get("/collaborative/")
        out["after_write"] = {"status": status, "ms": _ms(seconds), "previous_report_shown": UPDATING in text}
        say(f"    at once after a write: {status} in {_ms(seconds):.0f} ms, previous report marked as being "
            f"updated: {UPDATING in text}")
        began, during = time.perf_counter(), []
        while UPDATING in text and time.perf_counter() - began < timeout:
            time.sleep(POLL)
            status, text, seconds = browser.get("/collaborative/")
            if UPDATING in text:
                during.append(seconds)
        out["new_report_served_after_s"] = round(time.perf_counter() - began, 2)
        while time.perf_counter() - began < timeout:  # and the trend's month brought up to date after it
            status, trend_text, _ = browser.get("/api/network/trend")
            if status == 200 and json.loads(trend_text).get("fresh"):
                break
            time.sleep(POLL)
        out["report_and_trend_current_after_s"] = round(time.perf_counter() - began, 2)
        found = COMPUTED_IN.search(text)
        out["new_report_computed_in_s"] = float(found.group(1)) if found else None
        out["while_updating"] = _spread(during) if during else None
        say(f"    the new report served {out['new_report_served_after_s']:.1f} s after the write (computed in "
            f"{out['new_report_computed_in_s']} s in the background); meanwhile the page answered in "
            + (f"median {out['while_updating']['median_ms']:.0f} ms, worst {out['while_updating']['worst_ms']:.0f} ms "
               f"({len(during)} requests)" if during else "(no request fell in the update)")
            + f"; the report and the trend both current {out['report_and_trend_current_after_s']:.1f} s after the write")

        # The what-if form: small at any size.
        status, text, seconds = browser.get("/collaborative/what-if")
        out["what_if_form"] = {"status": status, "ms": _ms(seconds), "kb": round(len(text.encode()) / 1024, 1)}
        say(f"    what-if form: {status} in {_ms(seconds):.0f} ms, {out['what_if_form']['kb']:.0f} KB")
        out["peak_memory_mb"] = peak_memory_mb(server.pid)
        out["analysis_process_peak_memory_mb"] = max(map(peak_memory_mb, children(server.pid)), default=None)
        say(f"    peak memory of the app's process: {out['peak_memory_mb']:.0f} MB; of its analysis process: "
            f"{out['analysis_process_peak_memory_mb'] or 0:.0f} MB")

        # A what-if over HTTP, picked by name through the type-ahead: the app reads the network itself.
        status, text, seconds = browser.get("/api/network/nodes?q=organisation&limit=1")
        picked = json.loads(text)["nodes"][0]["id"] if status == 200 else None
        out["picker"] = {"status": status, "ms": _ms(seconds)}
        status, text, seconds = browser.get("/collaborative/what-if?" + urlencode({"remove": picked}))
        out["what_if_page"] = {"status": status, "ms": _ms(seconds)}
        out["peak_memory_after_what_if_mb"] = peak_memory_mb(server.pid)
        say(f"    the picker (first use): {out['picker']['status']} in {out['picker']['ms']:.0f} ms; a what-if page: "
            f"{status} in {_ms(seconds):.0f} ms; the app's peak memory then: {out['peak_memory_after_what_if_mb']:.0f} MB")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return out
