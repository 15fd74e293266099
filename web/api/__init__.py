"""The JSON API under /api/, one module per resource. Every route checks the caller's role first,
then its input against the models it declares (spectree, pydantic); the same declarations write
``/api/openapi.json``. Errors are problem+json (``web.problems``), never a page."""
from __future__ import annotations

from flask import Flask

from web.api import assets, description, me, network, one_to_ones, people, places, privacy  # noqa: F401  (routes)
from web.api.common import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
