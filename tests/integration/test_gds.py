"""OpenGDS is optional: a Neo4j without the plugin is told apart, and the product never needs it."""
from __future__ import annotations

from mapper.db import gds


def test_a_server_without_the_plugin_says_so(empty_store):
    assert gds.version(empty_store) is None
