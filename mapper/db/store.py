"""The graph store: runs named queries with parameters in managed transactions (with retries).

One ``Store`` holds one driver (a connection pool) for the life of the process; each call opens
a short session. When Neo4j cannot be reached the store raises ``DatabaseUnavailable``, which
the web app answers with 503 and the command line with a one-line message.

**The write generation.** Every write through the store that changes the graph advances a
counter kept in Neo4j (one ``:WriteGeneration`` node), in the same transaction as the write, so
that every app process sees the same value. Data derived from the graph (the Collaborative's
projection and report, map data) is cached keyed by ``Store.generation()`` (see
``mapper.db.derived``): no caller ever invalidates a cache by hand. The value carries a random
epoch, made when the node is created, so a database emptied and refilled never repeats an
earlier generation. Writes that change nothing derived data reads (the audit trail, accounts)
are marked ``generation: kept`` in their ``.cypher`` file. The generation reads
``epoch:writes:names``: its last part moves only with writes that may change how a person is
named or shown (consent, erasure, an edit), so that a report kept from before other writes may
still be shown while a new one is computed (see ``mapper.network.keeper``).

**Reads follow the reader's own writes (bookmarks).** Against a Neo4j cluster or Aura
(``NEO4J_URI=neo4j://…`` or ``neo4j+s://…``, a routing driver) reads go to followers and writes to
the leader, and a follower may lag. A caller that must see its own writes (the web app, per
signed-in person: ``web.bookmarks``) opens a chain with ``follow(raw)``: within it every
transaction passes the chain's bookmarks to the driver, and every write moves the chain on to the
bookmark the write left (``chained()`` returns it, as strings, to carry to the next request). The
chain lives in a context variable, so threads serving other people never share it. A bookmark the
database does not know (after a restore, say) is dropped and the work run without it.
"""
from __future__ import annotations

import contextvars
from typing import Any, Callable

from neo4j import Bookmarks, GraphDatabase, READ_ACCESS, WRITE_ACCESS
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from mapper.db import queries
from mapper.config import Neo4jTarget, neo4j_target

DATABASE = "neo4j"
# The bookmarks of the current caller's chain of causally related transactions (None: no chain).
_chain: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar("mapper_bookmarks", default=None)


class DatabaseUnavailable(RuntimeError):
    """Neo4j could not be reached (stopped, restarting, or the network is down)."""


class DatabaseAuthFailed(RuntimeError):
    """Neo4j refused the user name or password."""


class Tx:
    """A transaction handed to ``Store.transaction`` callbacks: runs named queries only, and
    notes whether any of them changed what derived data reads."""

    def __init__(self, tx):
        self._tx = tx
        self.changed = False
        self.names_changed = False

    def run(self, query_name: str, /, **params: Any) -> list[dict]:
        query = queries.get(query_name)
        rows, changed = query.run(self._tx, params)
        self._note(query, changed)
        return rows

    def send(self, query_name: str, /, **params: Any) -> Callable[[], list[dict]]:
        """Send a query of a few rows' answer without waiting for it (see ``Query.send``); call
        what it returns for the records."""
        query = queries.get(query_name)
        answer = query.send(self._tx, params)

        def rows() -> list[dict]:
            found, changed = answer()
            self._note(query, changed)
            return found

        return rows

    def _note(self, query: queries.Query, changed: bool) -> None:
        self.changed |= changed and not query.keeps_generation
        self.names_changed |= changed and not query.keeps_names

    def values(self, query_name: str, /, **params: Any) -> list[list]:
        """A read's records as lists of values, as they came (see ``Query.values``): for bulk reads."""
        return queries.get(query_name).values(self._tx, params)


def _advance(tx, names: bool = True) -> None:
    queries.get("advance_generation")(tx, names=names)


class Store:
    def __init__(self, target: Neo4jTarget | None = None, retry_seconds: float = 5.0):
        self.target = target or neo4j_target()
        self.driver = GraphDatabase.driver(
            self.target.uri,
            auth=(self.target.user, self.target.password),
            connection_timeout=3.0,
            connection_acquisition_timeout=5.0,
            max_transaction_retry_time=retry_seconds,
            liveness_check_timeout=30.0,
            notifications_min_severity="OFF",
        )

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def check(self) -> None:
        """Fail fast, without retries, if Neo4j cannot be reached or refuses the credentials."""
        try:
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise DatabaseAuthFailed(f"Neo4j at {self.target.uri} refused the credentials: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise DatabaseUnavailable(f"Neo4j at {self.target.uri} cannot be reached: {exc}") from exc

    @staticmethod
    def follow(raw: list[str] | tuple[str, ...] | None = ()) -> contextvars.Token:
        """Open a chain in this context starting after the bookmarks ``raw`` (as ``chained`` gave
        them; empty: from nothing); ``unfollow`` with the returned token ends it."""
        return _chain.set(tuple(str(b) for b in raw or ()))

    @staticmethod
    def unfollow(token: contextvars.Token) -> None:
        _chain.reset(token)

    @staticmethod
    def chained() -> list[str] | None:
        """The bookmarks of this context's chain, as strings (None: no chain is open)."""
        chain = _chain.get()
        return None if chain is None else list(chain)

    def _session(self, access: str, bookmarks: tuple[str, ...] | None):
        if bookmarks:
            return self.driver.session(database=DATABASE, default_access_mode=access,
                                       bookmarks=Bookmarks.from_raw_values(bookmarks))
        return self.driver.session(database=DATABASE, default_access_mode=access)

    def _managed(self, access: str, work: Callable[[Any], Any]) -> Any:
        chain = _chain.get()
        try:
            try:
                return self._run_in_session(access, work, chain)
            except Neo4jError as exc:
                if not chain or "Bookmark" not in (exc.code or ""):
                    raise
                _chain.set(())  # a bookmark this database does not know: go on without it
                return self._run_in_session(access, work, ())
        except AuthError as exc:
            raise DatabaseAuthFailed(f"Neo4j at {self.target.uri} refused the credentials: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired, TransientError, OSError) as exc:
            raise DatabaseUnavailable(f"Neo4j at {self.target.uri} cannot be reached: {exc}") from exc

    def _run_in_session(self, access: str, work: Callable[[Any], Any], chain: tuple[str, ...] | None) -> Any:
        with self._session(access, chain) as session:
            if access == READ_ACCESS:
                return session.execute_read(work)
            out = session.execute_write(work)
            if chain is not None:
                _chain.set(tuple(session.last_bookmarks().raw_values))
            return out

    def read(self, query_name: str, /, **params: Any) -> list[dict]:
        query = queries.get(query_name)
        return self._managed(READ_ACCESS, lambda tx: query(tx, **params))

    def read_values(self, query_name: str, /, **params: Any) -> list[list]:
        """Run one named read and return its records as lists of values in column order, with no
        dict per record and no walk through nested values: for bulk reads of long lists."""
        query = queries.get(query_name)
        return self._managed(READ_ACCESS, lambda tx: query.values(tx, params))

    def read_one(self, query_name: str, /, **params: Any) -> dict | None:
        rows = self.read(query_name, **params)
        return rows[0] if rows else None

    def write(self, query_name: str, /, **params: Any) -> list[dict]:
        """Run one named query in a write transaction (advancing the write generation if it changed
        anything derived data reads)."""
        return self.transaction(lambda tx: tx.run(query_name, **params))

    def transaction(self, work: Callable[[Tx], Any], read_only: bool = False) -> Any:
        """Run several named queries in one transaction: all of them land, or none."""
        if read_only:
            return self._managed(READ_ACCESS, lambda tx: work(Tx(tx)))

        def unit(tx):
            wrapped = Tx(tx)
            out = work(wrapped)
            if wrapped.changed:
                _advance(tx, wrapped.names_changed)
            return out

        return self._managed(WRITE_ACCESS, unit)

    def generation(self) -> str:
        """The write generation now: changes with every write that changes the graph's data."""
        return self.read_one("write_generation")["generation"]

    def autocommit(self, query_name: str, /, **params: Any) -> None:
        """Run a schema statement, or one that batches itself (CALL ... IN TRANSACTIONS), in auto-commit."""
        query = queries.get(query_name)
        try:
            with self.driver.session(database=DATABASE) as session:
                changed = session.run(query.text, params).consume().counters.contains_updates
                if changed and not query.keeps_generation:
                    session.execute_write(_advance, not query.keeps_names)
        except AuthError as exc:
            raise DatabaseAuthFailed(f"Neo4j at {self.target.uri} refused the credentials: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise DatabaseUnavailable(f"Neo4j at {self.target.uri} cannot be reached: {exc}") from exc
