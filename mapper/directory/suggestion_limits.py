"""How many suggestions one address may send: a few in a short window and some more in a day.

The counts are kept in Neo4j (``take_suggestion_turn``, a write that keeps the write generation:
no analysis reads it), keyed by a hash of the address (no address is kept), so that every app
process behind a load balancer counts together; the database's clock times them, and the count is
locked while it is read and changed, so two processes never both take the last turn. An address
that sent nothing for a day is forgotten.

>>> Limits(per_window=2, window=60, per_day=3).wait([0.0, 30.0], 40.0)
20
>>> Limits(per_window=2, window=60, per_day=3).wait([0.0, 100.0, 130.0], 200.0)
86200
>>> Limits().wait([], 0.0)
0
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from mapper.db.store import Store

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Limits:
    per_window: int = 5
    window: float = 15 * 60
    per_day: int = 20

    def wait(self, today: list[float], now: float) -> int:
        """Seconds until an address whose suggestions in the last day came at ``today`` may send
        another (0: it may now)."""
        today = sorted(today)
        recent = [t for t in today if now - t < self.window]
        waits = []
        if len(recent) >= self.per_window:
            waits.append(recent[len(recent) - self.per_window] + self.window - now)
        if len(today) >= self.per_day:
            waits.append(today[len(today) - self.per_day] + DAY - now)
        return max(1, math.ceil(max(waits))) if waits else 0


def _key(address: str | None) -> str:
    return hashlib.sha256((address or "-").encode()).hexdigest()


def take(store: Store, address: str | None, limits: Limits = Limits()) -> int:
    """Count one suggestion from ``address``: 0 when allowed, else seconds to wait (not counted)."""

    def work(tx):
        tx.run("forget_old_suggestion_turns", day=DAY)
        return tx.run("take_suggestion_turn", key=_key(address), window=float(limits.window),
                      per_window=limits.per_window, per_day=limits.per_day, day=DAY)[0]

    row = store.transaction(work)
    return 0 if row["allowed"] else limits.wait(row["today"], row["now"])


def forget_all(store: Store) -> int:
    """Forget every address's count (an admin's reset after a false alarm; tests)."""
    return store.write("forget_suggestion_turns")[0]["forgotten"]
