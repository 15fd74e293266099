"""A signed-in person's own writes are visible to their next request, whichever app process answers
it and whichever cluster member it reads from: the Flask session carries the bookmark of their
last write (``mapper.db.store``: ``Store.follow`` / ``chained``), and each request's transactions
wait for it. Against one Neo4j server this costs nothing; against a cluster or Aura it is what
makes reads from followers safe for the person who just wrote.

Only browser sessions carry it (a bearer-token client has no cookie); a visitor who is not signed in
gets no cookie for it.
"""
from __future__ import annotations

from flask import Flask, g, session

from mapper.db.store import Store

KEY = "bookmarks"


def _begin() -> None:
    raw = session.get(KEY)
    raw = [b for b in raw if isinstance(b, str)][:16] if isinstance(raw, list) else []
    g.mapper_bookmarks = (Store.follow(raw), raw)


def _carry(response):
    begun = g.pop("mapper_bookmarks", None)
    if begun is None:
        return response
    token, before = begun
    now = Store.chained()
    if now is not None and now != before and "_user_id" in session:
        session[KEY] = now
    Store.unfollow(token)
    return response


def _end(_exc=None) -> None:
    begun = g.pop("mapper_bookmarks", None)
    if begun is not None:
        Store.unfollow(begun[0])


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_carry)
    app.teardown_request(_end)
