"""How the viewer sees each node of the network: a person is named to the Collaborative only with
that consent, otherwise as a role and an area ("a peer supporter in Lewisham"); organisations and
assets are always named."""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

ROLE_WORDS = {"Organiser": "an organiser", "Champion": "a mental health champion",
              "PeerSupporter": "a peer supporter"}


@dataclass
class Namer:
    """How the viewer sees each node: by name, or (people without consent) by role and area."""

    G: nx.Graph
    names_everyone: bool  # organisers and admins see every name
    _names: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # node -> as shown

    def shows_name(self, node) -> bool:
        attrs = self.G.nodes[node]
        return attrs["kind"] != "person" or self.names_everyone or bool(attrs.get("named"))

    def __call__(self, node) -> str:
        known = self._names.get(node)
        if known is None:
            known = self._names[node] = self._name(node)
        return known

    def _name(self, node) -> str:
        attrs = self.G.nodes[node]
        if self.shows_name(node):
            return attrs.get("name") or str(node)
        role = next((ROLE_WORDS[r] for r in attrs.get("roles") or () if r in ROLE_WORDS), "a resident")
        return f"{role} in {attrs['area']}" if attrs.get("area") else role

    def public_id(self, node) -> str | None:
        """The id to show (and link) only when the name may be shown."""
        return node if self.shows_name(node) else None
