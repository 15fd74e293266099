"""Who may see and do what. Checked on the server for every page and API route.

>>> may("prescriber", "see_people")
False
>>> may("admin", "see_people")
True
"""
from __future__ import annotations

ROLES = ("admin", "organiser", "collaborative", "prescriber", "steward")
PUBLIC = "public"

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"see_assets", "see_people", "edit_people", "see_notes", "see_network", "admin",
                        "flag_assets", "merge_people", "edit_directory", "restore_directory"}),
    "organiser": frozenset({"see_assets", "see_people", "edit_people", "see_notes", "flag_assets"}),
    "collaborative": frozenset({"see_assets", "see_network"}),
    "prescriber": frozenset({"see_assets", "flag_assets"}),
    # Directory stewards keep the assets and organisations true; they see no person's data.
    "steward": frozenset({"see_assets", "flag_assets", "edit_directory"}),
    PUBLIC: frozenset({"see_public_assets"}),
}

# The landing page of each role (a blueprint endpoint).
HOME = {
    "admin": "admin.index",
    "organiser": "organisers.index",
    "collaborative": "collaborative.index",
    "prescriber": "prescribers.index",
    "steward": "directory.queue",
}

LABELS = {
    "admin": "Admin",
    "organiser": "Organiser",
    "collaborative": "Collaborative member",
    "prescriber": "Social prescriber",
    "steward": "Directory steward",
}


def may(role: str | None, permission: str) -> bool:
    return permission in PERMISSIONS.get(role or PUBLIC, frozenset())


def sees_every_name(role: str | None) -> bool:
    """Organisers and admins see every name; others see a person's name only with consent."""
    return may(role, "see_people")

