"""What a checked change to a person's record did, as the services that make it report it to
the page, the API or the command line (which then only choose a status and render)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    """The values as typed (to show again), errors by field, a new id, likely duplicates
    (``suggestions``); ``missing`` when the person (or the place) does not exist, ``erased`` when
    the record is an erased placeholder (nothing more may be recorded about it)."""
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    id: str | None = None
    suggestions: list = field(default_factory=list)
    missing: bool = False
    erased: bool = False

    @property
    def ok(self) -> bool:
        return not (self.errors or self.suggestions or self.missing or self.erased)
