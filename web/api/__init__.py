"""The JSON API under /api/, one module per resource. Every route checks the caller's role first,
then its input against the models it declares (spectree, pydantic); the same declarations write
``/api/openapi.json``. Errors are problem+json (``web.problems``), never a page.

The modules are registered by the app factory (``web.create_app``): importing them adds their
routes to the one blueprint of ``web.api.common``.
"""
