"""Pydantic models shared by several /api/ modules: the problem document, people as others see them,
consent, audit entries and the building blocks of requests.

Response models forbid fields they do not list, so a field added to a reply without being described
here fails the API's own check (a 500 in the tests) instead of reaching a caller unannounced.
Scalar fields that come from the database may be null (a property not recorded).
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


def _drop_default(schema: dict) -> None:
    schema.pop("default", None)


def absent(description: str = ""):
    """A key that some replies leave out (never null when present)."""
    return Field(None, description=description or None, json_schema_extra=_drop_default)


class Reply(BaseModel):
    """A response body: every field described, no other."""

    model_config = ConfigDict(extra="forbid")


class Body(BaseModel):
    """A JSON request body: values must be of their JSON type ("5" is not a number, 1 is not true);
    keys not listed are ignored."""

    model_config = ConfigDict(extra="ignore", strict=True)


def _without_nulls(schema: dict) -> None:
    """A query argument is left out, never null: the description says so."""
    for prop in schema.get("properties", {}).values():
        options = prop.get("anyOf")
        if options:
            kept = [o for o in options if o.get("type") != "null"]
            prop.pop("anyOf")
            prop.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
        if "default" in prop and prop["default"] is None:
            del prop["default"]


class Query(BaseModel):
    """Query arguments: text converted to the declared type; arguments not listed are ignored."""

    model_config = ConfigDict(extra="ignore", json_schema_extra=_without_nulls)


# ---- problems (RFC 9457) ------------------------------------------------------------------------
class Problem(Reply):
    """An error, as ``application/problem+json`` (see web/problems.py)."""

    type: str = Field(description="a URI naming the kind of mistake ('about:blank' for a plain HTTP status)")
    title: str
    status: int
    detail: str
    errors: dict[str, str] = absent("field -> what is wrong with it")


class PersonMatch(Reply):
    id: str
    name: str | None
    area: str | None
    reasons: list[str]


class PersonDuplicates(Problem):
    """409: people who may be the one being added; send an id, or 'create_new': true."""

    suggestions: list[PersonMatch] = absent("existing people who may be the same")


class OneToOneConflict(Problem):
    """409: people who may be either side of the 1:1 (by side, 'a' or 'b'), or a person who vanished."""

    suggestions: dict[str, list[PersonMatch]] = absent("by side: existing people who may be the same")


class SearchProblem(Problem):
    """422 from /api/search, with the postcodes or places that may have been meant."""

    suggestions: list[str] = absent("postcodes or places that may have been meant")


# ---- consent and audit --------------------------------------------------------------------------
class Scope(Reply):
    given: bool
    words: str
    given_on: str | None
    withdrawn_on: str | None


class Scopes(Reply):
    recorded: Scope
    named: Scope
    contact: Scope


class ConsentChange(Reply):
    id: str
    person: str | None
    scope: str | None
    given: bool | None
    date: str | None
    at: str | None
    by: str | None
    via: str | None
    source: str | None


class AuditEntry(Reply):
    id: str
    event: str | None
    at: str | None
    actor: str | None
    action: str | None
    person: str | None
    via: str | None
    detail: str | None


class ErasureRequest(Reply):
    id: str
    person: str | None
    state: str | None
    requested: str | None
    requested_by: str | None
    reason: str | None
    done: str | None
    done_by: str | None


# ---- request parts --------------------------------------------------------------------------------
class Paging(Query):
    skip: int = Field(0, ge=0, le=1_000_000, description="rows to skip")
    limit: int = Field(100, ge=1, le=1000, description="rows to return")

