"""The graph store: runs named queries with parameters in managed transactions (with retries).

One ``Store`` holds one driver (a connection pool) for the life of the process; each call opens
a short session. When Neo4j cannot be reached the store raises ``DatabaseUnavailable``, which
the web app answers with 503 and the command line with a one-line message.
"""
from __future__ import annotations

from typing import Any, Callable

from neo4j import GraphDatabase, READ_ACCESS, WRITE_ACCESS
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

from mapper.db import queries
from mapper.config import Neo4jTarget, neo4j_target

DATABASE = "neo4j"


class DatabaseUnavailable(RuntimeError):
    """Neo4j could not be reached (stopped, restarting, or the network is down)."""


class DatabaseAuthFailed(RuntimeError):
    """Neo4j refused the user name or password."""


class Tx:
    """A transaction handed to ``Store.transaction`` callbacks: runs named queries only."""

    def __init__(self, tx):
        self._tx = tx

    def run(self, query_name: str, /, **params: Any) -> list[dict]:
        return queries.get(query_name)(self._tx, **params)


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

    def _managed(self, access: str, work: Callable[[Any], Any]) -> Any:
        try:
            with self.driver.session(database=DATABASE, default_access_mode=access) as session:
                if access == READ_ACCESS:
                    return session.execute_read(work)
                return session.execute_write(work)
        except AuthError as exc:
            raise DatabaseAuthFailed(f"Neo4j at {self.target.uri} refused the credentials: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired, TransientError, OSError) as exc:
            raise DatabaseUnavailable(f"Neo4j at {self.target.uri} cannot be reached: {exc}") from exc

    def read(self, query_name: str, /, **params: Any) -> list[dict]:
        query = queries.get(query_name)
        return self._managed(READ_ACCESS, lambda tx: query(tx, **params))

    def read_one(self, query_name: str, /, **params: Any) -> dict | None:
        rows = self.read(query_name, **params)
        return rows[0] if rows else None

    def write(self, query_name: str, /, **params: Any) -> list[dict]:
        query = queries.get(query_name)
        return self._managed(WRITE_ACCESS, lambda tx: query(tx, **params))

    def transaction(self, work: Callable[[Tx], Any], read_only: bool = False) -> Any:
        """Run several named queries in one transaction: all of them land, or none."""
        return self._managed(READ_ACCESS if read_only else WRITE_ACCESS, lambda tx: work(Tx(tx)))

    def autocommit(self, query_name: str, /, **params: Any) -> None:
        """Run a schema statement, or one that batches itself (CALL ... IN TRANSACTIONS), in auto-commit."""
        query = queries.get(query_name)
        try:
            with self.driver.session(database=DATABASE) as session:
                session.run(query.text, params).consume()
        except AuthError as exc:
            raise DatabaseAuthFailed(f"Neo4j at {self.target.uri} refused the credentials: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise DatabaseUnavailable(f"Neo4j at {self.target.uri} cannot be reached: {exc}") from exc
