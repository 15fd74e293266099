"""Per-viewer pseudonyms for people not named to the viewer (the what-if picker and its form).

A person the viewer may not see by name is shown, linked and submitted as ``u-`` and an HMAC of
their id under a key (the app's secret) and the viewer (their account), so the form works without
the page ever holding the internal id, and one viewer's pseudonym means nothing to another.
Named people, organisations and assets keep their ids.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("p-1", kind="person"); G.add_node("o-1", kind="organisation")
>>> shows = lambda node: node != "p-1"
>>> a, b = Pseudonyms(G, shows, b"key", "amina@example.org"), Pseudonyms(G, shows, b"key", "kofi@example.org")
>>> a.out("o-1"), a.out("p-1").startswith("u-"), a.out("p-1") != b.out("p-1")
('o-1', True, True)
>>> a.node(a.out("p-1")), a.node("p-1"), b.node(a.out("p-1")), a.node("o-1")
('p-1', None, None, 'o-1')
"""
from __future__ import annotations

import hashlib
import hmac

PREFIX = "u-"


class Pseudonyms:
    def __init__(self, G, shows_name, key: bytes, viewer: str):
        """``shows_name(node)``: whether the viewer may see the node's name (``Namer.shows_name``)."""
        self.G, self.shows_name = G, shows_name
        self._key = hmac.new(key, b"what-if pseudonyms|" + viewer.encode(), hashlib.sha256).digest()
        self._back: dict[str, str] | None = None

    def out(self, node) -> str:
        """The id to show the viewer for a node."""
        if self.shows_name(node):
            return str(node)
        return PREFIX + hmac.new(self._key, str(node).encode(), hashlib.sha256).hexdigest()[:20]

    def node(self, shown: str):
        """The node a shown id stands for, or None (an unknown id, or the raw id of a person not named
        to the viewer)."""
        if shown in self.G and self.shows_name(shown):
            return shown
        if not isinstance(shown, str) or not shown.startswith(PREFIX):
            return None
        if self._back is None:
            self._back = {self.out(n): n for n in self.G if not self.shows_name(n)}
        return self._back.get(shown)
