"""The `mapper` command line."""
from __future__ import annotations

import contextlib
import functools
import logging
import signal

import click

from mapper.accounts import users as accounts
from mapper.db import server as neo4j_server
from mapper.config import neo4j_target
from mapper.db.store import DatabaseAuthFailed, DatabaseUnavailable, Store


def friendly(command):
    """Known failures become one line on stderr and a non-zero exit, not a stack trace."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DatabaseUnavailable:
            target = neo4j_target()
            hint = "" if target.external else " (start it with `mapper neo4j start`)"
            raise click.ClickException(f"Neo4j is not reachable at {target.uri}{hint}") from None
        except DatabaseAuthFailed:
            raise click.ClickException(
                f"Neo4j at {neo4j_target().uri} refused the user name or password "
                "(check NEO4J_USER / NEO4J_PASSWORD)") from None
        except (neo4j_server.Neo4jServerError, accounts.AccountError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapped


STOPS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def stopped_by_term():
    """SIGTERM (a service manager, ``kill``) stops the command as Ctrl-C does: the main thread gets
    ``KeyboardInterrupt``, so the servers' ``finally`` blocks and Python's own exit clean-up run.
    Whichever comes first, later ones are ignored until the block ends, so that the clean-up is not
    itself interrupted (Ctrl-C reaches a balancer's app processes, and then their parent's SIGTERM)."""
    def interrupt(signum, frame):
        for stop in STOPS:
            signal.signal(stop, signal.SIG_IGN)
        raise KeyboardInterrupt

    # a signal already ignored (SIGINT in a background job) stays ignored
    listened = [stop for stop in STOPS if signal.getsignal(stop) is not signal.SIG_IGN]
    previous = {stop: signal.signal(stop, interrupt) for stop in listened}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def open_store() -> Store:
    target = neo4j_target()
    if not target.external and not target.password:
        raise DatabaseUnavailable("the local Neo4j has never been started")
    store = Store(target, retry_seconds=15.0)
    try:
        store.check()
    except Exception:
        store.close()
        raise
    return store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """A Neo4j-backed community asset and relationship mapper."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("neo4j").setLevel(logging.ERROR)
