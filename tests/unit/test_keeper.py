"""The keepers' background loop: a job a request waits for goes before the background recomputes,
and reports no longer kept are not recomputed in the background (where each would push out
another and so recompute for ever)."""
from __future__ import annotations

import threading
import time

from mapper.network.keeper import Keeper


class Generations:
    """What a keeper reads of a store: where it points and its write generation."""
    target = type("Target", (), {"uri": "bolt://example"})()

    def __init__(self) -> None:
        self.now = "e:1:1"

    def generation(self) -> str:
        return self.now


def until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_report_asked_for_goes_before_the_background_recomputes():
    store, order, gate = Generations(), [], threading.Event()
    gate.set()

    def compute(store, key, progress):
        order.append((key, store.now))
        gate.wait(5)
        return key

    keeper = Keeper(compute, poll=0.02, debounce=0.0)
    for key in "abc":
        assert keeper.get(store, key, wait=5).fresh
    gate.clear()
    store.now = "e:2:1"  # a write: the loop recomputes a, b and c, and waits in the first of them
    until(lambda: len(order) == 4)
    asked = keeper.get(store, "d", wait=0)
    assert asked.report is None and asked.updating is not None
    gate.set()
    until(lambda: len(order) == 7)
    background = [key for key, _ in order[3:]]
    assert background[1] == "d", order  # after the one under way, before the two still waiting
    assert sorted(background) == ["a", "b", "c", "d"]


def test_reports_pushed_out_of_the_keep_are_left_to_their_next_request():
    store, runs = Generations(), []

    def compute(store, key, progress):
        runs.append((key, store.now))
        return key

    keeper = Keeper(compute, poll=0.02, debounce=0.0, keep=2)
    for key in "abc":  # three asked for, two kept: "a" is pushed out
        keeper.get(store, key, wait=5)
    store.now = "e:2:1"
    until(lambda: len(runs) == 5)
    time.sleep(0.5)  # many turns of the loop
    assert sorted(runs[3:]) == [("b", "e:2:1"), ("c", "e:2:1")], runs
    served = keeper.get(store, "a", wait=5)  # its next request computes it
    assert served.fresh and served.report == "a"


def test_a_database_that_cannot_be_read_is_forgotten_until_asked_again():
    """Each look at a stopped database waits for the driver's timeouts on the loop's one thread, so
    the loop forgets it rather than keep every request behind it."""

    class Stopping(Generations):
        target = type("Target", (), {"uri": "bolt://stopped"})()
        stopped = False

        def generation(self) -> str:
            if self.stopped:
                time.sleep(0.2)
                raise OSError("connection refused")
            return super().generation()

    stopping, store = Stopping(), Generations()
    keeper = Keeper(lambda store, key, progress: key, poll=0.02, debounce=0.0)
    assert keeper.get(stopping, "a", wait=5).fresh
    stopping.stopped = True
    until(lambda: not any(uri == "bolt://stopped" for uri, _ in keeper._wanted))
    assert keeper.get(store, "b", wait=5).fresh
