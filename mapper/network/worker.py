"""A process of its own for the long analyses, so the app's threads keep answering while one runs.

The Collaborative's report, the trend, the picture and the findings by area take seconds at
100,000 people, in igraph and numpy code that holds Python's interpreter lock: computed on a thread
of the app's process they would stall every page it serves meanwhile, and the network they read
would stay in the app's memory. A ``Worker`` runs them in one child process instead (started on
first use with ``spawn``, so it shares nothing with the app but what it is sent): the child keeps
its own caches keyed by the write generation (``mapper.db.derived``), so the report, the trend and
the picture computed after one write read the network from Neo4j once between them. Only the result
comes back. Progress comes back as it is made, over a queue, to the caller's ``progress``.

The job is a function defined at a module's top level (it is sent by name) taking the store, the
key and a progress callback, as ``mapper.network.keeper`` calls it. If the child dies (killed for
memory, say), the job fails with ``WorkerGone`` and the next job starts a fresh child.
"""
from __future__ import annotations

import concurrent.futures as cf
import heapq
import itertools
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Hashable


class WorkerGone(RuntimeError):
    """The child process ended before the job did."""


class Worker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._turn = threading.Condition()  # one job in the child at a time, the most urgent next
        self._waiting: list[tuple[int, int]] = []
        self._busy = False
        self._pool: cf.ProcessPoolExecutor | None = None
        self._closed = False  # stopped for good: the app is ending, no job starts a child again
        self._queue = None
        self._ids = itertools.count(1)
        self._listeners: dict[int, tuple[Callable[[str, float], None], threading.Event]] = {}

    def run(self, job: Callable, store, key: Hashable, progress: Callable[[str, float], None],
            priority: int = 1, timed: bool = False) -> Any:
        """``job(store, key, progress)`` computed in the child; its result (with ``timed``, the result
        and the seconds the child spent on it, waiting left out), or its exception raised here. Jobs
        wait their turn here, lowest ``priority`` first (the report before the trend)."""
        with self._lock:
            number = next(self._ids)
        ticket = (priority, number)
        with self._turn:
            heapq.heappush(self._waiting, ticket)
            while self._busy or self._waiting[0] != ticket:
                self._turn.wait()
            heapq.heappop(self._waiting)
            self._busy = True
        try:
            result, seconds = self._run(job, store, key, progress, number)
            return (result, seconds) if timed else result
        finally:
            with self._turn:
                self._busy = False
                self._turn.notify_all()

    def _run(self, job: Callable, store, key: Hashable, progress, number: int) -> tuple[Any, float]:
        heard_all = threading.Event()  # the child's last word on the queue: its progress all relayed
        with self._lock:
            if self._closed:
                raise WorkerGone("the app is stopping")
            pool = self._pool or self._start()
            self._listeners[number] = (progress, heard_all)
        try:
            done = _submitted(pool, _in_child, job, store.target, key, number).result()
            heard_all.wait(2.0)
            return done
        except BrokenProcessPool as exc:
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerGone("the analysis process ended before the job did") from exc
        finally:
            with self._lock:
                self._listeners.pop(number, None)

    def _start(self) -> cf.ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        if self._queue is None:
            self._queue = context.Queue()
            threading.Thread(target=self._relay, args=(self._queue,), name="analysis-progress", daemon=True).start()
        self._pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=context,
                                            initializer=_child_started, initargs=(self._queue,))
        return self._pool

    def stop(self, final: bool = False) -> None:
        """End the child now, a job running in it included (its caller gets ``WorkerGone``). With
        ``final`` (``mapper serve`` on Ctrl-C or SIGTERM), jobs still waiting for their turn get
        ``WorkerGone`` too rather than starting another child, so the app stops at once and leaves
        nothing behind; otherwise a later job starts a fresh child, with a fresh progress queue (a
        child ended while writing to the old one may have left it unusable)."""
        with self._lock:
            pool, self._pool = self._pool, None
            self._closed = self._closed or final
            self._queue = None  # the old relay thread waits on the old queue for ever: a daemon, harmless
        if pool is None:
            return
        # The pool's children, read before shutdown() forgets them (a private attribute, as
        # concurrent.futures has no public way to end a running job before Python 3.14).
        children = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for child in children:
            child.terminate()
        for child in children:
            child.join(5.0)

    def _relay(self, queue) -> None:
        while True:
            number, step, fraction = queue.get()
            with self._lock:
                listener = self._listeners.get(number)
            if listener is None:
                continue
            if step is None:
                listener[1].set()
            else:
                listener[0](step, fraction)


def _submitted(pool: cf.ProcessPoolExecutor, *call) -> cf.Future:
    """``pool.submit(*call)``; ``WorkerGone`` when ``stop`` shut the pool down after the caller took it
    (submit then refuses). A job's own errors come from the future's result, untouched."""
    try:
        return pool.submit(*call)
    except BrokenProcessPool:
        raise
    except RuntimeError as exc:
        raise WorkerGone("the analysis process was stopped") from exc


# The app's one analyses' process, shared by the Collaborative's keepers (``mapper.network.report``)
# and stopped by ``mapper serve`` as it ends.
analyses = Worker()


# ---- in the child ---------------------------------------------------------------------------------
NICENESS = 10  # the child's scheduling priority below the app's (Unix ``nice``)
_progress_queue = None
_stores: dict = {}


def _child_started(queue) -> None:
    global _progress_queue
    _progress_queue = queue
    os.nice(NICENESS)  # pages first: on a busy machine the analyses wait for the cores, not the people
    signal.signal(signal.SIGINT, _end_quietly)  # Ctrl-C: end now, a job included, without a traceback
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()


def _end_quietly(signum, frame) -> None:
    """A terminal's Ctrl-C reaches this process too: end at once (the app, or the bench, then hears
    ``WorkerGone`` if it still waits for a job) rather than print a KeyboardInterrupt's traceback."""
    os._exit(0)


def _end_with_parent(parent: int) -> None:
    """The app was stopped without a word (a signal, a crash): end too, rather than linger with the
    network in memory."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _in_child(job: Callable, target, key: Hashable, number: int) -> tuple[Any, float]:
    from mapper.db.store import Store

    began = time.perf_counter()
    store = _stores.get(target)
    if store is None:
        store = _stores[target] = Store(target)
    try:
        result = job(store, key, lambda step, fraction: _progress_queue.put((number, step, fraction)))
        return result, time.perf_counter() - began
    finally:
        _progress_queue.put((number, None, None))
