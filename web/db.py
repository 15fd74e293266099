"""One Neo4j driver (a connection pool) for the app's life; each store call opens its own session."""
from __future__ import annotations

import threading

from flask import Flask, current_app

from mapper.db.store import Store

_lock = threading.Lock()


def get_store() -> Store:
    app = current_app
    store = app.extensions.get("mapper_store")
    if store is None:
        with _lock:
            store = app.extensions.get("mapper_store")
            if store is None:
                store = Store(app.config.get("NEO4J_TARGET"), retry_seconds=app.config["DB_RETRY_SECONDS"])
                app.extensions["mapper_store"] = store
    return store


def close_store(app: Flask) -> None:
    store = app.extensions.pop("mapper_store", None)
    if store is not None:
        store.close()


def init_app(app: Flask) -> None:
    import atexit

    atexit.register(close_store, app)
