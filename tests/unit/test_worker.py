"""The analyses' own process: results and progress come back, failures are raised, a dead child is
replaced, and the app's threads are never stalled by the work."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from mapper.config import Neo4jTarget
from mapper.network.worker import NICENESS, Worker, WorkerGone

# The jobs touch no database: the child only builds a driver for the target, which connects lazily.
STORE = SimpleNamespace(target=Neo4jTarget("bolt://127.0.0.1:9", "neo4j", "unused", external=True))


def where_am_i(store, key, progress):
    progress("half way", 0.5)
    return {"pid": os.getpid(), "key": key, "uri": store.target.uri}


def my_priority(store, key, progress):
    return os.nice(0)


def refuses(store, key, progress):
    raise ValueError(f"no such view: {key}")


def dies(store, key, progress):
    os.kill(os.getpid(), signal.SIGKILL)


def busy(store, key, progress):
    """One long call in C that holds the interpreter lock throughout (as igraph's do): on a thread of
    the app it would stall every other thread until it returned."""
    return sum(range(key))


@pytest.fixture(scope="module")
def worker():
    started = Worker()
    yield started
    started.stop(final=True)


def test_a_job_runs_in_another_process_and_its_progress_comes_back(worker):
    heard = []
    out = worker.run(where_am_i, STORE, ("today", 12), lambda step, f: heard.append((step, f)))
    assert out["pid"] != os.getpid()
    assert out["key"] == ("today", 12) and out["uri"] == "bolt://127.0.0.1:9"
    deadline = time.monotonic() + 5
    while not heard and time.monotonic() < deadline:
        time.sleep(0.01)
    assert heard == [("half way", 0.5)]
    again = worker.run(where_am_i, STORE, "x", lambda *_: None)
    assert again["pid"] == out["pid"]  # one child, kept: its caches serve the next job


def test_the_analyses_yield_the_cores_to_the_pages(worker):
    """The child runs at a lower scheduling priority than the app, so pages come first on a busy machine."""
    assert worker.run(my_priority, STORE, "key", lambda *_: None) == os.nice(0) + NICENESS


def test_a_failing_job_raises_its_own_error_here(worker):
    with pytest.raises(ValueError, match="no such view: 7"):
        worker.run(refuses, STORE, 7, lambda *_: None)


def test_a_child_that_dies_fails_its_job_and_is_replaced(worker):
    before = worker.run(where_am_i, STORE, 1, lambda *_: None)["pid"]
    with pytest.raises(WorkerGone):
        worker.run(dies, STORE, 1, lambda *_: None)
    after = worker.run(where_am_i, STORE, 1, lambda *_: None)["pid"]
    assert after != before


def test_the_callers_threads_keep_running_while_a_job_works(worker):
    worker.run(where_am_i, STORE, 0, lambda *_: None)  # the child is up
    ticks, stop = [], threading.Event()

    def tick():
        while not stop.is_set():
            began = time.perf_counter()
            time.sleep(0.01)
            ticks.append(time.perf_counter() - began)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        began = time.perf_counter()
        worker.run(busy, STORE, 5 * 10**7, lambda *_: None)
        took = time.perf_counter() - began
    finally:
        stop.set()
        ticker.join()
    # On a thread of this process the ticker would wait the whole call (checked in the last line);
    # here it is never held up much beyond its own sleep.
    assert took > 0.3 and len(ticks) > 10
    assert max(ticks) < min(0.2, took / 2)
    stalled = threading.Thread(target=busy, args=(STORE, 5 * 10**7, None))
    ticks.clear(), stop.clear()
    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.05)
    stalled.start(), stalled.join(), stop.set(), ticker.join()
    assert max(ticks) > 0.3


def test_the_child_ends_when_the_app_is_killed(tmp_path):
    """The app stopped by a signal: its analysis process does not linger with the network in memory."""
    script = tmp_path / "app.py"
    script.write_text(
        "import sys, time\n"
        "from tests.unit.test_worker import STORE, where_am_i\n"
        "from mapper.network.worker import Worker\n"
        "if __name__ == '__main__':\n"
        "    print(Worker().run(where_am_i, STORE, 1, lambda *_: None)['pid'], flush=True)\n"
        "    time.sleep(60)\n")
    root = str(Path(__file__).parents[2])
    app = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=root,
                           env={**os.environ, "PYTHONPATH": root})
    child = int(app.stdout.readline())
    os.kill(child, 0)  # running
    app.kill()
    app.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise AssertionError(f"the analysis process {child} outlived the app")


def test_waiting_jobs_go_in_order_of_priority(worker):
    """While one job runs, the most urgent of those waiting goes next (the report before the trend),
    whatever order they came in."""
    worker.run(where_am_i, STORE, 0, lambda *_: None)
    order, threads = [], []

    def ask(name, priority, delay):
        time.sleep(delay)
        worker.run(where_am_i, STORE, name, lambda *_: None, priority)
        order.append(name)

    threads.append(threading.Thread(target=lambda: worker.run(busy, STORE, 3 * 10**7, lambda *_: None)))
    threads[0].start()
    time.sleep(0.1)  # the busy job holds the child
    for name, priority, delay in (("trend", 2, 0.0), ("picture", 1, 0.05), ("report", 0, 0.1)):
        threads.append(threading.Thread(target=ask, args=(name, priority, delay)))
        threads[-1].start()
    for thread in threads:
        thread.join()
    assert order == ["report", "picture", "trend"]


def test_a_timed_job_gives_its_time_in_the_child_not_its_wait(worker):
    worker.run(where_am_i, STORE, 0, lambda *_: None)
    waiting = threading.Thread(target=lambda: worker.run(busy, STORE, 3 * 10**7, lambda *_: None))
    waiting.start()
    time.sleep(0.05)
    began = time.perf_counter()
    out, seconds = worker.run(where_am_i, STORE, "late", lambda *_: None, timed=True)
    waited = time.perf_counter() - began
    waiting.join()
    assert out["key"] == "late"
    assert 0 <= seconds < waited / 2  # most of the wall time was the busy job's turn


def sleeps(store, key, progress):
    progress("asleep", 0.0)
    time.sleep(key)
    return os.getpid()


def on_ctrl_c(store, key, progress):
    return signal.getsignal(signal.SIGINT).__name__


def long_job_running(worker: Worker) -> tuple[threading.Thread, dict]:
    """A minute's job, started on a thread of its own and under way in the child; the dict gets its
    result, or the ``WorkerGone`` it raised under "gone"."""
    asleep, outcome = threading.Event(), {}

    def long_job():
        try:
            outcome["result"] = worker.run(sleeps, STORE, 60, lambda *_: asleep.set())
        except WorkerGone as exc:
            outcome["gone"] = exc

    caller = threading.Thread(target=long_job)
    caller.start()
    assert asleep.wait(30), "the long job never started"
    return caller, outcome


def test_stop_ends_the_child_at_once_and_its_job_fails():
    """As `mapper serve` stops: a job still running is not waited for, its caller hears why, the
    child is gone, and a later job gets a fresh child; after a final stop, none does."""
    worker = Worker()
    try:
        first = worker.run(sleeps, STORE, 0, lambda *_: None)
        caller, outcome = long_job_running(worker)
        began = time.monotonic()
        worker.stop()
        caller.join(10)
        assert not caller.is_alive() and "gone" in outcome, outcome
        assert time.monotonic() - began < 10
        assert not Path(f"/proc/{first}").exists() or "zombie" in Path(f"/proc/{first}/status").read_text().lower()
        heard = []
        assert worker.run(sleeps, STORE, 0, lambda step, _f: heard.append(step)) != first
        deadline = time.monotonic() + 5
        while not heard and time.monotonic() < deadline:  # progress comes back from the fresh child too
            time.sleep(0.01)
        assert heard == ["asleep"]
        worker.stop(final=True)
        with pytest.raises(WorkerGone):
            worker.run(sleeps, STORE, 0, lambda *_: None)
    finally:
        worker.stop(final=True)


def test_ctrl_c_ends_the_child_quietly(worker):
    """A terminal's Ctrl-C reaches the analyses' process too: it ends at once, a job included,
    without printing a traceback (its own handler, not Python's), and the caller hears why."""
    assert worker.run(on_ctrl_c, STORE, 0, lambda *_: None) == "_end_quietly"
    child = worker.run(where_am_i, STORE, 0, lambda *_: None)["pid"]
    caller, outcome = long_job_running(worker)
    os.kill(child, signal.SIGINT)
    caller.join(10)
    assert not caller.is_alive() and "gone" in outcome, outcome
