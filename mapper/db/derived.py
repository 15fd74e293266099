"""Data derived from the graph, kept until the next write: caches keyed by the write generation.

A ``Derived`` computes its value from a store (and any hashable key) once per write generation
(see ``mapper.db.store``): the next request on any app process that finds the generation moved
computes it afresh, so no caller ever clears a cache by hand. Values are kept per database
(the store's address) and per key, a few of each.

>>> class Store:  # any object with a target and a generation() will do
...     def __init__(self): self.target, self.now = type("T", (), {"uri": "bolt://x"})(), "a:1"
...     def generation(self): return self.now
>>> store, made = Store(), []
>>> counted = Derived(lambda store, n: made.append(n) or n * 2)
>>> counted.get(store, 21), counted.get(store, 21), len(made)
(42, 42, 1)
>>> store.now = "a:2"  # a write happened
>>> counted.get(store, 21), len(made)
(42, 2)
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable


class Derived:
    def __init__(self, compute: Callable[..., Any], keep: int = 8):
        self.compute = compute
        self.keep = keep
        self._lock = threading.Lock()
        self._values: OrderedDict[tuple, tuple[str, Any]] = OrderedDict()
        self._computing: dict[tuple, threading.Lock] = {}  # one computation of a slot at a time

    def _found(self, slot: tuple, generation: str):
        with self._lock:
            found = self._values.get(slot)
            if found is not None and found[0] == generation:
                self._values.move_to_end(slot)
                return found
        return None

    def holds(self, store, key: tuple, generation: str) -> bool:
        """Whether the value for ``key`` at ``generation`` is kept (``mapper.db.warming`` asks)."""
        return self._found((store.target.uri, *key), generation) is not None

    def get(self, store, *key: Hashable) -> Any:
        """The value for ``key`` at the store's current write generation. Callers asking at the same
        time (the report and the trend, after a write) share one computation."""
        generation = store.generation()
        slot = (store.target.uri, *key)
        found = self._found(slot, generation)
        if found is not None:
            return found[1]
        with self._lock:
            computing = self._computing.setdefault(slot, threading.Lock())
        with computing:
            found = self._found(slot, generation)  # computed while this caller waited
            if found is not None:
                return found[1]
            with self._lock:  # a value of an earlier generation is never served again: let it go now,
                self._values.pop(slot, None)  # not after its successor is built beside it
            value = self.compute(store, *key)
            with self._lock:
                self._values[slot] = (generation, value)
                self._values.move_to_end(slot)
                while len(self._values) > self.keep:
                    self._values.popitem(last=False)
                if len(self._computing) > 4 * self.keep:
                    for old in [s for s in self._computing if s not in self._values and s != slot]:
                        del self._computing[old]
        return value
