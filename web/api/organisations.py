"""``/api/organisations`` kept true by stewards and admins: ``POST``, ``GET|PATCH /{id}``,
``POST /{id}/retire`` and ``GET /{id}/history``. No person's data (members) is ever in a reply."""
from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from mapper.directory import duplicates, editing, history

from web.api.common import GUARDED, SIGNED_IN, bp, context, responses, spec
from web.api.directory import fields_sent
from web.api.directory_models import (DirectoryOrganisation, EditConflict, EntryDuplicates, History,
                                      NewOrganisation, OrganisationPatch, Retirement, Saved,
                                      answer_entry_errors, entry_exists)
from web.auth import require
from web.db import get_store
from web.problems import duplicate


@bp.route("/organisations", methods=["POST"])
@require("edit_directory")
@spec.validate(json=NewOrganisation, resp=responses((400, *GUARDED, 422), HTTP_201=Saved,
                                                    HTTP_409=EntryDuplicates), tags=["directory"], security=SIGNED_IN)
def organisation_create():
    """Add an organisation; ones with a like name are answered 409 unless 'create_new' is true."""
    store = get_store()
    values = fields_sent(NewOrganisation)
    if not context().json.create_new and isinstance(values.get("name"), str):
        matches = duplicates.similar_organisations(store, values["name"])
        if matches:
            raise duplicate("Organisations like this exist: use one, or send 'create_new': true.", matches)
    made = answer_entry_errors(lambda: editing.create_organisation(store, values, current_user.email,
                                                                   context().json.note))
    return jsonify(made), 201


@bp.route("/organisations/<org_id>")
@require("edit_directory")
@entry_exists(asset=False)
@spec.validate(resp=responses((*GUARDED, 404), HTTP_200=DirectoryOrganisation), tags=["directory"],
               security=SIGNED_IN)
def organisation_one(org_id: str):
    """One organisation, with its version (no members: people are not directory data)."""
    found = editing.read_organisation(get_store(), org_id)
    return jsonify({k: found.get(k) for k in DirectoryOrganisation.model_fields})


@bp.route("/organisations/<org_id>", methods=["PATCH"])
@require("edit_directory")
@entry_exists(asset=False)
@spec.validate(json=OrganisationPatch, resp=responses((400, *GUARDED, 404, 422), HTTP_200=Saved,
                                                      HTTP_409=EditConflict), tags=["directory"], security=SIGNED_IN)
def organisation_patch(org_id: str):
    """Change the fields sent, from 'version' (409 with what changed if it is not the latest)."""
    body = context().json
    return jsonify(answer_entry_errors(lambda: editing.update_organisation(
        get_store(), org_id, fields_sent(OrganisationPatch), body.version, current_user.email, body.note)))


@bp.route("/organisations/<org_id>/retire", methods=["POST"])
@require("edit_directory")
@spec.validate(json=Retirement, resp=responses((400, *GUARDED, 404, 422), HTTP_200=Saved, HTTP_409=EditConflict),
               tags=["directory"], security=SIGNED_IN)
def organisation_retire(org_id: str):
    """Retire an organisation: kept with its history; no longer shown as running anything."""
    body = context().json
    return jsonify(answer_entry_errors(lambda: editing.retire(get_store(), org_id, current_user.email,
                                                              body.version, body.note)))


@bp.route("/organisations/<org_id>/history")
@require("edit_directory")
@entry_exists(asset=False)
@spec.validate(resp=responses((*GUARDED, 404), HTTP_200=History), tags=["directory"], security=SIGNED_IN)
def organisation_history(org_id: str):
    """Every change to the organisation, newest first."""
    return jsonify({"entry": org_id, "history": history.of(get_store(), org_id)})
