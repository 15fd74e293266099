"""Derived values kept warm: made again in the background after a write, before anyone asks.

A ``Derived`` (``mapper.db.derived``) makes its value on the first request after a write, and that
request waits for it (the directory of 10,000 assets: some 0.7 s before the map or a search can
answer). ``keep_warm(derived, store, *key)`` asks this process's one background thread to make that
value again once the write generation has stood still for ``debounce`` seconds, for as long as it
was asked for in the last ``remember`` seconds: the next visitor after a write usually finds it made.
Each app process warms its own values (they live in its memory); the thread reads the generation of
each database once every ``poll`` seconds, one small query.

>>> from mapper.db.derived import Derived
>>> class Store:  # any object with a target and a generation() will do
...     def __init__(self): self.target, self.now = type("T", (), {"uri": "bolt://x"})(), "a:1"
...     def generation(self): return self.now
>>> store, made = Store(), []
>>> doubled = Derived(lambda store, n: made.append(store.now) or n * 2)
>>> warmer = Warmer(debounce=0.0, background=False)  # looked at here, by hand
>>> warmer.keep_warm(doubled, store, 21)
>>> warmer.warm_once(), made  # asked for, never made: made now
(1, ['a:1'])
>>> store.now = "a:2"  # a write
>>> warmer.warm_once(), warmer.warm_once(), made  # made once for the new generation
(1, 0, ['a:1', 'a:2'])
>>> doubled.get(store, 21), len(made)  # the next request finds it
(42, 2)
>>> store.generation = lambda: 1 / 0  # the database went away: forgotten until asked for again
>>> warmer.warm_once(), len(warmer._wanted)
(0, 0)
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Hashable

log = logging.getLogger(__name__)


_UNREACHABLE = object()


class Warmer:
    def __init__(self, poll: float = 1.0, debounce: float = 1.0, remember: float = 600.0, background: bool = True):
        self.poll, self.debounce, self.remember, self.background = poll, debounce, remember, background
        self._lock = threading.Lock()
        self._wanted: dict[tuple, tuple[Any, Any, tuple, float]] = {}  # slot -> (derived, store, key, when asked)
        self._still: dict[str, tuple[str, float]] = {}  # database -> (generation, since when seen)
        self._thread: threading.Thread | None = None

    def keep_warm(self, derived, store, *key: Hashable) -> None:
        """Make ``derived``'s value for ``key`` again after each write, for ``remember`` seconds."""
        with self._lock:
            self._wanted[(id(derived), store.target.uri, key)] = (derived, store, key, time.monotonic())
            if self.background and (self._thread is None or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._run, name="derived-warmer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self.poll)
            self.warm_once()

    def warm_once(self) -> int:
        """One look at the databases: make again what is out of date and has stood still long
        enough. Returns how many values were made."""
        now = time.monotonic()
        with self._lock:
            for slot in [s for s, wanted in self._wanted.items() if now - wanted[3] >= self.remember]:
                del self._wanted[slot]
            wanted = list(self._wanted.items())
        generations: dict[str, object] = {}  # database -> its settled generation, None or _UNREACHABLE
        made = 0
        for slot, (derived, store, key, _) in wanted:
            uri = store.target.uri
            if uri not in generations:
                generations[uri] = self._settled(store, now)
            generation = generations[uri]
            if generation is _UNREACHABLE:  # forgotten until asked for again (each look waits for timeouts)
                with self._lock:
                    self._wanted.pop(slot, None)
                continue
            if generation is None or derived.holds(store, key, generation):
                continue
            try:
                derived.get(store, *key)
                made += 1
            except Exception:  # noqa: BLE001  (the database went away, say: the next request makes it and says so)
                log.debug("a derived value was not kept warm", exc_info=True)
        return made

    def _settled(self, store, now: float):
        """The database's generation when it has stood still for ``debounce`` seconds, else None
        (``_UNREACHABLE`` when it cannot be read: stopped, or the store closed)."""
        uri = store.target.uri
        try:
            generation = store.generation()
        except Exception:  # noqa: BLE001
            return _UNREACHABLE
        seen, since = self._still.get(uri, (None, now))
        if seen != generation:
            self._still[uri] = (generation, now)
            since = now
        return generation if now - since >= self.debounce else None


_warmer = Warmer()


def keep_warm(derived, store, *key: Hashable) -> None:
    """Make ``derived``'s value for ``key`` again in the background after each write (see above)."""
    _warmer.keep_warm(derived, store, *key)
