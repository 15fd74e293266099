"""Data derived from the graph is computed once per write generation, even when several threads
ask for it at the same time (the report and the trend after a write both need the projection)."""

import threading
import time

from mapper.db.derived import Derived


class Store:
    def __init__(self):
        self.target, self.now = type("T", (), {"uri": "bolt://x"})(), "a:1"

    def generation(self):
        return self.now


def test_callers_at_the_same_time_share_one_computation():
    store, made = Store(), []

    def slow(store, n):
        made.append(n)
        time.sleep(0.2)
        return n * 2

    derived = Derived(slow)
    got = []
    threads = [threading.Thread(target=lambda: got.append(derived.get(store, 21))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [42] * 4 and made == [21]
    store.now = "a:2"
    assert derived.get(store, 21) == 42 and made == [21, 21]
