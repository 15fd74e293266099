"""Reports kept: computed in the background once per write generation, and served from there.

The Collaborative's report is a full analysis of the network (seconds at 100,000 people). A
``Keeper`` computes it from one background thread (in a process of its own when given a
``mapper.network.worker.Worker``, as the app's keepers are) and keeps the latest result for each key (the
view asked about, and whether the viewer sees every name). A request is answered at once with the
kept report when it belongs to the current write generation; after a write it is answered at once
with the previous report, marked as being updated, while the new one is computed, unless the write
may have changed how someone is named (consent, erasure, an edit of a person): then no earlier
report is shown, since it could name someone who no longer consents. A request for a key never
computed waits a little (``wait`` seconds) and otherwise gets the progress of the computation.

While idle, the thread looks at the write generation every ``poll`` seconds and recomputes the
kept reports asked for recently once the generation has stood still for ``debounce`` seconds, so the
next visitor after a burst of writes usually finds a fresh report. A job a request asked for goes
before these background recomputes, and a report no longer kept (more than ``keep`` keys asked
for) is left to its next request rather than recomputed in the background, where it would push out
another kept report and so recompute for ever.

>>> import itertools, time
>>> class Store:
...     target = type("T", (), {"uri": "bolt://example"})()
...     now = "e:1:1"
...     def generation(self): return self.now
>>> store, runs = Store(), itertools.count(1)
>>> keeper = Keeper(lambda store, key, progress: (key, next(runs)), poll=0.05, debounce=0.0)
>>> served = keeper.get(store, "today", wait=5)
>>> served.report, served.fresh
(('today', 1), True)
>>> store.now = "e:2:1"  # a write that changed no one's name
>>> served = keeper.get(store, "today", wait=0)
>>> served.report, served.fresh, served.updating is not None
(('today', 1), False, True)
>>> keeper.settle(store, "today", timeout=5).report
('today', 2)

A request that leaves the new report to the background loop (``schedule=False``: something more
urgent should go first) is served the earlier one, and nothing is computed until the loop's
debounce has passed or another request asks for it:

>>> slow = itertools.count(1)
>>> patient = Keeper(lambda store, key, progress: (key, next(slow)), poll=0.05, debounce=60)
>>> patient.get(store, "x", wait=5).report
('x', 1)
>>> store.now = "e:3:1"
>>> _ = time.sleep(0.3); patient.get(store, "x", schedule=False).report
('x', 1)
>>> patient.settle(store, "x", timeout=5).report
('x', 2)
"""
from __future__ import annotations

import datetime as dt
import itertools
import queue
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable


def names_part(generation: str) -> tuple[str, str]:
    """The part of a write generation that moves when how people are named may have changed.

    >>> names_part("e:12:3") == names_part("e:15:3"), names_part("e:12:3") == names_part("e:13:4")
    (True, False)
    """
    epoch, _, names = (generation.split(":") + ["", ""])[:3]
    return epoch, names


@dataclass
class Progress:
    step: str = "waiting to start"
    fraction: float = 0.0
    started: float = field(default_factory=time.time)

    def words(self) -> str:
        return f"{self.step} ({round(self.fraction * 100)}%), started {round(time.time() - self.started)} s ago"


@dataclass
class Kept:
    report: Any
    generation: str
    computed_at: dt.datetime
    seconds: float


@dataclass
class Served:
    kept: Kept | None  # the report to show (None: none may be shown yet)
    fresh: bool  # it belongs to the current write generation
    updating: Progress | None  # a newer one is on its way

    @property
    def report(self):
        return self.kept.report if self.kept else None


@dataclass
class _Job:
    store: Any
    key: Hashable
    progress: Progress = field(default_factory=Progress)
    done: threading.Event = field(default_factory=threading.Event)
    asked: bool = False  # a request asked for it (not only the background loop)
    started: bool = False


class Keeper:
    def __init__(self, compute: Callable[[Any, Hashable, Callable[[str, float], None]], Any],
                 poll: float = 2.0, debounce: float = 2.0, keep: int = 16, remember_seconds: float = 900.0,
                 names_matter: bool = True, worker=None, priority: int = 1):
        self.compute = compute
        self.worker = worker  # a mapper.network.worker.Worker: compute in its process, not on this thread
        self.priority = priority  # among the worker's waiting jobs, lowest first
        self.names_matter = names_matter  # False: the reports name no one, an earlier one may always be shown
        self.poll, self.debounce, self.keep, self.remember = poll, debounce, keep, remember_seconds
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, Kept] = OrderedDict()
        self._jobs: dict[tuple, _Job] = {}
        self._wanted: dict[tuple, tuple[Any, float]] = {}  # slot -> (store, when last asked for)
        self._queue: queue.PriorityQueue = queue.PriorityQueue()  # (urgency, order, slot)
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    # ---- serving --------------------------------------------------------------------------------
    def get(self, store, key: Hashable, wait: float = 0.0, schedule: bool = True) -> Served:
        """The report for ``key`` as it may be shown now (see the module's description). With
        ``schedule`` false, an earlier report that may be shown is served as it is and the new one
        left to the background loop (after the debounce), so that a more urgent job goes first."""
        slot = (store.target.uri, key)
        generation = store.generation()
        with self._lock:
            self._wanted[slot] = (store, time.monotonic())
            kept = self._kept.get(slot)
        if kept is not None and kept.generation == generation:
            return Served(kept, True, None)
        if not schedule and kept is not None and self._may_show(kept, generation):
            with self._lock:
                job = self._jobs.get(slot)
            return Served(kept, False, job.progress if job else Progress("waiting for the report to go first"))
        job = self._schedule(slot, store, key)
        if kept is not None and self._may_show(kept, generation):
            return Served(kept, False, job.progress)
        job.done.wait(wait)
        with self._lock:
            kept = self._kept.get(slot)
        if kept is not None and self._may_show(kept, generation):
            fresh = kept.generation == generation
            return Served(kept, fresh, None if fresh else job.progress)
        return Served(None, False, job.progress)

    def _may_show(self, kept: Kept, generation: str) -> bool:
        return not self.names_matter or names_part(kept.generation) == names_part(generation)

    def settle(self, store, key: Hashable, timeout: float = 60.0) -> Served:
        """Wait until the report of the current generation is kept (for commands and tests)."""
        deadline = time.monotonic() + timeout
        while True:
            served = self.get(store, key, wait=max(0.0, deadline - time.monotonic()))
            if served.fresh or time.monotonic() >= deadline:
                return served

    # ---- the background thread ------------------------------------------------------------------
    def _schedule(self, slot, store, key, asked: bool = True) -> _Job:
        """The job computing ``slot``, queued if it is not already; one a request ``asked`` for
        goes before the background recomputes (a job queued by the background loop and then asked
        for is queued again, ahead: the later of its two turns finds nothing left to do)."""
        with self._lock:
            job = self._jobs.get(slot)
            if job is None or (asked and not job.asked):
                if job is None:
                    job = self._jobs[slot] = _Job(store, key)
                job.asked = job.asked or asked
                self._queue.put((0 if asked else 1, next(self._order), slot))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="report-keeper", daemon=True)
                self._thread.start()
        return job

    def _run(self) -> None:
        last_seen: dict[tuple, tuple[str, float]] = {}
        while True:
            try:
                _, _, slot = self._queue.get(timeout=self.poll)
            except queue.Empty:
                self._look_for_writes(last_seen)
                continue
            with self._lock:
                job = self._jobs.get(slot)
                if job is not None and job.started:
                    job = None  # its earlier turn is under way (or done): nothing left for this one
                elif job is not None:
                    job.started = True
            if job is not None:
                self._work(slot, job)

    def _work(self, slot, job: _Job) -> None:
        def progress(step: str, fraction: float) -> None:
            job.progress.step, job.progress.fraction = step, fraction

        began = time.perf_counter()
        try:
            generation = job.store.generation()  # read first: a write during the work makes it stale
            if self.worker is not None:  # its time in the worker's process, not its wait for a turn
                report, seconds = self.worker.run(self.compute, job.store, job.key, progress, self.priority,
                                                  timed=True)
            else:
                report = self.compute(job.store, job.key, progress)
                seconds = time.perf_counter() - began
        except Exception as exc:  # the database went away: the next request schedules it again
            job.progress.step = f"failed: {type(exc).__name__}"
        else:
            kept = Kept(report, generation, dt.datetime.now().replace(microsecond=0), seconds)
            with self._lock:
                self._kept[slot] = kept
                self._kept.move_to_end(slot)
                while len(self._kept) > self.keep:
                    self._kept.popitem(last=False)
        finally:
            with self._lock:
                self._jobs.pop(slot, None)
            job.done.set()

    def _look_for_writes(self, last_seen: dict) -> None:
        """Recompute, after writes have paused, the kept reports asked for recently. Each database's
        generation is read once; one that cannot be read (stopped, or its app gone) is forgotten
        until a request asks again, since each read of it waits for the driver's timeouts on this
        thread; and a job a request queued meanwhile is not kept waiting for the rest of the look."""
        now = time.monotonic()
        with self._lock:
            wanted = [(slot, store) for slot, (store, when) in self._wanted.items() if now - when < self.remember]
            for slot in [s for s, (_, when) in self._wanted.items() if now - when >= self.remember]:
                del self._wanted[slot]
        generations: dict[str, str | None] = {}
        for slot, store in wanted:
            if not self._queue.empty():
                return
            if slot[0] not in generations:
                try:
                    generations[slot[0]] = store.generation()
                except Exception:  # noqa: BLE001  (unreachable: its next request schedules it and says so)
                    generations[slot[0]] = None
            generation = generations[slot[0]]
            if generation is None:
                with self._lock:
                    self._wanted.pop(slot, None)
                continue
            with self._lock:
                kept = self._kept.get(slot)
                busy = slot in self._jobs
            if busy or kept is None or kept.generation == generation:
                continue
            seen, since = last_seen.get(slot, (None, now))
            if seen != generation:
                last_seen[slot] = (generation, now)
                since = now
            if now - since >= self.debounce:
                self._schedule(slot, store, slot[1], asked=False)
