"""Failed sign-ins counted per account and client address, and per address, in Neo4j, so that
every app process behind a load balancer counts together (a client cannot get three times the
tries by landing on three processes). Only hashes of the e-mail and the address are kept; the
database's clock times them (a ``clock`` may be given instead, for tests); each count is locked
while it is changed. Queries in ``serving.cypher``; they keep the write generation.

>>> Limits(per_account=2, per_address=5, window=60).wait({"a": [0.0, 30.0], "b": [30.0]}, {"a": 2, "b": 5}, 40.0)
20
>>> Limits(per_account=2, per_address=5, window=60).wait({"a": [10.0], "b": []}, {"a": 2, "b": 5}, 40.0)
0
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Callable

from mapper.db.store import Store


@dataclass(frozen=True)
class Limits:
    per_account: int = 5  # failures for one e-mail from one address within the window
    per_address: int = 50  # failures for any e-mails from one address within the window
    window: float = 15 * 60

    def wait(self, times: dict[str, list[float]], limits: dict[str, int], now: float) -> int:
        """Seconds until another try is allowed, given each count's recent failures (0: now)."""
        waits = []
        for key, limit in limits.items():
            recent = sorted(t for t in times.get(key, []) if now - t < self.window)
            if len(recent) >= limit:
                waits.append(recent[len(recent) - limit] + self.window - now)
        return max(1, math.ceil(max(waits))) if waits else 0


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def _keys(email: str, address: str) -> tuple[str, str]:
    return _hash("account", email, address), _hash("address", address)


class SignInLimits:
    """The counts for one app: ``retry_after`` before a password is checked, then ``failed`` or
    ``succeeded``. ``clock`` (seconds) replaces the database's clock, for tests."""

    def __init__(self, limits: Limits = Limits(), clock: Callable[[], float] | None = None):
        self.limits, self.clock = limits, clock

    def _now(self) -> float | None:
        return self.clock() if self.clock else None

    def retry_after(self, store: Store, email: str, address: str) -> int:
        account, by_address = _keys(email, address)
        rows = store.read("sign_in_failures", keys=[account, by_address], now=self._now(),
                          window=float(self.limits.window))
        times = {row["key"]: row["times"] for row in rows}
        now = rows[0]["now"]
        return self.limits.wait(times, {account: self.limits.per_account, by_address: self.limits.per_address}, now)

    def failed(self, store: Store, email: str, address: str) -> None:
        def work(tx):
            tx.run("forget_old_sign_in_failures", now=self._now(), window=float(self.limits.window))
            tx.run("record_sign_in_failure", keys=list(_keys(email, address)), now=self._now(),
                   window=float(self.limits.window))

        store.transaction(work)

    def succeeded(self, store: Store, email: str, address: str) -> None:
        store.write("clear_sign_in_failures", key=_keys(email, address)[0])


def forget_all(store: Store) -> int:
    """Forget every count (an admin's reset after a false alarm; tests)."""
    return store.write("forget_sign_in_failures")[0]["forgotten"]
