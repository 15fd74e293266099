"""Request and response models of the directory's write API (assets, organisations, history,
suggestions), and what its routes share: the edit-conflict problem and the check that an entry
exists before its body is read."""
from __future__ import annotations

import functools
import json
from typing import Any

from flask import Response
from pydantic import Field

from mapper.directory import editing

from web.api.schemas import Body, Problem as ProblemModel, Reply, absent
from web.db import get_store
from web.problems import MEDIA_TYPE, Problem, invalid, problem_body

CONFLICT = ("edit-conflict", "Edit conflict")


class Session(Body):
    day: str = Field(description="a day of the week, e.g. Tue or Tuesday")
    opens: str = Field(description="HH:MM")
    closes: str = Field(description="HH:MM, after it opens")


class AssetFields(Body):
    """An asset's fields; on PATCH only those sent change."""

    name: str | None = None
    kind: str | None = Field(None, description="ListeningHub, Hub or PeerSupportGroup (or its label)")
    description: str | None = None
    run_by: list[str] | None = Field(None, description="ids of the organisations that run it")
    address: str | None = Field(None, description="kept for stewards only when hide_address is true")
    postcode: str | None = Field(None, description="a full UK postcode: places the entry (resolved offline)")
    opening: list[Session] | None = Field(None, description="sessions, the model the search filters on")
    themes: list[str] | None = Field(None, description="theme ids or names")
    languages: list[str] | None = Field(None, description="e.g. English, BSL, Somali")
    accessibility: list[str] | None = None
    cost: str | None = Field(None, description="'free', or what it costs")
    contact: str | None = None
    referral: bool | None = Field(None, description="true when a referral is needed")
    hide_address: bool | None = Field(None, description="show, search and count it by postcode district only")
    note: str | None = Field(None, description="why (kept in the history)")


VERSION_MAX = 2**31 - 1  # a version beyond any entry's (and within the database's integers)


class NewAsset(AssetFields):
    create_new: bool = Field(False, description="add it even though entries like it are near")


class AssetPatch(AssetFields):
    version: int = Field(ge=0, le=VERSION_MAX,
                         description="the version the change was made from (optimistic concurrency)")


class OrganisationFields(Body):
    name: str | None = None
    kind: str | None = Field(None, description="nhs_trust, council, voluntary, community, faith, school or employer")
    area: str | None = Field(None, description="area id, e.g. area-E09000028")
    description: str | None = None
    contact: str | None = None
    website: str | None = None
    note: str | None = None


class NewOrganisation(OrganisationFields):
    create_new: bool = Field(False, description="add it even though organisations with a like name exist")


class OrganisationPatch(OrganisationFields):
    version: int = Field(ge=0, le=VERSION_MAX, description="the version the change was made from")


class Retirement(Body):
    version: int | None = Field(None, ge=0, le=VERSION_MAX, description="refused if the entry has changed since")
    note: str | None = None


class Restoration(Body):
    version: int = Field(ge=1, le=VERSION_MAX, description="the version to bring back")
    note: str | None = None


class Merger(Body):
    duplicate: str = Field(description="the id of the entry merged into this one (then retired)")
    note: str | None = None


class Verification(Body):
    note: str | None = None


class Change(Reply):
    field: str
    old: Any = None
    new: Any = None


class Saved(Reply):
    id: str
    version: int
    changes: list[Change] = absent("what changed (edits only)")


class DirectoryAsset(Reply):
    """An asset as its stewards see it: the hidden address too, organisations and themes by id."""

    id: str
    name: str | None
    kind: str | None
    description: str | None
    run_by: list[str]
    address: str | None
    postcode: str | None
    lat: float | None
    lon: float | None
    area: str | None
    opening: list[str]
    themes: list[str]
    languages: list[str]
    accessibility: list[str]
    cost: str | None
    contact: str | None
    referral: bool
    hide_address: bool
    version: int
    last_checked: str | None
    verified_by: str | None
    source: str | None
    source_feed: str | None
    retired: bool
    merged_into: str | None


class DirectoryOrganisation(Reply):
    id: str
    name: str | None
    kind: str | None
    area: str | None
    area_name: str | None
    description: str | None
    contact: str | None
    website: str | None
    version: int
    retired: bool


class HistoryEntry(Reply):
    id: str
    version: int | None
    at: str | None
    by: str | None
    action: str | None
    note: str | None
    changes: list[Change]


class History(Reply):
    entry: str
    history: list[HistoryEntry]


class Missed(Reply):
    version: int
    at: str | None
    by: str | None
    action: str | None
    changes: list[Change]


class EditConflict(ProblemModel):
    """409: the entry was saved by someone else since the version sent: what changed meanwhile."""

    current_version: int = absent("the entry's version now")
    changed: list[Missed] = absent("the changes made since the version sent")


class EntryMatch(Reply):
    id: str
    name: str | None
    postcode: str | None = absent()
    metres: float | None = absent()


class EntryDuplicates(ProblemModel):
    """409: entries with a like name near the same place; send 'create_new': true to add it anyway."""

    suggestions: list[EntryMatch] = absent("entries that may be the same")


class ConflictProblem(Problem):
    def __init__(self, exc: editing.Conflict):
        super().__init__(409, f"{exc}: nothing was saved; look at what changed, then save again from "
                              f"version {exc.current}", kind=CONFLICT)
        self.conflict = exc

    def get_response(self, environ=None, scope=None):
        body = problem_body(409, detail=self.description, kind=CONFLICT)
        body["current_version"] = self.conflict.current
        body["changed"] = [{k: c.get(k) for k in ("version", "at", "by", "action", "changes")}
                           for c in self.conflict.changes]
        return Response(json.dumps(body, ensure_ascii=False), status=409, mimetype=MEDIA_TYPE)


def answer_entry_errors(run):
    """Run a service call; its refusals as problems (404, 409, 422)."""
    try:
        return run()
    except editing.NoSuchEntry:
        raise Problem(404, "No such entry in the directory.") from None
    except editing.Conflict as exc:
        raise ConflictProblem(exc) from None
    except editing.EntryError as exc:
        raise invalid(exc.errors) from None


def entry_exists(asset: bool):
    """404 for an unknown entry before the request's body is read (asset or organisation, live or retired)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            entry_id = next(iter(kwargs.values()))
            read = editing.read_asset if asset else editing.read_organisation
            if read(get_store(), entry_id) is None:
                raise Problem(404, "No such entry in the directory.")
            return view(*args, **kwargs)

        return wrapped

    return decorator
